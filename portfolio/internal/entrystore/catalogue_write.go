package entrystore

import (
	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/storage"
)

// Update runs fn in one durable transaction and, in the same transaction, brings
// the catalogue up to date with the entries fn put or deleted. Every write of the
// portfolio goes through it.
func (p *Store) Update(fn func(*storage.Tx) error) error {
	var next *catalogue.State
	var prev, nextIdx *catalogue.IndexState
	err := p.vault.Update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		prev = p.Idx.Load()
		var err error
		var fresh map[storage.ID]bool
		if f := p.catFresh.Load(); f != nil {
			fresh = *f
		}
		var old map[storage.ID]catalogue.Key
		if o := p.catOld.Load(); o != nil {
			old = *o
		}
		next, nextIdx, err = p.cat.Stage(p.vault, tx, prev, fresh, old)
		if err == nil {
			// Before the commit, so the next transaction stages on top of this one.
			p.Idx.Store(nextIdx)
		}
		return err
	})
	if err != nil {
		p.Idx.CompareAndSwap(nextIdx, prev)
		return err
	}
	p.cat.Written()
	if next != nil {
		p.cat.Set(*next)
	}
	return nil
}

// Put stores one record through update, so that every write keeps the catalogue's
// generation current and the next open need not read the entries' stamps.
func (p *Store) Put(collection string, id storage.ID, plain []byte) error {
	return p.Update(func(tx *storage.Tx) error { return tx.Put(collection, id, plain) })
}

// UpdateFresh is Update for a transaction that adds the new entry sid, which has
// no row to replace: the catalogue's write reads only the chunk it goes in.
func (p *Store) UpdateFresh(sid storage.ID, fn func(*storage.Tx) error) error {
	p.catFresh.Store(&map[storage.ID]bool{sid: true})
	defer p.catFresh.Store(nil)
	return p.Update(fn)
}

// UpdateKnown is Update for a transaction that changes or deletes entries whose
// old rows' keys the caller knows (old): the catalogue's write reads only the
// chunks those keys fall in, not every row, to take the old rows out.
func (p *Store) UpdateKnown(old map[storage.ID]catalogue.Key, fn func(*storage.Tx) error) error {
	p.catOld.Store(&old)
	defer p.catOld.Store(nil)
	return p.Update(fn)
}

// UpdateDeferred runs fn, which may only add new entries (an import's batch), in
// one durable transaction that leaves the catalogue behind them
// (catalogue.Deferred): their rows are kept, and the next Update writes them with
// its own. Until then the catalogue on disk is not in step with the entries, and
// an open checks and mends it; the import's last transaction is that next Update.
// It runs under the import's hold on the portfolio, so no other write comes
// between it and the rows kept.
func (p *Store) UpdateDeferred(fn func(*storage.Tx) error) error {
	var rows []catalogue.KeyedRow
	err := p.vault.Update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		var err error
		rows, err = catalogue.Deferred(tx)
		return err
	})
	if err != nil {
		return err
	}
	p.cat.Defer(rows)
	return nil
}
