// Package pagewalk reads a bbolt file's pages without trusting them: a walk of its
// trees and a seek to one key that check every page number, offset and length before
// using it, and the checks of the meta pages and the file's bounds that run before
// bbolt maps anything. The vault (storage) builds its scans, reads and checks on it;
// it knows bbolt's format but nothing of what the vault keeps in it.
package pagewalk

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"

	"github.com/foliohq/folio/storage/internal/base"
)

// bbolt's own traversal trusts the file: on a damaged one it can read outside it,
// follow a branch back to an ancestor forever, or loop over an overflow count of
// billions (see guard.go). Walk reads the same structure with ordinary reads,
// checks every page number, offset and length before using it, and refuses to reach
// a page twice, so it ends on any file. Open walks the top-level tree with it before
// bbolt does; Check walks everything with it instead of with bbolt.

// More of bbolt's format, version 2 (see also guard.go).
const (
	boltBranchFlag       = 0x01
	boltLeafFlag         = 0x02
	boltBucketElemFlag   = 0x01 // on a leaf element: the value is a bucket
	boltElemSize         = 16   // branch: pos, ksize u32, pgid u64; leaf: flags, pos, ksize, vsize u32
	boltBucketHeaderSize = 16   // root pgid u64, sequence u64; an inline page follows if root is 0

	maxWalkDepth    = 64 // far deeper than any sound tree
	maxWalkProblems = 50
)

// Walk is one walk of the file as of one transaction. What it found wrong is in
// Problems; it reads on past a problem where it can.
type Walk struct {
	f *os.File
	// data is the file's pages in use, mapped, or nil to read them with ReadAt. Slices
	// the walk hands out point into it and are valid until close.
	data     []byte
	ps, hwm  uint64
	meta     boltMeta
	reached  pageSet
	problems []string
	// mapped counts the pages read through data since they were last dropped, and
	// [lo, hi) is the range of page numbers they lie in.
	mapped, lo, hi uint64
	// branches are the checked elements of the branch pages seeks have read, by
	// page number; their keys and values point into the walk's pages.
	branches map[uint64][]Elem
	// inSparse is set while the walk reads leaves in part (SetSparse, sparseNode).
	inSparse bool
	// keysOnly is set while the trees a walk in file order queues are read with
	// their multi-page leaves in part (SetKeysOnly).
	keysOnly bool
	// fileOrder is set while the walk reads trees in file order (SetFileOrder);
	// then queue is the pages it has yet to read, of trees, and draining is set
	// while it reads them (order.go).
	fileOrder bool
	draining  bool
	queue     []orderAt
	trees     []*orderTree
	// sorted and counts are sortLevel's, kept from level to level.
	sorted []orderAt
	counts []uint32
	// arena holds the pages seeks read without a mapping; guess is how many
	// overflow pages the last of them had (seekPage).
	arena pageArena
	guess uint64
	// leaf holds the elements of the leaf a seek last read.
	leaf []Elem
}

// dropEvery is how many mapped pages a walk reads before it drops them from the
// process (dropMapped): a walk of the whole file would otherwise keep every page
// of it resident, so a process's memory would follow the size of the vault. The
// pages stay in the file cache and fault back in if read again. The kernel maps in
// up to faultAround pages around each page a read faults, so what is resident
// between drops is up to faultAround times dropEvery pages: at 2048, the first
// write's walk of a 100k-entry vault raised its peak by about 60 MiB more than at
// 256, which costs it about 7% more CPU.
const (
	dropEvery   = 256
	faultAround = 16
)

// Open prepares a walk of the file at path as of transaction txn (the meta page
// bbolt is using for it).
func Open(path string, pageSize int, txn uint64) (*Walk, error) {
	return OpenMapped(path, pageSize, txn, true)
}

