package mentorship

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// The whole mentoring cycle: agreement → agenda → meeting → agreed actions in the
// action plan → done → reflection → the next agenda proposes what is left.
func TestMentoringCycle(t *testing.T) {
	p, c := testvault.New(t)
	if err := p.SaveSettings(portfolio.Settings{Organisation: "St Elsewhere NHS Trust"}); err != nil {
		t.Fatal(err)
	}
	rel, err := AddRelationship(p, portfolio.Relationship{
		Role: portfolio.RoleMentee, Person: "Dr A", Organisation: "Northshire Trust",
		LengthMonths: 6, IntervalDays: 30,
		Agreement: []portfolio.Section{{Heading: "Frequency", Body: "Monthly, an hour"}, {Heading: "Confidentiality", Body: "Except risk to patients"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rel.AgreedOn != testvault.Today || rel.Status != portfolio.RelActive || rel.PlannedMeetings() != 6 {
		t.Errorf("relationship = %+v, planned %d", rel, rel.PlannedMeetings())
	}
	if SameOrganisation(p, rel) {
		t.Error("a different organisation was taken for the user's own")
	}
	goal := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Prepare for the diploma exam"})
	discuss := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Exam nerves", Body: "I freeze in OSCEs.", Functions: portfolio.Functions(portfolio.Restorative), Discuss: true, Sharing: portfolio.SharingShareable})
	private := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Private worry", Body: "Not for anyone.", Functions: portfolio.Functions(portfolio.Restorative), Discuss: true, Sharing: portfolio.SharingPrivate})

	cands, err := ProposeAgenda(p, rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !hasCandidate(cands, discuss.ID) || hasCandidate(cands, private.ID) {
		t.Errorf("first agenda candidates: %+v", cands)
	}

	agenda := []portfolio.AgendaItem{
		{LinkKind: portfolio.KindEntry, LinkID: discuss.ID, Question: "How do I stay calm?"},
		{LinkKind: portfolio.KindGoal, LinkID: goal.ID},
		{Text: "Rota for next month"},
	}
	planned, err := SaveAgenda(p, rel.ID, testvault.Today+3, agenda)
	if err != nil {
		t.Fatal(err)
	}
	if planned.Held || planned.Date != testvault.Today+3 || len(planned.Agenda) != 3 {
		t.Errorf("planned meeting = %+v", planned)
	}
	if _, err := SaveAgenda(p, rel.ID, 0, []portfolio.AgendaItem{{LinkKind: portfolio.KindEntry, LinkID: private.ID}}); err == nil {
		t.Error("a private entry was put on an agenda")
	}
	preview, _ := AgendaPreview(p, planned.ID)
	for _, want := range []string{"Exam nerves", "I freeze in OSCEs.", "How do I stay calm?", "Goal: Prepare for the diploma exam", "Rota for next month"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}

	c.Advance(3 * 24 * time.Hour)
	held, actions, err := RecordMeeting(p, MeetingRecord{
		MeetingID: planned.ID,
		Notes:     []portfolio.Section{{Heading: "Goal", Body: "Pass in June"}, {Heading: "Will", Body: "Three mock OSCEs"}},
		Topics:    []string{"examinations", "wellbeing"},
		AgreedActions: []portfolio.Action{
			{What: "Book a mock OSCE", Due: testvault.Today + 17, GoalID: goal.ID},
			{What: "Try box breathing", Due: testvault.Today + 10},
			{What: "Ask for study leave", Due: testvault.Today + 5},
		},
		NextDate: testvault.Today + 33,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !held.Held || held.ID != planned.ID || len(actions) != 3 || len(held.AgreedActionIDs) != 3 {
		t.Fatalf("recorded meeting = %+v, actions %d", held, len(actions))
	}
	if got := goals.Actions(p, goal.ID); len(got) != 1 || got[0].What != "Book a mock OSCE" || got[0].MeetingID != held.ID {
		t.Errorf("the agreed action is not in the goal's plan: %+v", got)
	}
	if got := goals.Actions(p, ""); len(got) != 2 {
		t.Errorf("standalone agreed actions: %d, want 2", len(got))
	}
	stats := Stats(p, rel.ID)
	if stats.Held != 1 || stats.Planned != 6 || stats.Next != testvault.Today+33 || stats.Upcoming != nil {
		t.Errorf("stats = %+v", stats)
	}

	if _, _, err := goals.CompleteAction(p, actions[2].ID, &portfolio.Entry{Body: "Leave granted for May."}); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)

	cands, _ = ProposeAgenda(p, rel.ID)
	for _, a := range actions[:2] {
		if !hasCandidateReason(cands, a.ID, "agreed last time") {
			t.Errorf("next agenda does not propose the unfinished agreed action %q: %+v", a.What, cands)
		}
	}
	if hasCandidate(cands, actions[2].ID) {
		t.Error("next agenda proposes an action already done")
	}
	if hasCandidate(cands, private.ID) {
		t.Error("next agenda proposes a private entry")
	}
	if got := AgreedActions(p, rel.ID); len(got) != 3 {
		t.Errorf("agreed actions after reopen: %d", len(got))
	}
	if got, _ := Meeting(p, held.ID); got == nil || len(got.Notes) != 2 || !slices.Equal(got.Topics, []string{"examinations", "wellbeing"}) {
		t.Errorf("meeting after reopen: %+v", got)
	}
}

func hasCandidate(cs []Candidate, id portfolio.ID) bool {
	return slices.ContainsFunc(cs, func(c Candidate) bool { return c.Item.LinkID == id })
}

func hasCandidateReason(cs []Candidate, id portfolio.ID, reason string) bool {
	return slices.ContainsFunc(cs, func(c Candidate) bool { return c.Item.LinkID == id && strings.Contains(c.Reason, reason) })
}

func TestSkillsAndProgressRatings(t *testing.T) {
	p, c := testvault.New(t)
	rel, _ := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam"})
	for i, v := range []int{2, 3, 4} {
		c.Advance(30 * 24 * time.Hour)
		// A name in capitals is still itself: the form sends names as they are listed.
		if _, err := AddRating(p, portfolio.Rating{Kind: portfolio.RatingSkills, Scores: []portfolio.Score{{Name: "active", Value: v}, {Name: "Signposting", Value: 5 - i}, {Name: "goal setting (GROW)", Value: 3}}}); err != nil {
			t.Fatal(err)
		}
	}
	trend := Trend(Ratings(p, portfolio.RatingSkills, ""))
	if !slices.Equal(trend["active listening"], []int{2, 3, 4}) || !slices.Equal(trend["signposting"], []int{5, 4, 3}) || len(trend["goal setting (GROW)"]) != 3 {
		t.Errorf("skills trend = %v", trend)
	}
	if _, err := AddRating(p, portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Scores: []portfolio.Score{{Name: "self-confidence", Value: 2}}}); err != nil {
		t.Fatal(err)
	}
	bad := []portfolio.Rating{
		{Kind: portfolio.RatingSkills, Scores: []portfolio.Score{{Name: "active listening", Value: 6}}},
		{Kind: portfolio.RatingSkills, Scores: []portfolio.Score{{Name: "juggling", Value: 3}}},
		{Kind: portfolio.RatingSkills},
		{Kind: portfolio.RatingProgress, Stage: "halfway", Scores: []portfolio.Score{{Name: "self-confidence", Value: 3}}},
		{Kind: portfolio.RatingProgress, Stage: "end", RelationshipID: "nope", Scores: []portfolio.Score{{Name: "self-confidence", Value: 3}}},
	}
	for _, r := range bad {
		if _, err := AddRating(p, r); err == nil || !portfolio.IsBadInput(err) {
			t.Errorf("AddRating(%+v) = %v, want bad input", r, err)
		}
	}
	p = testvault.Reopen(t, p, c)
	if got := Ratings(p, portfolio.RatingProgress, rel.ID); len(got) != 1 || got[0].Stage != "start" {
		t.Errorf("progress ratings after reopen: %+v", got)
	}
}

func TestRelationshipRules(t *testing.T) {
	p, _ := testvault.New(t)
	p.SaveSettings(portfolio.Settings{Organisation: "Northshire Trust"})
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr B", Organisation: "northshire trust "})
	if err != nil {
		t.Fatal(err)
	}
	if !SameOrganisation(p, rel) {
		t.Error("matching within the user's own organisation was not noticed")
	}
	if _, err := EndRelationship(p, rel.ID, "Moved region"); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveAgenda(p, rel.ID, 0, []portfolio.AgendaItem{{Text: "x"}}); err == nil || !portfolio.IsBadInput(err) {
		t.Errorf("agenda on an ended relationship: %v", err)
	}
	if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: rel.ID}); err == nil || !portfolio.IsBadInput(err) {
		t.Errorf("meeting on an ended relationship: %v", err)
	}
	if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: "nosuch"}); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("meeting on an unknown relationship: %v", err)
	}
	for _, bad := range []portfolio.Relationship{{Person: "No role"}, {Role: portfolio.RoleMentor}, {Role: portfolio.RoleMentor, Person: "X", LengthMonths: 500}} {
		if _, err := AddRelationship(p, bad); err == nil || !portfolio.IsBadInput(err) {
			t.Errorf("AddRelationship(%+v) = %v", bad, err)
		}
	}
	active, _ := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "C"})
	if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: active.ID, Date: testvault.Today + 7}); !errors.Is(err, portfolio.ErrInvalidDate) {
		t.Errorf("recording a meeting in the future: %v", err)
	}
	if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: active.ID, NextDate: testvault.Today - 1}); !errors.Is(err, portfolio.ErrInvalidDate) {
		t.Errorf("next meeting before this one: %v", err)
	}
}

