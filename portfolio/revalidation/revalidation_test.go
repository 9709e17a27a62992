package revalidation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/templates"
)

func record(kind portfolio.RecordKind, date calendar.Date, standards ...string) *portfolio.Entry {
	e := &portfolio.Entry{Title: string(kind) + " " + date.String(), RecordKind: kind, Date: date}
	if len(standards) > 0 {
		e.Fields = []portfolio.FieldValue{{Name: "standards", Label: "Standards", Values: standards}}
	}
	return e
}

func TestReadiness(t *testing.T) {
	rules, err := LoadRules("")
	if err != nil {
		t.Fatal(err)
	}
	renewal := calendar.MakeDate(2026, time.November, 30)
	today := calendar.MakeDate(2026, time.November, 21)
	in := calendar.MakeDate(2026, time.June, 1)
	first := calendar.MakeDate(2025, time.December, 1) // the first day that counts
	before := calendar.MakeDate(2025, time.November, 30)
	s1 := "1. Pharmacy professionals must provide person-centred care"
	for _, tc := range []struct {
		name    string
		entries []*portfolio.Entry
		ready   bool
		summary string
		problem string
	}{
		{"nothing", nil, false,
			"0 of 4 CPD records (0 planned; at least 2 needed); peer discussion: none yet; reflective account: none yet", ""},
		{"the issue's example", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, first), record(portfolio.RecordReflectiveAccount, in, s1)}, false,
			"3 of 4 CPD records (1 planned; at least 2 needed); peer discussion: none yet; reflective account: 1", ""},
		{"a record the day before the period does not count", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, before), record(portfolio.RecordPlannedCPD, renewal+1)}, false,
			"0 of 4 CPD records (0 planned; at least 2 needed); peer discussion: none yet; reflective account: none yet", ""},
		{"2 planned and 2 unplanned", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, renewal), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordPeerDiscussion, in), record(portfolio.RecordReflectiveAccount, in, s1)}, true,
			"4 of 4 CPD records (2 planned); peer discussion: 1; reflective account: 1", ""},
		{"4 planned", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPeerDiscussion, in), record(portfolio.RecordReflectiveAccount, in, "5. Pharmacy professionals must use their professional judgement")}, true,
			"4 of 4 CPD records (4 planned); peer discussion: 1; reflective account: 1", ""},
		{"1 planned and 3 unplanned is not a mix the rules allow", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordPeerDiscussion, in), record(portfolio.RecordReflectiveAccount, in, s1)}, false,
			"4 of 4 CPD records (1 planned; at least 2 needed); peer discussion: 1; reflective account: 1", ""},
		{"more than enough", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordPeerDiscussion, in), record(portfolio.RecordReflectiveAccount, in, s1)}, true,
			"5 CPD records (4 needed; 3 planned); peer discussion: 1; reflective account: 1", ""},
		{"a reflective account with no standard does not count as ready", []*portfolio.Entry{record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordPeerDiscussion, in), record(portfolio.RecordReflectiveAccount, in)}, false,
			"4 of 4 CPD records (2 planned); peer discussion: 1; reflective account: 1", "names no standard"},
		{"other kinds are not counted", []*portfolio.Entry{record(portfolio.RecordEntry, in), record(portfolio.RecordMeetingRecord, in), record(portfolio.RecordMentorReflection, in)}, false,
			"0 of 4 CPD records (0 planned; at least 2 needed); peer discussion: none yet; reflective account: none yet", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(tc.entries, renewal, today, rules)
			if r.Ready() != tc.ready {
				t.Errorf("Ready() = %v, want %v", r.Ready(), tc.ready)
			}
			if got := r.Summary(); got != tc.summary {
				t.Errorf("Summary()\n got %q\nwant %q", got, tc.summary)
			}
			problems := strings.Join(r.Problems, "\n")
			if (tc.problem == "") != (problems == "") || !strings.Contains(problems, tc.problem) {
				t.Errorf("problems %q, want one saying %q", problems, tc.problem)
			}
		})
	}
}

func TestReadinessPeriodAndOrder(t *testing.T) {
	rules, _ := LoadRules("")
	renewal := calendar.MakeDate(2026, time.March, 31)
	r := Check([]*portfolio.Entry{
		record(portfolio.RecordReflectiveAccount, calendar.MakeDate(2026, 1, 5), "2"),
		record(portfolio.RecordPlannedCPD, calendar.MakeDate(2026, 2, 1)),
		record(portfolio.RecordPlannedCPD, calendar.MakeDate(2025, 4, 1)),
	}, renewal, calendar.MakeDate(2026, 3, 1), rules)
	if r.From != calendar.MakeDate(2025, time.April, 1) || r.Until != renewal {
		t.Errorf("period %s to %s, want 2025-04-01 to 2026-03-31", r.From, r.Until)
	}
	if r.Expiry != calendar.MakeDate(2026, time.May, 31) {
		t.Errorf("expiry %s, want two months after renewal", r.Expiry)
	}
	var kinds []string
	for _, k := range r.Records {
		kinds = append(kinds, string(k.Kind))
	}
	if strings.Join(kinds, ",") != "planned_cpd,unplanned_cpd,peer_discussion,reflective_account" {
		t.Errorf("kinds in order %q", kinds)
	}
	if p := r.Records[0].Entries; len(p) != 2 || p[0].Date > p[1].Date {
		t.Errorf("planned CPD records %v, want both, oldest first", p)
	}
	if got := r.Countdown(); got != "renewal on 2026-03-31, in 30 days" {
		t.Errorf("Countdown() = %q", got)
	}
}

