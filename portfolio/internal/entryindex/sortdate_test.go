package entryindex

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
)

// TestSortNewestFirst: the counting sort orders any list exactly as the comparison
// sort does, for days close together (the table), days decades apart, days far
// enough apart to fall back, extreme dates, and many entries sharing a day.
func TestSortNewestFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		n       int
		lo, hi  int64
		created int // distinct creation times
	}{
		{"one", 1, 700000, 700000, 1},
		{"same day", 50, 738000, 738000, 3},
		{"forty years", 3000, 724000, 738600, 100},
		{"fall back", 200, 1, 3000000, 5},
		{"extremes", 40, -1 << 31, 1<<31 - 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := make([]*Slot, tc.n)
			for i := range list {
				d := tc.lo + r.Int64N(tc.hi-tc.lo+1)
				if tc.name == "extremes" && i < 2 {
					d = []int64{tc.lo, tc.hi}[i]
				}
				list[i] = NewMeta(&Entry{
					ID:      ID(fmt.Sprintf("%016x", r.Uint64())),
					Date:    calendar.Date(d),
					Created: base.Add(time.Duration(r.IntN(tc.created)) * time.Hour),
				})
			}
			want := slices.Clone(list)
			slices.SortFunc(want, NewestFirst)
			SortNewestFirst(list)
			for i := range list {
				if list[i] != want[i] {
					t.Fatalf("position %d: %s (%d), want %s (%d)", i, list[i].id, list[i].date, want[i].id, want[i].date)
				}
			}
		})
	}
}

// BenchmarkSortNewestFirst: ordering 100k entries dated over forty years, by the
// counting sort and by the comparison sort it replaced.
func BenchmarkSortNewestFirst(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	list := make([]*Slot, 100_000)
	for i := range list {
		list[i] = NewMeta(&Entry{
			ID:      ID(fmt.Sprintf("%016x", r.Uint64())),
			Date:    calendar.Date(724000 + r.IntN(40*365)),
			Created: base.Add(time.Duration(r.IntN(1e6)) * time.Second),
		})
	}
	r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	for _, bc := range []struct {
		name string
		sort func([]*Slot)
	}{
		{"counting", SortNewestFirst},
		{"comparison", func(l []*Slot) { slices.SortFunc(l, NewestFirst) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			work := make([]*Slot, len(list))
			for b.Loop() {
				copy(work, list)
				bc.sort(work)
			}
		})
	}
}
