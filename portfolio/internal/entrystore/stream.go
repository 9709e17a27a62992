package entrystore

import (
	"errors"

	"github.com/foliohq/folio/portfolio/internal/entryindex"
)

// FindMeta passes fn the entries q, without its text, selects, newest first,
// as their metadata, and returns their IDs in that order; none is kept.
func (es *Store) FindMeta(q Query, fn func(*Entry)) []ID {
	q.Text = ""
	es.mu.RLock()
	defer es.mu.RUnlock()
	return entryindex.EachMeta(entryindex.Find(*es.byDate, q), fn)
}

var errPortfolioClosed = errors.New("the portfolio is closed")

// EachWhole reads the whole entries of ids in their order, n at a time, and
// passes each batch to fn; a batch's records are overwritten after fn returns.
func (es *Store) EachWhole(ids []ID, n int, fn func([]*Entry) error) error {
	return entryindex.EachBatch(ids, n, es.readBatch, fn)
}

// readBatch reads the whole entries of list, in order, and the plaintexts their
// strings share.
func (es *Store) readBatch(list []ID) ([]*Entry, [][]byte, error) {
	es.mu.RLock()
	defer es.mu.RUnlock()
	if es.Closed {
		return nil, nil, errPortfolioClosed
	}
	read, plains := entryindex.ReadBatch(es.vault, *es.entries, list, es.NoteDamage)
	return read, plains, nil
}
