package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// Dates as people write them, from the command line: a day without a year is the
// last one for an entry and the next one for a target; help lists the forms.
func TestDatesAsPeopleWriteThem(t *testing.T) {
	f := newFixture(t) // today is Saturday 21 November 2026
	f.init()
	for _, c := range []struct{ date, want string }{
		{"3 April 2026", "2026-04-03"},
		{"1 Jan", "2026-01-01"},
		{"1 Dec", "2025-12-01"}, // never in the future for an entry
		{"21/11/26", "2026-11-21"},
		{"3 Apr", "2026-04-03"},
	} {
		id := strings.TrimSpace(f.mustRun("b", "add", "--function", "n", "--title", "On "+c.date, "--date", c.date))
		var e struct{ Date string }
		json.Unmarshal([]byte(f.mustRun("", "show", id, "--json")), &e)
		if e.Date != c.want {
			t.Errorf("add --date %q saved %s, want %s", c.date, e.Date, c.want)
		}
	}
	if got := f.list("--since", "1 Jan"); len(got) != 4 {
		t.Errorf("list --since '1 Jan' found %d entries, want the 4 of this year", len(got))
	}
	for _, c := range []struct{ target, want string }{
		{"next friday", "2026-11-27"},
		{"1 Jan", "2027-01-01"},
		{"end of month", "2026-11-30"},
	} {
		var g struct{ Target string }
		json.Unmarshal([]byte(f.mustRun("", "goal", "add", "--title", "G", "--target", c.target, "--json")), &g)
		if g.Target != c.want {
			t.Errorf("goal add --target %q saved %s, want %s", c.target, g.Target, c.want)
		}
	}
	if r := f.run("b", "add", "--function", "n", "--title", "T", "--date", "3 Aprill"); r.status != ExitUsage || !strings.Contains(r.stderr, "3 April 2026") {
		t.Errorf("a mistyped month: %+v", r)
	}
	if r := f.runRaw("", "add", "--help"); !strings.Contains(r.stdout, "3 April 2026") || !strings.Contains(r.stdout, "end of month") {
		t.Errorf("add --help does not list the date forms: %q", r.stdout)
	}
}
