package entryindex

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/search"
	"github.com/foliohq/folio/storage"
)

// ListRows reads the rows a listing without text selects from the catalogue's
// chunks (s, as Current gave it), newest first, reading chunks only until the
// query has its limit or passes its first day (catalogue.Window). An error says
// the chunks cannot be trusted.
//
// A listing by tag, goal or action with no dates reads each row's metadata only
// once its bytes show it may match (rowFilter, catalogue.WindowKept): at 100k a
// tag lists one entry in thirteen, and decoding every row's keys and then its
// fields again was most of the pass over the chunks.
func ListRows(c *catalogue.Catalogue, v catalogue.Vault, s *catalogue.State, q Query) ([]catalogue.KeyedRow, error) {
	var found []catalogue.KeyedRow
	if keep := q.rowFilter(); keep != nil && q.Since.IsZero() && q.Until.IsZero() {
		err := c.WindowKept(v, s, q.Limit == 0, keep, func(chunks [][]catalogue.KeyedRow) (done bool) {
			found, done = collect(&q, found, chunks)
			return done
		})
		return found, err
	}
	start := 0
	if !q.Until.IsZero() {
		// The chunk before the first that starts on or before Until may hold
		// rows of that day after its own first.
		start = max(sort.Search(len(s.Dir), func(i int) bool { return s.Dir[i].First.Date <= q.Until })-1, 0)
	}
	err := c.Window(v, s, start, func(chunks [][]catalogue.KeyedRow) (done bool) {
		found, done = collect(&q, found, chunks)
		return done
	})
	return found, err
}

// collect appends to found the rows of chunks (in the lists' order) q selects,
// in order, and says whether the listing is done: found has q's limit, or a
// chunk goes past q's first day.
func collect(q *Query, found []catalogue.KeyedRow, chunks [][]catalogue.KeyedRow) ([]catalogue.KeyedRow, bool) {
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

// SearchRows returns, in the lists' order, the rows of the entries in names (by
// the text index, in: called from several goroutines at once) that q's filters
// select, q's limit aside: a pass over every chunk (catalogue.WindowKept, in one
// batch) that decodes the keys only of the rows in names and of each chunk's
// first and last, each chunk read and matched as its seek and decryption end,
// over the cores. An error says the chunks cannot be trusted.
func SearchRows(c *catalogue.Catalogue, v catalogue.Vault, s *catalogue.State, q Query, in func(storage.ID) bool) ([]catalogue.KeyedRow, error) {
	q.Limit = 0
	var cands []catalogue.KeyedRow
	err := c.WindowKept(v, s, true, func(id storage.ID, _ catalogue.Row) bool { return in(id) }, func(chunks [][]catalogue.KeyedRow) (done bool) {
		cands, done = collect(&q, cands, chunks)
		return done
	})
	return cands, err
}

// Candidates returns the slots of list, in order, whose entries in names (by the
// text index) and q's filters select.
func Candidates(list []*Slot, q Query, in func(storage.ID) bool) []*Slot {
	var cands []*Slot
	for _, ix := range list {
		sid, err := storage.ParseID(string(ix.id))
		if err != nil {
			continue
		}
		if in(sid) && q.Matches(ix) {
			cands = append(cands, ix)
		}
	}
	return cands
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

// matchChunks filters the rows of chunks, in the lists' order, for collect:
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
