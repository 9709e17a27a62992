// Package wire is the byte layout of the files folio's sync writes into a sync
// folder (docs/SYNC.md): change sets, snapshots, key files and attachment chunks,
// each sealed with the vault's key and bound to its place, and their names. It
// reads and writes bytes only; portfolio/sync reads and writes the folder.
package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// The change-set file: a header in the clear, then the sealed body (docs/SYNC.md).
const (
	magic      = "folio-cs"
	fileFormat = 1
	bodyFormat = 1
	// bodyFormatAttach is a body with attachments after its versions.
	bodyFormatAttach = 2
	// bodyFormatChunks is a body with attachments by reference to their chunk files,
	// and attachment marks, after its versions: what folio writes.
	bodyFormatChunks = 3
	markSize         = store.RecordIDSize + 1 + 12 + 8
	HeaderSize       = len(magic) + 1 + store.DeviceIDSize + 8 + 8
	adSize           = HeaderSize - 8 // the header but the length
	fileSuffix       = ".fcs"
	seqDigits        = 16
	vecEntrySize     = store.DeviceIDSize + 8 + 8 + 4
	// maxBody bounds what a Reader allocates for a file: far above any real change set.
	maxBody = 1 << 30
)

// Errors a Reader tells apart: an incomplete file is skipped until a sync engine has
// finished it; a refused one is named and never applied.
var (
	ErrIncomplete = errors.New("still being written")
	ErrRefused    = errors.New("refused")
)

// Entry is one device's knowledge of another's change sets: the last one applied, in
// order, and the newest clock among the versions of those applied.
type Entry struct {
	Seq   uint64
	Clock portfolio.Clock
}

// ChangeSet is one sealed file: a batch of one device's versions, with what that
// device had applied of every other device's when it sealed it.
type ChangeSet struct {
	Device   portfolio.DeviceID
	Seq      uint64
	Sealed   time.Time
	Vector   map[portfolio.DeviceID]Entry
	Versions []store.Version
	// Attachments added on the writer since its last change set, whole (body format
	// 2, read only).
	Attachments []manifest.SyncAttachment
	// Refs are attachments added on the writer since its last change set, whose
	// bytes are in chunk files beside it (body format 3).
	Refs []AttachRef
	// Marks are the writer's removals, restores and erasures of attachments since
	// its last change set (body format 3).
	Marks []manifest.SyncMark
}

// AttachRef is an attachment a change set carries by reference: its manifest, and
// how many chunk files hold its bytes.
type AttachRef struct {
	ID       store.RecordID
	Manifest []byte
	Chunks   uint32
}

// HasAttachments says whether c carries attachments or marks, which a reader keeps
// and applies after its versions.
func (c *ChangeSet) HasAttachments() bool {
	return len(c.Attachments) > 0 || len(c.Refs) > 0 || len(c.Marks) > 0
}

// FileName is the change set's path inside the folder, with / as separator.
func FileName(d portfolio.DeviceID, seq uint64) string {
	return d.String() + "/" + fmt.Sprintf("%0*d", seqDigits, seq) + fileSuffix
}

// ParseSeqName reads a change set's file name ("0000000000000007.fcs").
func ParseSeqName(name string) (uint64, bool) {
	num, ok := strings.CutSuffix(name, fileSuffix)
	if !ok || len(num) != seqDigits {
		return 0, false
	}
	n, err := strconv.ParseUint(num, 10, 64)
	return n, err == nil && n > 0
}

// ParseDeviceName reads a device directory's name: 32 lower-case hex digits.
func ParseDeviceName(name string) (portfolio.DeviceID, bool) {
	var d portfolio.DeviceID
	if len(name) != 2*store.DeviceIDSize || strings.ToLower(name) != name {
		return d, false
	}
	b, err := hex.DecodeString(name)
	if err != nil {
		return d, false
	}
	copy(d[:], b)
	return d, true
}

func associated(d portfolio.DeviceID, seq uint64) []byte {
	ad := make([]byte, 0, adSize)
	ad = append(ad, magic...)
	ad = append(ad, fileFormat)
	ad = append(ad, d[:]...)
	return binary.BigEndian.AppendUint64(ad, seq)
}

