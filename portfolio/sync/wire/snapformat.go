package wire

import (
	"bytes"
	"encoding/binary"
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

// The snapshot (docs/SYNC.md "Snapshots"): a device that compacts first writes the
// whole portfolio as it holds it, sealed, with what it had applied of every device,
// so a device that joins later starts from it and the change sets after it.
const (
	snapMagic      = "folio-ss"
	snapFormat     = 1
	snapBodyFormat = 1
	// snapBodyRefs is a snapshot whose attachments are chunk files of its writer.
	snapBodyRefs  = 2
	snapSuffix    = ".fss"
	snapEntrySize = store.DeviceIDSize + 8 + 12 + 12
)

// Snapshot is the portfolio as one device held it after its change set Seq.
type Snapshot struct {
	Device portfolio.DeviceID
	Seq    uint64
	Sealed time.Time
	// Vector is what it had of every device, itself included: change sets applied
	// (its own: written), the newest clock in them, and the newest clock of their
	// versions it had inherited as a copy.
	Vector  map[portfolio.DeviceID]SnapEntry
	Records []store.Record
	// Attachments whole (body format 1, read only).
	Attachments []manifest.SyncAttachment
	// Refs are the attachments by reference to the writer's chunk files (body format 2).
	Refs []AttachRef
}

// SnapEntry is one device's line of a snapshot's vector.
type SnapEntry struct {
	Applied   Entry
	Inherited portfolio.Clock
}

// SnapshotName is the snapshot's path inside the folder.
func SnapshotName(d portfolio.DeviceID, seq uint64) string {
	return d.String() + "/" + fmt.Sprintf("%0*d", seqDigits, seq) + snapSuffix
}

func ParseSnapName(name string) (uint64, bool) {
	num, ok := strings.CutSuffix(name, snapSuffix)
	if !ok || len(num) != seqDigits {
		return 0, false
	}
	n, err := strconv.ParseUint(num, 10, 64)
	return n, err == nil && n > 0
}

func snapAD(d portfolio.DeviceID, seq uint64) []byte {
	ad := append([]byte(snapMagic), snapFormat)
	ad = append(ad, d[:]...)
	return binary.BigEndian.AppendUint64(ad, seq)
}

// Marshal is the snapshot's body plaintext.
func (s *Snapshot) Marshal() []byte {
	b := []byte{snapBodyFormat}
	if len(s.Refs) > 0 {
		b[0] = snapBodyRefs
	}
	b = binary.BigEndian.AppendUint64(b, uint64(s.Sealed.UnixMicro()))
	devs := make([]portfolio.DeviceID, 0, len(s.Vector))
	for d := range s.Vector {
		devs = append(devs, d)
	}
	slices.SortFunc(devs, func(a, b portfolio.DeviceID) int { return bytes.Compare(a[:], b[:]) })
	b = binary.AppendUvarint(b, uint64(len(devs)))
	for _, d := range devs {
		e := s.Vector[d]
		b = append(b, d[:]...)
		b = binary.BigEndian.AppendUint64(b, e.Applied.Seq)
		b = AppendClock(b, e.Applied.Clock)
		b = AppendClock(b, e.Inherited)
	}
	b = binary.AppendUvarint(b, uint64(len(s.Records)))
	for _, r := range s.Records {
		b = binary.AppendUvarint(b, uint64(len(r.Collection)))
		b = append(b, r.Collection...)
		b = append(b, r.ID[:]...)
		b = binary.AppendUvarint(b, uint64(len(r.Versions)))
		for _, v := range r.Versions {
			b = append(b, v.Device[:]...)
			b = appendVersion(b, v.Tombstone, v.Clock, v.Saved, v.Plain)
		}
		b = binary.AppendUvarint(b, uint64(len(r.Heads)))
		for _, h := range r.Heads {
			b = append(b, h.Device[:]...)
			b = AppendClock(b, h.Clock)
			var flags byte
			if h.Tombstone {
				flags = 1
			}
			b = append(b, flags)
		}
	}
	if len(s.Refs) > 0 {
		b = binary.AppendUvarint(b, uint64(len(s.Refs)))
		for _, a := range s.Refs {
			b = append(b, a.ID[:]...)
			b = binary.AppendUvarint(b, uint64(len(a.Manifest)))
			b = append(b, a.Manifest...)
			b = binary.AppendUvarint(b, uint64(a.Chunks))
		}
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(s.Attachments)))
	for _, a := range s.Attachments {
		b = append(b, a.ID[:]...)
		b = binary.AppendUvarint(b, uint64(len(a.Manifest)))
		b = append(b, a.Manifest...)
		b = binary.AppendUvarint(b, uint64(len(a.Data)))
		b = append(b, a.Data...)
	}
	return b
}

