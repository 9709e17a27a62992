package portfolio

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage"
)

// Versions, the trash and undo (docs/HISTORY.md). The vault keeps a sealed version of
// every save and deletion of the collections below; this file reads them as records
// and writes them back, keeping the in-memory records in step.

// Kinds that only the history names: the settings record, the people the user shares
// files with, and the scheme questionnaires. They have versions like any other.
const (
	KindSettings   Kind = "settings"
	KindContact    Kind = "contact"
	KindEvaluation Kind = "evaluation"
)

// MaxHistoryDays is the longest retention a setting may ask for: a century.
const MaxHistoryDays = 36525

func historyCollection(kind Kind) (string, error) {
	if s, ok := specOf(kind); ok {
		return s.coll, nil
	}
	return "", invalid("records of kind %q have no history", kind)
}

// Clock is a version's hybrid logical clock; DeviceID names the vault that wrote it.
type (
	Clock    = storage.Clock
	DeviceID = storage.DeviceID
)

// Version is one version of a record.
type Version struct {
	Seq  int  `json:"version"`
	Kind Kind `json:"kind"`
	ID   ID   `json:"id"`
	// Saved is when it was written; zero for a baseline.
	Saved  time.Time `json:"saved,omitzero"`
	Device string    `json:"device,omitempty"`
	Clock  Clock     `json:"clock"`
	// Deleted marks the version that moved the record to the trash.
	Deleted bool `json:"deleted,omitempty"`
	// Baseline is the record as it was before its history began: its time is unknown.
	Baseline bool   `json:"baseline,omitempty"`
	Title    string `json:"title,omitempty"`
	// Record is the record as it was (*Entry, *Goal, *Action, *Relationship, *Meeting,
	// *Rating, *Received, *Settings, *Contact or *Evaluation); nil for a deletion.
	Record any `json:"record,omitempty"`
}

func (p *Portfolio) version(kind Kind, id ID, v storage.Version) (Version, error) {
	out := Version{Seq: int(v.Seq), Kind: kind, ID: id, Saved: v.Saved, Clock: v.Clock, Deleted: v.Tombstone, Baseline: v.Baseline}
	if !v.Baseline {
		out.Device = v.Device.String()
	}
	if v.Tombstone {
		return out, nil
	}
	rec, err := p.decodeOwned(kind, id, v.Plain)
	if err != nil {
		return out, fmt.Errorf("version %d of %s %s: %w: %w", v.Seq, kind, id, ErrDamaged, err)
	}
	out.Record, out.Title = rec, recordTitle(rec)
	return out, nil
}

// decodeOwned decodes plain, a plaintext the vault handed over, which the record may
// share and Close overwrites, as it does the records read on demand.
func (p *Portfolio) decodeOwned(kind Kind, id ID, plain []byte) (any, error) {
	rec, err := decodeKind(kind, id, plain)
	p.lazy.Lock()
	p.lazyOwned = append(p.lazyOwned, plain)
	p.lazy.Unlock()
	return rec, err
}

// decodeKind decodes a record of kind from its plaintext, which it may keep.
func decodeKind(kind Kind, id ID, plain []byte) (any, error) {
	s, ok := specOf(kind)
	if !ok {
		return nil, invalid("records of kind %q have no history", kind)
	}
	return s.decode(id, plain)
}

func recordTitle(rec any) string {
	if s, ok := specOfRecord(rec); ok {
		return s.title(rec)
	}
	return ""
}

// kindOf finds the kind of a live record, or of one in the trash.
func (p *Portfolio) kindOf(id ID) (Kind, error) {
	p.mu.RLock()
	kind, ok := p.liveKind(id)
	p.mu.RUnlock()
	if ok {
		return kind, nil
	}
	trashed, err := p.trashedKinds()
	if err != nil {
		return "", err
	}
	if k, ok := trashed[id]; ok {
		return k, nil
	}
	// Questionnaires are not kept in memory: ask the vault.
	if sid, err := storageID(id); err == nil && p.vault != nil {
		if _, err := p.vault.Get(collEvaluations, sid); err == nil {
			return KindEvaluation, nil
		}
	}
	return "", fmt.Errorf("%w: no record %s, live or in the trash", ErrNotFound, id)
}

// liveKind is the kind of a record in memory; the caller holds p.mu.
func (p *Portfolio) liveKind(id ID) (Kind, bool) {
	for _, s := range recordKinds() {
		if s.has != nil && s.has(p, id) {
			return s.kind, true
		}
	}
	return "", false
}

