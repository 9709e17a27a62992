package portfolio

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// An import puts each kind's records in ID order: bbolt splits a node only at
// commit, so records put in random order each moved half of one growing leaf, and
// an import's time grew with the square of its entries.
func TestImportPutsRecordsInKeyOrder(t *testing.T) {
	p, _ := newTestPortfolio(t)
	var pl plan
	for i := range 200 {
		e := &Entry{ID: ID(storage.NewID().String()), Title: fmt.Sprintf("Entry %d", i), Body: "Imported.", Date: calendar.MakeDate(2026, 1, 1+i%28), Functions: Functions(Formative)}
		pl.add(KindEntry, e)
	}
	var puts []storage.ID
	err := p.update(func(tx *storage.Tx) error {
		if err := p.writePlan(tx, &pl); err != nil {
			return err
		}
		for _, ch := range tx.Changes() {
			if ch.Collection == collEntries {
				puts = append(puts, ch.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(puts) != 200 {
		t.Fatalf("%d entries put, want 200", len(puts))
	}
	for i := 1; i < len(puts); i++ {
		if bytes.Compare(puts[i-1][:], puts[i][:]) >= 0 {
			t.Fatalf("entry %d was put after %s, out of ID order", i, puts[i-1])
		}
	}
}