// OpenMapped is Open; with mapped false it reads pages with ReadAt. A
// seek, which reads a few pages apiece, reads them so: the kernel maps in the
// pages around every page a mapping faults in, so a few thousand seeks through a
// mapping would make hundreds of megabytes of a large vault resident.
func OpenMapped(path string, pageSize int, txn uint64, mapped bool) (*Walk, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	w := &Walk{f: f, ps: uint64(pageSize)}
	m0, ok0 := readBoltMeta(f, 0)
	m1, ok1 := readBoltMeta(f, int64(pageSize))
	switch {
	case ok0 && m0.txn == txn:
		w.meta = m0
	case ok1 && m1.txn == txn:
		w.meta = m1
	default:
		f.Close()
		return nil, fmt.Errorf("%w: no meta page names transaction %d", base.ErrDamaged, txn)
	}
	w.hwm = min(w.meta.hwm, uint64(st.Size())/w.ps)
	w.reached = newPageSet(w.hwm)
	if n := w.hwm * w.ps; mapped && n > 0 && n <= uint64(st.Size()) && n < 1<<62 {
		if data, err := mapFile(f, int(n)); err == nil {
			w.data = data
		}
	}
	return w, nil
}

// Close unmaps and closes the file; slices the walk handed out are invalid after it.
func (w *Walk) Close() {
	if w.data != nil {
		unmapFile(w.data)
		w.data = nil
	}
	w.f.Close()
}

// Problems is what the walk found wrong so far, at most maxWalkProblems and a note
// that there were more.
func (w *Walk) Problems() []string { return w.problems }

// Problem notes something wrong with the file.
func (w *Walk) Problem(format string, args ...any) {
	switch {
	case len(w.problems) < maxWalkProblems:
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	case len(w.problems) == maxWalkProblems:
		w.problems = append(w.problems, "and more")
	}
}

// page reads page id with its overflow pages, or returns nil after noting why not.
func (w *Walk) page(id uint64) []byte {
	p := w.first(id)
	if p == nil {
		return nil
	}
	overflow, ok := w.claim(id, p)
	if !ok {
		return nil
	}
	return w.whole(id, overflow, p)
}

// first reads the first page of page id, or returns nil after noting why not.
func (w *Walk) first(id uint64) []byte {
	if id < 2 || id >= w.hwm {
		w.Problem("page %d is outside the file's %d pages", id, w.hwm)
		return nil
	}
	// One read for the page itself; its overflow pages, if any, in a second.
	if w.data != nil {
		return w.data[id*w.ps : (id+1)*w.ps]
	}
	p := make([]byte, w.ps)
	if _, err := w.f.ReadAt(p, int64(id*w.ps)); err != nil {
		w.Problem("page %d cannot be read: %v", id, err)
		return nil
	}
	return p
}

// readHead reads the start of page id (sparseHead bytes) with ReadAt, or returns
// nil after noting why not.
func (w *Walk) readHead(id uint64) []byte {
	if id < 2 || id >= w.hwm {
		w.Problem("page %d is outside the file's %d pages", id, w.hwm)
		return nil
	}
	head := make([]byte, min(w.ps, sparseHead))
	if _, err := w.f.ReadAt(head, int64(id*w.ps)); err != nil {
		w.Problem("page %d cannot be read: %v", id, err)
		return nil
	}
	return head
}

// claim checks the header of page id (hdr, at least its first 16 bytes) and marks
// the page and its overflow pages reached. It returns how many overflow pages there
// are, or false after noting why the page cannot be used.
func (w *Walk) claim(id uint64, hdr []byte) (uint64, bool) {
	e := binary.NativeEndian
	overflow := uint64(e.Uint32(hdr[12:]))
	if overflow >= w.hwm-id {
		w.Problem("page %d runs %d pages past the end of the file", id, overflow)
		return 0, false
	}
	for i := range overflow + 1 {
		if w.reached.has(id + i) {
			w.Problem("page %d is reached twice", id+i)
			return 0, false
		}
	}
	for i := range overflow + 1 {
		w.reached.add(id + i)
	}
	if got := e.Uint64(hdr[0:]); got != id {
		w.Problem("page %d says it is page %d", id, got)
		return 0, false
	}
	return overflow, true
}

// whole returns page id with its overflow pages, given its first page p as first
// read it.
func (w *Walk) whole(id, overflow uint64, p []byte) []byte {
	switch {
	case overflow > 0 && w.data != nil:
		p = w.data[id*w.ps : (id+1+overflow)*w.ps]
	case overflow > 0:
		p = append(p, make([]byte, overflow*w.ps)...)
		if _, err := w.f.ReadAt(p[w.ps:], int64((id+1)*w.ps)); err != nil {
			w.Problem("page %d cannot be read: %v", id, err)
			return nil
		}
	}
	w.noteMapped(id, overflow)
	return p
}

