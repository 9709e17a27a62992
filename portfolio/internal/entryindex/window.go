package entryindex

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/search"
)

// Collect appends to found the rows of chunks (in the lists' order) q selects,
// in order, and says whether the listing is done: found has q's limit, or a
// chunk goes past q's first day.
func Collect(q *Query, found []catalogue.KeyedRow, chunks [][]catalogue.KeyedRow) ([]catalogue.KeyedRow, bool) {
	for _, m := range matchChunks(q, chunks) {
		for _, r := range m.rows {
			found = append(found, r)
			if q.Limit > 0 && len(found) == q.Limit {
				return found, true
			}
		}
		if m.passed {
			return found, true
		}
	}
	return found, false
}

// MatchRow reports whether q's filters select the entry of a catalogue row,
// read in place.
func MatchRow(q *Query, date calendar.Date, created time.Time, row []byte) bool {
	ix := Slot{date: date, created: created, row: row}
	return q.Matches(&ix)
}

// MatchWords returns the entries of list, whole, whose search text holds every
// word, in order, at most limit of them (0: all).
func MatchWords(list []*Entry, words [][]byte, limit int) []*Entry {
	var out []*Entry
	for _, e := range list {
		if search.Match(New(e).Text, words) {
			out = append(out, e)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out
}

// chunkMatch is what a query takes from one chunk: the rows it selects, in order,
// and whether the chunk goes past the query's first day (Since), so that no later
// chunk can hold one.
type chunkMatch struct {
	rows   []catalogue.KeyedRow
	passed bool
}

// matchChunks filters the rows of chunks, in the lists' order, for Collect:
// each chunk on its own, several at once over the cores, since reading each row's
// fields is most of the cost of a filter that lists thousands (list --tag).
func matchChunks(q *Query, chunks [][]catalogue.KeyedRow) []chunkMatch {
	out := make([]chunkMatch, len(chunks))
	one := func(k int) {
		m := &out[k]
		// One allocation a chunk rather than one a row.
		ixs := make([]Slot, len(chunks[k]))
		for j, r := range chunks[k] {
			if !q.Until.IsZero() && r.Key.Date > q.Until {
				continue
			}
			if !q.Since.IsZero() && r.Key.Date < q.Since {
				m.passed = true
				return
			}
			ix := &ixs[j]
			ix.date, ix.created, ix.row = r.Key.Date, r.Key.Created, r.Row.Meta
			if q.Matches(ix) {
				m.rows = append(m.rows, r)
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(chunks))
	if workers <= 1 {
		for k := range chunks {
			one(k)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < len(chunks); k = int(next.Add(1) - 1) {
				one(k)
			}
		}()
	}
	wg.Wait()
	return out
}