// trashedKinds names the records in the trash, without decrypting them.
func (p *Portfolio) trashedKinds() (map[ID]Kind, error) {
	if p.vault == nil { // a portfolio in memory, as an import validates against
		return p.stagedTrash, nil
	}
	ids, err := p.vault.TrashedIDs()
	if err != nil {
		return nil, err
	}
	out := make(map[ID]Kind, len(ids))
	for sid, coll := range ids {
		if k, ok := historyKind(coll); ok {
			out[ID(sid.String())] = k
		}
	}
	return out, nil
}

// InTrash reports whether id names a record in the trash: what a link to a deleted
// record shows instead of breaking.
func (p *Portfolio) InTrash(id ID) bool {
	trashed, err := p.trashedKinds()
	if err != nil {
		return false
	}
	_, ok := trashed[id]
	return ok
}

// ResolveAny is ResolveRecord over live records and those in the trash.
func (p *Portfolio) ResolveAny(prefix string) (ID, Kind, error) {
	id, kind, err := p.ResolveRecord(prefix)
	if err == nil || IsAmbiguous(err) {
		return id, kind, err
	}
	want := strings.ToLower(strings.TrimSpace(prefix))
	if len(want) < MinPrefix {
		return id, kind, err
	}
	trashed, terr := p.trashedKinds()
	if terr != nil {
		return "", "", terr
	}
	var found []ID
	for tid := range trashed {
		if strings.HasPrefix(string(tid), want) {
			found = append(found, tid)
		}
	}
	switch len(found) {
	case 0:
		return id, kind, err
	case 1:
		return found[0], trashed[found[0]], nil
	}
	return "", "", fmt.Errorf("%w: more than one record has an ID starting %q; type more of the ID", ErrAmbiguousID, want)
}

// History lists the versions of the record id, oldest first. A version that fails
// to open is an error naming it.
func (p *Portfolio) History(id ID) ([]Version, error) {
	kind, err := p.kindOf(id)
	if err != nil {
		return nil, err
	}
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	sid, err := storageID(id)
	if err != nil {
		return nil, err
	}
	vs, damaged, err := p.vault.Versions(coll, sid)
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	out := make([]Version, 0, len(vs))
	for _, v := range vs {
		ver, err := p.version(kind, id, v)
		if err != nil {
			return nil, err
		}
		out = append(out, ver)
	}
	return out, nil
}

// VersionNumbers is the number of the current version of every record of kind that
// has versions: what a document that prints them names, so that a later change shows
// as a later version. A live record with none is version 1: its first change keeps
// its value as version 1 (a baseline) before writing version 2.
func (p *Portfolio) VersionNumbers(kind Kind) (map[ID]int, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	seqs, err := p.vault.NewestVersions(coll)
	if err != nil {
		return nil, err
	}
	out := make(map[ID]int, len(seqs))
	for sid, n := range seqs {
		out[ID(sid.String())] = int(n)
	}
	return out, nil
}

// VersionOf is version seq of the record id.
func (p *Portfolio) VersionOf(id ID, seq int) (Version, error) {
	vs, err := p.History(id)
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.Seq == seq {
			return v, nil
		}
	}
	return Version{}, fmt.Errorf("%w: %s has no version %d (it has %s)", ErrNotFound, id, seq, versionRange(vs))
}

func versionRange(vs []Version) string {
	if len(vs) == 0 {
		return "none"
	}
	return fmt.Sprintf("%d to %d", vs[0].Seq, vs[len(vs)-1].Seq)
}

