package document

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/outcomes"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// The pack gains a coverage table for each framework its period's entries are
// mapped to, with gaps marked; a framework no entry of the period maps to is left out.
func TestPackCoverage(t *testing.T) {
	p, _ := testvault.New(t)
	rules, _ := revalidation.LoadRules("")
	fws, err := outcomes.LoadFrameworks("")
	if err != nil {
		t.Fatal(err)
	}
	gphc := func(ids ...string) []portfolio.OutcomeRef {
		var out []portfolio.OutcomeRef
		for _, id := range ids {
			out = append(out, portfolio.OutcomeRef{Framework: "gphc", Outcome: id})
		}
		return out
	}
	mustAdd(t, p, portfolio.Entry{Title: "In", Body: "x", Date: calendar.MakeDate(2026, 1, 10), Functions: portfolio.Functions(portfolio.Normative), Outcomes: gphc("1", "9")})
	mustAdd(t, p, portfolio.Entry{Title: "Out", Body: "x", Date: calendar.MakeDate(2024, 1, 10), Functions: portfolio.Functions(portfolio.Normative), Outcomes: gphc("2")})
	d, r := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	d = WithCoverage(d, p, fws.List(), portfolio.Query{Since: r.From, Until: r.Until})
	last := d.Sections[len(d.Sections)-1]
	if last.Heading != "Coverage: GPhC standards for pharmacy professionals" {
		t.Fatalf("last section = %q", last.Heading)
	}
	var rows []string
	for _, b := range last.Blocks {
		for _, row := range b.Rows {
			rows = append(rows, row[0]+" "+row[2]+" "+row[3])
		}
	}
	want := "1 1 \n2 0 gap\n3 0 gap\n4 0 gap\n5 0 gap\n6 0 gap\n7 0 gap\n8 0 gap\n9 1 "
	if strings.Join(rows, "\n") != want {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), want)
	}
	if text := docText(d); !strings.Contains(text, "2 of 9 outcomes have an entry mapped to them; 7 are gaps.") {
		t.Errorf("the pack lacks the coverage line:\n%s", text)
	}

	early, _ := RevalidationPack(p, calendar.MakeDate(2025, 3, 31), rules, false)
	n := len(early.Sections)
	if got := WithCoverage(early, p, fws.List(), portfolio.Query{Since: calendar.MakeDate(2024, 4, 1), Until: calendar.MakeDate(2025, 1, 1)}); len(got.Sections) != n {
		t.Errorf("a period with no mapped entry gained a coverage section: %q", got.Sections[n].Heading)
	}
}
