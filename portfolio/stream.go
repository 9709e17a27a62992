package portfolio

import (
	"errors"
	"fmt"

	"github.com/foliohq/folio/storage"
)

// FindMeta is Find for a query without text, answered from the rows alone: it
// passes fn the entries q selects, newest first, as their metadata (no body,
// sections or fields, unless the entry is whole in memory already), and returns
// their IDs in that order. An entry is fn's only for the call: none is kept, by
// fn or here, so an export of everything holds IDs, not a hundred thousand
// entries, and reads the bodies with EachWhole a batch at a time.
func (p *Portfolio) FindMeta(q Query, fn func(*Entry)) []ID {
	q.Text = ""
	p.mu.RLock()
	defer p.mu.RUnlock()
	list := findIndexed(p.byDate, q)
	ids := make([]ID, 0, len(list))
	var scratch Entry
	for _, ix := range list {
		m := ix.m.Load()
		if m == nil {
			// Decoded for the call, not cached on the row as meta() would.
			scratch = Entry{}
			_ = decodeEntryOwned(ix.row, &scratch)
			scratch.ID, scratch.Date, scratch.Created = ix.id, ix.date, ix.created
			m = &scratch
		}
		fn(m)
		ids = append(ids, ix.id)
	}
	return ids
}