// Each rule period of the built-in rules, with a reflective account on either side of
// it: before October 2022 no set was checked; from then until 2026 the account had to
// cover one or more of standards 1, 2 and 5; from 2026 any one or more of the nine.
func TestReadinessStandardsRuleByRenewalDate(t *testing.T) {
	rules, _ := LoadRules("")
	for _, tc := range []struct {
		name      string
		renewal   calendar.Date
		standards []string
		problem   string
	}{
		{"before any rule, a standard outside the set", calendar.MakeDate(2022, 9, 30), []string{"3"}, ""},
		{"2022 rule, standard 1 alone", calendar.MakeDate(2022, 10, 1), []string{"1"}, ""},
		{"2022 rule, standards 1 and 2", calendar.MakeDate(2024, 10, 1), []string{"1", "2. Pharmacy professionals must work in partnership with others"}, ""},
		{"2022 rule, standard 5 alone", calendar.MakeDate(2025, 12, 31), []string{"5"}, ""},
		{"2022 rule, only standards outside the set", calendar.MakeDate(2025, 6, 30), []string{"3", "9"}, "covers none of standards 1, 2 and 5; this renewal requires one or more of them"},
		{"2022 rule, no standard", calendar.MakeDate(2025, 6, 30), nil, "covers none of standards 1, 2 and 5"},
		{"2026 rule, standard 3 alone", calendar.MakeDate(2026, 1, 1), []string{"3"}, ""},
		{"2026 rule, no standard", calendar.MakeDate(2026, 10, 1), nil, "names no standard; choose at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ra := record(portfolio.RecordReflectiveAccount, tc.renewal-30, tc.standards...)
			r := Check([]*portfolio.Entry{ra}, tc.renewal, tc.renewal-60, rules)
			problems := strings.Join(r.Problems, "\n")
			if (tc.problem == "") != (problems == "") || !strings.Contains(problems, tc.problem) {
				t.Errorf("problems %q, want one saying %q", problems, tc.problem)
			}
			if want := map[bool]int{true: 1, false: 0}[tc.problem == ""]; r.validReflective != want {
				t.Errorf("%d valid reflective accounts, want %d", r.validReflective, want)
			}
		})
	}
}

// The case: four CPD records (two planned), a peer discussion and a reflective
// account naming only standard 1, for a renewal on 2025-06-30, are ready.
func TestReadinessReflectiveAccountWithOneOfTheSet(t *testing.T) {
	rules, _ := LoadRules("")
	in := calendar.MakeDate(2025, 3, 1)
	r := Check([]*portfolio.Entry{
		record(portfolio.RecordPlannedCPD, in), record(portfolio.RecordPlannedCPD, in),
		record(portfolio.RecordUnplannedCPD, in), record(portfolio.RecordUnplannedCPD, in),
		record(portfolio.RecordPeerDiscussion, in),
		record(portfolio.RecordReflectiveAccount, in, "1. Pharmacy professionals must provide person-centred care"),
	}, calendar.MakeDate(2025, 6, 30), calendar.MakeDate(2025, 5, 1), rules)
	if !r.Ready() || len(r.Problems) != 0 {
		t.Errorf("%s, problems %q; want ready", r.Headline(), r.Problems)
	}
}

// Missing standards are named with the noun in the right number.
func TestReadinessRequiredStandardsWording(t *testing.T) {
	rules, _ := LoadRules("")
	rules.StandardsRules = []templates.StandardsRule{{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Required: []int{1, 2, 5}}}
	for _, tc := range []struct {
		have []string
		want string
	}{
		{[]string{"1"}, "does not cover standards 2 and 5, which"},
		{[]string{"1", "2"}, "does not cover standard 5, which"},
		{nil, "does not cover standards 1, 2 and 5, which"},
	} {
		ra := record(portfolio.RecordReflectiveAccount, calendar.MakeDate(2025, 3, 1), tc.have...)
		r := Check([]*portfolio.Entry{ra}, calendar.MakeDate(2025, 6, 30), calendar.MakeDate(2025, 5, 1), rules)
		if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], tc.want) {
			t.Errorf("with %q: problems %q, want %q", tc.have, r.Problems, tc.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		d      calendar.Date
		months int
		want   calendar.Date
	}{
		{calendar.MakeDate(2026, 3, 31), -1, calendar.MakeDate(2026, 2, 28)},
		{calendar.MakeDate(2024, 3, 31), -1, calendar.MakeDate(2024, 2, 29)},
		{calendar.MakeDate(2026, 11, 30), -12, calendar.MakeDate(2025, 11, 30)},
		{calendar.MakeDate(2026, 12, 31), 2, calendar.MakeDate(2027, 2, 28)},
	} {
		if got := addMonths(tc.d, tc.months); got != tc.want {
			t.Errorf("addMonths(%s, %d) = %s, want %s", tc.d, tc.months, got, tc.want)
		}
	}
}

func TestLoadRevalidationRulesFromConfig(t *testing.T) {
	dir := t.TempDir()
	data := "name = \"Test scheme\"\nperiod_months = 6\n[cpd]\nrecords = 2\nplanned_at_least = 1\n"
	if err := os.WriteFile(filepath.Join(dir, "revalidation.toml"), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := LoadRules(dir)
	if err != nil || r.Name != "Test scheme" || r.CPDRecords != 2 {
		t.Fatalf("rules %+v, %v; want the user's file", r, err)
	}
	os.WriteFile(filepath.Join(dir, "revalidation.toml"), []byte("name = 1\n"), 0o600)
	if _, err := LoadRules(dir); !portfolio.IsBadInput(err) {
		t.Errorf("a broken rules file: %v, want bad input", err)
	}
}
