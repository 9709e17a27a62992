package storage

import (
	"encoding/binary"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	"github.com/foliohq/folio/storage/internal/scan"
)

// firstWriteWalk walks the file at path as the first write does (writable): every
// bucket's keys and none of its values, then the free pages. With sparse it reads
// the chunks' leaves in part, as writable does; without, through node and
// elements. It returns the problems noted and each bucket's number of keys. blank,
// if any, are pages the walk sees as zeros where it reads through its mapping.
func firstWriteWalk(t *testing.T, path string, ps int, sparse []byte, blank ...uint64) ([]string, map[string]uint64) {
	t.Helper()
	w := openNewestWalk(t, path, ps)
	defer w.Close()
	if len(blank) > 0 {
		defer w.SeeBlank(blank...)()
	}
	w.Sparse = sparse
	have := map[string]uint64{}
	w.Tree(func([]byte) bool { return true }, false, base.HexName, func(name []byte, bs *scan.Bucket) {
		have[string(name)] = uint64(bs.N)
		for _, d := range bs.Bad {
			w.Problem("%v", d)
		}
	})
	w.Finish()
	return w.Problems(), have
}

// fileOrderWalk is the first write's walk as writable runs it (FirstWrite, in file
// order), with every collection's multi-page leaves read in part if keysOnly, as the
// walk Open starts before the key exists does (Options.Writing).
func fileOrderWalk(t *testing.T, path string, ps int, keysOnly bool, blank ...uint64) ([]string, map[string]uint64) {
	t.Helper()
	w := openNewestWalk(t, path, ps)
	defer w.Close()
	if len(blank) > 0 {
		defer w.SeeBlank(blank...)()
	}
	w.KeysOnly = keysOnly
	have, _ := w.FirstWrite()
	return w.Problems(), have
}

