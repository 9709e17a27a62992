package catalogue

import (
	"slices"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// TestInsertNewIsLinear stages many new rows into one chunk, as an import into an
// empty vault does. Each row used to be inserted into a fresh copy of the chunk's
// rows, an allocation per row and a copy of all the rows before it (an import of
// 100k entries copied about 5·10⁹ rows); the rows are now merged into the chunk
// once. The rows must come out in key order, all of them.
func TestInsertNewIsLinear(t *testing.T) {
	const n = 2000
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	changes := make([]stageChange, n)
	for i := range changes {
		id := storage.NewID()
		k := Key{Date: calendar.MakeDate(2026, 1, 1+i%28), Created: base.Add(time.Duration(i*7919%n) * time.Second), ID: id}
		changes[i] = stageChange{id: id, new: &KeyedRow{Key: k}}
	}
	var g *segments
	allocs := testing.AllocsPerRun(1, func() {
		g = &segments{}
		if err := g.insertNew(changes); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > n/10 {
		t.Errorf("staging %d new rows into one chunk made %.0f allocations; want far fewer than one a row", n, allocs)
	}
	if len(g.list) != 1 || len(g.list[0].rows) != n {
		t.Fatalf("got %d chunks, the first with %d rows; want 1 with %d", len(g.list), len(g.list[0].rows), n)
	}
	if !slices.IsSortedFunc(g.list[0].rows, func(a, b KeyedRow) int { return CompareKeys(a.Key, b.Key) }) {
		t.Error("the staged rows are not in key order")
	}
	if g.list[0].dc.First != g.list[0].rows[0].Key {
		t.Error("the chunk's first key is not its first row's")
	}
}
