package portfolio

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/search"
)

// findFixture is a small portfolio whose entries differ in every way Find filters on.
// It is written out of date order, and with the clock moving, so order is earned.
type findFixture struct {
	p              *Portfolio
	goal           *Goal
	action         *Action
	warfarin, uber *Entry
	night, audit   *Entry
	linked         *Entry
}

func newFindFixture(t *testing.T) findFixture {
	p, c := newTestPortfolio(t)
	f := findFixture{p: p}
	f.goal = mustAddGoal(t, p, Goal{Title: "Anticoagulation"})
	f.action = mustAddAction(t, p, Action{GoalID: f.goal.ID, What: "Read the guideline"})
	add := func(e Entry) *Entry {
		c.advance(time.Minute)
		return mustAddEntry(t, p, e)
	}
	f.audit = add(Entry{
		Title: "Audit of controlled drugs", Body: "Quarterly check.",
		Functions: Functions(Normative | Formative), Tags: []string{"Audit", "CD"},
		Date:     calendar.MakeDate(2020, 6, 15),
		Sections: []Section{{Heading: "Outcome", Body: "Stock reconciled after a recount"}},
	})
	f.warfarin = add(Entry{
		Title: "Warfarin dose check", Body: "Checked the INR before the dose was given.",
		Functions: Functions(Normative), Tags: []string{"anticoagulants", "audit"},
		Date: calendar.MakeDate(2026, 3, 1),
	})
	f.uber = add(Entry{
		Title: "ÜBER reflection", Body: "Ein Gespräch über Fehler und Druck. Ο κοσμος.",
		Functions: Functions(Restorative), Tags: []string{"Deutsch"},
		Date: calendar.MakeDate(2026, 3, 1),
	})
	f.night = add(Entry{
		Title: "Night shift pressure", Body: "Debrief after a hard night; a warfarin query at 3am.",
		Functions: Functions(Restorative), Tags: []string{"wellbeing"},
		Date: calendar.MakeDate(2025, 12, 24),
	})
	f.linked = add(Entry{
		Title: "What the guideline taught me", Body: "Dose adjustment by INR.",
		Functions: Functions(Formative), Date: calendar.MakeDate(2026, 3, 10),
		GoalIDs: []ID{f.goal.ID}, ActionIDs: []ID{f.action.ID},
	})
	return f
}

func TestFind(t *testing.T) {
	f := newFindFixture(t)
	// All entries newest first: by Date, and the same Date by Created, later first.
	all := []string{f.linked.Title, f.uber.Title, f.warfarin.Title, f.night.Title, f.audit.Title}
	tests := []struct {
		name string
		q    Query
		want []*Entry
	}{
		{"everything", Query{}, []*Entry{f.linked, f.uber, f.warfarin, f.night, f.audit}},
		{"one function", Query{Functions: Functions(Restorative)}, []*Entry{f.uber, f.night}},
		{"any of two functions", Query{Functions: Functions(Formative | Restorative)}, []*Entry{f.linked, f.uber, f.night, f.audit}},
		{"tag in another case", Query{Tag: "AUDIT"}, []*Entry{f.warfarin, f.audit}},
		{"tag is whole, not a prefix", Query{Tag: "aud"}, nil},
		{"tag with non-ASCII case", Query{Tag: "deutsch"}, []*Entry{f.uber}},
		{"since is inclusive", Query{Since: calendar.MakeDate(2026, 3, 1)}, []*Entry{f.linked, f.uber, f.warfarin}},
		{"until is inclusive", Query{Until: calendar.MakeDate(2025, 12, 24)}, []*Entry{f.night, f.audit}},
		{"since and until the same day", Query{Since: calendar.MakeDate(2026, 3, 1), Until: calendar.MakeDate(2026, 3, 1)}, []*Entry{f.uber, f.warfarin}},
		{"empty range", Query{Since: calendar.MakeDate(2026, 3, 2), Until: calendar.MakeDate(2026, 3, 9)}, nil},
		{"linked to a goal", Query{GoalID: f.goal.ID}, []*Entry{f.linked}},
		{"linked to an action", Query{ActionID: f.action.ID}, []*Entry{f.linked}},
		{"one word, any case", Query{Text: "WARFARIN"}, []*Entry{f.warfarin, f.night}},
		{"every word must match", Query{Text: "warfarin dose"}, []*Entry{f.warfarin}},
		{"words in any field", Query{Text: "dose inr guideline"}, []*Entry{f.linked}},
		{"word order does not matter", Query{Text: "night warfarin"}, []*Entry{f.night}},
		{"a word that matches nothing", Query{Text: "warfarin zebra"}, nil},
		{"upper-case query finds lower-case text", Query{Text: "ÜBER"}, []*Entry{f.uber}},
		{"lower-case query finds upper-case title", Query{Text: "über reflection"}, []*Entry{f.uber}},
		{"non-ASCII word in the body", Query{Text: "GESPRÄCH"}, []*Entry{f.uber}},
		{"capital sigma finds final sigma", Query{Text: "ΚΟΣΜΟΣ"}, []*Entry{f.uber}},
		{"section heading", Query{Text: "outcome"}, []*Entry{f.audit}},
		{"section body", Query{Text: "recount"}, []*Entry{f.audit}},
		{"a tag as a word", Query{Text: "anticoagulants"}, []*Entry{f.warfarin}},
		{"#tag looks only at tags", Query{Text: "#audit"}, []*Entry{f.warfarin, f.audit}},
		{"#tag prefix", Query{Text: "#well"}, []*Entry{f.night}},
		{"blank text is no filter", Query{Text: "   "}, []*Entry{f.linked, f.uber, f.warfarin, f.night, f.audit}},
		{"text and filters together", Query{Text: "dose", Functions: Functions(Normative), Since: calendar.MakeDate(2026, 1, 1)}, []*Entry{f.warfarin}},
		{"limit", Query{Limit: 2}, []*Entry{f.linked, f.uber}},
		{"limit after filtering", Query{Functions: Functions(Restorative | Normative), Limit: 2}, []*Entry{f.uber, f.warfarin}},
		{"limit above the matches", Query{Text: "warfarin", Limit: 10}, []*Entry{f.warfarin, f.night}},
	}
	if got := titles(f.p.Find(Query{})); !slices.Equal(got, all) {
		t.Fatalf("order: %q, want %q", got, all)
	}
	for _, tt := range tests {
		got := f.p.Find(tt.q)
		if !slices.Equal(titles(got), titles(tt.want)) {
			t.Errorf("%s: Find(%+v) = %q, want %q", tt.name, tt.q, titles(got), titles(tt.want))
		}
	}
}

