package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
)

// openRelationship opens the mentoring area and the relationship with person.
func (d *driver) openRelationship(person string) {
	d.t.Helper()
	d.keys("m")
	d.expect("Relationships")
	m := d.app.top().(*mentoringpkg.Mentoring)
	for i, row := range m.Data.Rows {
		if row.R.Person == person {
			m.Cursor = i
		}
	}
	d.keys("enter")
	d.expect(person)
}

// addRelationship adds r to the open vault, failing the test if it cannot.
func addRelationship(t *testing.T, p *portfolio.Portfolio, r portfolio.Relationship) *portfolio.Relationship {
	t.Helper()
	saved, err := mentorship.AddRelationship(p, r)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// A four-month relationship with no meeting yet, ten weeks in, is behind: the
// timeline says meetings held beside those expected by now, marks the late
// milestones, and warns gently; once the end date passes it prompts the ending,
// and X ends it.
func TestTimelineWarnsWhenBehindAndPromptsTheEnding(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	today := calendar.DateOf(d.clk.Now())
	r := addRelationship(t, p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Jo Reid", Start: today - 70, LengthMonths: 4, IntervalDays: 28})
	tl, ok := mentorship.TimelineOf(p, r.ID)
	if !ok || tl.Expected == 0 || !tl.Behind() {
		t.Fatalf("the test's relationship should be behind: %+v", tl)
	}

	d.openRelationship("Jo Reid")
	d.expect(fmt.Sprintf("Timeline  %d expected by now", tl.Expected), "! a little behind: M")
	d.keys("M")
	d.expect("4 months, from "+r.Start.String()+" to "+mentorship.EndDate(r).String(),
		fmt.Sprintf("0 held · %d expected by now · %d planned", tl.Expected, tl.Planned),
		"Milestones", "[!] First meeting", "[!] Agreement signed", "late",
		"A little behind the plan", "point review was due on", "meeting still counts")
	if strings.Contains(d.screen(), "has passed") {
		t.Fatal("the ending prompt shows before the end date")
	}

	// Past the end date: the prompt to end it, and X does.
	d.clk.Advance(60 * 24 * time.Hour)
	d.keys("esc", "M")
	d.expect(mentorship.EndDate(r).String()+", has passed", "X ends it with a reason")
	d.keys("X")
	d.expect("End relationship")
	d.typeText("The four months are up.")
	d.keys("ctrl+s")
	if got, _ := mentorship.Relationship(p, r.ID); got.Status != portfolio.RelEnded || got.EndReason != "The four months are up." {
		t.Fatalf("the relationship was not ended: %+v", got)
	}
}

// A relationship on plan says so; one with no planned length says how to set one.
func TestTimelineOnTrackAndWithoutAPlan(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	today := calendar.DateOf(d.clk.Now())
	addRelationship(t, p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Ana Lee", Start: today - 3, LengthMonths: 6, IntervalDays: 30})
	addRelationship(t, p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Open Ended"})
	d.openRelationship("Ana Lee")
	d.keys("M")
	d.expect("On track.", "[ ] Mid-point review")
	if strings.Contains(d.screen(), "behind") {
		t.Fatalf("a relationship on plan is said to be behind:\n%s", d.screen())
	}
	d.keys("esc", "esc", "esc")
	d.openRelationship("Open Ended")
	d.keys("M")
	d.expect("No planned length, so no timeline.", "e sets the length in months (1 to 24)")
}

// The ratings chart draws each item's score at each stage as bars of characters,
// readable without colour, with the change from start to end.
func TestRatingsChartShowsBeforeAndAfter(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	rel := mentorship.Relationships(p)[0]
	today := calendar.DateOf(d.clk.Now())
	for _, r := range []portfolio.Rating{
		{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Date: today - 30, Scores: []portfolio.Score{{Name: "self-confidence", Value: 2}, {Name: "decision-making", Value: 3}, {Name: "realism", Value: 4}}},
		{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "end", Date: today, Scores: []portfolio.Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 3}, {Name: "realism", Value: 3}}},
	} {
		if _, err := mentorship.AddRating(p, r); err != nil {
			t.Fatal(err)
		}
	}
	d.openRelationship("Sam Okafor")
	d.keys("c")
	d.expect("› Ratings", "Outcomes", "start", "middle", "end", "change")
	screen := d.screen()
	for item, want := range map[string][]string{
		"self-confidence": {"██░░░ 2", "████░ 4", "+2"},
		"decision-making": {"███░░ 3", "same"},
		"realism":         {"████░ 4", "███░░ 3", "-1"},
	} {
		l := lineWith(screen, item)
		for _, w := range want {
			if !strings.Contains(l, w) {
				t.Errorf("%s: %q lacks %q", item, l, w)
			}
		}
	}
	if l := lineWith(screen, "self-confidence"); !strings.Contains(l, "–") {
		t.Errorf("a stage not rated is not marked: %q", l)
	}
}

// Peer support meetings are recorded under the restorative headings, not GROW;
// they count as restorative in the dashboard's balance, which says what it counts.
func TestRestorativeMeetingNotesAndTheBalance(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	r := addRelationship(t, p, portfolio.Relationship{Role: portfolio.RolePeerSupport, Person: "Ward 7 debrief group", Participants: []string{"AB", "CD", "EF"}})
	d.openRelationship("Ward 7 debrief group")
	d.keys("r")
	d.expect("Record meeting", "What happened", "Its impact on me", "What helped", "What I will do", "Signposting offered", "Samaritans 116 123")
	for _, grow := range []string{"Reality", "Options"} {
		if strings.Contains(d.screen(), grow) {
			t.Fatalf("a peer support meeting is headed by GROW's %s:\n%s", grow, d.screen())
		}
	}
	d.typeText("A cardiac arrest on the ward overnight.")
	d.keys("tab")
	d.typeText("Still replaying it.")
	d.keys("ctrl+s")
	d.expect("Meeting recorded")
	ms := mentorship.Meetings(p, r.ID)
	if len(ms) != 1 || len(ms[0].Notes) != 2 || ms[0].Notes[0].Heading != "What happened" || ms[0].Notes[1].Heading != "Its impact on me" {
		t.Fatalf("the meeting's notes: %+v", ms)
	}
	if !mentorship.FunctionsOf(p, ms[0]).Has(portfolio.Restorative) {
		t.Fatal("a peer support meeting is not restorative")
	}

	for d.app.top().Title() != "Dashboard" {
		d.keys("esc")
	}
	d.expect("meet, goals, acts: this year's meetings held, goals set and actions due")
	// restorative: entries month, year, all; then meetings, goals, actions this year.
	row := strings.Fields(lineWith(d.screen(), "R restorative"))
	if got := strings.Join(row[len(row)-3:], " "); got != "1 0 0" {
		t.Fatalf("the restorative balance counts meetings, goals, actions as %q: %v", got, row)
	}
}

// The dashboard leads with what is due: overdue actions, the next meeting and the
// renewal date, each saying what it is; enter opens the relationship or the
// revalidation screen.
func TestDashboardDueList(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	st := p.Settings()
	st.RenewalDate = calendar.DateOf(d.clk.Now()) + 5
	if err := p.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	d.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	d.keys("e", "esc")
	d.expect("Due  2 overdue · 3 in the next 7 days",
		"action   Book the mock exam", "overdue 2026-03-11",
		"meeting  mentored by Sam Okafor", "2026-03-16 in 2 days",
		"renewal  revalidation: submit your records by the renewal date", "2026-03-19 in 5 days")
	if strings.Contains(d.screen(), "Write a revision timetable") {
		t.Fatal("an action due in nine days is listed as due this week")
	}
	// Soonest first: two overdue actions, then the meeting.
	d.keys("down", "down", "enter")
	d.expect("› Relationship", "mentored by Sam Okafor")
	d.keys("esc", "down", "down", "enter")
	d.expect("› Revalidation", "Renewal on 2026-03-19")
	// An action agreed at a meeting opens its relationship; one in a plan, its goal.
	d.keys("esc", "up", "up", "up", "up", "enter")
	d.expect("› Relationship", "Book the mock exam")
	d.keys("esc", "down", "enter")
	d.expect("› Goal", "Shadow the anticoagulation clinic")
}

// The relationship view tallies the topics of its meetings and of all meetings.
func TestTopicTalliesInTheRelationshipView(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	today := calendar.DateOf(d.clk.Now())
	other := addRelationship(t, p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Alex Kim", Start: today - 20})
	for _, topics := range [][]string{{"Examinations", "wellbeing"}, {"wellbeing"}} {
		if _, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: other.ID, Date: today - 10, Topics: topics}); err != nil {
			t.Fatal(err)
		}
	}
	d.openRelationship("Sam Okafor")
	d.expect("Topics    examinations 1   all: examinations 2 · wellbeing 2")
	d.keys("esc", "esc")
	d.openRelationship("Alex Kim")
	d.expect("Topics    wellbeing 2 · Examinations 1   all:")
}

func TestGoldenTimeline(t *testing.T) {
	tm, pr := unlockSeededWith(t, func(t *testing.T, opts common.Options) {
		p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		today := calendar.DateOf(opts.Now())
		r := addRelationship(t, p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Jo Reid", Start: today - 70, LengthMonths: 4, IntervalDays: 28,
			Agreement: []portfolio.Section{{Heading: "Goals", Body: "Settle into the role."}}})
		if _, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: r.ID, Date: today - 60}); err != nil {
			t.Fatal(err)
		}
	})
	press(tm, "m")
	waitFor(t, tm, pr, "mentored by Jo Reid")
	press(tm, "enter")
	waitFor(t, tm, pr, "Agreement", "Timeline")
	press(tm, "M")
	waitFor(t, tm, pr, "Milestones", "Ending")
	requireGolden(t, pr)
}

