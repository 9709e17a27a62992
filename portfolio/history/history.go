package portfolio

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage"
)

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
