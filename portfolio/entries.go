package portfolio

import (
	"errors"
	"fmt"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/record"

	"github.com/foliohq/folio/storage"
)

// Entry returns the entry with this ID.
func (p *Portfolio) Entry(id ID) (*Entry, bool) {
	if !p.mu.RowsRead() {
		// One entry needs its record alone: a command that shows one (show ID)
		// reads it by a seek rather than every row of the catalogue first.
		p.mu.RawRLock()
		if !p.mu.RowsRead() {
			defer p.mu.RUnlock()
			return p.seekEntry(id)
		}
		p.mu.RUnlock()
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	ix, ok := p.entries[id]
	if !ok {
		return nil, false
	}
	e := p.whole(ix)
	return e, e != nil
}

// seekEntry reads the entry with this ID from the vault by a seek; the caller
// holds p.mu. A record that cannot be read is noted as damage, as a body read
// on demand is.
func (p *Portfolio) seekEntry(id ID) (*Entry, bool) {
	e, err := p.readEntry(id)
	return e, err == nil
}

// readEntry is seekEntry with why it found none: ErrNotFound, or ErrDamaged
// (noted, as a body read on demand is).
func (p *Portfolio) readEntry(id ID) (*Entry, error) {
	sid, err := storage.ParseID(string(id))
	if err != nil {
		return nil, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
	}
	plain, err := p.vault.Get(collEntries, sid)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
	}
	e := &Entry{ID: id}
	if err == nil {
		if err = record.DecodeEntryOwned(plain, e); err == nil {
			// Close wipes it, as it does the bodies read on demand.
			p.es.KeepLazy(plain)
			return e, nil
		}
		clear(plain)
	}
	if !errors.Is(err, ErrDamaged) {
		err = fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	p.noteDamage(Damage{Collection: collEntries, ID: sid.String(), Err: err})
	return nil, fmt.Errorf("entry %s: %w", id, err)
}

// EntryCount is how many entries the vault holds.
func (p *Portfolio) EntryCount() int { return p.es.EntryCount() }

// AddEntry validates e, gives it an ID and times, and saves it in one durable
// transaction. It returns the saved entry.
func (p *Portfolio) AddEntry(e Entry) (*Entry, error) {
	// A new entry needs no other's row: the catalogue's write reads the chunk it
	// goes in, and the rows in memory, if read, take it below.
	p.mu.RawLock()
	defer p.mu.RWMutex.Unlock()
	sid := storage.NewID()
	e.ID = ID(sid.String())
	e.Created = p.now().UTC()
	e.Updated = e.Created
	if err := p.validateEntry(&e); err != nil {
		return nil, err
	}
	err := p.es.UpdateFresh(sid, func(tx *storage.Tx) error { return tx.Put(collEntries, sid, encodeEntry(&e)) })
	if err != nil {
		return nil, err
	}
	if p.mu.RowsRead() {
		p.insert(newIndexed(&e))
	}
	return &e, nil
}

// UpdateEntry saves a changed copy of an existing entry.
func (p *Portfolio) UpdateEntry(e Entry) (*Entry, error) {
	old, err := p.lockEntry(e.ID)
	if err != nil {
		return nil, err
	}
	defer p.mu.RWMutex.Unlock()
	// Where an entry came from is not for an edit to change.
	e.Created, e.Source = old.Created, old.Source
	e.Updated = p.now().UTC()
	if err := p.validateEntry(&e); err != nil {
		return nil, err
	}
	sid, err := storageID(e.ID)
	if err != nil {
		return nil, err
	}
	if err := p.es.UpdateKnown(oldRow(sid, old), func(tx *storage.Tx) error { return tx.Put(collEntries, sid, encodeEntry(&e)) }); err != nil {
		return nil, err
	}
	if p.mu.RowsRead() {
		p.remove(e.ID)
		p.insert(newIndexed(&e))
	}
	return &e, nil
}

// DeleteEntry moves an entry to the trash. Actions that reflected on it keep the
// link, which shows the entry as in the trash until it is restored.
func (p *Portfolio) DeleteEntry(id ID) error {
	old, err := p.lockEntry(id)
	if err != nil {
		return err
	}
	defer p.mu.RWMutex.Unlock()
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if err := p.es.UpdateKnown(oldRow(sid, old), func(tx *storage.Tx) error { return tx.Delete(collEntries, sid) }); err != nil {
		return err
	}
	if p.mu.RowsRead() {
		p.remove(id)
	}
	return nil
}

// lockEntry takes the write lock for a change to the entry id and returns its
// metadata as it is: what an edit keeps of it and where its catalogue row is.
// While the open has left the rows unread, the lock is taken alone and the
// entry's record read by a seek, so an edit or a deletion reads no other row;
// otherwise the row in memory answers. The caller unlocks p.mu.RWMutex.
func (p *Portfolio) lockEntry(id ID) (*Entry, error) {
	p.mu.RawLock()
	if !p.mu.RowsRead() {
		old, err := p.readEntry(id)
		if err != nil {
			p.mu.RWMutex.Unlock()
			return nil, err
		}
		return old, nil
	}
	p.mu.RWMutex.Unlock()
	p.mu.Lock()
	ix, ok := p.entries[id]
	if !ok {
		p.mu.RWMutex.Unlock()
		return nil, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
	}
	return ix.Meta(), nil
}

// oldRow names the catalogue row of the entry sid as it was, old, so the
// catalogue's write takes it out of the one chunk its key falls in.
func oldRow(sid storage.ID, old *Entry) map[storage.ID]catalogue.Key {
	return map[storage.ID]catalogue.Key{sid: {Date: old.Date, Created: old.Created, ID: sid}}
}
