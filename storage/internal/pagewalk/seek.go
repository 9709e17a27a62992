package pagewalk

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
)

// A walk (walk.go) reads every page of a collection, so reading ten records of a
// large one costs as much as reading them all, and maps the whole file in. A seek
// descends from the root to one key the way bbolt's cursor does, reading only the
// pages on that path, with the walk's checks on each page it reads: the page number
// and overflow inside the file, every element inside its page, keys in order, and
// no deeper than maxWalkDepth. It does not check that pages are reached once (it
// cannot loop: each step goes one level down) nor compare the record counts, which
// need the whole collection; Load, Check and the first write still walk it all.

// seekPage reads page id for a seek: the walk's checks, without marking it reached,
// since several seeks share the pages near the root. Without a mapping it reads
// into the walk's arena (Recycle), guessing that the page has as many overflow
// pages as the last one read, so that a seek of a record of a few KiB is one read
// and no new, zeroed buffer.
func (w *Walk) seekPage(id uint64) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("page %d is outside the file's %d pages", id, w.hwm)
	}
	var p []byte
	if w.data != nil {
		p = w.data[id*w.ps : (id+1)*w.ps]
	} else {
		n := 1 + min(w.guess, w.hwm-id-1)
		p = w.arena.alloc(int(n * w.ps))
		if _, err := w.f.ReadAt(p, int64(id*w.ps)); err != nil {
			return nil, fmt.Errorf("page %d cannot be read: %v", id, err)
		}
	}
	e := binary.NativeEndian
	if got := e.Uint64(p[0:]); got != id {
		return nil, fmt.Errorf("page %d says it is page %d", id, got)
	}
	overflow := uint64(e.Uint32(p[12:]))
	if overflow >= w.hwm-id {
		return nil, fmt.Errorf("page %d runs %d pages past the end of the file", id, overflow)
	}
	switch have := uint64(len(p)) / w.ps; {
	case w.data != nil:
		p = w.data[id*w.ps : (id+1+overflow)*w.ps]
	case have > 1+overflow:
		p = p[:(1+overflow)*w.ps]
	case have < 1+overflow:
		p = w.arena.grow(p, int((1+overflow-have)*w.ps))
		if _, err := w.f.ReadAt(p[have*w.ps:], int64((id+have)*w.ps)); err != nil {
			return nil, fmt.Errorf("page %d cannot be read: %v", id, err)
		}
	}
	if w.data == nil {
		w.guess = min(overflow, maxGuess)
	}
	return p, nil
}

// maxGuess bounds the overflow pages seekPage reads before it knows a page has them.
const maxGuess = 15

// Recycle lets later seeks reuse the memory of the pages seeks have read so far:
// the caller keeps no Elem's Key or Value from them, nor the inline page of
// SeekBucket. Branch pages' elements, which the walk keeps, are copies.
func (w *Walk) Recycle() { w.arena.reset() }

// pageArena hands out the memory of pages read with ReadAt: reads of thousands of
// records (list --tag) otherwise allocate and zero a buffer apiece, about as much
// of their cost as the reads themselves.
type pageArena struct {
	bufs [][]byte
	// The next allocation starts at off in bufs[cur]; the last one began at last.
	cur, off, last int
}

const arenaBuf = 256 << 10

func (a *pageArena) alloc(n int) []byte {
	for a.cur < len(a.bufs) {
		if b := a.bufs[a.cur]; a.off+n <= len(b) {
			a.last, a.off = a.off, a.off+n
			return b[a.last:a.off:a.off]
		}
		a.cur, a.off = a.cur+1, 0
	}
	// Fresh memory: every byte handed out is read into before it is used.
	a.bufs = append(a.bufs, make([]byte, max(n, arenaBuf)))
	a.last, a.off = 0, n
	return a.bufs[a.cur][:n:n]
}

// grow extends p, the last allocation, by n bytes, in place if there is room.
func (a *pageArena) grow(p []byte, n int) []byte {
	if a.cur < len(a.bufs) && a.off-a.last == len(p) && a.off+n <= len(a.bufs[a.cur]) {
		a.off += n
		return a.bufs[a.cur][a.last:a.off:a.off]
	}
	q := a.alloc(len(p) + n)
	copy(q, p)
	return q
}

