package mentorship

// ClearDiscuss takes the "to discuss" flag off the entries, all in one
// transaction, so a failure leaves every flag as it was. Entries not flagged are
// left alone; it returns how many changed.
func (p *Portfolio) ClearDiscuss(ids []ID) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now().UTC()
	type change struct {
		sid storage.ID
		e   *Entry
	}
	var changes []change
	for _, id := range ids {
		ix, ok := p.entries[id]
		if !ok {
			return 0, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
		}
		if !ix.Meta().Discuss {
			continue
		}
		sid, err := storageID(id)
		if err != nil {
			return 0, err
		}
		// The whole entry: one opened from the catalogue holds only its metadata,
		// and saving that would drop the body.
		whole := p.whole(ix)
		if whole == nil {
			return 0, fmt.Errorf("%w: entry %s cannot be read", ErrDamaged, id)
		}
		e := *whole
		e.Discuss = false
		e.Updated = now
		changes = append(changes, change{sid, &e})
	}
	if len(changes) == 0 {
		return 0, nil
	}
	err := p.update(func(tx *storage.Tx) error {
		for _, c := range changes {
			if err := tx.Put(collEntries, c.sid, encodeEntry(c.e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, c := range changes {
		p.remove(c.e.ID)
		p.insert(newIndexed(c.e))
	}
	return len(changes), nil
}
