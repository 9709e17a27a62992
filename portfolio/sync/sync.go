// Package sync keeps one portfolio in step across devices through a folder that a
// file-sync engine (or the user) copies between them: each device writes only its
// own sealed change sets there and merges the others' (docs/SYNC.md). The files'
// byte layout is portfolio/sync/wire's.
package sync

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// Errors a reader tells apart (wire's): an incomplete file is skipped until a sync
// engine has finished it; a refused one is named and never applied.
var (
	ErrIncomplete = wire.ErrIncomplete
	ErrRefused    = wire.ErrRefused
)

// state is what a vault remembers of sync, sealed in the vault (the record storage
// keeps for it): docs/SYNC.md "State".
type state struct {
	device portfolio.DeviceID
	next   uint64          // the number of this device's next change set
	sent   portfolio.Clock // the newest clock of this device's versions sealed so far
	// quiet is the device clock after sync's last transaction: if it has moved, the
	// vault was written since, and those versions must be sealed before any merge
	// (their vector would otherwise claim what they had not seen).
	quiet portfolio.Clock
	// ackDue: versions were applied since this device's last change set.
	ackDue bool
	peers  map[portfolio.DeviceID]*peer
	// folder is the sync folder Init was given, for a later Sync without one.
	folder string
	// key is the SHA-256 of the vault's key header as this device last published or
	// took it from the folder: a header that differs is a passphrase changed here.
	key [32]byte
	// attKnown are the attachments this device has sent or kept from others: each
	// device sends only those it added.
	attKnown map[store.RecordID]bool
	// attDue are change sets applied whose attachments are still to keep (a kill
	// between the merge and keeping them leaves them here for the next sync).
	attDue []due
	// markSent is the newest clock of this device's attachment marks sealed so far
	// (state format 3).
	markSent portfolio.Clock
}

// due names one change set of another device.
type due struct {
	Device portfolio.DeviceID
	Seq    uint64
}

type peer struct {
	applied wire.Entry // their change sets applied here, in order
	// inherited is the newest clock of their versions this vault had before it applied
	// any change set: a copy of their vault has all of them up to it.
	inherited portfolio.Clock
	acked     uint64 // of this device's change sets, the last they said they applied
	last      time.Time
}

// stateFormat 2 adds the key header's hash and the attachments, 3 the marks sent;
// formats 1 and 2, without them, are still read.
const stateFormat = 3

// known is what this vault has of the peer's versions: its change sets applied, and
// every version up to the newest clock of those and of what it inherited.
func (p *peer) known() wire.Entry {
	e := p.applied
	if p.inherited.Compare(e.Clock) > 0 {
		e.Clock = p.inherited
	}
	return e
}

