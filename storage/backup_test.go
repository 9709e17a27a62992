package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

func TestBackup(t *testing.T) {
	v, _ := newTestVault(t)
	putSome(t, v, 50, 500)
	want := loadAll(t, v, "entries")
	dir := t.TempDir()
	out := filepath.Join(dir, "backup.folio")
	if err := v.Backup(out, false); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", st.Mode().Perm())
	}
	sum := fileSum(t, out)

	// A second backup to the same place is refused and leaves the first alone.
	if err := v.Put("entries", NewID(), []byte("later")); err != nil {
		t.Fatal(err)
	}
	if err := v.Backup(out, false); !errors.Is(err, ErrExists) {
		t.Errorf("backup over an existing file: %v, want ErrExists", err)
	}
	if fileSum(t, out) != sum {
		t.Error("a refused backup changed the existing file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("backup left files behind: %v", entries)
	}

	b := openTest(t, out, testPass, Options{ReadOnly: true})
	got := loadAll(t, b, "entries")
	if len(got) != len(want) {
		t.Fatalf("backup holds %d records, want %d", len(got), len(want))
	}
	for id, s := range want {
		if got[id] != s {
			t.Fatalf("backup record %s differs", id)
		}
	}
	b.Close()
	checkConsistent(t, out)

	// Asked to, it replaces the old backup with one that has the later record.
	if err := v.Backup(out, true); err != nil {
		t.Fatal(err)
	}
	b = openTest(t, out, testPass, Options{ReadOnly: true})
	if got := loadAll(t, b, "entries"); len(got) != len(want)+1 {
		t.Errorf("replaced backup holds %d records, want %d", len(got), len(want)+1)
	}
	b.Close()
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("replaced backup mode %v", st.Mode().Perm())
	}
}

// A backup taken while another goroutine keeps writing is one transaction's view: it
// passes bbolt's check, every record in it authenticates, and it holds a whole number
// of the writer's transactions.
func TestBackupWhileWriting(t *testing.T) {
	v, _ := newTestVault(t)
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		progress = make(chan struct{}, 1000)
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(progress)
		for i := 0; !stop.Load(); i++ {
			// Each transaction writes a pair; a torn snapshot would hold half of one.
			err := v.Update(func(tx *Tx) error {
				for j := range 2 {
					if err := tx.Put("entries", NewID(), fmt.Appendf(nil, "pair %d/%d", i, j)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			select {
			case progress <- struct{}{}:
			default:
			}
		}
	}()
	dir := t.TempDir()
	for i := range 5 {
		// Let the writer commit between backups.
		<-progress
		<-progress
		out := filepath.Join(dir, fmt.Sprintf("b%d.folio", i))
		if err := v.Backup(out, false); err != nil {
			t.Fatal(err)
		}
		checkConsistent(t, out)
		b := openTest(t, out, testPass, Options{ReadOnly: true})
		got := loadAll(t, b, "entries")
		if len(got)%2 != 0 {
			t.Errorf("backup %d holds %d records: half a transaction", i, len(got))
		}
		b.Close()
	}
	stop.Store(true)
	wg.Wait()
}

func TestBackupFromReadOnlyVault(t *testing.T) {
	v, path := newTestVault(t)
	putSome(t, v, 5, 10)
	v.Close()
	r := openTest(t, path, testPass, Options{ReadOnly: true})
	out := filepath.Join(t.TempDir(), "b.folio")
	if err := r.Backup(out, false); err != nil {
		t.Fatal(err)
	}
	r.Close()
	b := openTest(t, out, testPass, Options{})
	if got := loadAll(t, b, "entries"); len(got) != 5 {
		t.Errorf("backup holds %d records", len(got))
	}
}
