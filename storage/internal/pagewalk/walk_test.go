package pagewalk

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/foliohq/folio/storage/internal/base"
	bolt "go.etcd.io/bbolt"
)

// The vault's damage tests (storage: FuzzDamage, TestEveryByteFlipped,
// TestSeekAgreesWithWalk) drive the walk through whole vaults; these try it on a
// plain bbolt file, with no vault above it.

const testPageSize = 1024

// plainFile writes a bbolt file with a bucket "many" of n keys (so it has branch
// pages) and a bucket "one" of a single key (inline), and returns its path and the
// transaction its newest meta page names.
func plainFile(t *testing.T, n int) (string, uint64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plain.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: testPageSize})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		many, err := tx.CreateBucket([]byte("many"))
		if err != nil {
			return err
		}
		for i := range n {
			if err := many.Put(key(i), bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
				return err
			}
		}
		one, err := tx.CreateBucket([]byte("one"))
		if err != nil {
			return err
		}
		return one.Put([]byte("k"), []byte("v"))
	})
	if err != nil {
		t.Fatal(err)
	}
	var txn uint64
	db.View(func(tx *bolt.Tx) error { txn = uint64(tx.ID()); return nil })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, txn
}

func key(i int) []byte { return fmt.Appendf(nil, "key %05d", i) }

func TestWalkReadsEveryKeyInOrder(t *testing.T) {
	const n = 300
	path, txn := plainFile(t, n)
	if err := CheckBounds(path, testPageSize); err != nil {
		t.Fatalf("a sound file is out of bounds: %v", err)
	}
	if rb, note := InspectMetas(path, testPageSize); rb != nil || note != "" {
		t.Fatalf("a sound file's meta pages: %v %q", rb, note)
	}
	w, err := Open(path, testPageSize, txn)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var names []string
	got := map[string]int{}
	w.Root(func(name, value []byte, isBucket bool) {
		if !isBucket {
			t.Errorf("top-level key %q is not a bucket", name)
			return
		}
		names = append(names, string(name))
		var last []byte
		w.Bucket(value, string(name), func(k, v []byte, isBucket bool) {
			if bytes.Compare(k, last) <= 0 {
				t.Errorf("%s: key %q after %q", name, k, last)
			}
			last = bytes.Clone(k)
			got[string(name)]++
		}, 0)
	})
	w.Finish()
	if len(w.Problems()) > 0 {
		t.Fatalf("problems in a sound file: %v", w.Problems())
	}
	if fmt.Sprint(names) != "[many one]" || got["many"] != n || got["one"] != 1 {
		t.Fatalf("walked buckets %v with %v keys", names, got)
	}
}

func TestSeekFindsWhatTheWalkFinds(t *testing.T) {
	path, txn := plainFile(t, 300)
	w, err := OpenMapped(path, testPageSize, txn, false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	root, inline, ok, err := w.SeekBucket([]byte("many"))
	if err != nil || !ok || root == 0 {
		t.Fatalf("SeekBucket(many) = %d %v %v", root, ok, err)
	}
	for _, i := range []int{0, 1, 150, 299} {
		el, found, err := w.SeekIn(root, inline, key(i))
		if err != nil || !found || el.IsBucket || !bytes.Equal(el.Value, bytes.Repeat([]byte{byte(i)}, 40)) {
			t.Errorf("SeekIn(%q) = %q %v %v", key(i), el.Value, found, err)
		}
	}
	if _, found, err := w.SeekIn(root, inline, []byte("key 99999")); err != nil || found {
		t.Errorf("a missing key: found %v, %v", found, err)
	}
	root, inline, ok, err = w.SeekBucket([]byte("one"))
	if err != nil || !ok || root != 0 || len(inline) == 0 {
		t.Fatalf("SeekBucket(one), an inline bucket = %d %d %v %v", root, len(inline), ok, err)
	}
	if el, found, err := w.SeekIn(root, inline, []byte("k")); err != nil || !found || string(el.Value) != "v" {
		t.Errorf("SeekIn(one, k) = %q %v %v", el.Value, found, err)
	}
	if _, _, ok, err := w.SeekBucket([]byte("none")); ok || err != nil {
		t.Errorf("a missing bucket: %v %v", ok, err)
	}
}

// A page whose element count is far beyond what it holds ends the walk with a
// problem named, instead of a read outside the page.
func TestWalkNamesARunawayCount(t *testing.T) {
	path, txn := plainFile(t, 300)
	w, err := Open(path, testPageSize, txn)
	if err != nil {
		t.Fatal(err)
	}
	root, _, _, err := w.SeekBucket([]byte("many"))
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[int(root)*testPageSize+10], raw[int(root)*testPageSize+11] = 0xFF, 0xFF // the count
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	w, err = Open(path, testPageSize, txn)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Root(func(name, value []byte, isBucket bool) {
		w.Bucket(value, string(name), func([]byte, []byte, bool) {}, 0)
	})
	if len(w.Problems()) == 0 {
		t.Fatal("a count of 65535 elements went unnoticed")
	}
}

func TestCheckBoundsRefusesACutFile(t *testing.T) {
	path, _ := plainFile(t, 300)
	// Four pages hold the meta pages but not the tree of 300 keys.
	if err := os.Truncate(path, 4*testPageSize); err != nil {
		t.Fatal(err)
	}
	if err := CheckBounds(path, testPageSize); !errors.Is(err, base.ErrDamaged) {
		t.Fatalf("a file cut short: %v", err)
	}
}

// A page set holds exactly the pages added, across the edges of its blocks, and
// makes only the blocks of the pages added: a walk that reaches a few pages of a
// large file pays for those.
func TestPageSetAcrossBlocks(t *testing.T) {
	n := uint64(3*pageSetBlock + 5)
	s := newPageSet(n)
	ids := []uint64{0, 63, 64, pageSetBlock - 1, pageSetBlock, 2*pageSetBlock + 1, n - 1}
	for _, id := range ids {
		if s.has(id) {
			t.Fatalf("page %d is in the set before it was added", id)
		}
		s.add(id)
	}
	for id := range n {
		if s.has(id) != slices.Contains(ids, id) {
			t.Fatalf("page %d: in the set %v, added %v", id, s.has(id), slices.Contains(ids, id))
		}
	}
	made := 0
	for _, b := range s {
		if b != nil {
			made++
		}
	}
	if made != 4 {
		t.Errorf("%d blocks made for pages in 4", made)
	}
}
