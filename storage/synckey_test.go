package storage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A device joining from a sync folder makes its vault from the folder's header: it
// opens with the same passphrase, and its key opens what the first vault sealed.
func TestHeaderKeyCreatesAVaultWithTheSameKey(t *testing.T) {
	v, _ := newTestVault(t)
	ad := []byte("a change set's header")
	sealed, err := v.SealChangeSet(ad, []byte("versions"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnlockHeader(v.Header(), []byte("not it")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase: %v, want ErrWrongPassphrase", err)
	}
	k, err := UnlockHeader(v.Header(), []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer k.Destroy()
	if got, err := k.OpenChangeSet(ad, sealed); err != nil || string(got) != "versions" {
		t.Fatalf("the header's key opens %q, %v", got, err)
	}
	path := filepath.Join(t.TempDir(), "joined.folio")
	w, err := k.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := k.Create(path); !errors.Is(err, ErrExists) {
		t.Fatalf("creating over a vault: %v, want ErrExists", err)
	}
	w = openTest(t, path, testPass, Options{})
	if got, err := w.OpenChangeSet(ad, sealed); err != nil || string(got) != "versions" {
		t.Fatalf("the joined vault opens %q, %v", got, err)
	}
	w.Close()
	checkConsistent(t, path)
}

func TestUnlockHeaderRefusesDamage(t *testing.T) {
	v, _ := newTestVault(t)
	h := v.Header()
	h[len(h)-1] ^= 1
	if _, err := UnlockHeader(h, []byte(testPass)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a damaged header: %v, want ErrDamaged", err)
	}
	if err := CheckHeader(h); !errors.Is(err, ErrDamaged) {
		t.Fatalf("CheckHeader of a damaged header: %v", err)
	}
}

// A passphrase changed on one device is adopted on another by taking its header,
// only if it wraps this vault's own key.
func TestAdoptHeader(t *testing.T) {
	a, _ := newTestVault(t)
	path := filepath.Join(t.TempDir(), "b.folio")
	k, err := UnlockHeader(a.Header(), []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.Create(path)
	k.Destroy()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	other, _ := newTestVault(t)
	if err := b.AdoptHeader(other.Header(), []byte(testPass)); !errors.Is(err, ErrOtherKey) {
		t.Fatalf("another portfolio's header: %v, want ErrOtherKey", err)
	}
	if err := a.ChangePassphrase([]byte("new words"), testKDF); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := b.AdoptHeader(a.Header(), []byte("old words")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the wrong passphrase: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused header changed the vault file")
	}
	if err := b.AdoptHeader(a.Header(), []byte("new words")); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Header(), a.Header()) {
		t.Fatal("the adopted header is not the one given")
	}
	b.Close()
	if _, err := Open(path, []byte(testPass), Options{}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the old passphrase after adopting: %v", err)
	}
	openTest(t, path, "new words", Options{})
}
