package pagewalk

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"
)

// A walk in key order reads a tree's pages in the order of its keys, and the keys of
// a vault's records are random, so the pages it reads jump about the file: each
// first read of a page through the mapping faults it in (with the pages around it,
// which the walk seldom wants next), and dropping what it read (dropMapped) covers
// ranges as wide as the file. The first write's walk of a 100k-entry vault spent most
// of its 200 ms of CPU so. A walk in file order reads a tree level by level, each
// level's pages in the order they lie in the file, so the kernel maps in the pages a
// read will want next and the drops cover only what was read: the same checks, the
// same pages reached, for less. All the trees a walk meets are read so together,
// level by level: the pages of a vault's collections lie mixed in the file, and
// reading one collection's then another's would fault each stretch of the file in
// twice.
//
// What it gives up is the order of the visits: the visitor gets each leaf's elements
// in key order, but the leaves in file order. The order of the keys across pages is
// still checked, once every page is read, from the first and last key of each leaf
// and the keys of each branch, as the walk in key order checks it.

// SetFileOrder turns on or off walking trees (Root and Bucket, but not a bucket
// read in part, SetSparse) in file order, for a visitor that does not need the
// leaves in key order. A Bucket called from a visitor then only queues the bucket:
// it is walked, with the pages of every other tree queued, before the outermost
// Root or Bucket returns.
func (w *Walk) SetFileOrder(on bool) { w.fileOrder = on }

// SetKeysOnly turns on or off reading, in the trees a walk in file order queues from
// now on, a leaf that runs over more than faultAround pages in part: its first page
// through the mapping, the keys and nested buckets' values past it with ReadAt,
// never its other values (sparseLeaf), for a visitor that reads no value but a
// nested bucket's. Smaller leaves are read whole through the mapping, which faults
// them in a few at a time: reading the keys of a 100k-entry vault's leaves of two
// to sixteen pages with ReadAt cost its walk half as much again.
// It is SetSparse for a walk that does not know which bucket holds large values
// (the first write's walk, started before the key that names the buckets exists),
// and keeps the file order; the checks, and the problems noted, are elements'.
func (w *Walk) SetKeysOnly(on bool) { w.keysOnly = on }

// FileOrder is whether the walk reads trees in file order (SetFileOrder).
func (w *Walk) FileOrder() bool { return w.fileOrder }

// orderPage is one page of a tree a walk in file order has reached. A branch's
// children are appended together, so they are the pages [kids, kids+nkids), in key
// order, each with the branch's key for it. Keys are kept in the tree's arena.
type orderPage struct {
	id uint64
	// key is the key of the branch element that leads here.
	key keyRef
	// leaf is a leaf's least and greatest keys, if it has any (hasKeys).
	leaf        leafKeys
	kids, nkids int32
	depth       int32
	hasKeys     bool
}

// keyRef is a key in an orderTree's arena.
type keyRef struct {
	start int
	n     uint32
}

// leafKeys are a leaf's first and last keys, one after the other in the arena.
type leafKeys struct {
	start         int
	first, second uint32
}

// orderTree is a walk in file order of one tree.
type orderTree struct {
	pages []orderPage
	keys  []byte
	where string
	visit VisitFunc
	// keysOnly: read multi-page leaves in part (SetKeysOnly).
	keysOnly bool
	// longLeaves is set once a leaf of the tree has been read in part: its next
	// pages are likely such leaves too (the attachments' chunks), whose starts
	// orderPage reads with ReadAt.
	longLeaves bool
}

func (t *orderTree) keep(k []byte) keyRef {
	start := len(t.keys)
	t.keys = append(grow(t.keys, len(k)), k...)
	return keyRef{start, uint32(len(k))}
}

func (t *orderTree) key(r keyRef) []byte { return t.keys[r.start : r.start+int(r.n)] }

// grow makes room for n more in s, doubling it: append grows a large slice by a
// quarter at a time, which for a tree of 35,000 pages allocated five times what it
// kept, and raised the first write's peak memory by 25 MiB.
func grow[S ~[]E, E any](s S, n int) S {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(n, len(s)+16))
}

