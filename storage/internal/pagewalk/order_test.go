package pagewalk

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// walkAll walks every bucket of the file at path, in key order or in file order,
// then the free pages, and returns the problems and how many keys each bucket holds.
func walkAll(t *testing.T, path string, txn uint64, fileOrder bool) ([]string, map[string]int) {
	t.Helper()
	w, err := Open(path, testPageSize, txn)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetFileOrder(fileOrder)
	keys := map[string]int{}
	w.Root(func(name, value []byte, isBucket bool) {
		if !isBucket {
			return
		}
		w.Bucket(value, string(name), func(k, v []byte, isBucket bool) { keys[string(name)]++ }, 0)
	})
	w.Finish()
	return w.Problems(), keys
}

// The walk in file order reads the same keys as the walk in key order, and on a file
// with any one bit of it flipped, finds it damaged exactly when the walk in key
// order does: it is what the first write relies on before bbolt may write.
func TestFileOrderFindsWhatKeyOrderFinds(t *testing.T) {
	const n = 100
	path, txn := plainFile(t, n)
	problems, want := walkAll(t, path, txn, true)
	if len(problems) > 0 || want["many"] != n || want["one"] != 1 {
		t.Fatalf("the sound file in file order: problems %v, keys %v", problems, want)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, ok := readBoltMeta(f, testPageSize)
	if m0, ok0 := readBoltMeta(f, 0); !ok || ok0 && m0.txn > m.txn {
		m = m0
	}
	seen, tried := 0, 0
	// Pages 0 and 1 are the meta pages, which Open reads, not the walks; past the
	// high-water mark nothing is read. Every byte of each page's start (its header,
	// elements and first keys), and a sample of the rest.
	for off := int64(2 * testPageSize); off < int64(m.hwm)*testPageSize; off++ {
		if off%testPageSize >= 160 && off%7 != 0 {
			continue
		}
		was := good[off]
		if _, err := f.WriteAt([]byte{was ^ 0x01}, off); err != nil {
			t.Fatal(err)
		}
		tried++
		keyOrder, keyCounts := walkAll(t, path, txn, false)
		fileOrder, fileCounts := walkAll(t, path, txn, true)
		if (len(keyOrder) > 0) != (len(fileOrder) > 0) {
			t.Fatalf("byte %d ^ 0x01: in key order %q, in file order %q", off, keyOrder, fileOrder)
		}
		if len(keyOrder) == 0 && fmt.Sprint(keyCounts) != fmt.Sprint(fileCounts) {
			t.Fatalf("byte %d ^ 0x01: in key order %v keys, in file order %v", off, keyCounts, fileCounts)
		}
		if len(keyOrder) > 0 {
			seen++
		}
		if _, err := f.WriteAt([]byte{was}, off); err != nil {
			t.Fatal(err)
		}
	}
	if seen == 0 {
		t.Fatal("no flipped bit was damage to either walk")
	}
	t.Logf("%d of %d flips were damage to both walks", seen, tried)
}

// A large level's pages are counted into file order rather than sorted: the same
// order as a stable sort by page number, pages named past the file (damage, noted
// when read) last, repeats (damage too) kept in the order they came.
func TestSortLevelCountsIntoFileOrder(t *testing.T) {
	const hwm = 5000
	w := &Walk{hwm: hwm}
	rng := rand.New(rand.NewPCG(1, 2))
	level := make([]orderAt, 3000)
	for i := range level {
		id := rng.Uint64N(hwm)
		switch i % 100 {
		case 0:
			id = hwm + rng.Uint64N(1<<40) // past the file
		case 1:
			id = level[rng.IntN(i)].id // a repeat
		}
		level[i] = orderAt{id: id, tree: int32(i % 3), page: int32(i)}
	}
	want := slices.Clone(level)
	slices.SortStableFunc(want, func(a, b orderAt) int { return cmp.Compare(min(a.id, hwm), min(b.id, hwm)) })
	got := w.sortLevel(slices.Clone(level))
	if &got[0] == &level[0] || !slices.Equal(got, want) {
		t.Fatal("the counted level is not in file order, stable")
	}
	// A small level is sorted in place.
	small := slices.Clone(level[:100])
	if got := w.sortLevel(small); &got[0] != &small[0] || !slices.IsSortedFunc(got, func(a, b orderAt) int { return cmp.Compare(a.id, b.id) }) {
		t.Fatal("the small level is not sorted in place")
	}
}

// On a file whose leaf level is large enough to be counted into file order, the
// walk in file order reads the same keys as the walk in key order, and finds a
// sample of flipped bits damage exactly when that walk does.
func TestFileOrderOfALargeFile(t *testing.T) {
	const n = 12000
	path, txn := plainFile(t, n)
	problems, want := walkAll(t, path, txn, true)
	if len(problems) > 0 || want["many"] != n || want["one"] != 1 {
		t.Fatalf("the sound file in file order: problems %v, keys %v", problems, want)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(good) / testPageSize
	w, err := Open(path, testPageSize, txn)
	if err != nil {
		t.Fatal(err)
	}
	leaves := 0
	for id := 2; id < pages; id++ {
		if binary.NativeEndian.Uint16(good[id*testPageSize+8:]) == boltLeafFlag {
			leaves++
		}
	}
	w.Close()
	if leaves < 1024 || uint64(leaves) < w.hwm/16 {
		t.Fatalf("%d leaves of %d pages: too few for the level to be counted", leaves, w.hwm)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	seen := 0
	for range 150 {
		// A byte of a page's header, elements or first keys.
		off := int64((2+rng.IntN(int(w.hwm)-2))*testPageSize + rng.IntN(64))
		was := good[off]
		if _, err := f.WriteAt([]byte{was ^ byte(1<<rng.IntN(8))}, off); err != nil {
			t.Fatal(err)
		}
		keyOrder, keyCounts := walkAll(t, path, txn, false)
		fileOrder, fileCounts := walkAll(t, path, txn, true)
		if (len(keyOrder) > 0) != (len(fileOrder) > 0) {
			t.Fatalf("byte %d flipped: in key order %q, in file order %q", off, keyOrder, fileOrder)
		}
		if len(keyOrder) == 0 && fmt.Sprint(keyCounts) != fmt.Sprint(fileCounts) {
			t.Fatalf("byte %d flipped: in key order %v keys, in file order %v", off, keyCounts, fileCounts)
		}
		if len(keyOrder) > 0 {
			seen++
		}
		if _, err := f.WriteAt([]byte{was}, off); err != nil {
			t.Fatal(err)
		}
	}
	if seen == 0 {
		t.Fatal("no flipped bit was damage to either walk")
	}
}