// TestFindParallelMatchesSerial checks the split scan used on large portfolios gives
// the same results, in the same order, as a plain loop.
func TestFindParallelMatchesSerial(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	words := []string{"alpha", "beta", "gamma", "delta", "Epsilon", "ZETA"}
	var list []*indexed
	n := catalogue.ParallelThreshold*2 + 37
	for i := range n {
		e := &Entry{
			ID:        ID(fmt.Sprintf("%016d", i)),
			Title:     fmt.Sprintf("entry %d %s", i, words[i%len(words)]),
			Body:      strings.Repeat(words[(i/7)%len(words)]+" ", 3),
			Functions: Functions(AllFunctions[i%3]),
			Date:      calendar.MakeDate(2000, 1, 1) + calendar.Date(i%500),
			Created:   testNow.Add(time.Duration(i) * time.Second),
		}
		list = append(list, newIndexed(e))
	}
	slices.SortFunc(list, newestFirst)
	for _, q := range []Query{
		{Text: "alpha"},
		{Text: "epsilon zeta"},
		{Text: "GAMMA", Functions: Functions(Formative)},
		{Text: "entry 1"},
		{Text: "nothing"},
	} {
		var want []*Entry
		for _, ix := range list {
			if q.MatchesMeta(ix.Meta()) && search.Match(ix.Text, search.Words(q.Text)) {
				want = append(want, ix.Meta())
			}
		}
		got := findIn(list, q)
		if len(got) != len(want) || !slices.Equal(got, want) {
			t.Errorf("Find(%q): %d results, want %d in the same order", q.Text, len(got), len(want))
		}
	}
	if len(findIn(list, Query{Text: "entry"})) != n {
		t.Errorf("a word in every entry did not find all %d", n)
	}
}

// TestFindAfterChanges checks the index follows adds, edits and deletes.
func TestFindAfterChanges(t *testing.T) {
	f := newFindFixture(t)
	e := *f.night
	e.Title = "Night shift, revisited"
	e.Body = "Now about sleep hygiene."
	e.Date = calendar.MakeDate(2026, 3, 12)
	if _, err := f.p.UpdateEntry(e); err != nil {
		t.Fatal(err)
	}
	if got := f.p.Find(Query{Text: "warfarin"}); !slices.Equal(titles(got), []string{f.warfarin.Title}) {
		t.Errorf("old text still found: %q", titles(got))
	}
	if got := f.p.Find(Query{Text: "hygiene"}); len(got) != 1 || got[0].ID != f.night.ID {
		t.Errorf("new text not found: %q", titles(got))
	}
	if got := f.p.Find(Query{Limit: 1}); got[0].ID != f.night.ID {
		t.Errorf("edited entry with the newest date is not first: %q", titles(got))
	}
	if err := f.p.DeleteEntry(f.warfarin.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.p.Find(Query{Text: "dose"}); !slices.Equal(titles(got), []string{f.linked.Title}) {
		t.Errorf("deleted entry still found: %q", titles(got))
	}
}

// A template's field values, such as the GPhC standards chosen, are searchable.
func TestFindSearchesTemplateFields(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "Reflective account", Functions: Functions(Normative),
		Fields: []FieldValue{{Name: "standards", Label: "Standards", Values: []string{"Pharmacy professionals must demonstrate leadership"}}}})
	for _, q := range []string{"leadership", "standards demonstrate"} {
		if got := p.Find(Query{Text: q}); len(got) != 1 || got[0].ID != e.ID {
			t.Errorf("Find(%q) = %v", q, titles(got))
		}
	}
	p = reopen(t, p, c)
	if got := p.Find(Query{Text: "leadership"}); len(got) != 1 {
		t.Errorf("after reopening, Find(leadership) = %v", titles(got))
	}
}