// orderAt is a page a walk in file order has yet to read: page of the walk's tree
// tree. It holds no pointer, so the lists of them cost the collector nothing.
type orderAt struct {
	id   uint64
	tree int32
	page int32
}

// inFileOrder walks the tree whose root is page root in file order, with node's
// checks on every page; depth is the root's. Called from a visitor of a walk in
// file order, it only queues the tree, to be read with the pages of the others.
func (w *Walk) inFileOrder(root uint64, where string, visit VisitFunc, depth int) {
	t := &orderTree{pages: []orderPage{{id: root, depth: int32(depth)}}, where: where, visit: visit, keysOnly: w.keysOnly}
	w.trees = append(w.trees, t)
	w.queue = append(w.queue, orderAt{root, int32(len(w.trees) - 1), 0})
	if w.draining {
		return
	}
	w.draining = true
	defer func() { w.draining = false }()
	for len(w.queue) > 0 {
		in := w.queue
		level := w.sortLevel(in)
		w.queue = nil
		if &level[0] != &in[0] {
			// The level was counted into another list: the next level can
			// reuse this one's.
			w.queue = in[:0]
		}
		for _, l := range level {
			w.orderPage(l)
		}
	}
	w.sorted, w.counts = nil, nil
	for _, t := range w.trees {
		var last []byte
		t.checkOrder(w, 0, t.where, &last)
	}
	w.trees = nil
}

// sortLevel puts a level's pages in file order. A level of many pages (the leaves
// of a large file: about 190,000 at 100k entries, which a comparison sort took
// about 18 ms over) is counted into w.sorted by page number, pages past the file
// last, in the order they came; a small one is sorted in place.
func (w *Walk) sortLevel(level []orderAt) []orderAt {
	if len(level) < 1024 || uint64(len(level)) < w.hwm/16 {
		slices.SortFunc(level, func(a, b orderAt) int { return cmp.Compare(a.id, b.id) })
		return level
	}
	// counts[k+1] is how many pages have key k, then where key k's pages start.
	n := int(w.hwm) + 2
	if cap(w.counts) < n {
		w.counts = make([]uint32, n)
	}
	counts := w.counts[:n]
	clear(counts)
	key := func(id uint64) uint64 { return min(id, w.hwm) }
	for _, l := range level {
		counts[key(l.id)+1]++
	}
	for k := 1; k < n; k++ {
		counts[k] += counts[k-1]
	}
	w.sorted = slices.Grow(w.sorted[:0], len(level))[:len(level)]
	for _, l := range level {
		k := key(l.id)
		w.sorted[counts[k]] = l
		counts[k]++
	}
	return w.sorted
}

// orderPage reads one queued page: a leaf's elements are visited, a branch's
// children queued.
func (w *Walk) orderPage(l orderAt) {
	t := w.trees[l.tree]
	d := int(t.pages[l.page].depth)
	if d > maxWalkDepth {
		w.Problem("%s: the tree is more than %d levels deep", t.where, maxWalkDepth)
		return
	}
	var p []byte
	if t.longLeaves && w.data != nil {
		// Through the mapping, each such start read faults in the 16 pages
		// around it, and the drops unmap them again: about 3 µs a leaf against 1
		// for a ReadAt of its start, most of the walk of 2 GiB of attachments.
		p = w.readHead(l.id)
	} else {
		p = w.first(l.id)
	}
	if p == nil {
		return
	}
	overflow, ok := w.claim(l.id, p)
	if !ok {
		return
	}
	if t.keysOnly && overflow >= faultAround && binary.NativeEndian.Uint16(p[8:]) == boltLeafFlag {
		if len(p) == int(w.ps) {
			w.noteMapped(l.id, 0)
		}
		t.longLeaves = true
		w.orderLeafInPart(t, int(l.page), l.id, overflow, p)
		return
	}
	if len(p) < int(w.ps) {
		// Only the start was read: the page, a branch or a short leaf, is read
		// through the mapping as any other.
		p = w.data[l.id*w.ps : (l.id+1)*w.ps]
	}
	if p = w.whole(l.id, overflow, p); p == nil {
		return
	}
	name := pageName(l.id)
	if binary.NativeEndian.Uint16(p[8:]) != boltBranchFlag {
		w.orderLeaf(t, int(l.page), p, name, d)
		return
	}
	kids := w.branchKids(p, name, t.where)
	t.pages[l.page].kids, t.pages[l.page].nkids = int32(len(t.pages)), int32(len(kids))
	t.pages = grow(t.pages, len(kids))
	for _, k := range kids {
		kid := len(t.pages)
		t.pages = append(t.pages, orderPage{id: k.child, key: t.keep(k.key), depth: int32(d + 1)})
		w.queue = append(w.queue, orderAt{k.child, l.tree, int32(kid)})
	}
}