func (s *state) marshal() []byte {
	b := []byte{stateFormat}
	b = append(b, s.device[:]...)
	b = binary.BigEndian.AppendUint64(b, s.next)
	b = wire.AppendClock(b, s.sent)
	b = wire.AppendClock(b, s.quiet)
	var f byte
	if s.ackDue {
		f = 1
	}
	b = append(b, f)
	ids := peerIDs(s.peers)
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, d := range ids {
		p := s.peers[d]
		b = append(b, d[:]...)
		b = binary.BigEndian.AppendUint64(b, p.applied.Seq)
		b = wire.AppendClock(b, p.applied.Clock)
		b = wire.AppendClock(b, p.inherited)
		b = binary.BigEndian.AppendUint64(b, p.acked)
		b = binary.BigEndian.AppendUint64(b, uint64(p.last.UnixMicro()))
	}
	b = binary.AppendUvarint(b, uint64(len(s.folder)))
	b = append(b, s.folder...)
	b = append(b, s.key[:]...)
	atts := make([]store.RecordID, 0, len(s.attKnown))
	for id := range s.attKnown {
		atts = append(atts, id)
	}
	slices.SortFunc(atts, func(a, b store.RecordID) int { return bytes.Compare(a[:], b[:]) })
	b = binary.AppendUvarint(b, uint64(len(atts)))
	for _, id := range atts {
		b = append(b, id[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(s.attDue)))
	for _, e := range s.attDue {
		b = append(b, e.Device[:]...)
		b = binary.BigEndian.AppendUint64(b, e.Seq)
	}
	return wire.AppendClock(b, s.markSent)
}

func peerIDs(m map[portfolio.DeviceID]*peer) []portfolio.DeviceID {
	ids := make([]portfolio.DeviceID, 0, len(m))
	for d := range m {
		ids = append(ids, d)
	}
	slices.SortFunc(ids, func(a, b portfolio.DeviceID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}

func parseState(b []byte) (*state, error) {
	r := wire.NewReader(b)
	format := r.Take(1)[0]
	if r.Err() == nil && (format < 1 || format > stateFormat) {
		return nil, fmt.Errorf("%w: sync state format %d is unknown", portfolio.ErrDamaged, format)
	}
	s := &state{peers: map[portfolio.DeviceID]*peer{}}
	copy(s.device[:], r.Take(store.DeviceIDSize))
	s.next = r.U64()
	s.sent = r.Clock()
	s.quiet = r.Clock()
	s.ackDue = r.Take(1)[0] == 1
	n := r.Uvarint(r.Len() / 64)
	for range n {
		var d portfolio.DeviceID
		copy(d[:], r.Take(store.DeviceIDSize))
		p := &peer{}
		p.applied.Seq = r.U64()
		p.applied.Clock = r.Clock()
		p.inherited = r.Clock()
		p.acked = r.U64()
		p.last = time.UnixMicro(int64(r.U64())).UTC()
		s.peers[d] = p
	}
	s.folder = string(r.Take(r.Uvarint(r.Len())))
	s.attKnown = map[store.RecordID]bool{}
	if format >= 2 {
		copy(s.key[:], r.Take(len(s.key)))
		n := r.Uvarint(r.Len() / store.RecordIDSize)
		for range n {
			var id store.RecordID
			copy(id[:], r.Take(store.RecordIDSize))
			s.attKnown[id] = true
		}
		n = r.Uvarint(r.Len() / 24)
		for range n {
			var e due
			copy(e.Device[:], r.Take(store.DeviceIDSize))
			e.Seq = r.U64()
			s.attDue = append(s.attDue, e)
		}
	}
	if format >= 3 {
		s.markSent = r.Clock()
	}
	if r.Err() != nil || r.Len() != 0 {
		return nil, fmt.Errorf("%w: the sync state does not parse", portfolio.ErrDamaged)
	}
	return s, nil
}

func (s *state) vector() map[portfolio.DeviceID]wire.Entry {
	v := map[portfolio.DeviceID]wire.Entry{}
	for d, p := range s.peers {
		if e := p.known(); e != (wire.Entry{}) {
			v[d] = e
		}
	}
	return v
}

// Refusal names a change set that will not be applied, and why.
type Refusal struct {
	File string
	Err  error
}

func (r Refusal) Error() string { return r.File + ": " + r.Err.Error() }

// Report is what one Sync did.
type Report struct {
	Device   portfolio.DeviceID
	Sealed   []string // change sets this device wrote
	Applied  []string // others' change sets applied
	Versions int      // versions they held that were new here
	Attached int      // attachments they held that were new here
	Marked   int      // attachments they removed, restored or erased that changed here
	// Waiting are change sets found but not yet applied: still being written,
	// waiting for a change set before them (of the same or another device), or for
	// the chunk files of their attachments (named after them).
	Waiting []string
	Refused []Refusal
	// KeyPublished is the key file this sync wrote: the passphrase was changed here.
	KeyPublished string
	// KeyChanged is set when the passphrase was changed on another device.
	KeyChanged *KeyChange
	// Snapshot is the snapshot a joining device started from, "" if none.
	Snapshot string
	// Compacted is set when the sync compacted on its own (Exchange).
	Compacted *Compaction
}

// Syncer syncs one open portfolio with one folder. Now stamps the change sets.
type Syncer struct {
	P      *portfolio.Portfolio
	Folder string
	Now    func() time.Time
	// ChunkSize is the plaintext of an attachment's chunk files; 0 for
	// DefaultChunkSize.
	ChunkSize int
}

func (s *Syncer) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// load reads the state, starting it (and giving every record a version of this
// device's) the first time.
func (s *Syncer) load() (*state, error) {
	var st *state
	err := store.Update(s.P, func(tx *store.Tx) error {
		dev, _, err := tx.Device()
		if err != nil {
			return err
		}
		b, err := tx.State()
		if err != nil {
			return err
		}
		if b != nil {
			if st, err = parseState(b); err != nil {
				return err
			}
			if st.device != dev {
				// The vault has a new device ID (a copy made a device of its own): what
				// it knows of others stays true; its own change sets start again.
				st.device, st.next, st.sent = dev, 1, portfolio.Clock{}
				st.quiet = portfolio.Clock{}
			}
		} else {
			st = &state{device: dev, next: 1, peers: map[portfolio.DeviceID]*peer{}}
		}
		if st.next == 1 {
			// Before the first change set, records written before history (or
			// before this device ID) get a version of this device's, so they travel.
			if _, err := tx.Adopt(); err != nil {
				return err
			}
		}
		return tx.SetState(st.marshal())
	})
	return st, err
}

func (s *Syncer) save(st *state) error {
	return store.Update(s.P, func(tx *store.Tx) error { return tx.SetState(st.marshal()) })
}

func (s *Syncer) path(name string) string { return filepath.Join(s.Folder, filepath.FromSlash(name)) }

// ErrNotSyncing means the vault has no sync folder yet.
var ErrNotSyncing = errors.New("this vault does not sync yet; run folio sync init FOLDER first")

// ErrCopy means the folder already has a directory of this vault's device ID, which
// this vault did not make: it, or the other, is a copy and needs a device ID of its own.
var ErrCopy = errors.New("the sync folder already has this vault's device")

// Init makes the folder ready for this device (the folder and the device's own
// directory) and remembers it in the vault as the folder to sync with. With
// newDevice, the vault first gets a new device ID: for a copy of a vault that syncs
// (or will) as well.
func (s *Syncer) Init(newDevice bool) error {
	abs, err := filepath.Abs(s.Folder)
	if err != nil {
		return err
	}
	s.Folder = abs
	prev, err := s.stored()
	if err != nil {
		return err
	}
	if newDevice {
		err := store.Update(s.P, func(tx *store.Tx) error {
			_, old, seen, err := tx.NewDevice()
			if err != nil || old == (portfolio.DeviceID{}) {
				return err
			}
			st := prev
			if st == nil {
				st = &state{peers: map[portfolio.DeviceID]*peer{}}
			}
			// The copy has every version the original wrote up to seen: its change
			// sets say so, or the versions it writes would seem not to have seen them.
			p := st.peers[old]
			if p == nil {
				p = &peer{}
				st.peers[old] = p
			}
			if seen.Compare(p.inherited) > 0 {
				p.inherited = seen
			}
			st.device = old // load sees the new ID and starts this device's own numbers
			if prev == nil {
				st.next = 1
			}
			return tx.SetState(st.marshal())
		})
		if err != nil {
			return err
		}
		if prev, err = s.stored(); err != nil {
			return err
		}
	}
	var dev portfolio.DeviceID
	if err := store.Update(s.P, func(tx *store.Tx) error { dev, _, err = tx.Device(); return err }); err != nil {
		return err
	}
	own := filepath.Join(s.Folder, dev.String())
	if _, err := os.Stat(own); err == nil && (prev == nil || prev.device != dev) {
		return fmt.Errorf("%w (%s); if this vault is a copy of another, give it its own with --new-device", ErrCopy, dev)
	}
	st, err := s.load()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(own, 0o700); err != nil {
		return err
	}
	st.folder = abs
	if err := s.save(st); err != nil {
		return err
	}
	return s.keys(st, nil)
}

// stored reads the state without starting it, nil if sync never ran.
func (s *Syncer) stored() (*state, error) {
	var st *state
	err := store.View(s.P, func(tx *store.Tx) error {
		b, err := tx.State()
		if err != nil || b == nil {
			return err
		}
		st, err = parseState(b)
		return err
	})
	return st, err
}

// folder fills in the folder Init remembered, if none was given.
func (s *Syncer) folder() error {
	if s.Folder != "" {
		return nil
	}
	st, err := s.stored()
	if err != nil {
		return err
	}
	if st == nil || st.folder == "" {
		return ErrNotSyncing
	}
	s.Folder = st.folder
	return nil
}

// Configured is the folder the vault syncs with, "" if none.
func (s *Syncer) Configured() (string, error) {
	st, err := s.stored()
	if err != nil || st == nil {
		return "", err
	}
	return st.folder, nil
}

// Sync seals this device's new versions, applies every other device's change sets
// that can be applied, and seals an acknowledgement if it applied any.
func (s *Syncer) Sync() (*Report, error) {
	if err := s.folder(); err != nil {
		return nil, err
	}
	st, err := s.load()
	if err != nil {
		return nil, err
	}
	rep := &Report{Device: st.device}
	own := filepath.Join(s.Folder, st.device.String())
	if err := os.MkdirAll(own, 0o700); err != nil {
		return nil, err
	}
	if err := s.recover(st, rep); err != nil {
		return rep, err
	}
	if err := s.keys(st, rep); err != nil {
		return rep, err
	}
	if err := s.keepAttachments(st, rep); err != nil {
		return rep, err
	}
	if st.next == 1 && len(st.peers) == 0 {
		// A vault that has synced nothing and holds nothing (a device joining)
		// starts from a snapshot if the others have compacted.
		if rep.Snapshot, err = s.startFromSnapshot(); err != nil {
			return rep, err
		}
		if rep.Snapshot != "" {
			if st, err = s.stored(); err != nil {
				return rep, err
			}
		}
	}
	for range 8 {
		if err := s.seal(st, rep, false); err != nil {
			return rep, err
		}
		err := s.merge(st, rep)
		if errors.Is(err, errWrittenSince) {
			continue
		}
		if err != nil {
			return rep, err
		}
		return rep, s.seal(st, rep, true)
	}
	return rep, errors.New("the vault kept changing while it was syncing; sync again")
}

var errWrittenSince = errors.New("written since")

// recover adopts a change set this device wrote whose state did not commit (a kill
// between the file and the vault): it is never written again under another content.
func (s *Syncer) recover(st *state, rep *Report) error {
	for {
		name := wire.FileName(st.device, st.next)
		b, err := os.ReadFile(s.path(name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		c, err := wire.Open(s.P, st.device, st.next, b)
		if err != nil {
			return fmt.Errorf("this device's own change set %s: %w", name, err)
		}
		st.next++
		if mc := c.MaxClock(); mc.Compare(st.sent) > 0 {
			st.sent = mc
		}
		for _, a := range c.Attachments {
			st.know(a.ID)
		}
		for _, a := range c.Refs {
			st.know(a.ID)
		}
		for _, m := range c.Marks {
			st.sentMark(m)
		}
		st.quiet = portfolio.Clock{}
		if err := s.save(st); err != nil {
			return err
		}
		rep.Sealed = append(rep.Sealed, name)
	}
}

// seal writes this device's versions newer than those already sealed as its next
// change set; with ackOnly, only if an acknowledgement is due and nothing else is.
func (s *Syncer) seal(st *state, rep *Report, ack bool) error {
	var versions []store.Version
	var clock portfolio.Clock
	err := store.View(s.P, func(tx *store.Tx) error {
		var err error
		if versions, err = tx.OwnVersionsAfter(st.sent); err != nil {
			return err
		}
		_, clock, err = tx.Device()
		return err
	})
	if err != nil {
		return err
	}
	refs, marks, err := s.attachmentNews(st)
	if err != nil {
		return err
	}
	if len(versions) == 0 && len(refs) == 0 && len(marks) == 0 && !(ack && st.ackDue) {
		if st.quiet != clock {
			st.quiet = clock
			return s.save(st)
		}
		return nil
	}
	// The chunks go first: a change set in the folder names only chunks there.
	for i := range refs {
		if refs[i].Chunks, err = s.sealAttachment(st.device, refs[i].ID, refs[i].size); err != nil {
			return err
		}
	}
	c := &wire.ChangeSet{Device: st.device, Seq: st.next, Sealed: s.now(), Vector: st.vector(), Versions: versions, Marks: marks}
	for _, r := range refs {
		c.Refs = append(c.Refs, r.AttachRef)
	}
	file, err := c.Seal(s.P)
	if err != nil {
		return err
	}
	name := wire.FileName(st.device, st.next)
	if err := writeNew(s.path(name), file); err != nil {
		return err
	}
	st.next++
	if len(versions) > 0 {
		st.sent = c.MaxClock()
	}
	st.quiet, st.ackDue = clock, false
	for _, a := range refs {
		st.know(a.ID)
	}
	for _, m := range marks {
		st.sentMark(m)
	}
	rep.Sealed = append(rep.Sealed, name)
	return s.save(st)
}

// writeNew writes a file that must not exist, whole or not at all: a temporary name
// that readers skip, synced, then renamed.
func writeNew(path string, b []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists already; folio never rewrites a change set", path)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// devices lists the device directories in the folder.
func (s *Syncer) devices() ([]portfolio.DeviceID, error) {
	ents, err := os.ReadDir(s.Folder)
	if err != nil {
		return nil, err
	}
	var out []portfolio.DeviceID
	for _, e := range ents {
		if d, ok := wire.ParseDeviceName(e.Name()); ok && e.IsDir() {
			out = append(out, d)
		}
	}
	return out, nil
}

// pending reads device d's change sets after those applied, in order, up to the
// first that is missing, incomplete or refused.
func (s *Syncer) pending(st *state, d portfolio.DeviceID, rep *Report) ([]*wire.ChangeSet, error) {
	var out []*wire.ChangeSet
	seq := uint64(1)
	if p := st.peers[d]; p != nil {
		seq = p.applied.Seq + 1
	}
	for ; ; seq++ {
		name := wire.FileName(d, seq)
		b, err := os.ReadFile(s.path(name))
		if errors.Is(err, fs.ErrNotExist) {
			if later := s.laterThan(d, seq); later != "" {
				rep.Waiting = append(rep.Waiting, later)
			}
			return out, nil
		}
		if err != nil {
			return out, err
		}
		c, err := wire.Open(s.P, d, seq, b)
		if errors.Is(err, ErrIncomplete) {
			rep.Waiting = append(rep.Waiting, name)
			return out, nil
		}
		if err == nil {
			// Refused whole before the merge begins, so one bad version can neither
			// half-apply its change set nor stop the others' from merging.
			for _, v := range c.Versions {
				if verr := store.ValidateVersion(v); verr != nil {
					err = fmt.Errorf("%w: %w", ErrRefused, verr)
					break
				}
			}
		}
		if err != nil {
			rep.Refused = append(rep.Refused, Refusal{File: name, Err: err})
			return out, nil
		}
		// Applied, a change set is acknowledged, and its writer may then compact it
		// away: so it waits until the chunk files of its attachments are whole here,
		// and they are kept before this device seals anything (docs/SYNC.md
		// "Attachment chunks").
		missing, err := s.missingChunks(st, c)
		if err != nil {
			return out, err
		}
		if missing != "" {
			rep.Waiting = append(rep.Waiting, name, missing)
			return out, nil
		}
		out = append(out, c)
	}
}

// missingChunks names the first chunk file of c's attachments (those not kept here
// yet) that is missing or still arriving; "" when every one is whole.
func (s *Syncer) missingChunks(st *state, c *wire.ChangeSet) (string, error) {
	for _, a := range c.Refs {
		if st.attKnown[a.ID] {
			continue
		}
		if missing, err := s.chunksComplete(c.Device, a); err != nil || missing != "" {
			return missing, err
		}
	}
	return "", nil
}

// laterThan names the first change set of d after a missing seq, if any: it waits.
func (s *Syncer) laterThan(d portfolio.DeviceID, seq uint64) string {
	ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
	if err != nil {
		return ""
	}
	for _, e := range ents {
		if n, ok := wire.ParseSeqName(e.Name()); ok && n > seq {
			return d.String() + "/" + e.Name()
		}
	}
	return ""
}

// merge applies, in one vault transaction, every change set whose writer's vector
// this vault has caught up with (causal order), each after the one before it.
func (s *Syncer) merge(st *state, rep *Report) error {
	queues, err := s.queues(st, rep)
	if err != nil || len(queues) == 0 {
		return err
	}
	work := st.clone()
	var applied []string
	versions := 0
	err = store.Update(s.P, func(tx *store.Tx) error {
		_, clock, err := tx.Device()
		if err != nil {
			return err
		}
		if clock != st.quiet {
			return errWrittenSince
		}
		for progress := true; progress; {
			progress = false
			for _, d := range peerIDs(mapOf(queues)) {
				for len(queues[d]) > 0 {
					c := queues[d][0]
					ok, err := work.ready(c)
					if err != nil {
						rep.Refused = append(rep.Refused, Refusal{File: wire.FileName(c.Device, c.Seq), Err: err})
						delete(queues, d)
						break
					}
					if !ok {
						break
					}
					n, err := apply(tx, work, c)
					if err != nil {
						return fmt.Errorf("%s: %w", wire.FileName(c.Device, c.Seq), err)
					}
					if c.HasAttachments() {
						work.attDue = append(work.attDue, due{Device: c.Device, Seq: c.Seq})
					}
					versions += n
					applied = append(applied, wire.FileName(c.Device, c.Seq))
					queues[d] = queues[d][1:]
					progress = true
				}
			}
		}
		if work.quiet, err = deviceClock(tx); err != nil {
			return err
		}
		return tx.SetState(work.marshal())
	})
	if err != nil {
		return err
	}
	*st = *work
	rep.Applied = append(rep.Applied, applied...)
	rep.Versions += versions
	if err := s.keepAttachments(st, rep); err != nil {
		return err
	}
	for _, d := range peerIDs(mapOf(queues)) {
		for _, c := range queues[d] {
			rep.Waiting = append(rep.Waiting, wire.FileName(c.Device, c.Seq))
		}
	}
	return nil
}

// queues reads every other device's change sets that are pending here (pending).
func (s *Syncer) queues(st *state, rep *Report) (map[portfolio.DeviceID][]*wire.ChangeSet, error) {
	devs, err := s.devices()
	if err != nil {
		return nil, err
	}
	queues := map[portfolio.DeviceID][]*wire.ChangeSet{}
	for _, d := range devs {
		if d == st.device {
			continue
		}
		q, err := s.pending(st, d, rep)
		if err != nil {
			return nil, err
		}
		if len(q) > 0 {
			queues[d] = q
		}
	}
	return queues, nil
}

func deviceClock(tx *store.Tx) (portfolio.Clock, error) {
	_, c, err := tx.Device()
	return c, err
}

func mapOf(q map[portfolio.DeviceID][]*wire.ChangeSet) map[portfolio.DeviceID]*peer {
	m := map[portfolio.DeviceID]*peer{}
	for d := range q {
		m[d] = nil
	}
	return m
}

func (s *state) clone() *state {
	c := *s
	c.peers = map[portfolio.DeviceID]*peer{}
	for d, p := range s.peers {
		cp := *p
		c.peers[d] = &cp
	}
	c.attKnown = maps.Clone(s.attKnown)
	c.attDue = slices.Clone(s.attDue)
	return &c
}

// know records an attachment as sent or kept here.
func (s *state) know(id store.RecordID) {
	if s.attKnown == nil {
		s.attKnown = map[store.RecordID]bool{}
	}
	s.attKnown[id] = true
}

// ready says whether c can be applied now: this vault has applied everything c's
// writer had when it sealed c. A vector that claims change sets of this device that
// it never wrote is refused.
func (s *state) ready(c *wire.ChangeSet) (bool, error) {
	for d, e := range c.Vector {
		if d == s.device {
			if e.Seq >= s.next {
				return false, fmt.Errorf("%w: it claims to have seen change set %d of this device, which has written %d", ErrRefused, e.Seq, s.next-1)
			}
			continue
		}
		p := s.peers[d]
		if p == nil {
			return false, nil
		}
		if k := p.known(); k.Seq < e.Seq || k.Clock.Compare(e.Clock) < 0 {
			return false, nil
		}
	}
	return true, nil
}

// apply merges one change set's versions and advances the state.
func apply(tx *store.Tx, st *state, c *wire.ChangeSet) (int, error) {
	p := st.peers[c.Device]
	if p == nil {
		p = &peer{}
		st.peers[c.Device] = p
	}
	if c.Seq != p.applied.Seq+1 {
		return 0, fmt.Errorf("%w: change set %d follows %d", ErrRefused, c.Seq, p.applied.Seq)
	}
	n := 0
	for _, v := range c.Versions {
		if v.Clock.Compare(p.applied.Clock) <= 0 {
			return n, fmt.Errorf("%w: a version is no later than that device's versions already applied (replayed)", ErrRefused)
		}
		seen := func(d portfolio.DeviceID, clock portfolio.Clock) bool {
			if d == c.Device {
				return clock.Compare(v.Clock) < 0
			}
			e, ok := c.Vector[d]
			return ok && clock.Compare(e.Clock) <= 0
		}
		ok, err := tx.Apply(v, seen)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	p.applied.Seq = c.Seq
	if mc := c.MaxClock(); mc.Compare(p.applied.Clock) > 0 {
		p.applied.Clock = mc
	}
	if e, ok := c.Vector[st.device]; ok && e.Seq > p.acked {
		p.acked = e.Seq
	}
	p.last = c.Sealed
	if len(c.Versions) > 0 || c.HasAttachments() {
		st.ackDue = true
	}
	return n, nil
}

// Compact removes this device's own change sets that every device known in the
// folder has applied, and returns their names. It first writes a snapshot of the
// portfolio as this vault holds it, for a device that joins later to start from.
func (s *Syncer) Compact() ([]string, error) {
	gone, _, err := s.compact()
	return gone, err
}

// compact is Compact, and also returns the chunk files it removed.
func (s *Syncer) compact() (gone, chunks []string, err error) {
	if err := s.folder(); err != nil {
		return nil, nil, err
	}
	st, err := s.load()
	if err != nil {
		return nil, nil, err
	}
	devs, err := s.devices()
	if err != nil {
		return nil, nil, err
	}
	upTo := uint64(0)
	first := true
	for _, d := range devs {
		if d == st.device {
			continue
		}
		acked := uint64(0)
		if p := st.peers[d]; p != nil {
			acked = p.acked
		}
		if first || acked < upTo {
			upTo, first = acked, false
		}
	}
	for d, p := range st.peers {
		if !slices.Contains(devs, d) && (first || p.acked < upTo) {
			upTo, first = p.acked, false
		}
	}
	if first || upTo == 0 {
		return nil, nil, nil
	}
	var drop []string
	ents, err := os.ReadDir(filepath.Join(s.Folder, st.device.String()))
	if err != nil {
		return nil, nil, err
	}
	for _, e := range ents {
		if n, ok := wire.ParseSeqName(e.Name()); ok && n <= upTo {
			drop = append(drop, e.Name())
		}
	}
	if len(drop) == 0 {
		return nil, nil, nil
	}
	// A device that joins later starts from the snapshot, then the change sets left.
	_, refs, err := s.writeSnapshot(st)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range drop {
		name := st.device.String() + "/" + e
		if err := os.Remove(s.path(name)); err != nil {
			return gone, nil, err
		}
		gone = append(gone, name)
	}
	chunks, err = s.dropChunks(st.device, upTo, refs)
	return gone, chunks, err
}

// dropChunks removes this device's chunk files that nothing left in the folder of
// this device's names: neither the snapshot just written (refs), nor a change set
// after upTo (those every known device has applied are gone). A chunk file only a
// removed change set named was applied by every known device with it; one no change
// set named (a seal cut short, of an attachment erased since) is needed by no one.
// Another device's files are never touched.
func (s *Syncer) dropChunks(d portfolio.DeviceID, upTo uint64, refs []wire.AttachRef) ([]string, error) {
	need := map[store.RecordID]uint32{}
	for _, a := range refs {
		need[a.ID] = max(need[a.ID], a.Chunks)
	}
	dir := filepath.Join(s.Folder, d.String())
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		n, ok := wire.ParseSeqName(e.Name())
		if !ok || n <= upTo {
			continue
		}
		name := wire.FileName(d, n)
		b, err := os.ReadFile(s.path(name))
		if err != nil {
			return nil, err
		}
		c, err := wire.Open(s.P, d, n, b)
		if err != nil {
			// What it names is unknown: keep every chunk file rather than guess.
			return nil, fmt.Errorf("%s no longer opens, so no chunk file was removed: %w", name, err)
		}
		for _, a := range c.Refs {
			need[a.ID] = max(need[a.ID], a.Chunks)
		}
	}
	var gone []string
	for _, e := range ents {
		id, i, ok := wire.ParseChunkName(e.Name())
		if !ok || i < need[id] {
			continue
		}
		name := d.String() + "/" + e.Name()
		if err := os.Remove(s.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return gone, err
		}
		gone = append(gone, name)
	}
	return gone, nil
}

// DeviceStatus is what the folder and the vault say of one device.
type DeviceStatus struct {
	Device  portfolio.DeviceID
	Self    bool
	Files   int       // change sets in the folder
	Applied uint64    // of its change sets, the last applied here
	Acked   uint64    // of this device's change sets, the last it applied
	Last    time.Time // when it sealed the last change set applied here
}

// Status lists the devices of the folder and of the vault's state.
func (s *Syncer) Status() ([]DeviceStatus, error) {
	if err := s.folder(); err != nil {
		return nil, err
	}
	st, err := s.stored()
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, ErrNotSyncing
	}
	devs, err := s.devices()
	if err != nil {
		return nil, err
	}
	for d := range st.peers {
		if !slices.Contains(devs, d) {
			devs = append(devs, d)
		}
	}
	if !slices.Contains(devs, st.device) {
		devs = append(devs, st.device)
	}
	slices.SortFunc(devs, func(a, b portfolio.DeviceID) int { return bytes.Compare(a[:], b[:]) })
	var out []DeviceStatus
	for _, d := range devs {
		ds := DeviceStatus{Device: d, Self: d == st.device}
		if ents, err := os.ReadDir(filepath.Join(s.Folder, d.String())); err == nil {
			for _, e := range ents {
				if _, ok := wire.ParseSeqName(e.Name()); ok && !strings.HasPrefix(e.Name(), ".") {
					ds.Files++
				}
			}
		}
		if p := st.peers[d]; p != nil {
			ds.Applied, ds.Acked, ds.Last = p.applied.Seq, p.acked, p.last
		}
		if ds.Self {
			ds.Applied = st.next - 1
		}
		out = append(out, ds)
	}
	return out, nil
}