// Sealer seals and opens with the vault's key; *portfolio.Portfolio is one.
type Sealer interface {
	SealSync(ad, plain []byte) ([]byte, error)
	OpenSync(ad, sealed []byte) ([]byte, error)
}

var _ Sealer = (*portfolio.Portfolio)(nil)

// Marshal is the change set's body plaintext.
func (c *ChangeSet) Marshal() []byte {
	b := []byte{bodyFormat}
	switch {
	case len(c.Refs) > 0 || len(c.Marks) > 0:
		b[0] = bodyFormatChunks
	case len(c.Attachments) > 0:
		b[0] = bodyFormatAttach
	}
	b = binary.BigEndian.AppendUint64(b, uint64(c.Sealed.UnixMicro()))
	devs := make([]portfolio.DeviceID, 0, len(c.Vector))
	for d := range c.Vector {
		devs = append(devs, d)
	}
	slices.SortFunc(devs, func(a, b portfolio.DeviceID) int { return bytes.Compare(a[:], b[:]) })
	b = binary.AppendUvarint(b, uint64(len(devs)))
	for _, d := range devs {
		e := c.Vector[d]
		b = append(b, d[:]...)
		b = binary.BigEndian.AppendUint64(b, e.Seq)
		b = AppendClock(b, e.Clock)
	}
	b = binary.AppendUvarint(b, uint64(len(c.Versions)))
	for _, v := range c.Versions {
		b = binary.AppendUvarint(b, uint64(len(v.Collection)))
		b = append(b, v.Collection...)
		b = append(b, v.ID[:]...)
		b = appendVersion(b, v.Tombstone, v.Clock, v.Saved, v.Plain)
	}
	if b[0] == bodyFormatChunks {
		b = binary.AppendUvarint(b, uint64(len(c.Refs)))
		for _, a := range c.Refs {
			b = append(b, a.ID[:]...)
			b = binary.AppendUvarint(b, uint64(len(a.Manifest)))
			b = append(b, a.Manifest...)
			b = binary.AppendUvarint(b, uint64(a.Chunks))
		}
		b = binary.AppendUvarint(b, uint64(len(c.Marks)))
		for _, m := range c.Marks {
			b = append(b, m.ID[:]...)
			b = append(b, m.State)
			b = AppendClock(b, m.Clock)
			var when int64
			if !m.When.IsZero() {
				when = m.When.UnixMicro()
			}
			b = binary.BigEndian.AppendUint64(b, uint64(when))
		}
	} else if len(c.Attachments) > 0 {
		b = binary.AppendUvarint(b, uint64(len(c.Attachments)))
		for _, a := range c.Attachments {
			b = append(b, a.ID[:]...)
			b = binary.AppendUvarint(b, uint64(len(a.Manifest)))
			b = append(b, a.Manifest...)
			b = binary.AppendUvarint(b, uint64(len(a.Data)))
			b = append(b, a.Data...)
		}
	}
	return b
}

func AppendClock(b []byte, c portfolio.Clock) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(c.Micros))
	return binary.BigEndian.AppendUint32(b, c.Logical)
}

// Seal makes the whole file.
func (c *ChangeSet) Seal(s Sealer) ([]byte, error) {
	return sealFile(s, associated(c.Device, c.Seq), c.Marshal())
}

// sealFile makes what a change set's and a snapshot's file share: ad (the place the
// file names), the sealed body's length, and plain sealed under ad; plain is wiped.
func sealFile(s Sealer, ad, plain []byte) ([]byte, error) {
	defer clear(plain)
	sealed, err := s.SealSync(ad, plain)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, HeaderSize+len(sealed))
	out = append(out, ad...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(sealed)))
	return append(out, sealed...), nil
}