func TestParseIntervalAndRole(t *testing.T) {
	for in, want := range map[string]int{"monthly": 30, "every 6 weeks": 42, "fortnightly": 14, "3 weeks": 21, "2 months": 60, "10": 10} {
		if got, err := portfolio.ParseInterval(in); err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "sometimes", "0 weeks", "every -1 days", "2 fortnights", "400"} {
		if _, err := portfolio.ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q) accepted", bad)
		}
	}
	for in, want := range map[string]portfolio.Role{"mentee": portfolio.RoleMentee, "MENTOR": portfolio.RoleMentor, "peer": portfolio.RolePeerSupport, "action": portfolio.RoleActionLearning} {
		if got, err := portfolio.ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "ment", "boss"} {
		if _, err := portfolio.ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
	}
}

// An entry from the mentor's reflection template is private whatever the flags say,
// linked to a meeting or not.
func TestMentorReflectionTemplateIsAlwaysPrivate(t *testing.T) {
	p, _ := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "How I listened", Functions: portfolio.Functions(portfolio.Formative), RecordKind: portfolio.RecordMentorReflection, Sharing: portfolio.SharingShareable, Discuss: true})
	if e.Sharing != portfolio.SharingPrivate || e.Discuss || e.Offerable() {
		t.Errorf("a mentor reflection kept sharing %v, discuss %v", e.Sharing, e.Discuss)
	}
	rel, _ := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "A"})
	cands, _ := ProposeAgenda(p, rel.ID)
	if hasCandidate(cands, e.ID) {
		t.Error("a mentor reflection was proposed for an agenda")
	}
}

