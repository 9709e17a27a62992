package document

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

func topicRows(d Doc) []string {
	var out []string
	for _, s := range d.Sections {
		if s.Heading != "Topics discussed" {
			continue
		}
		for _, b := range s.Blocks {
			for _, r := range b.Rows {
				out = append(out, strings.Join(r, "="))
			}
		}
	}
	return out
}

// The meeting summary tallies the relationship's topics up to its meeting; the
// period summary tallies every relationship's meetings in the period.
func TestSummariesTallyTopics(t *testing.T) {
	p, _ := testvault.New(t)
	sam, _ := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam", Start: calendar.MakeDate(2026, 1, 1)})
	jo, _ := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Jo", Start: calendar.MakeDate(2026, 1, 1)})
	var feb *portfolio.Meeting
	for _, rec := range []mentorship.MeetingRecord{
		{RelationshipID: sam.ID, Date: calendar.MakeDate(2026, 1, 10), Topics: []string{"examinations", "career development"}},
		{RelationshipID: sam.ID, Date: calendar.MakeDate(2026, 2, 10), Topics: []string{"examinations"}},
		{RelationshipID: sam.ID, Date: calendar.MakeDate(2026, 3, 10), Topics: []string{"work-life balance"}},
		{RelationshipID: jo.ID, Date: calendar.MakeDate(2026, 2, 12), Topics: []string{"work-life balance"}},
	} {
		m, _, err := mentorship.RecordMeeting(p, rec)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Date == calendar.MakeDate(2026, 2, 10) {
			feb = m
		}
	}
	d, err := MeetingSummary(p, sam.ID, feb.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(topicRows(d), ", "); got != "examinations=2, career development=1" {
		t.Errorf("Sam's tally to February = %s", got)
	}
	d, err = PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 2, 1), Until: calendar.MakeDate(2026, 3, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(topicRows(d), ", "); got != "work-life balance=2, examinations=1" {
		t.Errorf("the period's tally = %s", got)
	}
	// Topics are the user's words, so the identifier scan reads them.
	if _, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: jo.ID, Date: calendar.MakeDate(2026, 3, 1), Topics: []string{"NHS 943 476 5919"}}); err != nil {
		t.Fatal(err)
	}
	d, _ = PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 2, 1), Until: calendar.MakeDate(2026, 3, 31)})
	if len(Scan(d)) == 0 {
		t.Error("an NHS number in a topic was not found by the scan")
	}
}

// The relationship's summary carries the progress self-ratings before and after; a
// mentor's skills ratings stay out.
func TestMeetingSummaryRatingsBeforeAfter(t *testing.T) {
	p, _ := testvault.New(t)
	sam, _ := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam", Start: calendar.MakeDate(2026, 1, 1)})
	m, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: sam.ID, Date: calendar.MakeDate(2026, 1, 10)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []portfolio.Rating{
		{Kind: portfolio.RatingProgress, RelationshipID: sam.ID, Stage: "start", Date: calendar.MakeDate(2026, 1, 10), Scores: []portfolio.Score{{Name: "self-confidence", Value: 2}, {Name: "realism", Value: 3}}},
		{Kind: portfolio.RatingProgress, RelationshipID: sam.ID, Stage: "end", Date: calendar.MakeDate(2026, 3, 1), Scores: []portfolio.Score{{Name: "self-confidence", Value: 4}}},
		{Kind: portfolio.RatingSkills, RelationshipID: sam.ID, Stage: "end", Date: calendar.MakeDate(2026, 3, 1), Scores: []portfolio.Score{{Name: "signposting", Value: 1}}},
	} {
		if _, err := mentorship.AddRating(p, r); err != nil {
			t.Fatal(err)
		}
	}
	d, err := MeetingSummary(p, sam.ID, m.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, s := range d.Sections {
		if s.Heading == "Self-ratings, before and after" {
			for _, b := range s.Blocks {
				for _, r := range b.Rows {
					rows = append(rows, strings.Join(r, " "))
				}
			}
		}
	}
	if got := strings.Join(rows, "; "); got != "self-confidence 2 – 4 +2; realism 3 – – " {
		t.Errorf("rows = %q", got)
	}
	// The exact rows above hold no skills rating; nor does any other table.
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			for _, r := range b.Rows {
				if strings.Join(r, " ") == "signposting – – 1 " {
					t.Error("a skills rating is in the summary")
				}
			}
		}
	}
}
