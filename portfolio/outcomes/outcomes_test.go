package outcomes

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

func mustFrameworks(t *testing.T, configDir string) *Frameworks {
	t.Helper()
	fws, err := LoadFrameworks(configDir)
	if err != nil {
		t.Fatal(err)
	}
	return fws
}

// Coverage counts the entries mapped to each outcome, marks the outcomes with none
// as gaps, keeps outcomes the framework lacks apart, and follows the query's dates.
func TestCoverage(t *testing.T) {
	p, _ := testvault.New(t)
	fws := mustFrameworks(t, "")
	gphc, err := fws.Get("gphc")
	if err != nil {
		t.Fatal(err)
	}
	ref := func(s string) portfolio.OutcomeRef {
		o, err := portfolio.ParseOutcomeRef(s)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	old := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Old", Body: "x", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today - 400, Outcomes: []portfolio.OutcomeRef{ref("gphc:1")}})
	a := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "A", Body: "x", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today - 10, Outcomes: []portfolio.OutcomeRef{ref("gphc:1"), ref("gphc:9"), ref("gphc:1")}})
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "B", Body: "x", Functions: portfolio.Functions(portfolio.Formative), Date: testvault.Today - 5, Outcomes: []portfolio.OutcomeRef{ref("gphc:3"), ref("gphc:12"), ref("other:1")}})
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Unmapped", Body: "x", Functions: portfolio.Functions(portfolio.Formative)})
	if !reflect.DeepEqual(a.Outcomes, []portfolio.OutcomeRef{ref("gphc:1"), ref("gphc:9")}) {
		t.Errorf("a repeated outcome is kept once: %v", a.Outcomes)
	}

	c := CoverageOf(p, gphc, portfolio.Query{})
	counts := map[string]int{}
	for _, r := range c.Rows {
		counts[r.Outcome.ID] = r.Count
		if r.Gap() != (r.Count == 0) || len(r.Entries) != r.Count {
			t.Errorf("row %s: gap %v, count %d, entries %v", r.Outcome.ID, r.Gap(), r.Count, r.Entries)
		}
	}
	want := map[string]int{"1": 2, "2": 0, "3": 1, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1}
	if !reflect.DeepEqual(counts, want) || c.Covered != 3 || c.Gaps != 6 {
		t.Errorf("coverage %v, covered %d, gaps %d; want %v, 3, 6", counts, c.Covered, c.Gaps, want)
	}
	if len(c.Unknown) != 1 || c.Unknown[0].Outcome != "12" || len(c.Unknown[0].Entries) != 1 {
		t.Errorf("unknown outcomes: %+v", c.Unknown)
	}

	recent := CoverageOf(p, gphc, portfolio.Query{Since: testvault.Today - 30, Limit: 1, Text: "ignored"})
	if recent.Rows[0].Count != 1 || recent.Rows[0].Entries[0] != a.ID {
		t.Errorf("since a month ago, standard 1: %+v (old entry %s must not count)", recent.Rows[0], old.ID)
	}
	formative := CoverageOf(p, gphc, portfolio.Query{Functions: portfolio.Functions(portfolio.Formative)})
	if formative.Covered != 1 {
		t.Errorf("formative entries cover %d outcomes, want 1", formative.Covered)
	}
}

// Outcomes and the relationship link survive a reopen (the record and the
// catalogue) and an update.
func TestOutcomesStored(t *testing.T) {
	p, c := testvault.New(t)
	set, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleActionLearning, Person: "Set 3", Participants: []string{"AB", "CD"}})
	if err != nil {
		t.Fatal(err)
	}
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Set session", Body: "x", Functions: portfolio.Functions(portfolio.Formative),
		Outcomes: []portfolio.OutcomeRef{{Framework: "gphc", Outcome: "2"}}, RelationshipID: set.ID})
	p = testvault.Reopen(t, p, c)
	got, ok := p.Entry(e.ID)
	if !ok || !reflect.DeepEqual(got.Outcomes, e.Outcomes) || got.RelationshipID != set.ID {
		t.Fatalf("after reopen: %+v", got)
	}
	if l := mentorship.LinkedEntries(p, set.ID); len(l) != 1 || l[0].ID != e.ID {
		t.Errorf("linked entries: %v", l)
	}
	if cov := CoverageOf(p, &mustFrameworks(t, "").List()[0], portfolio.Query{}); cov.Rows[1].Count != 1 {
		t.Errorf("coverage from the catalogue after reopen: %+v", cov.Rows[1])
	}
	upd := *got
	upd.Outcomes = nil
	if _, err := p.UpdateEntry(upd); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	if got, _ := p.Entry(e.ID); len(got.Outcomes) != 0 {
		t.Errorf("outcomes after they were removed: %v", got.Outcomes)
	}
}

// A user's framework adds to the built-ins or replaces one by name; Resolve checks
// the outcome and spells it as the framework does.
func TestUserFrameworks(t *testing.T) {
	config := t.TempDir()
	dir := FrameworkDir(config)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("curriculum.toml", "title = \"C\"\nsource = \"s\"\n[[outcome]]\nid = \"LO-1\"\ntext = \"x\"\n")
	write("broken.toml", "title = \"B\"\n")
	fws := mustFrameworks(t, config)
	if len(fws.List()) != 2 || len(fws.Problems()) != 1 {
		t.Fatalf("frameworks %d, problems %v", len(fws.List()), fws.Problems())
	}
	ref, err := fws.Resolve("curriculum:lo-1")
	if err != nil || ref.String() != "curriculum:LO-1" {
		t.Errorf("resolve: %v %v", ref, err)
	}
	for _, s := range []string{"curriculum:LO-2", "nmc:1"} {
		if _, err := fws.Resolve(s); !errors.Is(err, portfolio.ErrNotFound) {
			t.Errorf("%s: %v", s, err)
		}
	}
	write("gphc.toml", "name = \"gphc\"\ntitle = \"Mine\"\nsource = \"s\"\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n")
	fws = mustFrameworks(t, config)
	if g, _ := fws.Get("gphc"); g.Title != "Mine" || g.Builtin {
		t.Errorf("a user's gphc replaces the built-in: %+v", g)
	}
}
