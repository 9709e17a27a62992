package portfolio

import (
	"errors"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/storage"
)

// importEntries are n entries new to the vault, dated over years so that their
// rows fall in every chunk of the catalogue, in the order of their IDs as an
// import's batches take them.
func importEntries(n int) []any {
	recs := make([]any, n)
	for i := range recs {
		recs[i] = &Entry{
			ID: ID(storage.NewID().String()), Title: fmt.Sprintf("Imported %d", i), Body: "What I learned.",
			Functions: Functions(Formative), Date: calendar.MakeDate(2000+i%25, time.Month(1+i%12), 1+i%28),
			Created: testNow, Updated: testNow,
		}
	}
	return recs
}

// catalogueStamps are the stamps of the catalogue's records: any record
// written again has a new one.
func catalogueStamps(t *testing.T, p *Portfolio) map[storage.ID]storage.Stamp {
	t.Helper()
	stamps, damaged, err := p.vault.Stamps(catalogue.Coll)
	if err != nil || len(damaged) > 0 {
		t.Fatal(err, damaged)
	}
	return stamps
}

// An import's batches leave the catalogue to its last transaction, which writes
// all their rows at once: a batch's entries fall in every chunk, and rewriting
// the catalogue for each batch was the largest part of a batch's memory at 100k
// entries. The open after the import trusts the catalogue (no stamps compared,
// nothing mended) and lists every entry in date order.
func TestImportBatchesWriteTheCatalogueOnce(t *testing.T) {
	p, c := newTestPortfolio(t)
	for i := range 600 {
		mustAddEntry(t, p, Entry{Title: fmt.Sprintf("Already here %d", i), Functions: Functions(Normative), Date: calendar.MakeDate(2001+i%24, 6, 1)})
	}
	before := catalogueStamps(t, p)
	recs := importEntries(1500)
	batches := 0
	err := p.Stage(func(sg *Staged) error {
		for rest := recs; len(rest) > 0; {
			n, err := sg.CommitBatch(rest, 8<<10)
			if err != nil {
				return err
			}
			rest = rest[n:]
			batches++
			if got := catalogueStamps(t, p); !maps.Equal(got, before) {
				t.Fatalf("batch %d wrote the catalogue", batches)
			}
		}
		return sg.Commit(func(*ImportTx) error { return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	if batches < 10 {
		t.Fatalf("%d batches", batches)
	}
	if got := p.Find(Query{}); len(got) != 2100 {
		t.Fatalf("%d entries after the import, want 2100", len(got))
	}
	p = reopen(t, p, c)
	if p.es.CatStamps || p.es.CatRepairs != 0 {
		t.Fatalf("the catalogue fell behind the import (stamps compared %v, %d records mended)", p.es.CatStamps, p.es.CatRepairs)
	}
	got := p.Find(Query{})
	if len(got) != 2100 {
		t.Fatalf("%d entries after reopening, want 2100", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Date > got[i-1].Date {
			t.Fatalf("entry %d (%v) lists after one of %v", i, got[i].Date, got[i-1].Date)
		}
	}
}

// An import that stops after some batches takes them out, and the catalogue,
// which never held their rows, is in step again: the next open trusts it.
func TestStoppedImportLeavesTheCatalogueInStep(t *testing.T) {
	p, c := newTestPortfolio(t)
	kept := mustAddEntry(t, p, Entry{Title: "Already here", Functions: Functions(Normative)})
	stop := errors.New("stopped")
	err := p.Stage(func(sg *Staged) error {
		recs := importEntries(300)
		for range 3 {
			n, err := sg.CommitBatch(recs, 8<<10)
			if err != nil {
				return err
			}
			recs = recs[n:]
		}
		if err := sg.RollbackBatches(); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	if p.es.CatStamps || p.es.CatRepairs != 0 {
		t.Fatalf("the catalogue fell behind (stamps compared %v, %d records mended)", p.es.CatStamps, p.es.CatRepairs)
	}
	if got := p.Find(Query{}); len(got) != 1 || got[0].ID != kept.ID {
		t.Fatalf("after the stopped import: %q", titles(got))
	}
}