func (a *pageArena) reset() { a.cur, a.off, a.last = 0, 0, 0 }

// Elem is one element of a page, its key and value checked to lie inside it.
type Elem struct {
	Key, Value []byte // Value is nil on a branch page
	child      uint64 // on a branch page
	IsBucket   bool
}

// seekElements reads and checks every element of page p (a page or an inline
// bucket's page): inside the page, keys strictly increasing. It appends them to
// into.
func seekElements(p []byte, into []Elem) (elems []Elem, branch bool, err error) {
	e := binary.NativeEndian
	flags, count := e.Uint16(p[8:]), uint64(e.Uint16(p[10:]))
	if flags != boltBranchFlag && flags != boltLeafFlag {
		return nil, false, fmt.Errorf("a page is neither a branch nor a leaf (flags %#x)", flags)
	}
	if boltPageHeaderSize+count*boltElemSize > uint64(len(p)) {
		return nil, false, fmt.Errorf("%d elements do not fit in their page", count)
	}
	within := func(off, n uint64) ([]byte, bool) {
		if off > uint64(len(p)) || n > uint64(len(p))-off {
			return nil, false
		}
		return p[off : off+n], true
	}
	elems = slices.Grow(into[:0], int(count))[:count]
	for i := range count {
		at := boltPageHeaderSize + i*boltElemSize
		el := p[at : at+boltElemSize]
		var s Elem
		var ok bool
		if flags == boltBranchFlag {
			s.Key, ok = within(at+uint64(e.Uint32(el[0:])), uint64(e.Uint32(el[4:])))
			s.child = e.Uint64(el[8:])
		} else {
			pos, ksize := at+uint64(e.Uint32(el[4:])), uint64(e.Uint32(el[8:]))
			s.Key, ok = within(pos, ksize)
			if ok {
				var vok bool
				s.Value, vok = within(pos+ksize, uint64(e.Uint32(el[12:])))
				ok = vok
			}
			s.IsBucket = e.Uint32(el[0:])&boltBucketElemFlag != 0
		}
		if !ok {
			return nil, false, fmt.Errorf("element %d reaches outside its page", i)
		}
		if i > 0 && bytes.Compare(s.Key, elems[i-1].Key) <= 0 {
			return nil, false, fmt.Errorf("keys out of order")
		}
		elems[i] = s
	}
	return elems, flags == boltBranchFlag, nil
}

// SeekIn finds key in the tree whose root is page root, or, if root is 0, in the
// inline page inline. It returns the leaf element, or found false if the tree does
// not hold key.
func (w *Walk) SeekIn(root uint64, inline []byte, key []byte) (el Elem, found bool, err error) {
	p := inline
	for depth := 0; ; depth++ {
		if depth > maxWalkDepth {
			return el, false, fmt.Errorf("the tree is more than %d levels deep", maxWalkDepth)
		}
		elems, branch, err := w.seekNode(root, p)
		if err != nil {
			return el, false, err
		}
		// As bbolt's cursor: the first element not below key, or on a branch the
		// one before it unless it is key itself. The keys were checked to be in
		// strictly increasing order, so a binary search finds it.
		i, exact := slices.BinarySearchFunc(elems, key, func(e Elem, k []byte) int { return bytes.Compare(e.Key, k) })
		if !branch {
			if exact {
				return elems[i], true, nil
			}
			return el, false, nil
		}
		root, p = elems[childFor(elems, i, exact)].child, nil
	}
}

