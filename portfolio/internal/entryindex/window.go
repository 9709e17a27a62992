package entryindex

// chunkMatch is what a query takes from one chunk: the rows it selects, in order,
// and whether the chunk goes past the query's first day (Since), so that no later
// chunk can hold one.
type chunkMatch struct {
	rows   []catalogue.KeyedRow
	passed bool
}

// matchChunks filters the rows of chunks, in the lists' order, for findWindow:
// each chunk on its own, several at once over the cores, since reading each row's
// fields is most of the cost of a filter that lists thousands (list --tag).
func matchChunks(q *Query, chunks [][]catalogue.KeyedRow) []chunkMatch {
	out := make([]chunkMatch, len(chunks))
	one := func(k int) {
		m := &out[k]
		// One allocation a chunk rather than one a row.
		ixs := make([]indexed, len(chunks[k]))
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
			if q.matches(ix) {
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
