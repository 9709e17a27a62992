package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// A version that is not of a collection with history, or does not decode as its
// record, is refused before the vault applies or imports it, and nothing is written.
func TestApplyAndImportRefuseWhatDoesNotDecode(t *testing.T) {
	p, _ := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Near miss", Body: "words", Functions: portfolio.Functions(portfolio.Normative)})
	var own []store.Version
	if err := store.View(p, func(tx *store.Tx) error {
		var err error
		own, err = tx.OwnVersionsAfter(portfolio.Clock{})
		return err
	}); err != nil || len(own) == 0 {
		t.Fatalf("own versions: %d, %v", len(own), err)
	}
	unknown := own[0]
	unknown.Collection = "nowhere"
	garbled := own[0]
	garbled.Plain = []byte{0xff, 0xff, 0xff}
	for name, v := range map[string]store.Version{"an unknown collection": unknown, "a record that does not decode": garbled} {
		err := store.Update(p, func(tx *store.Tx) error {
			_, err := tx.Apply(v, func(portfolio.DeviceID, portfolio.Clock) bool { return false })
			return err
		})
		if !errors.Is(err, portfolio.ErrDamaged) {
			t.Errorf("applying %s: %v, want ErrDamaged", name, err)
		}
		err = store.Update(p, func(tx *store.Tx) error {
			return tx.Import(store.Record{Versions: []store.Version{v}})
		})
		if !errors.Is(err, portfolio.ErrDamaged) {
			t.Errorf("importing %s: %v, want ErrDamaged", name, err)
		}
	}
	if got, ok := p.Entry(e.ID); !ok || got.Body != "words" {
		t.Fatalf("the entry changed: %+v", got)
	}
	cs, err := store.Conflicts(p)
	if err != nil || len(cs) != 0 {
		t.Fatalf("conflicts after refused versions: %v, %v", cs, err)
	}
}

// A key unlocked from a vault's key header makes a new, empty vault of the same
// portfolio, which opens with the same passphrase; an empty or wrong passphrase
// unlocks nothing.
func TestKeyFromHeaderCreatesASiblingVault(t *testing.T) {
	p, c := testvault.New(t)
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Near miss", Body: "words", Functions: portfolio.Functions(portfolio.Normative)})
	header := p.KeyHeader()
	if err := store.CheckKeyHeader(header); err != nil {
		t.Fatalf("CheckKeyHeader: %v", err)
	}
	if _, err := store.UnlockKey(header, nil); !errors.Is(err, portfolio.ErrInvalid) {
		t.Errorf("an empty passphrase: %v, want ErrInvalid", err)
	}
	if _, err := store.UnlockKey(header, []byte("wrong")); !errors.Is(err, portfolio.ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v, want ErrWrongPassphrase", err)
	}
	k, err := store.UnlockKey(header, testvault.Passphrase)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	path := filepath.Join(t.TempDir(), "sibling.folio")
	q, err := k.Create(path, testvault.Options(c))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(q.Find(portfolio.Query{})); n != 0 {
		t.Errorf("the new vault has %d entries, want none", n)
	}
	sealed, err := p.SealSync([]byte("ad"), []byte("plain"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k.OpenSync([]byte("ad"), sealed); err != nil || string(got) != "plain" {
		t.Errorf("the key opens what the vault sealed: %q, %v", got, err)
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := portfolio.Open(path, testvault.Passphrase, testvault.Options(c))
	if err != nil {
		t.Fatalf("the new vault does not open with the portfolio's passphrase: %v", err)
	}
	again.Close()
}