// A meeting that discussed flagged entries offers them for clearing: the ones on
// its agenda, or every offerable flagged entry when the agenda named none. The
// flags come off together and stay off after reopening; a private entry is never
// among them.
func TestDiscussedEntriesAndClearDiscuss(t *testing.T) {
	p, c := testvault.New(t)
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr A", LengthMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	a := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "On the agenda", Body: "x", Functions: portfolio.Functions(portfolio.Restorative), Discuss: true, Sharing: portfolio.SharingShareable})
	b := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Flagged, not on it", Body: "x", Functions: portfolio.Functions(portfolio.Formative), Discuss: true, Sharing: portfolio.SharingShareable})
	priv := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Private", Body: "x", Functions: portfolio.Functions(portfolio.Formative), Discuss: true, Sharing: portfolio.SharingPrivate})

	planned, err := SaveAgenda(p, rel.ID, testvault.Today, []portfolio.AgendaItem{{LinkKind: portfolio.KindEntry, LinkID: a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	held, _, err := RecordMeeting(p, MeetingRecord{MeetingID: planned.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := DiscussedEntries(p, held.ID)
	if len(got) != 1 || got[0].ID != a.ID {
		t.Fatalf("discussed at a meeting with an agenda: %v", got)
	}

	bare, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: rel.ID, Date: testvault.Today - 1})
	if err != nil {
		t.Fatal(err)
	}
	got = DiscussedEntries(p, bare.ID)
	if len(got) != 2 || slices.ContainsFunc(got, func(e *portfolio.Entry) bool { return e.ID == priv.ID }) {
		t.Fatalf("discussed at a meeting without an agenda: %v", got)
	}

	n, err := ClearDiscuss(p, []portfolio.ID{a.ID, b.ID})
	if err != nil || n != 2 {
		t.Fatalf("ClearDiscuss = %d, %v", n, err)
	}
	if n, err := ClearDiscuss(p, []portfolio.ID{a.ID}); err != nil || n != 0 {
		t.Fatalf("clearing again = %d, %v; want nothing changed", n, err)
	}
	if _, err := ClearDiscuss(p, []portfolio.ID{"nosuchentry"}); !errors.Is(err, portfolio.ErrNotFound) {
		t.Fatalf("clearing an unknown entry: %v", err)
	}
	q := testvault.Reopen(t, p, c)
	for _, id := range []portfolio.ID{a.ID, b.ID} {
		if e, _ := q.Entry(id); e.Discuss {
			t.Errorf("%q is still flagged after reopening", e.Title)
		}
	}
	if e, _ := q.Entry(priv.ID); !e.Discuss {
		t.Error("the private entry's flag was cleared")
	}
}

// A mentor records what the mentee agreed on the meeting, not in the mentor's
// own action plan; only what the mentor takes on becomes the mentor's action. A
// mentee's own record has no such split.
func TestMentorRecordsTheMenteesActionsApart(t *testing.T) {
	p, c := testvault.New(t)
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam", LengthMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	m, created, err := RecordMeeting(p, MeetingRecord{
		RelationshipID: rel.ID, Date: testvault.Today,
		MenteeActions: []portfolio.AgreedAction{{What: "Book the mock exam", Due: testvault.Today + 7}, {What: "Write a revision timetable"}},
		AgreedActions: []portfolio.Action{{What: "Send Sam the exam guide", Due: testvault.Today + 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 1 || created[0].What != "Send Sam the exam guide" {
		t.Fatalf("actions in the mentor's plan: %+v", created)
	}
	if all := goals.AllActions(p); len(all) != 1 {
		t.Fatalf("the mentor's plan holds %d actions, want only the one taken on", len(all))
	}
	q := testvault.Reopen(t, p, c)
	got, _ := Meeting(q, m.ID)
	if len(got.MenteeActions) != 2 || got.MenteeActions[0] != (portfolio.AgreedAction{What: "Book the mock exam", Due: testvault.Today + 7}) || got.MenteeActions[1].What != "Write a revision timetable" {
		t.Fatalf("the mentee's actions after reopening: %+v", got.MenteeActions)
	}

	mentee, err := AddRelationship(q, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr A", LengthMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = RecordMeeting(q, MeetingRecord{RelationshipID: mentee.ID, Date: testvault.Today, MenteeActions: []portfolio.AgreedAction{{What: "x"}}})
	if !errors.Is(err, portfolio.ErrInvalid) {
		t.Fatalf("a mentee recording a mentee's actions: %v", err)
	}
	_, _, err = RecordMeeting(q, MeetingRecord{RelationshipID: rel.ID, Date: testvault.Today, MenteeActions: []portfolio.AgreedAction{{What: "  "}}})
	if !errors.Is(err, portfolio.ErrInvalid) {
		t.Fatalf("an empty mentee's action: %v", err)
	}
}
