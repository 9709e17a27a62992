package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestRoundTripBoundarySizes(t *testing.T) {
	v, path := newTestVault(t)
	sizes := []int{0, 1, 64 << 10, 1<<20 + 1}
	want := map[ID]string{}
	for _, n := range sizes {
		id := NewID()
		plain := make([]byte, n)
		for i := range plain {
			plain[i] = byte(i*7 + n)
		}
		if err := v.Put("entries", id, plain); err != nil {
			t.Fatalf("put %d bytes: %v", n, err)
		}
		got, err := v.Get("entries", id)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("get %d bytes: %d bytes back, %v", n, len(got), err)
		}
		want[id] = string(plain)
	}
	v.Close()

	v = openTest(t, path, testPass, Options{ReadOnly: true})
	got := loadAll(t, v, "entries")
	if len(got) != len(want) {
		t.Fatalf("loaded %d records, want %d", len(got), len(want))
	}
	for id, plain := range want {
		if got[id] != plain {
			t.Errorf("record of %d bytes came back as %d bytes", len(plain), len(got[id]))
		}
	}
}

func TestPutReplacesAndDeleteRemoves(t *testing.T) {
	v, _ := newTestVault(t)
	id := NewID()
	for _, s := range []string{"first", "second"} {
		if err := v.Put("entries", id, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := v.Get("entries", id); err != nil || string(got) != "second" {
		t.Fatalf("get after replace: %q %v", got, err)
	}
	if err := v.Delete("entries", id); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get("entries", id); !errors.Is(err, ErrNotFound) {
		t.Errorf("get after delete: %v, want ErrNotFound", err)
	}
	// Deleting what is not there, in a collection that does not exist, is no error.
	if err := v.Delete("entries", id); err != nil {
		t.Error(err)
	}
	if err := v.Delete("nothing", id); err != nil {
		t.Error(err)
	}
	if _, err := v.Get("nothing", id); !errors.Is(err, ErrNotFound) {
		t.Errorf("get from a missing collection: %v", err)
	}
	if got := loadAll(t, v, "nothing"); len(got) != 0 {
		t.Errorf("missing collection loaded %d records", len(got))
	}
}

func TestUpdateIsAtomic(t *testing.T) {
	v, _ := newTestVault(t)
	a, b := NewID(), NewID()
	boom := errors.New("boom")
	err := v.Update(func(tx *Tx) error {
		if err := tx.Put("entries", a, []byte("a")); err != nil {
			return err
		}
		if err := tx.Put("goals", b, []byte("b")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("update: %v", err)
	}
	for _, c := range []string{"entries", "goals"} {
		if got := loadAll(t, v, c); len(got) != 0 {
			t.Errorf("%s kept %d records of a failed transaction", c, len(got))
		}
	}
	if err := v.Update(func(tx *Tx) error {
		if err := tx.Put("entries", a, []byte("a")); err != nil {
			return err
		}
		return tx.Put("goals", b, []byte("b"))
	}); err != nil {
		t.Fatal(err)
	}
	if len(loadAll(t, v, "entries")) != 1 || len(loadAll(t, v, "goals")) != 1 {
		t.Error("a committed transaction did not keep both records")
	}
}

// Load spreads records over several workers; each record must reach fn exactly once,
// and an error from fn must come back.
func TestLoadManyRecords(t *testing.T) {
	v, _ := newTestVault(t)
	want := map[ID]string{}
	err := v.Update(func(tx *Tx) error {
		for i := range 700 {
			id := NewID()
			want[id] = fmt.Sprintf("record %d", i)
			if err := tx.Put("entries", id, []byte(want[id])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := loadAll(t, v, "entries")
	if len(got) != len(want) {
		t.Fatalf("loaded %d, want %d", len(got), len(want))
	}
	for id, s := range want {
		if got[id] != s {
			t.Fatalf("record %s: %q, want %q", id, got[id], s)
		}
	}
	stop := errors.New("stop")
	if _, err := v.Load("entries", func(ID, []byte) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("load with failing fn: %v", err)
	}
}

func TestCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "vault.folio")
	if _, err := Create(path, []byte(testPass), KDFParams{Time: 0, MemoryKiB: 64, Threads: 1}); !errors.Is(err, ErrBadParams) {
		t.Errorf("create with bad params: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed create left %s", path)
	}
	v, err := Create(path, []byte(testPass), testKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.Path() != path || v.KDF() != testKDF {
		t.Errorf("path %s, params %+v", v.Path(), v.KDF())
	}
	for p, mode := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", p, st.Mode().Perm(), mode)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("create left files behind: %v", entries)
	}
	sum := fileSum(t, path)
	if _, err := Create(path, []byte("another"), testKDF); !errors.Is(err, ErrExists) {
		t.Errorf("create over a vault: %v, want ErrExists", err)
	}
	v.Close()
	if fileSum(t, path) != sum {
		t.Error("a refused create changed the existing vault")
	}
	openTest(t, path, testPass, Options{})
}

func TestOpenMissingOrNotAFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "none"), []byte(testPass), Options{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing vault: %v, want ErrNotFound", err)
	}
	if _, err := Open(dir, []byte(testPass), Options{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("directory: %v, want ErrDamaged", err)
	}
}

func TestWrongPassphraseChangesNothing(t *testing.T) {
	v, path := newTestVault(t)
	id := NewID()
	if err := v.Put("entries", id, []byte("kept")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	before := fileSum(t, path)
	for _, ro := range []bool{false, true} {
		for _, pass := range []string{"", "Correct horse battery staple", testPass + " "} {
			_, err := Open(path, []byte(pass), Options{ReadOnly: ro})
			if !errors.Is(err, ErrWrongPassphrase) || errors.Is(err, ErrDamaged) {
				t.Errorf("passphrase %q, read-only %v: %v, want only ErrWrongPassphrase", pass, ro, err)
			}
		}
	}
	if fileSum(t, path) != before {
		t.Error("a failed open changed the file")
	}
	// And the lock was let go: the right passphrase opens at once.
	v = openTest(t, path, testPass, Options{})
	if got, err := v.Get("entries", id); err != nil || string(got) != "kept" {
		t.Errorf("get: %q %v", got, err)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	v, path := newTestVault(t)
	id := NewID()
	v.Put("entries", id, []byte("x"))
	v.Close()
	before := fileSum(t, path)
	v = openTest(t, path, testPass, Options{ReadOnly: true})
	if err := v.Put("entries", NewID(), []byte("y")); err == nil {
		t.Error("put succeeded on a read-only vault")
	}
	if err := v.ChangePassphrase([]byte("new"), testKDF); err == nil {
		t.Error("passphrase change succeeded on a read-only vault")
	}
	if got, err := v.Get("entries", id); err != nil || string(got) != "x" {
		t.Errorf("get: %q %v", got, err)
	}
	v.Close()
	if fileSum(t, path) != before {
		t.Error("a read-only vault changed the file")
	}
}

func TestChangePassphrase(t *testing.T) {
	v, path := newTestVault(t)
	want := map[ID]string{}
	for i := range 20 {
		id := NewID()
		want[id] = fmt.Sprintf("entry %d", i)
		v.Put("entries", id, []byte(want[id]))
	}
	newKDF := KDFParams{Time: 2, MemoryKiB: 128, Threads: 2}
	if err := v.ChangePassphrase([]byte("new passphrase"), KDFParams{Time: 99, MemoryKiB: 64, Threads: 1}); !errors.Is(err, ErrBadParams) {
		t.Errorf("bad params: %v", err)
	}
	if err := v.ChangePassphrase([]byte("new passphrase"), newKDF); err != nil {
		t.Fatal(err)
	}
	if v.KDF() != newKDF {
		t.Errorf("params after change: %+v", v.KDF())
	}
	// The open vault carries on with the same data key.
	id := NewID()
	want[id] = "after the change"
	if err := v.Put("entries", id, []byte(want[id])); err != nil {
		t.Fatal(err)
	}
	v.Close()

	if _, err := Open(path, []byte(testPass), Options{}); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase: %v, want ErrWrongPassphrase", err)
	}
	v = openTest(t, path, "new passphrase", Options{})
	if v.KDF() != newKDF {
		t.Errorf("params after reopening: %+v", v.KDF())
	}
	got := loadAll(t, v, "entries")
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("record %s: %q, want %q", id, got[id], s)
		}
	}
}

// The change rewrites the header alone: no record's stored bytes change.
func TestChangePassphraseRewritesNoRecord(t *testing.T) {
	v, _ := newTestVault(t)
	putSome(t, v, 30, 200)
	name := v.keys.bucketName("entries")
	before := sealedValues(t, v, name)
	if err := v.ChangePassphrase([]byte("new"), testKDF); err != nil {
		t.Fatal(err)
	}
	after := sealedValues(t, v, name)
	if len(after) != len(before) {
		t.Fatalf("%d values, want %d", len(after), len(before))
	}
	for k, val := range before {
		if after[k] != val {
			t.Fatalf("record %x was rewritten", k)
		}
	}
}

func sealedValues(t testing.TB, v *Vault, bucket []byte) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := v.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, val []byte) error {
			m[string(k)] = string(val)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