// noteMapped counts page id and its overflow pages as read through the mapping, and
// drops what was read once there is enough of it.
func (w *Walk) noteMapped(id, overflow uint64) {
	if w.data != nil {
		if w.mapped == 0 {
			w.lo, w.hi = id, id
		}
		w.lo, w.hi = min(w.lo, id), max(w.hi, id+1+overflow)
		if w.mapped += overflow + 1; w.mapped >= dropEvery {
			// Slices into data stay valid: dropped pages read back from the file,
			// which bbolt does not change under a read transaction. Only the
			// range read since the last drop, widened to the 16-page blocks the
			// kernel maps in around a fault: the kernel visits every page of the
			// range it is given, so dropping the whole mapping this often would
			// cost more than the walk.
			lo, hi := w.lo&^(faultAround-1), min((w.hi+faultAround-1)&^(faultAround-1), w.hwm)
			dropMapped(w.data[lo*w.ps : hi*w.ps])
			w.mapped = 0
		}
	}
}

// SeeBlank makes the walk see pages ids as zeros where it reads them through its
// mapping, and returns what undoes it (before Close, which unmaps the mapping). It
// is for tests that show a walk does not read those pages through the mapping.
func (w *Walk) SeeBlank(ids ...uint64) (undo func()) {
	mapped := w.data
	if mapped == nil {
		return func() {}
	}
	w.data = slices.Clone(mapped)
	for _, id := range ids {
		clear(w.data[id*w.ps : (id+1)*w.ps])
	}
	return func() { w.data = mapped }
}

// SetSparse turns on or off reading leaves in part: while on, the walk reads a
// multi-page leaf's elements and keys but not its values (sparseNode), for a caller
// that reads no value but a nested bucket's.
func (w *Walk) SetSparse(on bool) { w.inSparse = on }

// sparseHead is how much of a page's start sparseNode reads at first: the header,
// the elements of a leaf of a few values and its first key.
const sparseHead = 256

// sparseNode is node for a bucket whose values run over several pages (the
// attachments' chunks: a leaf of two spans 33 pages), in a walk whose visitor reads
// no value but a nested bucket's (scanTree without keep). It reads a page's start
// with ReadAt, and of a leaf that runs over several pages only its elements and
// keys, never through the mapping: there each key read faulted in the 16 pages
// around it, most of the first write's walk of a vault with large attachments. The
// checks, and the problems noted, are node's.
func (w *Walk) sparseNode(id uint64, where string, last *[]byte, visit VisitFunc, depth int) {
	head := w.readHead(id)
	if head == nil {
		return
	}
	overflow, ok := w.claim(id, head)
	if !ok {
		return
	}
	if overflow == 0 || binary.NativeEndian.Uint16(head[8:]) != boltLeafFlag {
		// A branch, or a leaf of one page: read whole, as node does.
		p := w.first(id)
		if p != nil {
			p = w.whole(id, overflow, p)
		}
		if p != nil {
			w.elements(p, pageName(id), where, last, visit, depth)
		}
		return
	}
	w.sparseLeaf(id, overflow, head, where, last, visit)
}

