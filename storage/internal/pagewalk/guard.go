package pagewalk

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"os"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
)

// bbolt trusts the page numbers and offsets it finds in the file and reads them through
// a memory map. On a damaged file it panics, or it reads outside the file, which is a
// fatal fault unless the reading goroutine asked for a panic instead. So code that walks
// the file's pages runs with debug.SetPanicOnFault(true) and defers Recover, and
// openFile checks, with ordinary reads, that the file holds every page bbolt will map.

// Recover, deferred, reports a panic from a damaged file as base.ErrDamaged.
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: the file structure is corrupt (%v)", base.ErrDamaged, r)
	}
}

// bbolt's file format, version 2, as far as CheckBounds reads it. bbolt writes it in the
// machine's byte order.
const (
	boltMagic          = 0xED0CDAED
	boltVersion        = 2
	boltPageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	boltMetaSize       = 64
	boltMetaSummed     = 56 // the meta's FNV-1a checksum covers the bytes before it
	boltFreelistFlag   = 0x10
	boltNoFreelist     = ^uint64(0)
	boltPgidSize       = 8
)

type boltMeta struct {
	pageSize                 uint32
	root, freelist, hwm, txn uint64
}

// Rollback describes a vault whose newest bbolt meta page is damaged, so that bbolt
// fell back to the one before and the vault opened as it was before its last change.
type Rollback struct {
	Txn     uint64    // the transaction the vault opened at
	LostTxn uint64    // the transaction that was lost; 0 if its number cannot be read
	Saved   time.Time // when the vault's records were last changed as of Txn; zero if not recorded
}

func (r *Rollback) Error() string {
	lost := "the last change saved to the vault"
	if r.LostTxn != 0 {
		lost = fmt.Sprintf("the last change saved to the vault (transaction %d)", r.LostTxn)
	}
	as := fmt.Sprintf("as it was before it, at transaction %d", r.Txn)
	if !r.Saved.IsZero() {
		as += fmt.Sprintf(", last changed on %s", r.Saved.Local().Format("2 Jan 2006 at 15:04"))
	}
	return lost + " could not be read, and its date is not recorded anywhere that survived; the vault is " + as
}

// InspectMetas reads both meta pages as bbolt does. bbolt uses the valid one with the
// higher transaction ID, so if the newest is damaged it silently opens the file as it
// was one transaction earlier. bbolt writes transaction t's meta to page t mod 2, so the
// two pages hold consecutive IDs: if the damaged page's ID field still reads one less
// than the valid page's, it was the older one and nothing is lost (note says so);
// otherwise the newest change is lost (rb), or cannot be ruled out.
func InspectMetas(path string, pageSize int) (rb *Rollback, note string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	var m [2]boltMeta
	var ok [2]bool
	for i := range 2 {
		m[i], ok[i] = readBoltMeta(f, int64(i*pageSize))
	}
	if ok[0] == ok[1] {
		return nil, "" // both sound, or bbolt would not have opened the file
	}
	good, bad := 0, 1
	if ok[1] {
		good, bad = 1, 0
	}
	var raw [8]byte
	f.ReadAt(raw[:], int64(bad*pageSize+boltPageHeaderSize+48))
	t, r := m[good].txn, binary.NativeEndian.Uint64(raw[:])
	if r+1 == t && r%2 == uint64(bad) {
		return nil, fmt.Sprintf("meta page %d is damaged; it held the change before the last one, so nothing is lost, and the next change rewrites it", bad)
	}
	rb = &Rollback{Txn: t}
	if r == t+1 && r%2 == uint64(bad) {
		rb.LostTxn = r
	}
	return rb, ""
}

func readBoltMeta(f *os.File, off int64) (boltMeta, bool) {
	var b [boltPageHeaderSize + boltMetaSize]byte
	if _, err := f.ReadAt(b[:], off); err != nil {
		return boltMeta{}, false
	}
	m, e := b[boltPageHeaderSize:], binary.NativeEndian
	sum := fnv.New64a()
	sum.Write(m[:boltMetaSummed])
	if e.Uint32(m[0:]) != boltMagic || e.Uint32(m[4:]) != boltVersion || e.Uint64(m[56:]) != sum.Sum64() {
		return boltMeta{}, false
	}
	return boltMeta{
		pageSize: e.Uint32(m[8:]),
		root:     e.Uint64(m[16:]),
		freelist: e.Uint64(m[32:]),
		hwm:      e.Uint64(m[40:]),
		txn:      e.Uint64(m[48:]),
	}, true
}

