package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// A mentee sets up a six-month relationship with an agreement, builds an agenda from
// an entry and an action, records the meeting with three agreed actions, and sees them
// in the action plan.
func TestMentoringFromTheCommandLine(t *testing.T) {
	f := newFixture(t)
	f.init()
	rel := strings.TrimSpace(f.mustRun("## Frequency\nMonthly, one hour\n## Confidentiality\nExcept risk to patients\n",
		"mentor", "add", "--role", "mentee", "--with", "Dr Okafor", "--months", "6", "--every", "monthly"))
	if rel == "" || strings.Contains(rel, " ") {
		t.Fatalf("mentor add printed %q", rel)
	}
	entry := strings.TrimSpace(f.mustRun("Froze during the mock OSCE.", "add", "--function", "restorative", "--title", "Exam nerves"))
	goal := strings.TrimSpace(f.mustRun("", "goal", "add", "--title", "Pass the diploma"))

	out := f.mustRun("", "agenda", "Dr Okafor")
	if !strings.Contains(out, "No agenda yet") {
		t.Errorf("agenda before building: %q", out)
	}
	out = f.mustRun("", "agenda", rel[:6], "--add", entry[:6]+"=How do I stay calm?", "--add", goal, "--text", "Study leave", "--date", "2026-11-25")
	for _, want := range []string{"# Agenda for 2026-11-25 with Dr Okafor", "Exam nerves", "Question: How do I stay calm?", "Goal: Pass the diploma", "Study leave"} {
		if !strings.Contains(out, want) {
			t.Errorf("agenda lacks %q:\n%s", want, out)
		}
	}
	// The body of an unshared entry stays out of what the mentor would see.
	if strings.Contains(out, "Froze during") {
		t.Errorf("the agenda shows an unshared entry's text:\n%s", out)
	}

	r := f.run("## Goal\nPass in June\n## Will\nThree mocks\n", "meeting", "add", "--with", "Dr Okafor", "--topic", "examinations",
		"--agree", "Book a mock OSCE | 2026-12-05", "--agree", "Try box breathing", "--agree", "Ask for study leave | in 2 weeks", "--next", "2026-12-21")
	if r.status != 0 {
		t.Fatalf("meeting add: %+v", r)
	}
	var actions []struct {
		What      string `json:"what"`
		MeetingID string `json:"meeting_id"`
		Due       string `json:"due"`
	}
	json.Unmarshal([]byte(f.mustRun("", "action", "list", "--json")), &actions)
	if len(actions) != 3 || actions[0].MeetingID != strings.TrimSpace(r.stdout) || actions[0].Due != "2026-12-05" {
		t.Errorf("agreed actions in the plan: %+v", actions)
	}
	var rels []struct {
		Held    int    `json:"meetings_held"`
		Planned int    `json:"meetings_planned"`
		Next    string `json:"next_meeting"`
		Role    string `json:"role"`
	}
	json.Unmarshal([]byte(f.mustRun("", "mentor", "list", "--json")), &rels)
	if len(rels) != 1 || rels[0].Held != 1 || rels[0].Planned != 6 || rels[0].Next != "2026-12-21" || rels[0].Role != "mentee" {
		t.Errorf("mentor list: %+v", rels)
	}
	show := f.mustRun("", "mentor", "show", "Dr Okafor")
	for _, want := range []string{"Frequency: Monthly, one hour", "1 held of 6 planned", "Book a mock OSCE"} {
		if !strings.Contains(show, want) {
			t.Errorf("mentor show lacks %q:\n%s", want, show)
		}
	}
	meeting := f.mustRun("", "meeting", "show", strings.TrimSpace(r.stdout))
	if !strings.Contains(meeting, "## Will\nThree mocks") || !strings.Contains(meeting, "Next meeting: 2026-12-21") {
		t.Errorf("meeting show:\n%s", meeting)
	}

	f.mustRun("", "mentor", "end", rel, "--reason", "completed")
	before := f.vaultSum()
	for _, args := range [][]string{
		{"meeting", "add", "--with", rel},
		{"agenda", rel, "--text", "more"},
		{"mentor", "end", rel, "--reason", "again"},
	} {
		r := f.run("", args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, "ended") {
			t.Errorf("%v on an ended relationship: %+v", args, r)
		}
	}
	if f.vaultSum() != before {
		t.Error("refused commands changed the vault")
	}
}

