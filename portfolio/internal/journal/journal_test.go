package journal

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/foliohq/folio/storage"
)

// known stands for the core's collections that keep history, as Open is given.
func known(coll string) bool { return coll == "entries" || coll == "goals" }

// TestImportJournalKnownAnswer pins the journal record's plaintext to the bytes
// docs/VAULT.md gives ("An import under way").
func TestImportJournalKnownAnswer(t *testing.T) {
	groups := []Group{
		{Coll: "goals", IDs: []storage.ID{{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a}}},
		{Coll: "entries", IDs: []storage.ID{
			{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9},
			{0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9},
		}},
	}
	const want = "01" +
		"05" + "676f616c73" + "01" + "0102030405060708090a" +
		"07" + "656e7472696573" + "02" + "a0a1a2a3a4a5a6a7a8a9" + "b0b1b2b3b4b5b6b7b8b9"
	got := Encode(groups)
	if hex.EncodeToString(got) != want {
		t.Fatalf("journal record\n got %x\nwant %s", got, want)
	}
	back, err := Decode(got, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].Coll != "goals" || back[1].Coll != "entries" || back[1].IDs[1] != groups[1].IDs[1] {
		t.Fatalf("decoded %+v", back)
	}
}

// TestImportJournalRefusesMalformed: a journal record that is not one is damage,
// never a list of records to delete.
func TestImportJournalRefusesMalformed(t *testing.T) {
	good := Encode([]Group{{Coll: "entries", IDs: []storage.ID{{1}}}})
	for name, b := range map[string][]byte{
		"empty":              {},
		"newer format":       append([]byte{2}, good[1:]...),
		"unknown collection": Encode([]Group{{Coll: "catalogue", IDs: []storage.ID{{1}}}}),
		"no IDs":             Encode([]Group{{Coll: "entries"}}),
		"cut short":          good[:len(good)-1],
		"trailing byte":      append(bytes.Clone(good), 0),
		"empty name":         {1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		"count past end":     {1, 7, 'e', 'n', 't', 'r', 'i', 'e', 's', 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
	} {
		if _, err := Decode(b, known); !errors.Is(err, storage.ErrDamaged) {
			t.Errorf("%s: %v, want damage", name, err)
		}
	}
}

// FuzzImportJournal: decoding never panics, and what decodes encodes back to the
// same bytes.
func FuzzImportJournal(f *testing.F) {
	f.Add(Encode([]Group{{Coll: "entries", IDs: []storage.ID{{1}, {2}}}, {Coll: "goals", IDs: []storage.ID{{3}}}}))
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		groups, err := Decode(b, known)
		if err != nil {
			return
		}
		if again := Encode(groups); !bytes.Equal(again, b) {
			t.Fatalf("%x decodes and encodes back as %x", b, again)
		}
	})
}

// newVault is a vault in a temporary folder, with cheap key derivation.
func newVault(t *testing.T) *storage.Vault {
	v, err := storage.Create(t.TempDir()+"/vault", []byte("a passphrase for the test"), storage.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// TestEndKeepsTheBatch: once End deletes a batch's journal record, the records
// it wrote stay and nothing names them for a roll-back.
func TestEndKeepsTheBatch(t *testing.T) {
	v := newVault(t)
	jid, put := storage.ID{0xee}, Put{Coll: "entries", ID: storage.ID{1}, Plain: []byte("e1")}
	if err := v.Update(func(tx *storage.Tx) error { return Write(tx, jid, []Put{put}) }); err != nil {
		t.Fatal(err)
	}
	if err := v.Update(func(tx *storage.Tx) error { return End(tx, []storage.ID{jid}) }); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(Coll, jid); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the journal record after End: %v", err)
	}
	if got, err := v.Get(put.Coll, put.ID); err != nil || !bytes.Equal(got, put.Plain) {
		t.Fatalf("the batch's record after End: %q, %v", got, err)
	}
}

// TestWriteSortsAndNames: a batch is written in key order within each collection,
// and its journal record names exactly what it wrote, so Rollback takes all of it
// out again.
func TestWriteSortsAndNames(t *testing.T) {
	v := newVault(t)
	puts := []Put{
		{Coll: "goals", ID: storage.ID{9}, Plain: []byte("g9")},
		{Coll: "entries", ID: storage.ID{5}, Plain: []byte("e5")},
		{Coll: "goals", ID: storage.ID{2}, Plain: []byte("g2")},
		{Coll: "entries", ID: storage.ID{1}, Plain: []byte("e1")},
	}
	jid := storage.ID{0xee}
	if err := v.Update(func(tx *storage.Tx) error { return Write(tx, jid, puts) }); err != nil {
		t.Fatal(err)
	}
	plain, err := v.Get(Coll, jid)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := Decode(plain, known)
	if err != nil {
		t.Fatal(err)
	}
	want := []Group{{Coll: "entries", IDs: []storage.ID{{1}, {5}}}, {Coll: "goals", IDs: []storage.ID{{2}, {9}}}}
	if !bytes.Equal(Encode(groups), Encode(want)) {
		t.Fatalf("journal names %+v, want %+v", groups, want)
	}
	for _, x := range puts {
		if got, err := v.Get(x.Coll, x.ID); err != nil || !bytes.Equal(got, x.Plain) {
			t.Fatalf("%s %x: %q, %v", x.Coll, x.ID, got, err)
		}
	}
	if err := v.Update(func(tx *storage.Tx) error { return Rollback(tx, jid, plain, known) }); err != nil {
		t.Fatal(err)
	}
	for _, x := range puts {
		if _, err := v.Get(x.Coll, x.ID); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("%s %x after the roll-back: %v", x.Coll, x.ID, err)
		}
	}
}