// CheckBounds refuses a file that is shorter than the pages its current bbolt meta page
// names, or whose freelist names pages outside it: bbolt would read past the end of the
// file (a file cut short by a full disk or an interrupted copy is the usual case), or
// allocate what the freelist's count says. pageSize is what bbolt found.
func CheckBounds(path string, pageSize int) error {
	damaged := func(why string, args ...any) error {
		return fmt.Errorf("%w: %s", base.ErrDamaged, fmt.Sprintf(why, args...))
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	// bbolt uses the valid meta page with the higher transaction ID.
	m0, ok0 := readBoltMeta(f, 0)
	m1, ok1 := readBoltMeta(f, int64(pageSize))
	m := m0
	switch {
	case ok1 && (!ok0 || m1.txn > m0.txn):
		m = m1
	case !ok0:
		return damaged("neither of the file's meta pages is valid")
	}
	ps := uint64(pageSize)
	if uint64(m.pageSize) != ps {
		return damaged("the meta page names page size %d, not %d", m.pageSize, ps)
	}
	pages := uint64(st.Size()) / ps
	switch {
	case m.hwm < 2 || m.hwm > pages:
		return damaged("the file holds %d pages but its structure names %d; it was cut short", pages, m.hwm)
	case m.root < 2 || m.root >= m.hwm:
		return damaged("the root page %d is outside the file", m.root)
	case m.freelist == boltNoFreelist:
		return damaged("the file has no freelist")
	case m.freelist < 2 || m.freelist >= m.hwm:
		return damaged("the freelist page %d is outside the file", m.freelist)
	}
	var h [boltPageHeaderSize + boltPgidSize]byte
	if _, err := f.ReadAt(h[:], int64(m.freelist*ps)); err != nil {
		return damaged("the freelist page cannot be read (%v)", err)
	}
	e := binary.NativeEndian
	flags, count, overflow := e.Uint16(h[8:]), uint64(e.Uint16(h[10:])), uint64(e.Uint32(h[12:]))
	first := uint64(0)
	if count == 0xFFFF {
		// A long freelist keeps its length in its first element.
		count, first = e.Uint64(h[boltPageHeaderSize:]), 1
	}
	if flags != boltFreelistFlag || overflow >= m.hwm-m.freelist {
		return damaged("the freelist page %d is corrupt", m.freelist)
	}
	room := ((overflow+1)*ps - boltPageHeaderSize) / boltPgidSize
	if first > room || count > room-first {
		return damaged("the freelist page %d names more pages than it holds", m.freelist)
	}
	ids := make([]byte, count*boltPgidSize)
	if _, err := f.ReadAt(ids, int64(m.freelist*ps+boltPageHeaderSize+first*boltPgidSize)); err != nil {
		return damaged("the freelist page cannot be read (%v)", err)
	}
	for i := 0; i < len(ids); i += boltPgidSize {
		if id := e.Uint64(ids[i:]); id < 2 || id >= m.hwm {
			return damaged("the freelist names page %d, outside the file", id)
		}
	}
	return nil
}

// Parts of bbolt's format that the vault's damage tests aim at.
const (
	PageHeaderSize = boltPageHeaderSize
	FreelistFlag   = boltFreelistFlag
	BranchFlag     = boltBranchFlag
	LeafFlag       = boltLeafFlag
	ElemSize       = boltElemSize
	// DropEvery is how many mapped pages a walk reads before it drops them.
	DropEvery = dropEvery
)

// Meta is what a meta page names: the root and freelist pages, and its transaction.
type Meta struct{ Root, Freelist, Txn uint64 }

// ReadMeta reads the meta page at offset off of f; ok is false if it is not valid.
func ReadMeta(f *os.File, off int64) (m Meta, ok bool) {
	b, ok := readBoltMeta(f, off)
	return Meta{Root: b.root, Freelist: b.freelist, Txn: b.txn}, ok
}
