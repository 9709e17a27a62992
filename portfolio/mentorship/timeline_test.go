package mentorship

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestEndDateAtMonthBoundaries(t *testing.T) {
	for _, c := range []struct {
		start  calendar.Date
		months int
		want   calendar.Date
	}{
		{calendar.MakeDate(2026, time.January, 31), 1, calendar.MakeDate(2026, time.February, 28)},
		{calendar.MakeDate(2028, time.January, 31), 1, calendar.MakeDate(2028, time.February, 29)},
		{calendar.MakeDate(2026, time.January, 31), 4, calendar.MakeDate(2026, time.May, 31)},
		{calendar.MakeDate(2026, time.October, 15), 6, calendar.MakeDate(2027, time.April, 15)},
		{calendar.MakeDate(2026, time.March, 14), 24, calendar.MakeDate(2028, time.March, 14)},
		{calendar.MakeDate(2026, time.March, 14), 0, 0},
	} {
		if got := EndDate(&portfolio.Relationship{Start: c.start, LengthMonths: c.months}); got != c.want {
			t.Errorf("EndDate(%s + %d months) = %s, want %s", c.start, c.months, got, c.want)
		}
	}
}

// "mentor to Sam, monthly since 2026-01-15" with two meetings held is on track on
// 14 March (2 expected), and behind a week after a third falls due.
func TestTimelineExpectedByNow(t *testing.T) {
	p, c := testvault.New(t)
	r, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam", Start: calendar.MakeDate(2026, time.January, 15), LengthMonths: 12, IntervalDays: 30,
		Agreement: []portfolio.Section{{Heading: "Frequency", Body: "monthly"}}, AgreedOn: calendar.MakeDate(2026, time.January, 15)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []calendar.Date{calendar.MakeDate(2026, time.January, 15), calendar.MakeDate(2026, time.February, 16)} {
		if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: r.ID, Date: d}); err != nil {
			t.Fatal(err)
		}
	}
	tl, ok := TimelineOf(p, r.ID)
	if !ok {
		t.Fatal("no timeline")
	}
	if tl.Held != 2 || tl.Expected != 2 || tl.Planned != 12 || tl.Behind() || tl.Warning() != "" {
		t.Errorf("on 14 March: %+v, warning %q", tl, tl.Warning())
	}
	if tl.End != calendar.MakeDate(2027, time.January, 15) {
		t.Errorf("end = %s", tl.End)
	}
	// The third meeting falls due on 16 March; a week's grace runs to the 23rd.
	c.Advance(8 * 24 * time.Hour) // 22 March
	if tl, _ := TimelineOf(p, r.ID); tl.Expected != 2 {
		t.Errorf("on 22 March %d expected, want 2", tl.Expected)
	}
	c.Advance(24 * time.Hour) // 23 March
	tl, _ = TimelineOf(p, r.ID)
	if tl.Expected != 3 || !tl.Behind() || !strings.Contains(tl.Warning(), "2 of the 3 meetings expected by now were held") {
		t.Errorf("on 23 March: expected %d, warning %q", tl.Expected, tl.Warning())
	}
}

// A 4-month relationship follows the built-in 4-month timeline: its milestones fall
// due, are marked done by what is recorded, and the ending is prompted once the end
// date passes.
func TestFourMonthTimeline(t *testing.T) {
	p, c := testvault.New(t)
	r, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Jo", Start: testvault.Today, LengthMonths: 4, IntervalDays: 14})
	if err != nil {
		t.Fatal(err)
	}
	tl, _ := TimelineOf(p, r.ID)
	var names []string
	for _, m := range tl.Milestones {
		names = append(names, m.Name+" "+m.Due.String())
	}
	want := "First meeting 2026-03-28, Agreement signed 2026-04-04, Mid-point review, with a self-rating 2026-05-09, Final review, with a self-rating 2026-07-04, Ending 2026-07-11"
	if got := strings.Join(names, ", "); got != want {
		t.Errorf("milestones:\n%s\nwant\n%s", got, want)
	}
	if tl.Behind() {
		t.Error("behind on day one")
	}
	if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: r.ID}); err != nil {
		t.Fatal(err)
	}
	c.Advance(60 * 24 * time.Hour) // 13 May: agreement and mid-point review late
	if _, err := AddRating(p, portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: r.ID, Stage: "middle", Scores: []portfolio.Score{{Name: "realism", Value: 3}}}); err != nil {
		t.Fatal(err)
	}
	tl, _ = TimelineOf(p, r.ID)
	done := map[string]bool{}
	late := map[string]bool{}
	for _, m := range tl.Milestones {
		done[m.Kind], late[m.Kind] = m.Done, m.Late
	}
	if !done["first-meeting"] || !done["mid-point"] || done["agreement"] || !late["agreement"] || late["final-review"] {
		t.Errorf("done %v, late %v", done, late)
	}
	if w := tl.Warning(); !strings.Contains(w, "agreement signed was due on 2026-04-04") {
		t.Errorf("warning %q", w)
	}
	c.Advance(65 * 24 * time.Hour) // 17 July: past the end
	tl, _ = TimelineOf(p, r.ID)
	if !tl.EndPassed || !strings.Contains(tl.Warning(), "The planned end, 2026-07-14, has passed") {
		t.Errorf("end passed %v, warning %q", tl.EndPassed, tl.Warning())
	}
	if _, ok := TimelineOf(p, "nope"); ok {
		t.Error("a timeline for no relationship")
	}
}

// A late milestone is named in the warning's sentence by its name up to the first
// comma, its first letter lowered whatever the script: the names are the user's data.
func TestWarningNamesMilestonesInASentence(t *testing.T) {
	tl := Timeline{Milestones: []MilestoneStatus{
		{Name: "Mid-point review, with a self-rating", Due: calendar.MakeDate(2026, 2, 28), Late: true},
		{Name: "Évaluation finale", Due: calendar.MakeDate(2026, 3, 28), Late: true},
	}}
	w := tl.Warning()
	for _, want := range []string{"mid-point review was due on 2026-02-28", "évaluation finale was due on 2026-03-28"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q does not say %q", w, want)
		}
	}
	if !utf8.ValidString(w) {
		t.Errorf("warning is not valid UTF-8: %q", w)
	}
}
