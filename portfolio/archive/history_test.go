package portfolio_test

import (
	"fmt"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/interchange"
)

// TestHistoryArchiveRoundTripProperty: random creates, edits, deletions, restores and
// undos over every kind of record, then export all, through the file format, and
// import into a new vault: the same current records and the same versions.
func TestHistoryArchiveRoundTripProperty(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			portfolio.HistoryProperty(t, seed, func(t testing.TB, a *portfolio.Archive) *portfolio.Archive {
				data, err := interchange.MarshalArchive(a)
				if err != nil {
					t.Fatal(err)
				}
				back, err := interchange.ParseArchive(data, "archive.json")
				if err != nil {
					t.Fatalf("reading our own archive: %v", err)
				}
				return back
			})
		})
	}
}