// sparseLeaf walks the elements of leaf id, which runs over overflow more pages and
// starts with head, reading their keys but not their values: the visitor gets a
// value that is in the page as an empty slice, one that reaches outside it as nil,
// and a nested bucket's whole. elements' checks, for a leaf.
func (w *Walk) sparseLeaf(id, overflow uint64, head []byte, where string, last *[]byte, visit VisitFunc) {
	e := binary.NativeEndian
	span := (overflow + 1) * w.ps
	base := int64(id * w.ps)
	count := uint64(e.Uint16(head[10:]))
	need := boltPageHeaderSize + count*boltElemSize
	if need > span {
		w.Problem("page %d (%s): %d elements do not fit in it", id, where, count)
		return
	}
	// read returns the n bytes at off in the page, from buf if they are there.
	buf := head
	read := func(off, n uint64) ([]byte, bool) {
		if off+n <= uint64(len(buf)) {
			return buf[off : off+n], true
		}
		b := make([]byte, n)
		if _, err := w.f.ReadAt(b, base+int64(off)); err != nil {
			w.Problem("page %d cannot be read: %v", id, err)
			return nil, false
		}
		return b, true
	}
	if need > uint64(len(buf)) {
		var ok bool
		if buf, ok = read(0, need); !ok {
			return
		}
	}
	for i := range count {
		at := boltPageHeaderSize + i*boltElemSize
		el := buf[at : at+boltElemSize]
		pos, ksize, vsize := at+uint64(e.Uint32(el[4:])), uint64(e.Uint32(el[8:])), uint64(e.Uint32(el[12:]))
		if pos > span || ksize > span-pos {
			w.Problem("page %d (%s): leaf element %d reaches outside the page", id, where, i)
			continue
		}
		key, ok := read(pos, ksize)
		if !ok {
			return
		}
		if *last != nil && string(key) <= string(*last) {
			w.Problem("page %d (%s): leaf keys out of order", id, where)
		}
		*last = key
		isBucket := e.Uint32(el[0:])&boltBucketElemFlag != 0
		var value []byte
		switch {
		case vsize > span-pos-ksize:
			// The key is sound, so the damage is reported by the visitor, by name.
		case isBucket:
			if value, ok = read(pos+ksize, vsize); !ok {
				return
			}
		default:
			value = head[:0]
		}
		visit(key, value, isBucket)
	}
}

// pageName names a page in a problem: its number, or inlinePage. Formatting the
// name only when there is a problem saves a walk of a large file a Sprintf a page.
type pageName uint64

// inlinePage names the page inline in a bucket's value; page 0 is a meta page,
// which no tree reaches.
const inlinePage pageName = 0

func (n pageName) String() string {
	if n == inlinePage {
		return "an inline page"
	}
	return fmt.Sprintf("page %d", uint64(n))
}

// VisitFunc receives each leaf element of a tree in key order. The slices point into
// the walk's own buffers and stay valid. value is nil if it reaches outside its page.
type VisitFunc func(key, value []byte, isBucket bool)

// Root walks the top-level tree, whose leaves name the buckets.
func (w *Walk) Root(visit VisitFunc) {
	if w.fileOrder {
		w.inFileOrder(w.meta.root, "the top level", visit, 0)
		return
	}
	var last []byte
	w.node(w.meta.root, "the top level", &last, visit, 0)
}

// Bucket walks the bucket whose header is value.
func (w *Walk) Bucket(value []byte, where string, visit VisitFunc, depth int) {
	if len(value) < boltBucketHeaderSize {
		w.Problem("%s: the bucket header is %d bytes", where, len(value))
		return
	}
	var last []byte
	if root := binary.NativeEndian.Uint64(value); root != 0 {
		if w.fileOrder && !w.inSparse {
			w.inFileOrder(root, where, visit, depth+1)
			return
		}
		w.node(root, where, &last, visit, depth+1)
		return
	}
	inline := value[boltBucketHeaderSize:]
	if len(inline) < boltPageHeaderSize {
		w.Problem("%s: the inline bucket is %d bytes", where, len(inline))
		return
	}
	w.elements(inline, inlinePage, where, &last, visit, depth+1)
}

func (w *Walk) node(id uint64, where string, last *[]byte, visit VisitFunc, depth int) {
	if depth > maxWalkDepth {
		w.Problem("%s: the tree is more than %d levels deep", where, maxWalkDepth)
		return
	}
	if w.inSparse {
		w.sparseNode(id, where, last, visit, depth)
		return
	}
	if p := w.page(id); p != nil {
		w.elements(p, pageName(id), where, last, visit, depth)
	}
}