func TestMentoringBadReferences(t *testing.T) {
	f := newFixture(t)
	f.init()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"mentor", "add", "--with", "X"}, "needs --role"},
		{[]string{"mentor", "add", "--role", "boss", "--with", "X"}, "not one of mentee"},
		{[]string{"mentor", "add", "--role", "mentor"}, "needs --with"},
		{[]string{"mentor", "add", "--role", "mentor", "--with", "X", "--every", "sometimes"}, "not understood"},
		{[]string{"mentor", "show", "nobody"}, "no relationship"},
		{[]string{"meeting", "add", "--with", "nobody"}, "no relationship"},
		{[]string{"meeting", "add"}, "needs --with"},
		{[]string{"meeting", "add", "--with", "x", "--format", "carrier pigeon"}, "not one of 1:1"},
		{[]string{"meeting", "show", "zzzzzz"}, "no meeting"},
		{[]string{"agenda", "nobody"}, "no relationship"},
		{[]string{"mentor", "frob"}, "not a mentor subcommand"},
	}
	for _, c := range cases {
		r := f.run("", c.args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: status %d, stderr %q; want 2 and %q", c.args, r.status, r.stderr, c.want)
		}
	}
}

func TestRelationshipByPartOfName(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Dr Okafor")
	f.mustRun("", "mentor", "add", "--role", "mentor", "--with", "Sam Okafor-Lee")
	if out := f.mustRun("", "mentor", "show", "dr okafor"); !strings.Contains(out, "mentored by Dr Okafor") {
		t.Errorf("whole name: %q", out)
	}
	if out := f.mustRun("", "mentor", "show", "Lee"); !strings.Contains(out, "mentor to Sam Okafor-Lee") {
		t.Errorf("unique part of a name: %q", out)
	}
	if r := f.run("", "mentor", "show", "okafor"); r.status != ExitUsage || !strings.Contains(r.stderr, "more than one") {
		t.Errorf("ambiguous part of a name: %+v", r)
	}
}

// As a mentor, --agree records what the mentee agreed on the meeting and
// --take-on adds the mentor's own; stderr says which went where. A mentee has no
// --take-on, and a refused run changes nothing.
func TestMeetingAddMentorOwnership(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "mentor", "add", "--role", "mentor", "--with", "Sam")
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Dr Priya")
	r := f.run("", "meeting", "add", "--with", "Sam", "--agree", "Book the mock exam | in 2 weeks", "--take-on", "Send Sam the exam guide")
	if r.status != 0 || !strings.Contains(r.stderr, "Recorded on the meeting as Sam's, not in your action plan: Book the mock exam") ||
		!strings.Contains(r.stderr, "added to your action plan: Send Sam the exam guide") {
		t.Fatalf("status %d, stderr %q", r.status, r.stderr)
	}
	before := f.vaultSum()
	r = f.run("", "meeting", "add", "--with", "Dr Priya", "--take-on", "Something")
	if r.status != ExitUsage || !strings.Contains(r.stderr, "--take-on is for a mentor's own actions") || f.vaultSum() != before {
		t.Fatalf("a mentee's --take-on: status %d, stderr %q", r.status, r.stderr)
	}
	p, err := portfolio.Open(f.vault, []byte("correct horse battery"), portfolio.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if all := goals.AllActions(p); len(all) != 1 || all[0].What != "Send Sam the exam guide" {
		t.Fatalf("the mentor's plan: %+v", all)
	}
	ms := mentorship.Meetings(p, "")
	if len(ms) != 1 || len(ms[0].MenteeActions) != 1 || ms[0].MenteeActions[0].What != "Book the mock exam" || ms[0].MenteeActions[0].Due.IsZero() {
		t.Fatalf("meetings: %+v", ms)
	}
}

// mentor edit --months holds to add's range (1 to 24, docs/CLI.md's timelines), with
// 0 for no planned length; it saved 99 before.
func TestMentorEditMonthsInRange(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Sam", "--months", "6")
	for _, n := range []string{"99", "25", "-1"} {
		before := f.vaultSum()
		r := f.run("", "mentor", "edit", "Sam", "--months", n)
		if r.status != ExitUsage || !strings.Contains(r.stderr, "1 to 24") {
			t.Errorf("mentor edit --months %s: status %d, stderr %q; want 2 and the range", n, r.status, r.stderr)
		}
		if f.vaultSum() != before {
			t.Errorf("mentor edit --months %s changed the vault", n)
		}
	}
	f.mustRun("", "mentor", "edit", "Sam", "--months", "12")
	if out := f.mustRun("", "mentor", "show", "Sam", "--json"); !strings.Contains(out, `"length_months": 12`) {
		t.Errorf("after --months 12: %s", out)
	}
}
