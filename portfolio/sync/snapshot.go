package sync

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// writeSnapshot seals the portfolio as this vault holds it, after its change set
// st.next-1, and removes this device's older snapshots. It returns the snapshot's
// name and the attachments it names.
func (s *Syncer) writeSnapshot(st *state) (string, []wire.AttachRef, error) {
	snap := &wire.Snapshot{Device: st.device, Seq: st.next - 1, Sealed: s.now(), Vector: map[portfolio.DeviceID]wire.SnapEntry{}}
	snap.Vector[st.device] = wire.SnapEntry{Applied: wire.Entry{Seq: st.next - 1, Clock: st.sent}}
	for d, p := range st.peers {
		if p.applied != (wire.Entry{}) || p.inherited != (portfolio.Clock{}) {
			snap.Vector[d] = wire.SnapEntry{Applied: p.applied, Inherited: p.inherited}
		}
	}
	err := store.View(s.P, func(tx *store.Tx) error {
		return tx.Records(func(r store.Record) error {
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
	all, _, err := attachment.SyncManifests(s.P)
	if err != nil {
		return "", nil, err
	}
	for _, m := range all {
		n, err := s.sealAttachment(st.device, m.ID, m.Size)
		if err != nil {
			return "", nil, err
		}
		snap.Refs = append(snap.Refs, wire.AttachRef{ID: m.ID, Manifest: m.Manifest, Chunks: n})
	}
	file, err := snap.Seal(s.P)
	if err != nil {
		return "", nil, err
	}
	name := wire.SnapshotName(st.device, snap.Seq)
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
		if n, ok := wire.ParseSnapName(e.Name()); ok && n < snap.Seq {
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
		if n, ok := wire.ParseSeqName(e.Name()); ok && (first == 0 || n < first) {
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
		if _, ok := wire.ParseSnapName(e.Name()); ok {
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
	return wire.SnapshotName(best.Device, best.Seq), nil
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
	err := store.View(s.P, func(tx *store.Tx) error {
		return tx.Records(func(store.Record) error { empty = false; return errStop })
	})
	if err != nil && !errors.Is(err, errStop) {
		return false, err
	}
	return empty, nil
}

// newestUsableSnapshot is the newest snapshot that opens and that every device's
// remaining change sets follow on from, nil if none does yet.
func (s *Syncer) newestUsableSnapshot(devs []portfolio.DeviceID) (*wire.Snapshot, error) {
	var best *wire.Snapshot
	for _, d := range devs {
		ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			seq, ok := wire.ParseSnapName(e.Name())
			if !ok {
				continue
			}
			b, err := os.ReadFile(s.path(wire.SnapshotName(d, seq)))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			snap, err := wire.OpenSnapshot(s.P, d, seq, b)
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
func (s *Syncer) keepSnapshotAttachments(best *wire.Snapshot) (ready bool, err error) {
	for _, a := range best.Attachments {
		if err := attachment.ApplySyncAttachment(s.P, a); err != nil {
			return false, fmt.Errorf("%s: %w", wire.SnapshotName(best.Device, best.Seq), err)
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
		err = attachment.KeepSyncAttachment(s.P, a.ID, a.Manifest, cr)
		cr.close()
		if err != nil {
			return false, fmt.Errorf("%s: %w", wire.SnapshotName(best.Device, best.Seq), err)
		}
	}
	return true, nil
}

// adoptSnapshot imports the snapshot's records and takes its vector as what this
// device has applied, in one transaction.
func (s *Syncer) adoptSnapshot(best *wire.Snapshot) error {
	return store.Update(s.P, func(tx *store.Tx) error {
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
				return fmt.Errorf("%s: %w", wire.SnapshotName(best.Device, best.Seq), err)
			}
		}
		for d, e := range best.Vector {
			if d == st.device {
				return fmt.Errorf("%w: %s names this device", ErrRefused, wire.SnapshotName(best.Device, best.Seq))
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
		if name := wire.SnapshotName(st.device, st.next-1); fileExists(s.path(name)) {
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
		if n, ok := wire.ParseSeqName(e.Name()); ok {
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
