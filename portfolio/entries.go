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
	p.mu.RawLock()
	if !p.mu.RowsRead() {
		// An edit needs the entry's own old row alone: its record, read by a
		// seek, gives the row's key, and the catalogue's write reads the one
		// chunk it is in (edit at 100k entries).
		defer p.mu.RWMutex.Unlock()
		return p.updateUnread(e)
	}
	p.mu.RWMutex.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.entries[e.ID]
	if !ok {
		return nil, fmt.Errorf("%w: no entry %s", ErrNotFound, e.ID)
	}
	sid, err := storageID(e.ID)
	if err != nil {
		return nil, err
	}
	// Where an entry came from is not for an edit to change.
	e.Created, e.Source = old.Created(), old.Meta().Source
	e.Updated = p.now().UTC()
	if err := p.validateEntry(&e); err != nil {
		return nil, err
	}
	if err := p.update(func(tx *storage.Tx) error { return tx.Put(collEntries, sid, encodeEntry(&e)) }); err != nil {
		return nil, err
	}
	p.remove(e.ID)
	p.insert(newIndexed(&e))
	return &e, nil
}

// updateUnread is UpdateEntry while the open has left the rows unread; the
// caller holds p.mu.
func (p *Portfolio) updateUnread(e Entry) (*Entry, error) {
	old, err := p.readEntry(e.ID)
	if err != nil {
		return nil, err
	}
	sid, err := storageID(e.ID)
	if err != nil {
		return nil, err
	}
	e.Created, e.Source = old.Created, old.Source
	e.Updated = p.now().UTC()
	if err := p.validateEntry(&e); err != nil {
		return nil, err
	}
	key := catalogue.Key{Date: old.Date, Created: old.Created, ID: sid}
	err = p.es.UpdateKnown(map[storage.ID]catalogue.Key{sid: key}, func(tx *storage.Tx) error {
		return tx.Put(collEntries, sid, encodeEntry(&e))
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// DeleteEntry moves an entry to the trash. Actions that reflected on it keep the
// link, which shows the entry as in the trash until it is restored.
func (p *Portfolio) DeleteEntry(id ID) error {
	p.mu.RawLock()
	if !p.mu.RowsRead() {
		// As an edit: the record, read by a seek, gives the old row's key.
		defer p.mu.RWMutex.Unlock()
		old, err := p.readEntry(id)
		if err != nil {
			return err
		}
		sid, err := storageID(id)
		if err != nil {
			return err
		}
		key := catalogue.Key{Date: old.Date, Created: old.Created, ID: sid}
		return p.es.UpdateKnown(map[storage.ID]catalogue.Key{sid: key}, func(tx *storage.Tx) error {
			return tx.Delete(collEntries, sid)
		})
	}
	p.mu.RWMutex.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.entries[id]; !ok {
		return fmt.Errorf("%w: no entry %s", ErrNotFound, id)
	}
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if err := p.update(func(tx *storage.Tx) error { return tx.Delete(collEntries, sid) }); err != nil {
		return err
	}
	p.remove(id)
	return nil
}
