package history

// RestoreVersion writes version seq of the record id as its newest, in one
// transaction; seq 0 brings a record back from the trash as it was when deleted,
// with what the table of kinds says comes back with it (trashedWith): a goal's
// action plan deleted with it, a relationship's meetings and ratings, and a
// meeting's or rating's relationship if that is in the trash too.
func (p *Portfolio) RestoreVersion(id ID, seq int) error {
	kind, err := p.kindOf(id)
	if err != nil {
		return err
	}
	coll, err := historyCollection(kind)
	if err != nil {
		return err
	}
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if seq < 0 || int64(seq) > int64(^uint32(0)) {
		return invalid("version %d does not exist", seq)
	}
	p.mu.RLock()
	_, live := p.liveKind(id)
	p.mu.RUnlock()
	var group []storage.Trashed
	if !live && seq == 0 {
		group, err = p.trashedWith(id, kind)
		if err != nil {
			return err
		}
	}
	return p.writeHistory(func(tx *storage.Tx) error {
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
}
