package sync

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
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
	snapEntrySize = portfolio.DeviceIDSize + 8 + 12 + 12
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
	Records []portfolio.SyncRecord
	// Attachments whole (body format 1, read only).
	Attachments []portfolio.SyncAttachment
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

func parseSnapName(name string) (uint64, bool) {
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
		b = appendClock(b, e.Applied.Clock)
		b = appendClock(b, e.Inherited)
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
			b = appendClock(b, h.Clock)
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
	plain := s.Marshal()
	defer clear(plain)
	ad := snapAD(s.Device, s.Seq)
	sealed, err := se.SealSync(ad, plain)
	if err != nil {
		return nil, err
	}
	out := append(ad, binary.BigEndian.AppendUint64(nil, uint64(len(sealed)))...)
	return append(out, sealed...), nil
}

// OpenSnapshot reads a whole snapshot file found as d/seq: ErrIncomplete if it is cut
// short, ErrRefused (wrapped) if it is not that device's snapshot, sealed with this
// portfolio's key, intact.
func OpenSnapshot(o Opener, d portfolio.DeviceID, seq uint64, file []byte) (*Snapshot, error) {
	if len(file) < headerSize {
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
	r := &reader{b: b}
	format := r.take(1)[0]
	if r.err == nil && format != snapBodyFormat && format != snapBodyRefs {
		return nil, fmt.Errorf("body format %d is unknown", format)
	}
	s := &Snapshot{Vector: map[portfolio.DeviceID]SnapEntry{}}
	s.Sealed = time.UnixMicro(int64(r.u64())).UTC()
	nv := r.uvarint(len(r.b) / snapEntrySize)
	var prev portfolio.DeviceID
	for i := range nv {
		var d portfolio.DeviceID
		copy(d[:], r.take(portfolio.DeviceIDSize))
		if i > 0 && bytes.Compare(prev[:], d[:]) >= 0 {
			return nil, errors.New("its vector is out of order")
		}
		prev = d
		s.Vector[d] = SnapEntry{Applied: Entry{Seq: r.u64(), Clock: r.clock()}, Inherited: r.clock()}
	}
	nr := r.uvarint(len(r.b))
	for range nr {
		var rec portfolio.SyncRecord
		rec.Collection = string(r.take(r.uvarint(255)))
		copy(rec.ID[:], r.take(portfolio.RecordIDSize))
		nver := r.uvarint(len(r.b))
		for range nver {
			v := portfolio.SyncVersion{Collection: rec.Collection, ID: rec.ID}
			copy(v.Device[:], r.take(portfolio.DeviceIDSize))
			flags := r.take(1)[0]
			if flags > 1 {
				return nil, fmt.Errorf("a version has unknown flags %#x", flags)
			}
			v.Tombstone = flags == 1
			v.Clock = r.clock()
			if saved := int64(r.u64()); saved != 0 {
				v.Saved = time.UnixMicro(saved).UTC()
			}
			v.Plain = bytes.Clone(r.take(r.uvarint(len(r.b))))
			if r.err != nil {
				return nil, r.err
			}
			if v.Tombstone && len(v.Plain) > 0 {
				return nil, errors.New("a deletion holds a record")
			}
			rec.Versions = append(rec.Versions, v)
		}
		nh := r.uvarint(len(r.b) / 29)
		for range nh {
			var h portfolio.SyncHead
			copy(h.Device[:], r.take(portfolio.DeviceIDSize))
			h.Clock = r.clock()
			flags := r.take(1)[0]
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
	na := r.uvarint(len(r.b))
	for range na {
		if format == snapBodyRefs {
			var a AttachRef
			copy(a.ID[:], r.take(portfolio.RecordIDSize))
			a.Manifest = bytes.Clone(r.take(r.uvarint(len(r.b))))
			n := r.uvarint(maxChunks)
			if r.err == nil && n == 0 {
				return nil, errors.New("an attachment has no chunks")
			}
			a.Chunks = uint32(n)
			s.Refs = append(s.Refs, a)
			continue
		}
		var a portfolio.SyncAttachment
		copy(a.ID[:], r.take(portfolio.RecordIDSize))
		a.Manifest = bytes.Clone(r.take(r.uvarint(len(r.b))))
		a.Data = bytes.Clone(r.take(r.uvarint(len(r.b))))
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

// writeSnapshot seals the portfolio as this vault holds it, after its change set
// st.next-1, and removes this device's older snapshots. It returns the snapshot's
// name and the attachments it names.
func (s *Syncer) writeSnapshot(st *state) (string, []AttachRef, error) {
	snap := &Snapshot{Device: st.device, Seq: st.next - 1, Sealed: s.now(), Vector: map[portfolio.DeviceID]SnapEntry{}}
	snap.Vector[st.device] = SnapEntry{Applied: Entry{Seq: st.next - 1, Clock: st.sent}}
	for d, p := range st.peers {
		if p.applied != (Entry{}) || p.inherited != (portfolio.Clock{}) {
			snap.Vector[d] = SnapEntry{Applied: p.applied, Inherited: p.inherited}
		}
	}
	err := s.P.SyncView(func(tx *portfolio.SyncTx) error {
		return tx.Records(func(r portfolio.SyncRecord) error {
			snap.Records = append(snap.Records, r)
			return nil
		})
	})
	if err != nil {
		return "", nil, err
	}
	// Every attachment as chunk files of this device, one chunk at a time: those it
	// added are there already; those it kept from others are written again here, so
	// the snapshot does not depend on another device's files.
	all, _, err := s.P.SyncManifests()
	if err != nil {
		return "", nil, err
	}
	for _, m := range all {
		n, err := s.sealAttachment(st.device, m.ID, m.Size)
		if err != nil {
			return "", nil, err
		}
		snap.Refs = append(snap.Refs, AttachRef{ID: m.ID, Manifest: m.Manifest, Chunks: n})
	}
	file, err := snap.Seal(s.P)
	if err != nil {
		return "", nil, err
	}
	name := SnapshotName(st.device, snap.Seq)
	if _, err := os.Lstat(s.path(name)); err != nil {
		if err := writeNew(s.path(name), file); err != nil {
			return "", nil, err
		}
	}
	ents, err := os.ReadDir(filepath.Join(s.Folder, st.device.String()))
	if err != nil {
		return name, nil, err
	}
	for _, e := range ents {
		if n, ok := parseSnapName(e.Name()); ok && n < snap.Seq {
			if err := os.Remove(filepath.Join(s.Folder, st.device.String(), e.Name())); err != nil {
				return name, nil, err
			}
		}
	}
	return name, snap.Refs, nil
}

var errStop = errors.New("stop")

// firstSeq is the lowest number of d's change sets in the folder, 0 if none.
func (s *Syncer) firstSeq(d portfolio.DeviceID) uint64 {
	ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
	if err != nil {
		return 0
	}
	var first uint64
	for _, e := range ents {
		if n, ok := parseSeqName(e.Name()); ok && (first == 0 || n < first) {
			first = n
		}
	}
	return first
}

// hasSnapshot says whether d's directory holds a snapshot.
func (s *Syncer) hasSnapshot(d portfolio.DeviceID) bool {
	ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
	if err != nil {
		return false
	}
	for _, e := range ents {
		if _, ok := parseSnapName(e.Name()); ok {
			return true
		}
	}
	return false
}

// startFromSnapshot fills a vault that has nothing yet (a device joining) from the
// newest snapshot in the folder that the change sets left there follow on from, if
// any device has compacted. It returns the snapshot's name, "" if none was needed.
func (s *Syncer) startFromSnapshot() (string, error) {
	devs, err := s.devices()
	if err != nil {
		return "", err
	}
	if ok, err := s.wantsSnapshot(devs); !ok || err != nil {
		return "", err
	}
	best, err := s.newestUsableSnapshot(devs)
	if best == nil || err != nil {
		// None complete yet: the change sets it needs are reported as waiting.
		return "", err
	}
	if ready, err := s.keepSnapshotAttachments(best); !ready || err != nil {
		return "", err
	}
	if err := s.adoptSnapshot(best); err != nil {
		return "", err
	}
	return SnapshotName(best.Device, best.Seq), nil
}

// wantsSnapshot reports whether this vault should start from a snapshot: some device
// has compacted (its first change set left is not its first, or only its snapshot
// is left), and the vault holds no records of its own. A vault with records merges
// change sets, not a snapshot: it waits, and says so, for those no longer there.
func (s *Syncer) wantsSnapshot(devs []portfolio.DeviceID) (bool, error) {
	needed := false
	for _, d := range devs {
		// A compaction can remove every change set of a device, leaving its snapshot.
		if f := s.firstSeq(d); f > 1 || f == 0 && s.hasSnapshot(d) {
			needed = true
		}
	}
	if !needed {
		return false, nil
	}
	empty := true
	err := s.P.SyncView(func(tx *portfolio.SyncTx) error {
		return tx.Records(func(portfolio.SyncRecord) error { empty = false; return errStop })
	})
	if err != nil && !errors.Is(err, errStop) {
		return false, err
	}
	return empty, nil
}

// newestUsableSnapshot is the newest snapshot that opens and that every device's
// remaining change sets follow on from, nil if none does yet.
func (s *Syncer) newestUsableSnapshot(devs []portfolio.DeviceID) (*Snapshot, error) {
	var best *Snapshot
	for _, d := range devs {
		ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			seq, ok := parseSnapName(e.Name())
			if !ok {
				continue
			}
			b, err := os.ReadFile(s.path(SnapshotName(d, seq)))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			snap, err := OpenSnapshot(s.P, d, seq, b)
			if err != nil {
				continue // cut short, or not this portfolio's: another may serve
			}
			follows := true
			for _, o := range devs {
				if f := s.firstSeq(o); f > snap.Vector[o].Applied.Seq+1 {
					follows = false
				}
			}
			if follows && (best == nil || snap.Sealed.After(best.Sealed)) {
				best = snap
			}
		}
	}
	return best, nil
}

// keepSnapshotAttachments keeps the snapshot's attachments before its records, so a
// kill that makes this run twice keeps them again at no cost. ready is false while
// a chunk file it names is still arriving: a later sync starts from it.
func (s *Syncer) keepSnapshotAttachments(best *Snapshot) (ready bool, err error) {
	for _, a := range best.Attachments {
		if err := s.P.ApplySyncAttachment(a); err != nil {
			return false, fmt.Errorf("%s: %w", SnapshotName(best.Device, best.Seq), err)
		}
	}
	for _, a := range best.Refs {
		missing, err := s.chunksComplete(best.Device, a)
		if err != nil {
			return false, err
		}
		if missing != "" {
			return false, nil
		}
		cr := &chunkReader{s: s, d: best.Device, ref: a}
		err = s.P.KeepSyncAttachment(a.ID, a.Manifest, cr)
		cr.close()
		if err != nil {
			return false, fmt.Errorf("%s: %w", SnapshotName(best.Device, best.Seq), err)
		}
	}
	return true, nil
}

// adoptSnapshot imports the snapshot's records and takes its vector as what this
// device has applied, in one transaction.
func (s *Syncer) adoptSnapshot(best *Snapshot) error {
	return s.P.SyncUpdate(func(tx *portfolio.SyncTx) error {
		b, err := tx.State()
		if err != nil {
			return err
		}
		st, err := parseState(b)
		if err != nil {
			return err
		}
		if st.next != 1 || len(st.peers) > 0 {
			return errors.New("only a vault that has synced nothing starts from a snapshot")
		}
		for _, r := range best.Records {
			if err := tx.Import(r); err != nil {
				return fmt.Errorf("%s: %w", SnapshotName(best.Device, best.Seq), err)
			}
		}
		for d, e := range best.Vector {
			if d == st.device {
				return fmt.Errorf("%w: %s names this device", ErrRefused, SnapshotName(best.Device, best.Seq))
			}
			st.peers[d] = &peer{applied: e.Applied, inherited: e.Inherited, last: best.Sealed}
		}
		for _, a := range best.Attachments {
			st.know(a.ID)
		}
		// It says what it now has, so the others' compaction need not wait for it to
		// write something first.
		st.ackDue = true
		for _, a := range best.Refs {
			st.know(a.ID)
		}
		if st.quiet, err = deviceClock(tx); err != nil {
			return err
		}
		return tx.SetState(st.marshal())
	})
}

// DefaultCompactAt is how many of this device's change sets every known device has
// applied before a sync compacts on its own (docs/SYNC.md "Compaction"): enough that
// the snapshot, about the size of the whole history, is written rarely, and few enough
// that a sync engine or git is not left carrying thousands of small files.
const DefaultCompactAt = 256

// Behind is a known device that has not applied every change set of this device's
// still in the folder: what keeps them there.
type Behind struct {
	Device   portfolio.DeviceID
	Acked    uint64    // of this device's change sets, the last it has applied
	Last     time.Time // when it sealed the last change set applied here; zero if none
	InFolder bool      // it has a directory in the folder (else only this vault knows it)
}

// Compaction is what a compaction did, and why it kept what it kept.
type Compaction struct {
	Removed  []string // this device's change sets it removed
	Chunks   []string // this device's chunk files it removed: attachments nothing left names
	Snapshot string   // the snapshot it wrote, "" if it removed nothing
	Kept     []uint64 // the numbers of this device's change sets left in the folder
	Behind   []Behind // the known devices that have not applied all of them, furthest behind first
}

// Compaction compacts (Compact) and says what is left of this device's change sets,
// and which known devices keep them there.
func (s *Syncer) Compaction() (*Compaction, error) {
	removed, chunks, err := s.compact()
	c := &Compaction{Removed: removed, Chunks: chunks}
	if err != nil {
		return c, err
	}
	st, err := s.stored()
	if err != nil {
		return c, err
	}
	if st == nil {
		return c, ErrNotSyncing
	}
	if len(removed) > 0 {
		if name := SnapshotName(st.device, st.next-1); fileExists(s.path(name)) {
			c.Snapshot = name
		}
	}
	if c.Kept, err = s.ownSeqs(st.device); err != nil {
		return c, err
	}
	if len(c.Kept) == 0 {
		return c, nil
	}
	last := c.Kept[len(c.Kept)-1]
	known, err := s.known(st)
	if err != nil {
		return c, err
	}
	for _, k := range known {
		if k.Acked < last {
			c.Behind = append(c.Behind, k)
		}
	}
	slices.SortStableFunc(c.Behind, func(a, b Behind) int { return cmpUint(a.Acked, b.Acked) })
	return c, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// ownSeqs lists the numbers of d's change sets in the folder, in order.
func (s *Syncer) ownSeqs(d portfolio.DeviceID) ([]uint64, error) {
	ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, e := range ents {
		if n, ok := parseSeqName(e.Name()); ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// known lists every device other than this one that compaction waits for: those with
// a directory in the folder and those the vault has applied change sets from, in
// byte order of ID.
func (s *Syncer) known(st *state) ([]Behind, error) {
	devs, err := s.devices()
	if err != nil {
		return nil, err
	}
	var out []Behind
	for _, d := range devs {
		if d == st.device {
			continue
		}
		b := Behind{Device: d, InFolder: true}
		if p := st.peers[d]; p != nil {
			b.Acked, b.Last = p.acked, p.last
		}
		out = append(out, b)
	}
	for _, d := range peerIDs(st.peers) {
		if d != st.device && !slices.Contains(devs, d) {
			out = append(out, Behind{Device: d, Acked: st.peers[d].acked, Last: st.peers[d].last})
		}
	}
	slices.SortFunc(out, func(a, b Behind) int { return bytes.Compare(a.Device[:], b.Device[:]) })
	return out, nil
}

// compactable counts this device's change sets in the folder that every known device
// has applied: what Compact would remove.
func (s *Syncer) compactable() (int, error) {
	st, err := s.stored()
	if err != nil || st == nil {
		return 0, err
	}
	known, err := s.known(st)
	if err != nil || len(known) == 0 {
		return 0, err
	}
	upTo := known[0].Acked
	for _, k := range known {
		upTo = min(upTo, k.Acked)
	}
	seqs, err := s.ownSeqs(st.device)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, q := range seqs {
		if q <= upTo {
			n++
		}
	}
	return n, nil
}

// autoCompact compacts when at least at of this device's change sets can go, and
// returns what it did; nil if it did not.
func (s *Syncer) autoCompact(at int) (*Compaction, error) {
	n, err := s.compactable()
	if err != nil || n < at {
		return nil, err
	}
	return s.Compaction()
}
