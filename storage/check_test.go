package storage

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"testing/cryptotest"

	"github.com/foliohq/folio/storage/internal/keyring"
)

func TestCheckSoundVault(t *testing.T) {
	v, _ := newTestVault(t)
	putSome(t, v, 40, 300)
	v.Put("goals", NewID(), []byte("g"))
	v.Put("unlisted", NewID(), []byte("u"))
	rep, err := v.Check([]string{"entries", "goals"})
	if err != nil || !rep.OK() || rep.Records != 42 {
		t.Errorf("check: %+v %v; want 42 sound records", rep, err)
	}
}

// Bytes changed anywhere in a sound file never make Open, Load, Get or Check panic or
// crash the process: each gives an error, damage or a report. Open fails only as
// damage, never as a wrong passphrase; whatever loads is a record that was written.
// The flips are seeded, so a failure reproduces.
func TestRandomDamageNeverPanics(t *testing.T) {
	cryptotest.SetGlobalRandom(t, 7) // the same IDs, so the same file, every run
	v, path := newTestVault(t)
	// Enough records that the entries tree has branch pages and values overflow pages.
	want := map[ID]string{}
	err := v.Update(func(tx *Tx) error {
		for i := range 150 {
			id := NewID()
			want[id] = fmt.Sprintf("%0*d", 100+i*37%1500, i)
			if err := tx.Put("entries", id, []byte(want[id])); err != nil {
				return err
			}
		}
		for i := range 3 {
			id := NewID()
			want[id] = fmt.Sprint("goal ", i)
			if err := tx.Put("goals", id, []byte(want[id])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	good := readFile(t, path)
	used := int(usedSize(t, path))
	// Random places seldom land in the header's 140 bytes, so a quarter of the flips
	// aim there (at every copy of it: the current one is among them).
	var headers []int
	for i := 0; ; {
		j := bytes.Index(good[i:used], []byte(keyring.HeaderMagic))
		if j < 0 {
			break
		}
		headers = append(headers, i+j)
		i += j + 1
	}

	rng := rand.New(rand.NewPCG(7, 7))
	damaged := filepath.Join(t.TempDir(), "damaged.folio")
	opened, refused := 0, 0
	for i := range 400 {
		b := append([]byte(nil), good[:used]...)
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(b))
			if i%4 == 0 {
				at = headers[rng.IntN(len(headers))] + rng.IntN(keyring.HeaderSize)
			}
			b[at] ^= byte(1 + rng.IntN(255))
		}
		if err := os.WriteFile(damaged, b, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(damaged, []byte(testPass), Options{ReadOnly: i%2 == 0})
		if err != nil {
			if !errors.Is(err, ErrDamaged) || errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("flip %d: open: %v, want only ErrDamaged", i, err)
			}
			refused++
			continue
		}
		opened++
		for _, c := range []string{"entries", "goals"} {
			got, _, _ := loadMap(v, c)
			for id, plain := range got {
				if want[id] != plain {
					t.Fatalf("flip %d: load passed %s in %s as %q, which was never written", i, id, c, plain)
				}
			}
		}
		for id := range want {
			if plain, err := v.Get("entries", id); err == nil && want[id] != string(plain) {
				t.Fatalf("flip %d: get %s: %q, which was never written", i, id, plain)
			}
		}
		if _, err := v.Check([]string{"entries", "goals"}); err != nil {
			t.Logf("flip %d: check: %v", i, err)
		}
		v.Close()
	}
	t.Logf("%d damaged files opened, %d refused", opened, refused)
	if opened == 0 || refused == 0 {
		t.Error("the flips never reached both the header and the records; the test proved little")
	}
}
