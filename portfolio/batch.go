package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
)

// AddEntries validates every entry first and then saves them all in one durable
// transaction, so either all are saved or none is. It is for imports, where a
// transaction (and so an fsync) per entry would take minutes for a career's worth.
//
// Created and Updated are kept when set, so an import keeps when each entry was
// written; when zero they are now. The error for an invalid entry names its position
// (counting from 1) and wraps the same sentinel AddEntry would.
func (p *Portfolio) AddEntries(es []Entry) ([]*Entry, error) {
	if len(es) == 0 {
		return nil, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now().UTC()
	saved := make([]Entry, len(es))
	sids := make([]storage.ID, len(es))
	for i := range es {
		e := &saved[i]
		*e = es[i]
		sids[i] = storage.NewID()
		e.ID = ID(sids[i].String())
		if e.Created.IsZero() {
			e.Created = now
		}
		if e.Updated.IsZero() {
			e.Updated = e.Created
		}
		e.Created, e.Updated = e.Created.UTC(), e.Updated.UTC()
		if err := p.validateEntry(e); err != nil {
			return nil, fmt.Errorf("entry %d of %d (%.40q): %w", i+1, len(es), e.Title, err)
		}
	}
	err := p.update(func(tx *storage.Tx) error {
		for i := range saved {
			if err := tx.Put(collEntries, sids[i], encodeEntry(&saved[i])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Entry, len(saved))
	for i := range saved {
		out[i] = &saved[i]
	}
	p.byDate = entryindex.Append(p.byDate, p.entries, out)
	return out, nil
}
