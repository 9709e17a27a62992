package history

// VersionTx is a change to the history in progress (WriteVersions). It is valid
// only inside the function it was given to.
type VersionTx struct {
	stx *storage.Tx
	// expired says which attachments removed to the trash on their own leave it
	// with the records the transaction erased; nil if it erased none.
	expired func(removed time.Time) bool
}

// WriteVersions runs fn in one transaction under the write lock; once it commits,
// the records in memory follow what it wrote, and if it emptied the trash or erased
// versions by age, the attachments of the records gone for good are collected.
func (p *Portfolio) WriteVersions(fn func(*VersionTx) error) error {
	vtx := &VersionTx{}
	err := p.writeHistory(func(stx *storage.Tx) error {
		vtx.stx = stx
		defer func() { vtx.stx = nil }()
		return fn(vtx)
	})
	if err == nil && vtx.expired != nil {
		_, err = p.collectAttachments(vtx.expired)
	}
	return err
}

// Restore writes version seq of the record id of kind as its newest; seq 0 brings
// it back from the trash as it was when deleted.
func (tx *VersionTx) Restore(kind Kind, id ID, seq uint32) error {
	coll, err := historyCollection(kind)
	if err != nil {
		return err
	}
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	_, err = tx.stx.Restore(coll, sid, seq)
	return err
}

// RestoreTrashed brings t back from the trash as it was when deleted: one of the
// records package history's restore brings back with another.
func (tx *VersionTx) RestoreTrashed(t storage.Trashed) error {
	_, err := tx.stx.Restore(t.Collection, t.ID, 0)
	return err
}

// UndoLast takes back the newest step of the undo log.
func (tx *VersionTx) UndoLast() (storage.Step, error) { return tx.stx.UndoLast() }

// EmptyTrash erases every record in the trash with all its versions, and with them
// every attachment removed to the trash on its own; it returns the records erased.
func (tx *VersionTx) EmptyTrash() (int, error) {
	gone, err := tx.stx.EmptyTrash()
	tx.expired = func(time.Time) bool { return true }
	return len(gone), err
}

// Purge erases every version of the record id of kind but its current one.
func (tx *VersionTx) Purge(kind Kind, id ID) (int, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return 0, err
	}
	sid, err := storageID(id)
	if err != nil {
		return 0, err
	}
	return tx.stx.Purge(coll, sid)
}

// PurgeBefore erases the versions saved before cutoff, and the records in the trash
// deleted before it, with the attachments removed to the trash before it.
func (tx *VersionTx) PurgeBefore(cutoff time.Time) (int, error) {
	n, err := tx.stx.PurgeBefore(cutoff)
	tx.expired = func(t time.Time) bool { return t.Before(cutoff) }
	return n, err
}
