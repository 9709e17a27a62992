package entryindex

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// rowSlot is the slot an open from the catalogue makes for e: its keys and its
// row, undecoded.
func rowSlot(e *Entry) *Slot {
	row := record.EncodeEntry(catalogue.MetaOf(e))
	entries, list := fromRows([]catalogue.KeyedRow{{Key: catalogue.Key{Date: e.Date, Created: e.Created, ID: mustParse(e.ID)}, Row: catalogue.Row{Meta: row}}}, nil)
	if len(entries) != 1 {
		panic("one row made no slot")
	}
	return list[0]
}

func mustParse(id ID) storage.ID {
	sid, err := storage.ParseID(string(id))
	if err != nil {
		panic(err)
	}
	return sid
}

// TestMatchesRowAgreesWithMeta checks that a query's filters, read from an
// undecoded catalogue row in place, select what they select from the decoded
// entry, and that reading them decodes nothing.
func TestMatchesRowAgreesWithMeta(t *testing.T) {
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var slots []*Slot
	var metas []*Entry
	for i := range 24 {
		e := &Entry{
			ID:        ID(storage.NewID().String()),
			Title:     fmt.Sprintf("entry %d", i),
			Date:      calendar.MakeDate(2026, 1, 1+i),
			Created:   created.Add(time.Duration(i) * time.Minute),
			Functions: Functions(1 + i%7),
			Tags:      []string{[]string{"Audit", "cpd", "wellbeing"}[i%3]},
		}
		if i%4 == 0 {
			e.GoalIDs = []ID{"g1"}
		}
		if i%5 == 0 {
			e.ActionIDs = []ID{"a1"}
		}
		slots = append(slots, rowSlot(e))
		metas = append(metas, e)
	}
	queries := []Query{
		{},
		{Tag: "AUDIT"},
		{Tag: "none"},
		{Functions: Functions(1)},
		{Functions: Functions(4), Tag: "cpd"},
		{GoalID: "g1"},
		{ActionID: "a1", Since: calendar.MakeDate(2026, 1, 5)},
		{Since: calendar.MakeDate(2026, 1, 3), Until: calendar.MakeDate(2026, 1, 9)},
	}
	for _, q := range queries {
		var got, want []int
		for i, ix := range slots {
			if q.Matches(ix) {
				got = append(got, i)
			}
			if q.MatchesMeta(metas[i]) {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: from the rows %v, from the entries %v", q, got, want)
		}
		if len(want) == 0 && q.Tag != "none" {
			t.Errorf("%+v selects nothing: the case tests no match", q)
		}
	}
	for i, ix := range slots {
		if ix.Decoded() != nil {
			t.Fatalf("slot %d was decoded by matching its row", i)
		}
		if m := ix.Meta(); m.Title != metas[i].Title || !slices.Equal(m.Tags, metas[i].Tags) {
			t.Fatalf("slot %d decodes as %+v, want %+v", i, m, metas[i])
		}
	}
}

// TestInsertRemoveKeepOrder checks that the order Insert and Remove keep is the
// order sorting gives, and the map by ID follows it.
func TestInsertRemoveKeepOrder(t *testing.T) {
	byID := map[ID]*Slot{}
	var order []*Slot
	var all []*Slot
	for i := range 40 {
		e := &Entry{ID: ID(storage.NewID().String()), Date: calendar.MakeDate(2026, 2, 1+i%9), Created: time.Unix(int64(1000-i), 0)}
		ix := NewMeta(e)
		all = append(all, ix)
		order = Insert(order, byID, ix)
	}
	want := slices.Clone(all)
	slices.SortFunc(want, NewestFirst)
	if !slices.Equal(order, want) {
		t.Fatal("inserting one at a time gave another order than sorting")
	}
	for _, ix := range all[:10] {
		order = Remove(order, byID, ix.ID())
	}
	want = slices.DeleteFunc(want, func(ix *Slot) bool { return slices.Contains(all[:10], ix) })
	if !slices.Equal(order, want) || len(byID) != 30 {
		t.Fatalf("after removing 10: %d in order, %d by ID, want 30", len(order), len(byID))
	}
	if _, ok := byID[all[0].ID()]; ok {
		t.Fatal("a removed entry is still found by ID")
	}
}
