package entrystore

import (
	"errors"

	"github.com/foliohq/folio/portfolio/internal/entryindex"
)

// FindMeta is Find for a query without text, answered from the rows alone: it
// passes fn the entries q selects, newest first, as their metadata (no body,
// sections or fields, unless the entry is whole in memory already), and returns
// their IDs in that order. An entry is fn's only for the call: none is kept, by
// fn or here, so an export of everything holds IDs, not a hundred thousand
// entries, and reads the bodies with EachWhole a batch at a time.
func (p *Store) FindMeta(q Query, fn func(*Entry)) []ID {
	q.Text = ""
	p.mu.RLock()
	defer p.mu.RUnlock()
	return entryindex.EachMeta(entryindex.Find(*p.byDate, q), fn)
}

var errPortfolioClosed = errors.New("the portfolio is closed")

// EachWhole reads the whole entries of ids (from FindMeta) in their order, n at
// a time, and passes each batch to fn, from the caller's goroutine, one batch at
// a time; a batch's entries are not kept after fn returns, and their decrypted
// records are overwritten then, so fn must copy what it keeps. An entry whose
// record fails to open or decode is left out and listed by Damaged, as Find
// leaves it out; one deleted since FindMeta is left out. fn's error stops the
// walk and is returned.
func (p *Store) EachWhole(ids []ID, n int, fn func([]*Entry) error) error {
	return entryindex.EachBatch(ids, n, p.readBatch, fn)
}

// readBatch reads the whole entries of list, in order, and the plaintexts their
// strings share.
func (p *Store) readBatch(list []ID) ([]*Entry, [][]byte, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.Closed {
		return nil, nil, errPortfolioClosed
	}
	es, plains := entryindex.ReadBatch(p.vault, *p.entries, list, p.NoteDamage)
	return es, plains, nil
}
