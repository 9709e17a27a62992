package entryindex

// entry is the whole entry, or nil if its body has not been read (or could not be).
func (ix *indexed) entry() *Entry {
	if ix.whole {
		return ix.m.Load()
	}
	return ix.full.Load()
}

// readBodies reads the records of ids and keeps each whole entry with its row.
// Concurrent readers may read the same record twice; either copy is the same.
func (p *Portfolio) readBodies(ids []storage.ID) {
	damaged, err := p.vault.LoadSome(collEntries, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
		ix := p.entries[ID(sid.String())]
		if ix == nil {
			return nil
		}
		e := &Entry{ID: ix.id}
		if err := decodeEntryOwned(plain, e); err != nil {
			p.noteDamage(Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		p.lazy.Lock()
		// The entry's strings share plain: Close overwrites it.
		p.lazyOwned = append(p.lazyOwned, plain)
		p.lazy.Unlock()
		ix.full.Store(e)
		return nil
	})
	if err != nil {
		for _, id := range ids {
			p.noteDamage(Damage{Collection: collEntries, ID: id.String(), Err: err})
		}
		return
	}
	for _, d := range damaged {
		p.noteDamage(d)
	}
}
