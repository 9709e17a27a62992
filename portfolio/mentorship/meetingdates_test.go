package mentorship

import (
	"errors"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestParseHeldDateLooksBack(t *testing.T) {
	today := calendar.MakeDate(2026, 3, 14)
	for _, tc := range []struct {
		in   string
		want calendar.Date
	}{
		{"3 Dec", calendar.MakeDate(2025, 12, 3)},
		{"3 Mar", calendar.MakeDate(2026, 3, 3)},
		{"14 March", today},
		{"yesterday", today - 1},
		{"2026-01-05", calendar.MakeDate(2026, 1, 5)},
	} {
		if got, err := ParseHeldDate(tc.in, today); err != nil || got != tc.want {
			t.Errorf("ParseHeldDate(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

// An edit that puts the next meeting on or before the meeting is refused and
// changes nothing, for a held meeting and a planned one.
func TestEditRefusesNextBeforeTheMeeting(t *testing.T) {
	p, _ := testvault.New(t)
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam Patel"})
	if err != nil {
		t.Fatal(err)
	}
	held, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: rel.ID, Date: testvault.Today - 5, NextDate: testvault.Today + 20})
	if err != nil {
		t.Fatal(err)
	}
	planned, err := AddMeeting(p, portfolio.Meeting{RelationshipID: rel.ID, Date: testvault.Today + 20})
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string]func(m portfolio.Meeting) error{
		"held": func(m portfolio.Meeting) error { _, err := EditHeldMeeting(p, m, nil); return err },
		"planned": func(m portfolio.Meeting) error {
			_, err := UpdateMeeting(p, m)
			return err
		},
	}
	for name, m := range map[string]*portfolio.Meeting{"held": held, "planned": planned} {
		for _, next := range []calendar.Date{m.Date, m.Date - 3} {
			c := *m
			c.NextDate = next
			if err := edits[name](c); !errors.Is(err, portfolio.ErrInvalidDate) {
				t.Errorf("%s meeting on %s, next %s: err %v", name, m.Date, next, err)
			}
			if got, _ := Meeting(p, m.ID); got.NextDate != m.NextDate {
				t.Errorf("%s meeting: the refused edit left next %s", name, got.NextDate)
			}
		}
	}
}
