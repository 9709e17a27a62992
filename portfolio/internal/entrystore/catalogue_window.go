package entrystore

import (
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
)

// windowLock takes the portfolio's read lock without reading the rows, for a
// listing answered from the catalogue's chunks, and returns the catalogue's state.
// ok is false (and the lock not held) when the rows are in memory already, the
// catalogue is suspect or not sound, or the portfolio is closed; the caller then
// takes the ordinary path. On ok the caller releases the lock (p.mu.RUnlock).
func (p *Store) windowLock() (catalogue.State, bool) {
	if p.mu.RowsRead() || p.CatSuspect.Load() {
		return catalogue.State{}, false
	}
	p.mu.RawRLock()
	if p.mu.RowsRead() || p.Closed {
		p.mu.RUnlock()
		return catalogue.State{}, false
	}
	s := p.cat.Current()
	if !s.OK {
		p.mu.RUnlock()
		return catalogue.State{}, false
	}
	return s, true
}

// FindWindow answers a query without text from the catalogue's chunks, newest
// first, reading chunks only until the query has its limit or passes its first
// day, and then the records of the entries it lists: a listing of the newest ten
// reads the directory, the newest chunk and ten records, not every row. ok is
// false when the rows are in memory already (the ordinary path costs nothing
// more), or the catalogue cannot be trusted: a chunk disagrees with the
// directory, or a listed record is not the one its row was made from. Then the
// rows are read from the records (catSuspect), as an untrusted open does.
func (p *Store) FindWindow(q Query) ([]*Entry, bool) {
	s, ok := p.windowLock()
	if !ok {
		return nil, false
	}
	defer p.mu.RUnlock()
	found, err := entryindex.ListRows(p.cat, p.vault, &s, q)
	if err != nil {
		p.CatSuspect.Store(true)
		return nil, false
	}
	out, ok := p.readListed(found)
	if !ok {
		p.CatSuspect.Store(true)
	}
	return out, ok
}

// searchWindow answers a text query from the persisted text index and the
// catalogue's chunks while the rows are unread: the index names the candidates
// by ID prefix, a pass over the chunks' rows (decrypted, but no entry made of
// them) finds the entries with those prefixes, in the lists' order, and their
// records are read and checked against the words as a scan checks them. ok is
// false when the rows are read already, the index cannot help, or the catalogue
// cannot be trusted (then catSuspect, as findWindow).
func (p *Store) searchWindow(q Query, words [][]byte) ([]*Entry, bool) {
	s, ok := p.windowLock()
	if !ok {
		return nil, false
	}
	defer p.mu.RUnlock()
	idx := p.Idx.Load()
	budget := max(64, s.Total()/4)
	sets, ok := p.textSets(idx, words, budget)
	if !ok {
		return nil, false
	}
	cands, err := entryindex.SearchRows(p.cat, p.vault, &s, q, func(id storage.ID) bool {
		return catalogue.InTextSets(idx, sets, budget, id)
	})
	if err != nil {
		p.CatSuspect.Store(true)
		return nil, false
	}
	if len(cands) > budget {
		return nil, false
	}
	list, ok := p.readListed(cands)
	if !ok {
		p.CatSuspect.Store(true)
		return nil, false
	}
	return entryindex.MatchWords(list, words, q.Limit), true
}

// readListed reads the records of the rows a listing chose, whole, in their order.
// A record that fails to open is left out and listed by Damaged, as a listing
// from the rows in memory does; one missing or not the record its row was made
// from (another stamp) says the rows cannot be trusted: ok is false.
func (p *Store) readListed(found []catalogue.KeyedRow) ([]*Entry, bool) {
	return catalogue.ReadRecords(p.vault, found, p.KeepLazy, p.NoteDamage)
}
