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

// A date typed for what has happened (an entry, a held meeting, a self-rating) may
// not be after today: the day's slack the records allow is for archives from other
// time zones, not for "tomorrow" typed here. Refused, status 2, nothing saved.
func TestTypedDatesOfWhatHappenedAreNotFuture(t *testing.T) {
	f := newFixture(t) // today is Saturday 21 November 2026
	f.init()
	id := strings.TrimSpace(f.mustRun("b", "add", "--function", "n", "--title", "T"))
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Sam")
	meeting := strings.TrimSpace(f.mustRun("", "meeting", "add", "--with", "Sam"))
	for _, args := range [][]string{
		{"add", "--function", "n", "--title", "Later", "--date", "tomorrow"},
		{"edit", id, "--date", "tomorrow"},
		{"meeting", "add", "--with", "Sam", "--date", "tomorrow"},
		{"meeting", "edit", meeting, "--date", "22/11/2026"},
		{"rate", "Sam", "--stage", "start", "--score", "self-confidence=3", "--date", "tomorrow"},
	} {
		before := f.vaultSum()
		r := f.run("b", args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, "2026-11-22") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: status %d, stderr %q; want 2 and a sentence naming 2026-11-22", args, r.status, r.stderr)
		}
		if f.vaultSum() != before {
			t.Errorf("%q changed the vault", args)
		}
	}
	// Today is fine, and so is a planned meeting's future date.
	f.mustRun("b", "add", "--function", "n", "--title", "Today", "--date", "today")
	f.mustRun("", "agenda", "Sam", "--text", "Rota", "--date", "tomorrow")
}