func TestGoldenRatingsChart(t *testing.T) {
	tm, pr := unlockSeededWith(t, func(t *testing.T, opts common.Options) {
		seedMentoring(t, opts)
		p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		rel := mentorship.Relationships(p)[0]
		today := calendar.DateOf(opts.Now())
		var start, middle, end []portfolio.Score
		for i, item := range portfolio.ProgressOutcomes {
			start = append(start, portfolio.Score{Name: item, Value: 1 + i%3})
			if i%2 == 0 {
				middle = append(middle, portfolio.Score{Name: item, Value: 2 + i%3})
			}
			end = append(end, portfolio.Score{Name: item, Value: min(5, 2+i%4)})
		}
		for _, r := range []portfolio.Rating{
			{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Date: today - 30, Scores: start},
			{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "middle", Date: today - 15, Scores: middle},
			{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "end", Date: today, Scores: end},
		} {
			if _, err := mentorship.AddRating(p, r); err != nil {
				t.Fatal(err)
			}
		}
	})
	press(tm, "m")
	waitFor(t, tm, pr, "mentored by Sam Okafor")
	press(tm, "enter")
	waitFor(t, tm, pr, "Agreed actions")
	press(tm, "c")
	waitFor(t, tm, pr, "self-confidence", "change")
	requireGolden(t, pr)
}

func TestGoldenRestorativeMeetingRecord(t *testing.T) {
	tm, pr := unlockSeededWith(t, func(t *testing.T, opts common.Options) {
		p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		addRelationship(t, p, portfolio.Relationship{Role: portfolio.RolePeerSupport, Person: "Ward 7 debrief group", Participants: []string{"AB", "CD", "EF"}})
	})
	press(tm, "m")
	waitFor(t, tm, pr, "Ward 7 debrief group")
	press(tm, "enter")
	waitFor(t, tm, pr, "peer support with Ward 7 debrief group")
	press(tm, "r")
	waitFor(t, tm, pr, "Record meeting", "What happened")
	tm.Type("A cardiac arrest on the ward overnight; AB led.")
	waitFor(t, tm, pr, "AB led.")
	requireGolden(t, pr)
}
