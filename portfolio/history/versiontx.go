package history

import (
	"fmt"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// The history's writes: one transaction of the vault on the core's generic write
// (Portfolio.WriteStored), after which the records in memory follow what it wrote,
// and the attachments of the records it erased are collected, so the catalogue, the
// text index, the vault's ID sets, the history and the attachments stay in step,
// and one write here is one step of the undo log.

// versionTx is a change to the history in progress (writeVersions). It is valid
// only inside the function it was given to.
type versionTx struct {
	stx *storage.Tx
	// expired says which attachments removed to the trash on their own leave it
	// with the records the transaction erased; nil if it erased none.
	expired func(removed time.Time) bool
}

// writeVersions runs fn in one transaction under the write lock; once it commits,
// the records in memory follow what it wrote, and if it emptied the trash or erased
// versions by age, the attachments of the records gone for good are collected.
func writeVersions(p *portfolio.Portfolio, fn func(*versionTx) error) error {
	vtx := &versionTx{}
	err := p.WriteStored(func(stx *storage.Tx) error {
		vtx.stx = stx
		defer func() { vtx.stx = nil }()
		return fn(vtx)
	})
	if err == nil && vtx.expired != nil {
		_, err = p.CollectAttachments(vtx.expired)
	}
	return err
}

// Restore writes version seq of the record id of kind as its newest; seq 0 brings
// it back from the trash as it was when deleted.
func (tx *versionTx) Restore(kind Kind, id ID, seq uint32) error {
	coll, sid, err := stored(kind, id)
	if err != nil {
		return err
	}
	_, err = tx.stx.Restore(coll, sid, seq)
	return err
}

// RestoreTrashed brings t back from the trash as it was when deleted: one of the
// records package history's restore brings back with another.
func (tx *versionTx) RestoreTrashed(t storage.Trashed) error {
	_, err := tx.stx.Restore(t.Collection, t.ID, 0)
	return err
}

// UndoLast takes back the newest step of the undo log.
func (tx *versionTx) UndoLast() (storage.Step, error) { return tx.stx.UndoLast() }

// EmptyTrash erases every record in the trash with all its versions, and with them
// every attachment removed to the trash on its own; it returns the records erased.
func (tx *versionTx) EmptyTrash() (int, error) {
	gone, err := tx.stx.EmptyTrash()
	tx.expired = func(time.Time) bool { return true }
	return len(gone), err
}

// Purge erases every version of the record id of kind but its current one.
func (tx *versionTx) Purge(kind Kind, id ID) (int, error) {
	coll, sid, err := stored(kind, id)
	if err != nil {
		return 0, err
	}
	return tx.stx.Purge(coll, sid)
}

// PurgeBefore erases the versions saved before cutoff, and the records in the trash
// deleted before it, with the attachments removed to the trash before it.
func (tx *versionTx) PurgeBefore(cutoff time.Time) (int, error) {
	n, err := tx.stx.PurgeBefore(cutoff)
	tx.expired = func(t time.Time) bool { return t.Before(cutoff) }
	return n, err
}

// stored is where the vault keeps the record id of kind: its collection and its key.
func stored(kind Kind, id ID) (string, storage.ID, error) {
	row, ok := portfolio.KindOf(kind)
	if !ok {
		return "", storage.ID{}, noHistory(kind)
	}
	sid, err := storage.ParseID(string(id))
	if err != nil {
		return "", sid, fmt.Errorf("%w: %w", portfolio.ErrNotFound, err)
	}
	return row.Collection(), sid, nil
}

// noHistory is the error for a kind that keeps no versions.
func noHistory(kind Kind) error {
	return fmt.Errorf("%w: records of kind %q have no history", portfolio.ErrInvalid, kind)
}
