package archive

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// recorder is a transaction that notes the order records are put in.
type recorder struct{ puts []storage.ID }

func (r *recorder) Put(rec any) error {
	k, _ := portfolio.KindOfRecord(rec)
	sid, err := storage.ParseID(string(k.ID(rec)))
	if err != nil {
		return err
	}
	if k.Kind() == portfolio.KindEntry {
		r.puts = append(r.puts, sid)
	}
	return nil
}

// An import puts each kind's records in ID order: bbolt splits a node only at
// commit, so records put in random order each moved half of one growing leaf, and
// an import's time grew with the square of its entries.
func TestImportPutsRecordsInKeyOrder(t *testing.T) {
	var pl plan
	for i := range 200 {
		e := &portfolio.Entry{ID: portfolio.ID(storage.NewID().String()), Title: fmt.Sprintf("Entry %d", i), Body: "Imported.", Date: calendar.MakeDate(2026, 1, 1+i%28), Functions: portfolio.Functions(portfolio.Formative)}
		pl.add(portfolio.KindEntry, e)
	}
	var tx recorder
	if err := putRecords(&tx, &pl); err != nil {
		t.Fatal(err)
	}
	puts := tx.puts
	if len(puts) != 200 {
		t.Fatalf("%d entries put, want 200", len(puts))
	}
	for i := 1; i < len(puts); i++ {
		if bytes.Compare(puts[i-1][:], puts[i][:]) >= 0 {
			t.Fatalf("entry %d was put after %s, out of ID order", i, puts[i-1])
		}
	}
}
