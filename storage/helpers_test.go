package storage

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// testKDF keeps Argon2 cheap so the suite stays fast; the real defaults are asserted
// once, in TestDefaultKDFIsRFC9106.
var testKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

const testPass = "correct horse battery staple"

// newTestVault creates a vault in t.TempDir(). At cleanup it closes the vault (closing
// twice is harmless) and runs bbolt's consistency check over the file, which also
// fails if the test left another handle holding the lock.
func newTestVault(t testing.TB) (*Vault, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.folio")
	v, err := Create(path, []byte(testPass), testKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := v.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		checkConsistent(t, path)
	})
	return v, path
}

// checkConsistent runs bbolt's own structural check over the file at path.
func checkConsistent(t testing.TB, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: LockTimeout})
	if err != nil {
		t.Errorf("consistency check: %v", err)
		return
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("consistency check of %s: %v", filepath.Base(path), err)
		}
		return nil
	})
	if err != nil {
		t.Errorf("consistency check: %v", err)
	}
}

// openTest opens path with passphrase and closes the vault at cleanup.
func openTest(t testing.TB, path, passphrase string, opts Options) *Vault {
	t.Helper()
	v, err := Open(path, []byte(passphrase), opts)
	if err != nil {
		t.Fatalf("open %s: %v", filepath.Base(path), err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func fileSum(t testing.TB, path string) [sha256.Size]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// loadAll loads a collection into a map, failing the test on any damage or error.
func loadAll(t testing.TB, v *Vault, collection string) map[ID]string {
	t.Helper()
	got, damaged, err := loadMap(v, collection)
	if err != nil || len(damaged) > 0 {
		t.Fatalf("load %s: damaged %v, err %v", collection, damaged, err)
	}
	return got
}

func loadMap(v *Vault, collection string) (map[ID]string, []Damage, error) {
	var mu sync.Mutex
	got := map[ID]string{}
	damaged, err := v.Load(collection, func(id ID, plain []byte) error {
		mu.Lock() // fn runs concurrently
		defer mu.Unlock()
		if _, dup := got[id]; dup {
			return fmt.Errorf("record %s passed twice", id)
		}
		got[id] = string(plain)
		return nil
	})
	return got, damaged, err
}

// rawUpdate edits the closed vault at path with bbolt directly, as damage or an
// attacker with the file would.
func rawUpdate(t testing.TB, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// editHeader replaces the header value of the closed vault at path with edit's result.
func editHeader(t testing.TB, path string, edit func(b []byte) []byte) {
	t.Helper()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(metaBucket)
		return b.Put(headerKey, edit(bytes.Clone(b.Get(headerKey))))
	})
}

// resum recomputes a header's trailing checksum, as a deliberate edit would.
func resum(b []byte) []byte {
	sum := sha256.Sum256(b[:len(b)-sha256.Size])
	copy(b[len(b)-sha256.Size:], sum[:])
	return b
}