// orderLeaf walks the elements of a leaf (or notes why p is neither leaf nor
// branch), keeping its first and last key.
func (w *Walk) orderLeaf(t *orderTree, page int, p []byte, name pageName, depth int) {
	var first, last []byte
	has := false
	w.elements(p, name, t.where, &last, func(k, v []byte, isBucket bool) {
		if !has {
			first, has = k, true
		}
		t.visit(k, v, isBucket)
	}, depth)
	if has {
		t.keepLeaf(page, first, last)
	}
}

// orderLeafInPart is orderLeaf for leaf id of a tree read keys only, which runs over
// overflow more pages and whose first page is head: its keys are read, its values
// not (sparseLeaf).
func (w *Walk) orderLeafInPart(t *orderTree, page int, id, overflow uint64, head []byte) {
	var first, last []byte
	has := false
	w.sparseLeaf(id, overflow, head, t.where, &last, func(k, v []byte, isBucket bool) {
		if !has {
			first, has = k, true
		}
		t.visit(k, v, isBucket)
	})
	if has {
		t.keepLeaf(page, first, last)
	}
}

// keepLeaf keeps page's first and last keys for the order check.
func (t *orderTree) keepLeaf(page int, first, last []byte) {
	pg := &t.pages[page]
	pg.leaf, pg.hasKeys = leafKeys{len(t.keys), uint32(len(first)), uint32(len(last))}, true
	t.keys = append(append(grow(t.keys, len(first)+len(last)), first...), last...)
}

type branchKid struct {
	key   []byte
	child uint64
}

// branchKids is the elements of branch page p that lie inside it, noting those
// that do not.
func (w *Walk) branchKids(p []byte, name pageName, where string) []branchKid {
	e := binary.NativeEndian
	count := uint64(e.Uint16(p[10:]))
	if boltPageHeaderSize+count*boltElemSize > uint64(len(p)) {
		w.Problem("%s (%s): %d elements do not fit in it", name, where, count)
		return nil
	}
	kids := make([]branchKid, 0, count)
	for i := range count {
		at := boltPageHeaderSize + i*boltElemSize
		el := p[at : at+boltElemSize]
		off, n := at+uint64(e.Uint32(el[0:])), uint64(e.Uint32(el[4:]))
		if off > uint64(len(p)) || n > uint64(len(p))-off {
			w.Problem("%s (%s): branch element %d reaches outside the page", name, where, i)
			continue
		}
		kids = append(kids, branchKid{p[off : off+n], e.Uint64(el[8:])})
	}
	return kids
}

// checkOrder checks the keys across the pages under page i in key order, as the
// walk in key order does as it goes: a branch's key above every key before it, a
// leaf's first key too. last is the greatest key so far.
func (t *orderTree) checkOrder(w *Walk, i int, where string, last *[]byte) {
	pg := &t.pages[i]
	for kid := pg.kids; kid < pg.kids+pg.nkids; kid++ {
		if key := t.key(t.pages[kid].key); *last != nil && bytes.Compare(key, *last) <= 0 {
			w.Problem("page %d (%s): branch keys out of order", pg.id, where)
		}
		t.checkOrder(w, int(kid), where, last)
	}
	if pg.hasKeys {
		k := pg.leaf
		first := t.keys[k.start : k.start+int(k.first)]
		if *last != nil && bytes.Compare(first, *last) <= 0 {
			w.Problem("page %d (%s): leaf keys out of order", pg.id, where)
		}
		start := k.start + int(k.first)
		*last = t.keys[start : start+int(k.second)]
	}
}
