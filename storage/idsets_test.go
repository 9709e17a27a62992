package storage

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage/internal/inventory"
	bolt "go.etcd.io/bbolt"
)

// idSetOfTest reads the ID set of collection as the vault holds it.
func idSetOfTest(t testing.TB, v *Vault, collection string) map[ID]bool {
	t.Helper()
	var sets idSets
	err := v.view(func(tx *bolt.Tx) error {
		var err error
		sets, err = v.idSetOf(tx, v.keys.bucketName(collection))
		return err
	})
	if err != nil || len(sets.bad) > 0 {
		t.Fatalf("reading the ID set: %v %v", err, sets.bad)
	}
	return sets.IDs[string(v.keys.bucketName(collection))]
}

// Every write keeps the ID set equal to the records: adds, deletes, replacements,
// a put and a delete of the same ID in one transaction, and a collection emptied.
func TestIDSetFollowsWrites(t *testing.T) {
	v, _ := newTestVault(t)
	rng := rand.New(rand.NewPCG(3, 4))
	live := map[ID]bool{}
	var order []ID
	for round := range 300 {
		switch {
		case len(order) > 0 && rng.IntN(3) == 0:
			i := rng.IntN(len(order))
			if err := v.Delete("entries", order[i]); err != nil {
				t.Fatal(err)
			}
			delete(live, order[i])
			order = slices.Delete(order, i, i+1)
		case len(order) > 0 && rng.IntN(4) == 0:
			if err := v.Put("entries", order[rng.IntN(len(order))], []byte("again")); err != nil {
				t.Fatal(err)
			}
		default:
			id := NewID()
			if round%7 == 0 {
				id[0] = 0x42 // crowd one chunk
			}
			if err := v.Put("entries", id, []byte("x")); err != nil {
				t.Fatal(err)
			}
			live[id], order = true, append(order, id)
		}
	}
	both := NewID()
	err := v.Update(func(tx *Tx) error {
		if err := tx.Put("goals", both, []byte("x")); err != nil {
			return err
		}
		return tx.Delete("goals", both)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := idSetOfTest(t, v, "entries"); !mapsEqual(got, live) {
		t.Errorf("the ID set holds %d IDs, the collection %d", len(got), len(live))
	}
	if got := idSetOfTest(t, v, "goals"); len(got) != 0 {
		t.Errorf("an ID put and deleted in one transaction stays in the set: %v", got)
	}
	for _, id := range order {
		if err := v.Delete("entries", id); err != nil {
			t.Fatal(err)
		}
	}
	if rep, err := v.Check([]string{"entries", "goals"}); err != nil || !rep.OK() {
		t.Errorf("check after emptying: %+v %v", rep, err)
	}
	c := countsOfTest(t, v)
	if n := c.N[string(v.keys.bucketName(idsCollection))]; n != 0 {
		t.Errorf("an emptied collection leaves %d ID-set chunks", n)
	}
}

func mapsEqual(a, b map[ID]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func countsOfTest(t *testing.T, v *Vault) *recordCounts {
	t.Helper()
	var c *recordCounts
	err := v.view(func(tx *bolt.Tx) error {
		var err error
		c, err = v.keys.openCounts(tx.Bucket(metaBucket).Get(countsKey))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A record deleted and another added behind folio's back keep the count, so only
// the ID sets can tell: check names both.
func TestCheckComparesIDSets(t *testing.T) {
	v, path := newTestVault(t)
	ids := putSome(t, v, 5, 100)
	en := v.keys.bucketName("entries")
	v.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	stranger := NewID()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(en)
		val := bytes.Clone(b.Get(ids[0][:]))
		if err := b.Delete(ids[0][:]); err != nil {
			return err
		}
		return b.Put(stranger[:], val)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	v = openTest(t, path, testPass, Options{})
	rep, err := v.Check([]string{"entries"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(rep.Structure, "\n")
	if !strings.Contains(all, "missing: "+ids[0].String()) || !strings.Contains(all, "not written by folio: "+stranger.String()) {
		t.Errorf("check: %q; want %s missing and %s not written by folio", all, ids[0], stranger)
	}
	// The counts agree, so a write goes ahead (comparing every ID before the first
	// write would cost each command a decryption of all the sets); it hides nothing.
	if err := v.Put("entries", NewID(), []byte("x")); err != nil {
		t.Fatal(err)
	}
	rep, err = v.Check([]string{"entries"})
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(rep.Structure, "\n"); !strings.Contains(all, "missing: "+ids[0].String()) {
		t.Errorf("check after a write: %q; want %s still missing", all, ids[0])
	}
}

// A vault made before the ID sets gets them at its first write, from the records it
// holds, and from then on names what goes missing.
func TestIDSetsUpgradeOlderVault(t *testing.T) {
	v, path := newTestVault(t)
	// Write as folio did before the ID sets: records and counts, no sets.
	var ids []ID
	err := v.update(func(tx *Tx) error {
		for range 30 {
			id := NewID()
			if err := tx.Put("entries", id, []byte("old")); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return tx.saveCounts()
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	v = openTest(t, path, testPass, Options{})
	if c := countsOfTest(t, v); inventory.HasIDSets(c, v.keys.bucketName(idsCollection)) {
		t.Fatal("the older vault already has ID sets")
	}
	if rep, err := v.Check([]string{"entries"}); err != nil || !rep.OK() || rep.Records != 30 {
		t.Fatalf("check of the older vault: %+v %v", rep, err)
	}
	added := NewID()
	if err := v.Put("entries", added, []byte("new")); err != nil {
		t.Fatal(err)
	}
	want := map[ID]bool{added: true}
	for _, id := range ids {
		want[id] = true
	}
	if got := idSetOfTest(t, v, "entries"); !mapsEqual(got, want) {
		t.Errorf("after the upgrade the ID set holds %d IDs, want %d", len(got), len(want))
	}
	if rep, err := v.Check([]string{"entries"}); err != nil || !rep.OK() || rep.Records != 31 {
		t.Errorf("check after the upgrade: %+v %v", rep, err)
	}
}

// The reserved collection cannot be written as a collection.
func TestIDSetCollectionIsReserved(t *testing.T) {
	v, _ := newTestVault(t)
	if err := v.Put(idsCollection, NewID(), []byte("x")); err == nil {
		t.Error("a record was put into the ID sets' collection")
	}
}
