package portfolio_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/interchange"
)

// TestHistoryArchiveRoundTripProperty: random creates, edits, deletions, restores and
// undos over every kind of record, then export all, through the file format, and
// import into a new vault: the same current records and the same versions.
func TestHistoryArchiveRoundTripProperty(t *testing.T) {
	trip := &portfolio.ArchiveTrip{
		Export: func(t testing.TB, p *portfolio.Portfolio) any {
			a, err := archive.FullArchive(p)
			if err != nil {
				t.Fatal(err)
			}
			return a
		},
		Import: func(t testing.TB, p *portfolio.Portfolio, a any) (portfolio.ImportReport, error) {
			data, err := interchange.MarshalArchive(a.(*archive.Archive))
			if err != nil {
				t.Fatal(err)
			}
			back, err := interchange.ParseArchive(data, "archive.json")
			if err != nil {
				t.Fatalf("reading our own archive: %v", err)
			}
			return archive.ImportArchive(p, back)
		},
		Same: func(t testing.TB, want, got any) { sameFullArchive(t, want.(*archive.Archive), got.(*archive.Archive)) },
	}
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			portfolio.HistoryProperty(t, seed, historyOps(), trip)
		})
	}
}

// sameFullArchive compares two archives but for when they were made and read.
func sameFullArchive(t testing.TB, want, got *archive.Archive) {
	t.Helper()
	w, g := *want, *got
	w.ExportedAt, g.ExportedAt, w.Name, g.Name = time.Time{}, time.Time{}, "", ""
	if reflect.DeepEqual(w, g) {
		return
	}
	if len(w.History) != len(g.History) {
		t.Fatalf("%d histories, want %d", len(g.History), len(w.History))
	}
	for i := range w.History {
		if !reflect.DeepEqual(w.History[i], g.History[i]) {
			t.Errorf("history %d:\n got %+v\nwant %+v", i, g.History[i], w.History[i])
		}
	}
	w.History, g.History = nil, nil
	if !reflect.DeepEqual(w, g) {
		t.Errorf("the current records differ:\n got %+v\nwant %+v", g, w)
	}
}