// elements walks the elements of one page; p may be an inline page in a bucket value.
func (w *Walk) elements(p []byte, name pageName, where string, last *[]byte, visit VisitFunc, depth int) {
	e := binary.NativeEndian
	flags, count := e.Uint16(p[8:]), uint64(e.Uint16(p[10:]))
	if boltPageHeaderSize+count*boltElemSize > uint64(len(p)) {
		w.Problem("%s (%s): %d elements do not fit in it", name, where, count)
		return
	}
	// within returns p[off:off+n], or false if that is not all inside p.
	within := func(off, n uint64) ([]byte, bool) {
		if off > uint64(len(p)) || n > uint64(len(p))-off {
			return nil, false
		}
		return p[off : off+n], true
	}
	for i := range count {
		at := boltPageHeaderSize + i*boltElemSize
		el := p[at : at+boltElemSize]
		switch flags {
		case boltBranchFlag:
			key, ok := within(at+uint64(e.Uint32(el[0:])), uint64(e.Uint32(el[4:])))
			if !ok {
				w.Problem("%s (%s): branch element %d reaches outside the page", name, where, i)
				continue
			}
			// A branch key is the least key under it, so above every key before it.
			if *last != nil && string(key) <= string(*last) {
				w.Problem("%s (%s): branch keys out of order", name, where)
			}
			w.node(e.Uint64(el[8:]), where, last, visit, depth+1)
		case boltLeafFlag:
			pos, ksize := at+uint64(e.Uint32(el[4:])), uint64(e.Uint32(el[8:]))
			key, ok1 := within(pos, ksize)
			value, ok2 := within(pos+ksize, uint64(e.Uint32(el[12:])))
			if !ok1 {
				w.Problem("%s (%s): leaf element %d reaches outside the page", name, where, i)
				continue
			}
			if !ok2 {
				// The key is sound, so the damage is reported by the visitor, by name.
				value = nil
			}
			if *last != nil && string(key) <= string(*last) {
				w.Problem("%s (%s): leaf keys out of order", name, where)
			}
			*last = key
			visit(key, value, e.Uint32(el[0:])&boltBucketElemFlag != 0)
		default:
			w.Problem("%s (%s) is neither a branch nor a leaf (flags %#x)", name, where, flags)
			return
		}
	}
}

// pageSet is a set of the page numbers below a walk's high-water mark, a bit each,
// in blocks made as the walk first reaches a page of theirs: a walk that reaches a
// few pages of a large file (a Load, at every open) does not allocate and clear a
// bit for every page of it. As a map, marking the pages reached cost a walk of a
// large vault about a sixth of its time.
type pageSet []*[pageSetBlock / 64]uint64

// pageSetBlock is how many pages one block of a pageSet covers: 512 bytes of bits,
// 16 MiB of a file of 4 KiB pages.
const pageSetBlock = 4096

func newPageSet(n uint64) pageSet { return make(pageSet, (n+pageSetBlock-1)/pageSetBlock) }

func (s pageSet) has(id uint64) bool {
	b := s[id/pageSetBlock]
	i := id % pageSetBlock
	return b != nil && b[i/64]&(1<<(i%64)) != 0
}

func (s pageSet) add(id uint64) {
	b := s[id/pageSetBlock]
	if b == nil {
		b = new([pageSetBlock / 64]uint64)
		s[id/pageSetBlock] = b
	}
	i := id % pageSetBlock
	b[i/64] |= 1 << (i % 64)
}

// Finish checks that every page is either reached or on the freelist, and never both,
// as bbolt's own check does.
func (w *Walk) Finish() {
	free := newPageSet(w.hwm)
	if p := w.page(w.meta.freelist); p != nil {
		e := binary.NativeEndian
		count, first := uint64(e.Uint16(p[10:])), uint64(0)
		if count == 0xFFFF {
			count, first = e.Uint64(p[boltPageHeaderSize:]), 1
		}
		room := (uint64(len(p)) - boltPageHeaderSize) / boltPgidSize
		if e.Uint16(p[8:]) != boltFreelistFlag || first > room || count > room-first {
			w.Problem("the freelist page %d is corrupt", w.meta.freelist)
			return
		}
		for i := range count {
			id := e.Uint64(p[boltPageHeaderSize+(first+i)*boltPgidSize:])
			if id < 2 || id >= w.hwm {
				w.Problem("the freelist names page %d, outside the file", id)
				continue
			}
			if w.reached.has(id) {
				w.Problem("page %d is in use and free", id)
			}
			free.add(id)
		}
	}
	for id := uint64(2); id < w.hwm; id++ {
		if !w.reached.has(id) && !free.has(id) {
			w.Problem("page %d is neither in use nor free", id)
		}
	}
}
