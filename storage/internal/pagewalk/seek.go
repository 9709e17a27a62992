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
// since several seeks share the pages near the root.
func (w *Walk) seekPage(id uint64) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("page %d is outside the file's %d pages", id, w.hwm)
	}
	var p []byte
	if w.data != nil {
		p = w.data[id*w.ps : (id+1)*w.ps]
	} else {
		p = make([]byte, w.ps)
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
	switch {
	case overflow > 0 && w.data != nil:
		p = w.data[id*w.ps : (id+1+overflow)*w.ps]
	case overflow > 0:
		p = append(p, make([]byte, overflow*w.ps)...)
		if _, err := w.f.ReadAt(p[w.ps:], int64((id+1)*w.ps)); err != nil {
			return nil, fmt.Errorf("page %d cannot be read: %v", id, err)
		}
	}
	return p, nil
}

// Elem is one element of a page, its key and value checked to lie inside it.
type Elem struct {
	Key, Value []byte // Value is nil on a branch page
	child      uint64 // on a branch page
	IsBucket   bool
}

// seekElements reads and checks every element of page p (a page or an inline
// bucket's page): inside the page, keys strictly increasing.
func seekElements(p []byte) (elems []Elem, branch bool, err error) {
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
	elems = make([]Elem, count)
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
		var elems []Elem
		branch, read := false, false
		if p == nil {
			// Seeks in one transaction share the branch pages near the root: read
			// and check each once, and keep its elements (a branch page of a large
			// collection holds about 150, so checking them anew at every seek was
			// most of the cost of reading a few thousand records).
			if elems = w.branches[root]; elems != nil {
				branch = true
			} else if p, err = w.seekPage(root); err != nil {
				return el, false, err
			} else {
				read = true
			}
		}
		if elems == nil {
			if elems, branch, err = seekElements(p); err != nil {
				return el, false, err
			}
			if branch && read && len(elems) > 0 {
				if w.branches == nil {
					w.branches = map[uint64][]Elem{}
				}
				w.branches[root] = elems
			}
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
		if len(elems) == 0 {
			return el, false, fmt.Errorf("a branch page is empty")
		}
		if !exact && i > 0 {
			i--
		}
		if i == len(elems) {
			i--
		}
		root, p = elems[i].child, nil
	}
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