// Restore makes version seq of the record id its current value again, as a new
// version; seq 0 brings a record back from the trash as it was when deleted. A goal
// brought back from the trash brings back its action plan deleted with it, a
// relationship its meetings and ratings, and a meeting or rating its relationship if
// that is in the trash too. It returns the new version.
func (p *Portfolio) Restore(id ID, seq int) (Version, error) {
	kind, err := p.kindOf(id)
	if err != nil {
		return Version{}, err
	}
	coll, err := historyCollection(kind)
	if err != nil {
		return Version{}, err
	}
	sid, err := storageID(id)
	if err != nil {
		return Version{}, err
	}
	if seq < 0 || int64(seq) > int64(^uint32(0)) {
		return Version{}, invalid("version %d does not exist", seq)
	}
	p.mu.RLock()
	_, live := p.liveKind(id)
	p.mu.RUnlock()
	var group []storage.Trashed
	if !live && seq == 0 {
		group, err = p.trashedWith(id, kind)
		if err != nil {
			return Version{}, err
		}
	}
	err = p.writeHistory(func(tx *storage.Tx) error {
		if _, err := tx.Restore(coll, sid, uint32(seq)); err != nil {
			return err
		}
		for _, t := range group {
			if _, err := tx.Restore(t.Collection, t.ID, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Version{}, p.historyErr(err)
	}
	vs, err := p.History(id)
	if err != nil {
		return Version{}, err
	}
	return vs[len(vs)-1], nil
}

// trashedWith lists the records in the trash that come back with the record id: a
// goal's actions and a relationship's meetings and ratings deleted with it, and the
// relationship of a meeting or rating, which cannot be without one.
func (p *Portfolio) trashedWith(id ID, kind Kind) ([]storage.Trashed, error) {
	if !slices.ContainsFunc(recordKinds(), func(s kindSpec) bool { return s.ownerKind == kind || s.kind == kind && s.needsOwner }) {
		return nil, nil
	}
	items, damaged, err := p.vault.Trash()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	type item struct {
		spec kindSpec
		rec  any
	}
	recs := make([]item, len(items))
	var deleted storage.VersionInfo
	var parent ID
	for i, it := range items {
		rid := ID(it.ID.String())
		s, _ := specOfCollection(it.Collection)
		rec, _ := p.decodeOwned(s.kind, rid, it.Last.Plain)
		recs[i] = item{s, rec}
		if rid != id {
			continue
		}
		deleted = it.Deleted
		if s.needsOwner && rec != nil {
			parent = s.owner(rec)
		}
	}
	var out []storage.Trashed
	for i, it := range items {
		rid := ID(it.ID.String())
		if rid == parent && parent != "" {
			out = append(out, it.Trashed)
			continue
		}
		// Deleted in the same transaction: the same clock, from the same device.
		same := it.Deleted.Clock == deleted.Clock && it.Deleted.Device == deleted.Device
		if s, rec := recs[i].spec, recs[i].rec; same && rec != nil && s.ownerKind == kind && s.owner(rec) == id {
			out = append(out, it.Trashed)
		}
	}
	return out, nil
}

// TrashItem is a record in the trash.
type TrashItem struct {
	Kind    Kind      `json:"kind"`
	ID      ID        `json:"id"`
	Title   string    `json:"title"`
	Deleted time.Time `json:"deleted"`
	// Versions is how many versions the record has, its deletion included.
	Versions int `json:"versions"`
	// Last is the record as it was when it was deleted.
	Last Version `json:"-"`
}

// Trash lists the records in the trash, most recently deleted first.
func (p *Portfolio) Trash() ([]TrashItem, error) {
	items, damaged, err := p.vault.Trash()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	var out []TrashItem
	for _, it := range items {
		kind, ok := historyKind(it.Collection)
		if !ok {
			continue
		}
		id := ID(it.ID.String())
		last, err := p.version(kind, id, it.Last)
		if err != nil {
			return nil, err
		}
		out = append(out, TrashItem{Kind: kind, ID: id, Title: last.Title, Deleted: it.Deleted.Saved, Versions: int(it.Deleted.Seq), Last: last})
	}
	slices.SortStableFunc(out, func(a, b TrashItem) int { return b.Deleted.Compare(a.Deleted) })
	return out, nil
}

// EmptyTrash erases every record in the trash with all its versions, and returns how
// many records it erased. What bbolt's free pages may still hold is in docs/HISTORY.md.
func (p *Portfolio) EmptyTrash() (int, error) {
	var n int
	err := p.writeHistory(func(tx *storage.Tx) error {
		gone, err := tx.EmptyTrash()
		n = len(gone)
		return err
	})
	if err == nil {
		// Every attachment removed on its own goes too.
		_, err = p.collectAttachments(func(time.Time) bool { return true })
	}
	return n, err
}

// PurgeHistory erases every version of the record id but its current one (all of
// them for a record in the trash), and returns how many it erased.
func (p *Portfolio) PurgeHistory(id ID) (int, error) {
	kind, err := p.kindOf(id)
	if err != nil {
		return 0, err
	}
	coll, err := historyCollection(kind)
	if err != nil {
		return 0, err
	}
	sid, err := storageID(id)
	if err != nil {
		return 0, err
	}
	var n int
	err = p.writeHistory(func(tx *storage.Tx) error {
		var err error
		n, err = tx.Purge(coll, sid)
		return err
	})
	return n, err
}

// PurgeOlderThan erases the versions older than days days (a retention period): a
// record keeps its current version, and records deleted longer ago leave the trash.
// It returns how many versions it erased.
func (p *Portfolio) PurgeOlderThan(days int) (int, error) {
	if days <= 0 {
		return 0, invalid("a retention period is a number of days above zero, not %d", days)
	}
	cutoff := p.now().AddDate(0, 0, -days)
	var n int
	err := p.writeHistory(func(tx *storage.Tx) error {
		var err error
		n, err = tx.PurgeBefore(cutoff)
		return err
	})
	if err == nil {
		// Attachments removed on their own leave the trash when records would.
		_, err = p.collectAttachments(func(t time.Time) bool { return t.Before(cutoff) })
	}
	return n, err
}

// retention erases the versions older than the settings' retention period, if they
// set one: Open's hook for a vault opened for writing. A vault that cannot be written
// (damaged, read-only) still opens; the error is kept for RetentionAtOpen.
func (p *Portfolio) retention() {
	days := p.m.settings.HistoryDays
	if days <= 0 {
		return
	}
	p.retained.n, p.retained.err = p.PurgeOlderThan(days)
	p.retained.days = days
}

// RetentionAtOpen says how many versions opening the vault erased for being older
// than the retention setting (days), and why it could not, if it could not: for the
// notice the app and the command line show.
func (p *Portfolio) RetentionAtOpen() (erased, days int, err error) {
	return p.retained.n, p.retained.days, p.retained.err
}

// Change is one record changed by a step of the undo log.
type Change struct {
	Kind    Kind `json:"kind"`
	ID      ID   `json:"id"`
	Version int  `json:"version"`
	// Deleted is true if the step moved the record to the trash.
	Deleted bool `json:"deleted,omitempty"`
}

// Step is one change made since the vault was unlocked, as the app undoes it: every
// record one save, deletion or restore wrote.
type Step struct {
	At      time.Time `json:"at"`
	Changes []Change  `json:"changes"`
}

// Describe says what the step did, for a status line ("saved entry 0a1b2c3d...").
func (s Step) Describe() string {
	if len(s.Changes) == 0 {
		return "nothing"
	}
	c := s.Changes[0]
	verb := "saved"
	if c.Deleted {
		verb = "deleted"
	}
	out := fmt.Sprintf("%s %s %s", verb, c.Kind, c.ID)
	if n := len(s.Changes) - 1; n > 0 {
		out += fmt.Sprintf(" and %d more", n)
	}
	return out
}

func stepOf(s storage.Step) Step {
	out := Step{At: s.At}
	for _, c := range s.Changes {
		k, ok := historyKind(c.Collection)
		if !ok {
			k = Kind(c.Collection)
		}
		out.Changes = append(out.Changes, Change{Kind: k, ID: ID(c.ID.String()), Version: int(c.Seq), Deleted: c.Tombstone})
	}
	return out
}

// UndoLog is the changes made since the vault was unlocked, oldest first; Undo takes
// back the newest.
func (p *Portfolio) UndoLog() []Step {
	var out []Step
	for _, s := range p.vault.UndoLog() {
		out = append(out, stepOf(s))
	}
	return out
}

// ErrChangedSince means an undo would overwrite a later change.
var ErrChangedSince = storage.ErrChangedSince

// ErrNothingToUndo means no change has been made since the vault was unlocked.
var ErrNothingToUndo = storage.ErrNothingToUndo

// Undo takes back the newest change of the undo log: each record it changed gets back
// its version before, as a new version, and a record it created goes to the trash.
// It returns the step undone.
func (p *Portfolio) Undo() (Step, error) {
	var step storage.Step
	err := p.writeHistory(func(tx *storage.Tx) error {
		var err error
		step, err = tx.UndoLast()
		return err
	})
	if err != nil {
		return Step{}, p.historyErr(err)
	}
	return stepOf(step), nil
}

func (p *Portfolio) historyErr(err error) error {
	if errors.Is(err, storage.ErrChangedSince) {
		return fmt.Errorf("%w: a later change to the same record must be undone first", err)
	}
	return err
}

// writeHistory runs fn in one transaction (with the catalogue kept in step) and then
// brings the records in memory in line with what it wrote.
func (p *Portfolio) writeHistory(fn func(tx *storage.Tx) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var changes []storage.Change
	err := p.update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		changes = slices.Clone(tx.Changes())
		return nil
	})
	if err != nil {
		return err
	}
	for _, ch := range changes {
		p.applyStored(ch)
	}
	return nil
}

// applyStored puts one stored change into the records in memory; the caller holds
// p.mu for writing.
func (p *Portfolio) applyStored(ch storage.Change) {
	kind, ok := historyKind(ch.Collection)
	if !ok {
		return
	}
	id := ID(ch.ID.String())
	if ch.Deleted {
		p.forget(kind, id)
		return
	}
	// What this file writes is the vault's own plaintext (versions restored), which
	// nothing else keeps: it is handed over, not copied.
	plain := ch.Plain
	rec, err := decodeKind(kind, id, plain)
	if err != nil {
		clear(plain)
		p.damaged = append(p.damaged, Damage{Collection: ch.Collection, ID: string(id), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
		return
	}
	// Entries, goals and actions share plain, which Close overwrites; the others
	// decode by copying, so it is overwritten at once.
	spec, _ := specOf(kind)
	if spec.owned {
		p.owned = append(p.owned, plain)
	} else {
		clear(plain)
	}
	if spec.set != nil {
		spec.set(p, ch.ID, rec)
	}
}