// Seal makes the whole file: the header of a change set's shape, then the sealed body.
func (s *Snapshot) Seal(se Sealer) ([]byte, error) {
	return sealFile(se, snapAD(s.Device, s.Seq), s.Marshal())
}

// OpenSnapshot reads a whole snapshot file found as d/seq: ErrIncomplete if it is cut
// short, ErrRefused (wrapped) if it is not that device's snapshot, sealed with this
// portfolio's key, intact.
func OpenSnapshot(o Opener, d portfolio.DeviceID, seq uint64, file []byte) (*Snapshot, error) {
	if len(file) < HeaderSize {
		if !bytes.HasPrefix([]byte(snapMagic), file[:min(len(file), len(snapMagic))]) {
			return nil, fmt.Errorf("%w: not a snapshot", ErrRefused)
		}
		return nil, ErrIncomplete
	}
	if string(file[:len(snapMagic)]) != snapMagic || file[len(snapMagic)] != snapFormat {
		return nil, fmt.Errorf("%w: not a snapshot of a format this folio reads", ErrRefused)
	}
	plain, err := openSealed(o, file, snapAD(d, seq))
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	s, err := parseSnapBody(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	s.Device, s.Seq = d, seq
	if e, ok := s.Vector[d]; !ok || e.Applied.Seq != seq {
		return nil, fmt.Errorf("%w: its vector does not give its own device its number", ErrRefused)
	}
	return s, nil
}

// parseSnapBody reads a snapshot's body (docs/SYNC.md, snapshots, formats 1 and 2).
// Like parseBody it follows the documented layout field by field in one function,
// so the code and the document can be read side by side.
func parseSnapBody(b []byte) (*Snapshot, error) {
	r := &Reader{b: b}
	format := r.Take(1)[0]
	if r.err == nil && format != snapBodyFormat && format != snapBodyRefs {
		return nil, fmt.Errorf("body format %d is unknown", format)
	}
	s := &Snapshot{Vector: map[portfolio.DeviceID]SnapEntry{}}
	s.Sealed = time.UnixMicro(int64(r.U64())).UTC()
	nv := r.Uvarint(len(r.b) / snapEntrySize)
	var prev portfolio.DeviceID
	for i := range nv {
		var d portfolio.DeviceID
		copy(d[:], r.Take(store.DeviceIDSize))
		if i > 0 && bytes.Compare(prev[:], d[:]) >= 0 {
			return nil, errors.New("its vector is out of order")
		}
		prev = d
		s.Vector[d] = SnapEntry{Applied: Entry{Seq: r.U64(), Clock: r.Clock()}, Inherited: r.Clock()}
	}
	nr := r.Uvarint(len(r.b))
	for range nr {
		var rec store.Record
		rec.Collection = string(r.Take(r.Uvarint(255)))
		copy(rec.ID[:], r.Take(store.RecordIDSize))
		nver := r.Uvarint(len(r.b))
		for range nver {
			v := store.Version{Collection: rec.Collection, ID: rec.ID}
			copy(v.Device[:], r.Take(store.DeviceIDSize))
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
				return nil, r.err
			}
			if v.Tombstone && len(v.Plain) > 0 {
				return nil, errors.New("a deletion holds a record")
			}
			rec.Versions = append(rec.Versions, v)
		}
		nh := r.Uvarint(len(r.b) / 29)
		for range nh {
			var h store.Head
			copy(h.Device[:], r.Take(store.DeviceIDSize))
			h.Clock = r.Clock()
			flags := r.Take(1)[0]
			if flags > 1 {
				return nil, fmt.Errorf("a head has unknown flags %#x", flags)
			}
			h.Tombstone = flags == 1
			rec.Heads = append(rec.Heads, h)
		}
		if r.err != nil {
			return nil, r.err
		}
		if len(rec.Versions) == 0 {
			return nil, errors.New("a record has no versions")
		}
		s.Records = append(s.Records, rec)
	}
	na := r.Uvarint(len(r.b))
	for range na {
		if format == snapBodyRefs {
			var a AttachRef
			copy(a.ID[:], r.Take(store.RecordIDSize))
			a.Manifest = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
			n := r.Uvarint(maxChunks)
			if r.err == nil && n == 0 {
				return nil, errors.New("an attachment has no chunks")
			}
			a.Chunks = uint32(n)
			s.Refs = append(s.Refs, a)
			continue
		}
		var a manifest.SyncAttachment
		copy(a.ID[:], r.Take(store.RecordIDSize))
		a.Manifest = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
		a.Data = bytes.Clone(r.Take(r.Uvarint(len(r.b))))
		if r.err != nil {
			break
		}
		s.Attachments = append(s.Attachments, a)
	}
	if r.err == nil && format == snapBodyRefs && len(s.Refs) == 0 {
		return nil, errors.New("a snapshot of body format 2 holds no attachments")
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes follow its records", len(r.b))
	}
	return s, nil
}