// seekNode reads the elements of page root, or of the inline page p if p is not
// nil, with a seek's checks. A branch page's elements are the walk's to keep; a
// leaf's lie in the walk's one buffer until the next seekNode.
func (w *Walk) seekNode(root uint64, p []byte) (elems []Elem, branch bool, err error) {
	read := false
	if p == nil {
		// Seeks in one transaction share the branch pages near the root: read
		// and check each once, and keep its elements (a branch page of a large
		// collection holds about 150, so checking them anew at every seek was
		// most of the cost of reading a few thousand records).
		if elems = w.branches[root]; elems != nil {
			return elems, true, nil
		}
		if p, err = w.seekPage(root); err != nil {
			return nil, false, err
		}
		read = true
	}
	// A leaf's elements are wanted only until the seek returns, so they go in
	// the walk's one buffer.
	if elems, branch, err = seekElements(p, w.leaf); err != nil {
		return nil, false, err
	}
	w.leaf = elems
	if branch && len(elems) == 0 {
		return nil, false, fmt.Errorf("a branch page is empty")
	}
	if branch && read {
		if w.branches == nil {
			w.branches = map[uint64][]Elem{}
		}
		if w.data == nil {
			// The page is in the arena, which Recycle reuses: keep a copy.
			p = bytes.Clone(p)
		}
		if elems, _, err = seekElements(p, nil); err != nil {
			return nil, false, err
		}
		w.branches[root] = elems
	}
	return elems, branch, nil
}

// childFor is the element of a branch page a seek for a key descends by, given
// where a binary search put the key among elems: the last element whose key is
// not above it, or the first if every key is.
func childFor(elems []Elem, i int, exact bool) int {
	if !exact && i > 0 {
		i--
	}
	return min(i, len(elems)-1)
}

// SeekRange calls fn with every leaf element whose key is from lo to hi, both
// included, of the tree whose root is page root (or the inline page inline), in
// order, until fn returns false. It reads only the pages whose keys may lie in
// the range, with a seek's checks on each, so a narrow range of a large tree
// costs about one seek. The element's key and value are valid until the next
// Recycle or Close.
func (w *Walk) SeekRange(root uint64, inline []byte, lo, hi []byte, fn func(Elem) bool) error {
	if bytes.Compare(lo, hi) > 0 {
		return nil
	}
	_, err := w.seekRange(root, inline, lo, hi, fn, 0)
	return err
}

// seekRange is SeekRange below one page; more is false once fn has said stop.
func (w *Walk) seekRange(root uint64, p []byte, lo, hi []byte, fn func(Elem) bool, depth int) (more bool, err error) {
	if depth > maxWalkDepth {
		return false, fmt.Errorf("the tree is more than %d levels deep", maxWalkDepth)
	}
	elems, branch, err := w.seekNode(root, p)
	if err != nil {
		return false, err
	}
	search := func(k []byte) (int, bool) {
		return slices.BinarySearchFunc(elems, k, func(e Elem, k []byte) int { return bytes.Compare(e.Key, k) })
	}
	if !branch {
		for i, _ := search(lo); i < len(elems) && bytes.Compare(elems[i].Key, hi) <= 0; i++ {
			if !fn(elems[i]) {
				return false, nil
			}
		}
		return true, nil
	}
	// The children from the one a seek for lo descends by to the one a seek for
	// hi does hold every key of the range. The branch's elements are the walk's
	// to keep, so reading a child's page does not overwrite them.
	child := func(k []byte) int {
		i, exact := search(k)
		return childFor(elems, i, exact)
	}
	first, last := child(lo), child(hi)
	for i := first; i <= last; i++ {
		if more, err := w.seekRange(elems[i].child, nil, lo, hi, fn, depth+1); err != nil || !more {
			return false, err
		}
	}
	return true, nil
}

// SeekBucket finds the collection bucket name at the top level and returns its
// root page and inline page; ok is false if there is no such bucket.
func (w *Walk) SeekBucket(name []byte) (root uint64, inline []byte, ok bool, err error) {
	el, found, err := w.SeekIn(w.meta.root, nil, name)
	if err != nil || !found {
		return 0, nil, false, err
	}
	if !el.IsBucket {
		return 0, nil, false, fmt.Errorf("top-level key %x is not a collection", name)
	}
	if len(el.Value) < boltBucketHeaderSize {
		return 0, nil, false, fmt.Errorf("the bucket header is %d bytes", len(el.Value))
	}
	root = binary.NativeEndian.Uint64(el.Value)
	if root == 0 {
		inline = el.Value[boltBucketHeaderSize:]
		if len(inline) < boltPageHeaderSize {
			return 0, nil, false, fmt.Errorf("the inline bucket is %d bytes", len(inline))
		}
	}
	return root, inline, true, nil
}
