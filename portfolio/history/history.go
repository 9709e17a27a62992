// Package history is what a user does with a record's versions (docs/HISTORY.md):
// lists them, restores one, deletes a record to the trash (remove.go, on the core's
// trash calls), lists and empties the trash, erases old versions, and undoes the
// changes made since the vault was unlocked; it also numbers the versions a document
// prints (numbers.go). It works on the core's versions API
// (portfolio/versions.go, txapi_versions.go): it reads the versions, the trash and
// the undo log as the vault keeps them (StoredHistory, stored.go), the core decodes
// them as records (versions.go here lists them, finds a record's kind and what a
// restore brings back), and every write runs in the core's generic transaction
// (WriteStored, versiontx.go), which keeps the records in memory, the catalogue and
// the text index in step, after which the attachments of the records it erased are
// collected; a write here is one step of the undo log.
package history

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// ID, Kind and Version name records and their versions as the core does.
type (
	ID      = portfolio.ID
	Kind    = portfolio.Kind
	Version = portfolio.Version
)

// ResolveAny is ResolveRecord over live records and those in the trash.
func ResolveAny(p *portfolio.Portfolio, prefix string) (ID, Kind, error) {
	id, kind, err := ResolveRecord(p, prefix)
	if err == nil || portfolio.IsAmbiguous(err) {
		return id, kind, err
	}
	want := strings.ToLower(strings.TrimSpace(prefix))
	if len(want) < portfolio.MinPrefix {
		return id, kind, err
	}
	trashed, terr := p.TrashedWithPrefix(want)
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
	return "", "", fmt.Errorf("%w: more than one record has an ID starting %q; type more of the ID", portfolio.ErrAmbiguousID, want)
}

// History lists the versions of the record id, oldest first. A version that fails
// to open is an error naming it.
func History(p *portfolio.Portfolio, id ID) ([]Version, error) {
	kind, err := recordKind(p, id)
	if err != nil {
		return nil, err
	}
	return Versions(p, kind, id)
}

// VersionOf is version seq of the record id.
func VersionOf(p *portfolio.Portfolio, id ID, seq int) (Version, error) {
	vs, err := History(p, id)
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.Seq == seq {
			return v, nil
		}
	}
	return Version{}, fmt.Errorf("%w: %s has no version %d (it has %s)", portfolio.ErrNotFound, id, seq, versionRange(vs))
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
func Restore(p *portfolio.Portfolio, id ID, seq int) (Version, error) {
	if err := restoreVersion(p, id, seq); err != nil {
		return Version{}, historyErr(err)
	}
	vs, err := History(p, id)
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
func Trash(p *portfolio.Portfolio) ([]TrashItem, error) {
	items, err := trashedVersions(p)
	if err != nil {
		return nil, err
	}
	var out []TrashItem
	for _, it := range items {
		last := it.Last
		out = append(out, TrashItem{Kind: last.Kind, ID: last.ID, Title: last.Title, Deleted: it.Deleted.Saved, Versions: int(it.Deleted.Seq), Last: last})
	}
	slices.SortStableFunc(out, func(a, b TrashItem) int { return b.Deleted.Compare(a.Deleted) })
	return out, nil
}

// EmptyTrash erases every record in the trash with all its versions, and every
// attachment removed to the trash on its own, and returns how many records it
// erased. What bbolt's free pages may still hold is in docs/HISTORY.md.
func EmptyTrash(p *portfolio.Portfolio) (int, error) {
	var n int
	err := writeVersions(p, func(tx *versionTx) error {
		var err error
		n, err = tx.EmptyTrash()
		return err
	})
	return n, err
}

// PurgeHistory erases every version of the record id but its current one (all of
// them for a record in the trash), and returns how many it erased.
func PurgeHistory(p *portfolio.Portfolio, id ID) (int, error) {
	kind, err := recordKind(p, id)
	if err != nil {
		return 0, err
	}
	var n int
	err = writeVersions(p, func(tx *versionTx) error {
		var err error
		n, err = tx.Purge(kind, id)
		return err
	})
	return n, err
}

// PurgeOlderThan erases the versions older than days days (a retention period): a
// record keeps its current version, and records deleted longer ago leave the trash,
// as do attachments removed to it longer ago. It returns how many versions it
// erased.
func PurgeOlderThan(p *portfolio.Portfolio, days int) (int, error) {
	if days <= 0 {
		return 0, portfolio.Invalid("a retention period is a number of days above zero, not %d", days)
	}
	cutoff := p.Now().AddDate(0, 0, -days)
	var n int
	err := writeVersions(p, func(tx *versionTx) error {
		var err error
		n, err = tx.PurgeBefore(cutoff)
		return err
	})
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
		k, ok := portfolio.CollectionKind(c.Collection)
		if !ok {
			k = Kind(c.Collection)
		}
		out.Changes = append(out.Changes, Change{Kind: k, ID: ID(c.ID.String()), Version: int(c.Seq), Deleted: c.Tombstone})
	}
	return out
}

// UndoLog is the changes made since the vault was unlocked, oldest first; Undo takes
// back the newest.
func UndoLog(p *portfolio.Portfolio) []Step {
	var out []Step
	for _, s := range p.StoredHistory().UndoLog() {
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
func Undo(p *portfolio.Portfolio) (Step, error) {
	var step storage.Step
	err := writeVersions(p, func(tx *versionTx) error {
		var err error
		step, err = tx.UndoLast()
		return err
	})
	if err != nil {
		return Step{}, historyErr(err)
	}
	return stepOf(step), nil
}

func historyErr(err error) error {
	if errors.Is(err, storage.ErrChangedSince) {
		return fmt.Errorf("%w: a later change to the same record must be undone first", err)
	}
	return err
}