// Open reads a whole file found as device/seq: ErrIncomplete if it is shorter than
// its header says (a sync engine is still writing it), ErrRefused (wrapped, with the
// reason) if it is not that device's change set of that number, sealed with this
// vault's key, intact.
func Open(s Sealer, d portfolio.DeviceID, seq uint64, file []byte) (*ChangeSet, error) {
	if len(file) < HeaderSize {
		if !bytes.HasPrefix([]byte(magic), file[:min(len(file), len(magic))]) {
			return nil, fmt.Errorf("%w: not a change set", ErrRefused)
		}
		return nil, ErrIncomplete
	}
	if string(file[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a change set", ErrRefused)
	}
	if file[len(magic)] != fileFormat {
		return nil, fmt.Errorf("%w: change-set format %d is unknown", ErrRefused, file[len(magic)])
	}
	plain, err := openSealed(s, file, associated(d, seq))
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	c, err := parseBody(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	c.Device, c.Seq = d, seq
	for i := range c.Versions {
		c.Versions[i].Device = d
	}
	for i := range c.Marks {
		c.Marks[i].Device = d
	}
	if _, ok := c.Vector[d]; ok {
		return nil, fmt.Errorf("%w: its vector names its own device", ErrRefused)
	}
	return c, nil
}

// Reader reads the fields of a body in turn (and the sync state, in portfolio/sync).
type Reader struct {
	b   []byte
	err error
}

// NewReader reads b field by field; a read past its end sets Err and returns zeros.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Len is how many bytes are left.
func (r *Reader) Len() int { return len(r.b) }

// Err is the first read that failed, nil if none.
func (r *Reader) Err() error { return r.err }

// Take reads n bytes.
func (r *Reader) Take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err = errors.New("its body is cut short")
		return make([]byte, max(n, 0))
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// Uvarint reads a varint of at most limit, in its shortest encoding.
func (r *Reader) Uvarint(limit int) int {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.b)
	// One encoding per value: a longer varint than needed is refused too.
	if k <= 0 || n > uint64(limit) || k != len(binary.AppendUvarint(nil, n)) {
		r.err = errors.New("a count in its body is out of range")
		return 0
	}
	r.b = r.b[k:]
	return int(n)
}

// U64 reads a big-endian uint64.
func (r *Reader) U64() uint64 { return binary.BigEndian.Uint64(r.Take(8)) }

// Clock reads a clock: wall microseconds (8), then counter (4).
func (r *Reader) Clock() portfolio.Clock {
	b := r.Take(12)
	return portfolio.Clock{Micros: int64(binary.BigEndian.Uint64(b)), Logical: binary.BigEndian.Uint32(b[8:])}
}

// parseBody reads a change set's body (docs/SYNC.md "The body", formats 1 to 3). It
// is one function on purpose: it reads the layout field by field in the order the
// document gives it, so the two can be checked against each other line by line.
func parseBody(b []byte) (*ChangeSet, error) {
	r := &Reader{b: b}
	format := r.Take(1)[0]
	if r.err == nil && format != bodyFormat && format != bodyFormatAttach && format != bodyFormatChunks {
		return nil, fmt.Errorf("body format %d is unknown", format)
	}
	c := &ChangeSet{Vector: map[portfolio.DeviceID]Entry{}}
	c.Sealed = time.UnixMicro(int64(r.U64())).UTC()
	nv := r.Uvarint(len(r.b) / vecEntrySize)
	var prev portfolio.DeviceID
	for i := range nv {
		var d portfolio.DeviceID
		copy(d[:], r.Take(store.DeviceIDSize))
		if i > 0 && bytes.Compare(prev[:], d[:]) >= 0 {
			return nil, errors.New("its vector is out of order")
		}
		prev = d
		c.Vector[d] = Entry{Seq: r.U64(), Clock: r.Clock()}
	}
	n := r.Uvarint(len(r.b))
	for range n {
		var v store.Version
		v.Collection = string(r.Take(r.Uvarint(255)))
		copy(v.ID[:], r.Take(store.RecordIDSize))
		flags := r.Take(1)[0]
		if flags > 1 {
			return nil, fmt.Errorf("a version has unknown flags %#x", flags)
		}
		v.Tombstone = flags == 1
		v.Clock = r.Clock()
		if saved := int64(r.U64()); saved != 0 {
			v.Saved = time.UnixMicro(saved).UTC()
		}
		v.Plain = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
		if r.err != nil {
			break
		}
		if v.Tombstone && len(v.Plain) > 0 {
			return nil, errors.New("a deletion holds a record")
		}
		if len(c.Versions) > 0 && v.Clock.Compare(c.Versions[len(c.Versions)-1].Clock) < 0 {
			return nil, errors.New("its versions are out of clock order")
		}
		c.Versions = append(c.Versions, v)
	}
	if format == bodyFormatAttach && r.err == nil {
		na := r.Uvarint(len(r.b))
		if na == 0 {
			return nil, errors.New("a body of format 2 holds no attachments")
		}
		for range na {
			var a manifest.SyncAttachment
			copy(a.ID[:], r.Take(store.RecordIDSize))
			a.Manifest = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
			a.Data = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
			if r.err != nil {
				break
			}
			c.Attachments = append(c.Attachments, a)
		}
	}
	if format == bodyFormatChunks && r.err == nil {
		if err := parseRefs(r, c); err != nil {
			return nil, err
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes follow its versions", len(r.b))
	}
	return c, nil
}

// MaxClock is the newest clock among the change set's versions, zero if none.
func (c *ChangeSet) MaxClock() portfolio.Clock {
	if len(c.Versions) == 0 {
		return portfolio.Clock{}
	}
	return c.Versions[len(c.Versions)-1].Clock
}

// parseRefs reads what body format 3 adds: attachments by reference, then marks.
func parseRefs(r *Reader, c *ChangeSet) error {
	na := r.Uvarint(len(r.b))
	for range na {
		var a AttachRef
		copy(a.ID[:], r.Take(store.RecordIDSize))
		a.Manifest = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
		n := r.Uvarint(maxChunks)
		if r.err != nil {
			return r.err
		}
		if n == 0 {
			return errors.New("an attachment has no chunks")
		}
		a.Chunks = uint32(n)
		c.Refs = append(c.Refs, a)
	}
	nm := r.Uvarint(len(r.b) / markSize)
	for range nm {
		var m manifest.SyncMark
		copy(m.ID[:], r.Take(store.RecordIDSize))
		m.State = r.Take(1)[0]
		m.Clock = r.Clock()
		if when := int64(r.U64()); when != 0 {
			m.When = time.UnixMicro(when).UTC()
		}
		if r.err != nil {
			return r.err
		}
		if m.State > manifest.MarkErased || (m.State == manifest.MarkRemoved) == m.When.IsZero() {
			return fmt.Errorf("an attachment mark has state %d at %d", m.State, m.When.UnixMicro())
		}
		c.Marks = append(c.Marks, m)
	}
	if len(c.Refs) == 0 && len(c.Marks) == 0 {
		return errors.New("a body of format 3 holds no attachments and no marks")
	}
	return nil
}

// appendVersion writes what a change set and a snapshot both write of a version: its
// flags (1 for a tombstone), clock, wall time of the save in microseconds (0 when
// unknown) and its sealed plaintext, length first.
func appendVersion(b []byte, tombstone bool, clock portfolio.Clock, saved time.Time, plain []byte) []byte {
	var flags byte
	if tombstone {
		flags = 1
	}
	b = append(b, flags)
	b = AppendClock(b, clock)
	var micros int64
	if !saved.IsZero() {
		micros = saved.UnixMicro()
	}
	b = binary.BigEndian.AppendUint64(b, uint64(micros))
	b = binary.AppendUvarint(b, uint64(len(plain)))
	return append(b, plain...)
}

// openSealed checks what a change set's and a snapshot's file share after their magic
// and format: the body's length (ErrIncomplete while a sync engine is still writing
// it), that the file names the place it was found at (ad), and the seal.
func openSealed(o Opener, file, ad []byte) ([]byte, error) {
	n := binary.BigEndian.Uint64(file[adSize:])
	switch {
	case n > maxBody:
		return nil, fmt.Errorf("%w: it says it is %d bytes long", ErrRefused, n)
	case uint64(len(file)-HeaderSize) < n:
		return nil, ErrIncomplete
	case uint64(len(file)-HeaderSize) > n:
		return nil, fmt.Errorf("%w: %d bytes follow its end", ErrRefused, uint64(len(file)-HeaderSize)-n)
	}
	if !bytes.Equal(file[:adSize], ad) {
		return nil, fmt.Errorf("%w: it names another device or number than its place (moved, swapped or replayed)", ErrRefused)
	}
	plain, err := o.OpenSync(ad, file[HeaderSize:])
	if err != nil {
		return nil, fmt.Errorf("%w: it failed authentication (changed, or sealed with another vault's key)", ErrRefused)
	}
	return plain, nil
}