// openNewestWalk starts a walk of the file at path as of its newest sound meta page.
func openNewestWalk(t *testing.T, path string, ps int) *scan.Walk {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m0, ok0 := pagewalk.ReadMeta(f, 0)
	m1, ok1 := pagewalk.ReadMeta(f, int64(ps))
	f.Close()
	txn := m0.Txn
	if !ok0 || ok1 && m1.Txn > m0.Txn {
		txn = m1.Txn
	}
	w, err := scan.Open(path, ps, txn)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// The first write's walk reads the chunks' leaves in part (their elements and keys,
// with ReadAt) and must find exactly what the walk through whole pages finds: the
// same problems, in the same words, and the same counts, for every byte of the
// leaves' headers, elements and keys changed in several ways, for the branch page
// above them, and for bytes of the values (which neither reads).
func TestSparseWalkFindsWhatTheFullWalkFinds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.folio")
	v, err := Create(path, []byte(testPass), testKDF)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if err := v.Put("entries", NewID(), []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	attach(t, v, pattern(3*writeBatch*ChunkSize/2, 1))
	attach(t, v, pattern(ChunkSize+5, 2))
	bucket := v.keys.bucketName(chunksCollection)
	ps := v.db.Info().PageSize
	v.Close()

	clean, counts := firstWriteWalk(t, path, ps, bucket)
	if len(clean) > 0 || counts[string(bucket)] == 0 {
		t.Fatalf("the undamaged vault: problems %v, %d chunks", clean, counts[string(bucket)])
	}
	file := readFile(t, path)
	e := binary.NativeEndian
	// The chunk leaves and branches, by their first page, and where in each the
	// walks read: the header and elements, and each key.
	var leaves, branches []uint64
	for _, id := range chunkPages(t, path, bucket) {
		p := file[id*uint64(ps):]
		if e.Uint64(p) != id {
			continue // an overflow page
		}
		switch e.Uint16(p[8:]) {
		case pagewalk.LeafFlag:
			leaves = append(leaves, id)
		case pagewalk.BranchFlag:
			branches = append(branches, id)
		}
	}
	if len(leaves) < 3 || len(branches) == 0 {
		t.Fatalf("%d chunk leaves and %d branches; the test wants a tree", len(leaves), len(branches))
	}
	// The sparse walk does not read the leaves through the mapping: blanked there,
	// they are damage to the full walk and nothing to the sparse one.
	leafPages := slices.DeleteFunc(chunkPages(t, path, bucket), func(id uint64) bool { return slices.Contains(branches, id) })
	if got, _ := firstWriteWalk(t, path, ps, bucket, leafPages...); len(got) > 0 {
		t.Errorf("the sparse walk read the chunk leaves through the mapping: %q", got)
	}
	if got, _ := firstWriteWalk(t, path, ps, nil, leafPages...); len(got) == 0 {
		t.Error("the full walk did not see the chunk leaves blanked in its mapping")
	}
	// The walk that reads every collection's multi-page leaves in part reads a
	// leaf's first page through the mapping, and none of the pages after it.
	var overflowPages []uint64
	for _, id := range leafPages {
		if e.Uint64(file[id*uint64(ps):]) != id {
			overflowPages = append(overflowPages, id)
		}
	}
	if clean, counts := fileOrderWalk(t, path, ps, true); len(clean) > 0 || counts[string(bucket)] == 0 {
		t.Fatalf("the undamaged vault, keys only: problems %v, %d chunks", clean, counts[string(bucket)])
	}
	if got, _ := fileOrderWalk(t, path, ps, true, overflowPages...); len(got) > 0 {
		t.Errorf("the keys-only walk read the chunk leaves' values through the mapping: %q", got)
	}
	if got, _ := fileOrderWalk(t, path, ps, false, overflowPages...); len(got) == 0 {
		t.Error("the full walk in file order did not see the chunk leaves' pages blanked in its mapping")
	}
	// Once a tree's leaf has been read in part, the starts of its next pages are read
	// with ReadAt, not through the mapping, where each would fault in the pages
	// around it: blanked there, the chunk leaves after the first are nothing to the
	// keys-only walk.
	if got, _ := fileOrderWalk(t, path, ps, true, slices.DeleteFunc(slices.Clone(leaves), func(id uint64) bool { return id == slices.Min(leaves) })...); len(got) > 0 {
		t.Errorf("the keys-only walk read the starts of the chunk leaves through the mapping: %q", got)
	}
	var offsets []int64
	for _, id := range []uint64{leaves[0], leaves[len(leaves)/2], leaves[len(leaves)-1], branches[0]} {
		start := int64(id) * int64(ps)
		p := file[start:]
		count := int64(e.Uint16(p[10:]))
		for off := range pagewalk.PageHeaderSize + count*pagewalk.ElemSize {
			offsets = append(offsets, start+off)
		}
		if e.Uint16(p[8:]) != pagewalk.LeafFlag {
			continue
		}
		for i := range count {
			at := pagewalk.PageHeaderSize + i*pagewalk.ElemSize
			pos, ksize := at+int64(e.Uint32(p[at+4:])), int64(e.Uint32(p[at+8:]))
			for off := range ksize {
				offsets = append(offsets, start+pos+off)
			}
			// A byte of the value, which neither walk reads.
			offsets = append(offsets, start+pos+ksize+int64(e.Uint32(p[at+12:]))/2)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found, tried := 0, 0
	for _, off := range offsets {
		for _, change := range []func(byte) byte{
			func(b byte) byte { return b ^ 0x01 },
			func(b byte) byte { return b ^ 0x80 },
			func(byte) byte { return 0xff },
		} {
			was := file[off]
			if change(was) == was {
				continue
			}
			tried++
			if _, err := f.WriteAt([]byte{change(was)}, off); err != nil {
				t.Fatal(err)
			}
			sparse, sparseCounts := firstWriteWalk(t, path, ps, bucket)
			full, fullCounts := firstWriteWalk(t, path, ps, nil)
			if !slices.Equal(sparse, full) || len(sparseCounts) != len(fullCounts) {
				t.Fatalf("byte %d (page %d, +%d) %#x→%#x: the sparse walk found %q, the full walk %q", off, off/int64(ps), off%int64(ps), was, change(was), sparse, full)
			}
			for name, n := range fullCounts {
				if sparseCounts[name] != n {
					t.Fatalf("byte %d changed: the sparse walk counts %d keys in %x, the full walk %d", off, sparseCounts[name], name, n)
				}
			}
			// In file order, the walk of every collection's keys alone against
			// the walk of whole pages: the same problems, in the same order.
			keysOnly, keysOnlyCounts := fileOrderWalk(t, path, ps, true)
			whole, wholeCounts := fileOrderWalk(t, path, ps, false)
			if !slices.Equal(keysOnly, whole) || !maps.Equal(keysOnlyCounts, wholeCounts) {
				t.Fatalf("byte %d (page %d, +%d) %#x→%#x: the keys-only walk found %q and counted %v, the walk of whole pages %q and %v", off, off/int64(ps), off%int64(ps), was, change(was), keysOnly, keysOnlyCounts, whole, wholeCounts)
			}
			if (len(whole) > 0) != (len(full) > 0) {
				t.Fatalf("byte %d changed: the walk in file order found %q, in key order %q", off, whole, full)
			}
			if len(full) > 0 || fullCounts[string(bucket)] != counts[string(bucket)] {
				found++
			}
			if _, err := f.WriteAt([]byte{was}, off); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Most changes to a header or a key are damage the walks see; a test that saw
	// none would show nothing.
	t.Logf("%d changes at %d bytes; %d were seen by both walks", tried, len(offsets), found)
	if found == 0 {
		t.Fatal("no change was seen by either walk")
	}
}
