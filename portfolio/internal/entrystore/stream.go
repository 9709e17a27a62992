package entrystore

import (
	"errors"
	"sync"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
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
	// One seeker for every batch: its walks keep the branch pages they have
	// checked, which each batch's seeks otherwise read and check again (a third
	// of an export's CPU at 100k entries). EachBatch reads one batch at a time
	// and none after it returns.
	s := p.vault.Seeker()
	defer s.Close()
	return entryindex.EachBatch(ids, n, func(list []ID) ([]*Entry, [][]byte, error) { return p.readBatch(s, list) }, fn)
}

// readBatch reads the whole entries of list, in order, and the plaintexts their
// strings share, with s.
func (p *Store) readBatch(s *storage.Seeker, list []ID) ([]*Entry, [][]byte, error) {
	// The records are read by ID: rows let go of (ReleaseRows) are not needed.
	p.mu.RawRLock()
	defer p.mu.RUnlock()
	if p.Closed {
		return nil, nil, errPortfolioClosed
	}
	es, plains := entryindex.ReadBatch(s, *p.entries, list, p.NoteDamage)
	return es, plains, nil
}

// ReleaseRows lets go of every entry's row, read when something first needed
// them all, so that a read-only command done with them does not hold them
// while it reads the bodies: an export of everything at 100k entries held
// about 45 MiB of rows, a third of its memory, through the whole drawing.
// Whatever needs the rows next reads them again from the catalogue. Only a
// read-only portfolio opened from a trusted catalogue, with the catalogue
// still trusted, lets go; otherwise nothing changes. As at Close, the chunks'
// plaintexts are overwritten: the metadata of entries got before must not be
// used after (their IDs may).
func (p *Store) ReleaseRows() {
	p.mu.RawLock()
	defer p.mu.RWMutex.Unlock()
	s := p.cat.Current()
	if p.Closed || !p.ReadOnly || !p.rowsDeferred || !p.mu.RowsRead() || !s.OK || p.CatSuspect.Load() {
		return
	}
	*p.entries, *p.byDate, *p.bodies = nil, nil, false
	p.cat.Clear()
	p.cat.Set(catalogue.State{OK: true, Dir: s.Dir, Chunks: map[storage.ID][]catalogue.KeyedRow{}})
	p.mu.rearm()
}

// rearm says the rows are unread again; the next Lock or RLock reads them. The
// caller holds the write lock.
func (g *Gate) rearm() {
	g.once = sync.Once{}
	g.unread.Store(true)
}
