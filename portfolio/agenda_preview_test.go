package portfolio_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// This test of package mentor lives beside the core, whose export_test.go lets it
// plant an agenda link that validation would refuse.

// A mentor's session reflection is private: never proposed, never in a preview, even
// when an agenda item was made to link to it.
func TestMentorReflectionNeverReachesAgendaPreview(t *testing.T) {
	p, _ := testvault.New(t)
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam", LengthMonths: 4, IntervalDays: 14})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: rel.ID, Notes: []portfolio.Section{{Heading: "Reality", Body: "Sam is stretched"}}})
	if err != nil {
		t.Fatal(err)
	}
	refl, err := mentorship.AddSessionReflection(p, m.ID, portfolio.Entry{Body: "I talked too much; must ask more open questions. SECRET-MENTOR-NOTE", Discuss: true, Sharing: portfolio.SharingShareable})
	if err != nil {
		t.Fatal(err)
	}
	if refl.Sharing != portfolio.SharingPrivate || refl.Offerable() || refl.Discuss {
		t.Errorf("session reflection is not private: %+v", refl)
	}
	if got := mentorship.SessionReflections(p, m.ID); len(got) != 1 || got[0].ID != refl.ID {
		t.Errorf("session reflections: %+v", got)
	}
	cands, _ := mentorship.ProposeAgenda(p, rel.ID)
	if slices.ContainsFunc(cands, func(c mentorship.Candidate) bool { return c.Item.LinkID == refl.ID }) {
		t.Error("a session reflection was proposed for an agenda")
	}
	if _, err := mentorship.SaveAgenda(p, rel.ID, 0, []portfolio.AgendaItem{{LinkKind: portfolio.KindEntry, LinkID: refl.ID}}); err == nil {
		t.Error("a session reflection was accepted on an agenda")
	}
	// Force the link past validation, as a damaged or hostile record might.
	next, err := mentorship.SaveAgenda(p, rel.ID, 0, []portfolio.AgendaItem{{Text: "Plan"}})
	if err != nil {
		t.Fatal(err)
	}
	portfolio.ForceAgendaItem(p, next.ID, portfolio.AgendaItem{LinkKind: portfolio.KindEntry, LinkID: refl.ID, Text: "x"})
	preview, _ := mentorship.AgendaPreview(p, next.ID)
	if strings.Contains(preview, "SECRET-MENTOR-NOTE") || strings.Contains(preview, refl.Title) {
		t.Errorf("the preview shows a session reflection:\n%s", preview)
	}
}
