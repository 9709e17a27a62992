package portfolio

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/foliohq/folio/portfolio/codec"
)

// The whole mentoring cycle: agreement → agenda → meeting → agreed actions in the
// action plan → done → reflection → the next agenda proposes what is left.
func TestMentoringCycle(t *testing.T) {
	p, c := newTestPortfolio(t)
	if err := p.SaveSettings(Settings{Organisation: "St Elsewhere NHS Trust"}); err != nil {
		t.Fatal(err)
	}
	rel, err := p.AddRelationship(Relationship{
		Role: RoleMentee, Person: "Dr A", Organisation: "Northshire Trust",
		LengthMonths: 6, IntervalDays: 30,
		Agreement: []Section{{Heading: "Frequency", Body: "Monthly, an hour"}, {Heading: "Confidentiality", Body: "Except risk to patients"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rel.AgreedOn != testToday || rel.Status != RelActive || rel.PlannedMeetings() != 6 {
		t.Errorf("relationship = %+v, planned %d", rel, rel.PlannedMeetings())
	}
	if p.SameOrganisation(rel) {
		t.Error("a different organisation was taken for the user's own")
	}
	goal := mustAddGoal(t, p, Goal{Title: "Prepare for the diploma exam"})
	discuss := mustAddEntry(t, p, Entry{Title: "Exam nerves", Body: "I freeze in OSCEs.", Functions: Functions(Restorative), Discuss: true, Sharing: SharingShareable})
	private := mustAddEntry(t, p, Entry{Title: "Private worry", Body: "Not for anyone.", Functions: Functions(Restorative), Discuss: true, Sharing: SharingPrivate})

	cands, err := p.ProposeAgenda(rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !hasCandidate(cands, discuss.ID) || hasCandidate(cands, private.ID) {
		t.Errorf("first agenda candidates: %+v", cands)
	}

	agenda := []AgendaItem{
		{LinkKind: KindEntry, LinkID: discuss.ID, Question: "How do I stay calm?"},
		{LinkKind: KindGoal, LinkID: goal.ID},
		{Text: "Rota for next month"},
	}
	planned, err := p.SaveAgenda(rel.ID, testToday+3, agenda)
	if err != nil {
		t.Fatal(err)
	}
	if planned.Held || planned.Date != testToday+3 || len(planned.Agenda) != 3 {
		t.Errorf("planned meeting = %+v", planned)
	}
	if _, err := p.SaveAgenda(rel.ID, 0, []AgendaItem{{LinkKind: KindEntry, LinkID: private.ID}}); err == nil {
		t.Error("a private entry was put on an agenda")
	}
	preview, _ := p.AgendaPreview(planned.ID)
	for _, want := range []string{"Exam nerves", "I freeze in OSCEs.", "How do I stay calm?", "Goal: Prepare for the diploma exam", "Rota for next month"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}

	c.advance(3 * 24 * time.Hour)
	held, actions, err := p.RecordMeeting(MeetingRecord{
		MeetingID: planned.ID,
		Notes:     []Section{{Heading: "Goal", Body: "Pass in June"}, {Heading: "Will", Body: "Three mock OSCEs"}},
		Topics:    []string{"examinations", "wellbeing"},
		AgreedActions: []Action{
			{What: "Book a mock OSCE", Due: testToday + 17, GoalID: goal.ID},
			{What: "Try box breathing", Due: testToday + 10},
			{What: "Ask for study leave", Due: testToday + 5},
		},
		NextDate: testToday + 33,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !held.Held || held.ID != planned.ID || len(actions) != 3 || len(held.AgreedActionIDs) != 3 {
		t.Fatalf("recorded meeting = %+v, actions %d", held, len(actions))
	}
	if got := p.Actions(goal.ID); len(got) != 1 || got[0].What != "Book a mock OSCE" || got[0].MeetingID != held.ID {
		t.Errorf("the agreed action is not in the goal's plan: %+v", got)
	}
	if got := p.Actions(""); len(got) != 2 {
		t.Errorf("standalone agreed actions: %d, want 2", len(got))
	}
	stats := p.Stats(rel.ID)
	if stats.Held != 1 || stats.Planned != 6 || stats.Next != testToday+33 || stats.Upcoming != nil {
		t.Errorf("stats = %+v", stats)
	}

	if _, _, err := p.CompleteAction(actions[2].ID, &Entry{Body: "Leave granted for May."}); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)

	cands, _ = p.ProposeAgenda(rel.ID)
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
	if got := p.AgreedActions(rel.ID); len(got) != 3 {
		t.Errorf("agreed actions after reopen: %d", len(got))
	}
	if got, _ := p.Meeting(held.ID); got == nil || len(got.Notes) != 2 || !slices.Equal(got.Topics, []string{"examinations", "wellbeing"}) {
		t.Errorf("meeting after reopen: %+v", got)
	}
}

func hasCandidate(cs []Candidate, id ID) bool {
	return slices.ContainsFunc(cs, func(c Candidate) bool { return c.Item.LinkID == id })
}

func hasCandidateReason(cs []Candidate, id ID, reason string) bool {
	return slices.ContainsFunc(cs, func(c Candidate) bool { return c.Item.LinkID == id && strings.Contains(c.Reason, reason) })
}

// A mentor's session reflection is private: never proposed, never in a preview, even
// when an agenda item was made to link to it.
func TestMentorReflectionNeverReachesAgendaPreview(t *testing.T) {
	p, _ := newTestPortfolio(t)
	rel, err := p.AddRelationship(Relationship{Role: RoleMentor, Person: "Sam", LengthMonths: 4, IntervalDays: 14})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: rel.ID, Notes: []Section{{Heading: "Reality", Body: "Sam is stretched"}}})
	if err != nil {
		t.Fatal(err)
	}
	refl, err := p.AddSessionReflection(m.ID, Entry{Body: "I talked too much; must ask more open questions. SECRET-MENTOR-NOTE", Discuss: true, Sharing: SharingShareable})
	if err != nil {
		t.Fatal(err)
	}
	if refl.Sharing != SharingPrivate || refl.Offerable() || refl.Discuss {
		t.Errorf("session reflection is not private: %+v", refl)
	}
	if got := p.SessionReflections(m.ID); len(got) != 1 || got[0].ID != refl.ID {
		t.Errorf("session reflections: %+v", got)
	}
	cands, _ := p.ProposeAgenda(rel.ID)
	if hasCandidate(cands, refl.ID) {
		t.Error("a session reflection was proposed for an agenda")
	}
	if _, err := p.SaveAgenda(rel.ID, 0, []AgendaItem{{LinkKind: KindEntry, LinkID: refl.ID}}); err == nil {
		t.Error("a session reflection was accepted on an agenda")
	}
	// Force the link past validation, as a damaged or hostile record might.
	next, err := p.SaveAgenda(rel.ID, 0, []AgendaItem{{Text: "Plan"}})
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.m.meetings[next.ID].Agenda = append(p.m.meetings[next.ID].Agenda, AgendaItem{LinkKind: KindEntry, LinkID: refl.ID, Text: "x"})
	p.mu.Unlock()
	preview, _ := p.AgendaPreview(next.ID)
	if strings.Contains(preview, "SECRET-MENTOR-NOTE") || strings.Contains(preview, refl.Title) {
		t.Errorf("the preview shows a session reflection:\n%s", preview)
	}
}

func TestSkillsAndProgressRatings(t *testing.T) {
	p, c := newTestPortfolio(t)
	rel, _ := p.AddRelationship(Relationship{Role: RoleMentor, Person: "Sam"})
	for i, v := range []int{2, 3, 4} {
		c.advance(30 * 24 * time.Hour)
		// A name in capitals is still itself: the form sends names as they are listed.
		if _, err := p.AddRating(Rating{Kind: RatingSkills, Scores: []Score{{Name: "active", Value: v}, {Name: "Signposting", Value: 5 - i}, {Name: "goal setting (GROW)", Value: 3}}}); err != nil {
			t.Fatal(err)
		}
	}
	trend := Trend(p.Ratings(RatingSkills, ""))
	if !slices.Equal(trend["active listening"], []int{2, 3, 4}) || !slices.Equal(trend["signposting"], []int{5, 4, 3}) || len(trend["goal setting (GROW)"]) != 3 {
		t.Errorf("skills trend = %v", trend)
	}
	if _, err := p.AddRating(Rating{Kind: RatingProgress, RelationshipID: rel.ID, Stage: "start", Scores: []Score{{Name: "self-confidence", Value: 2}}}); err != nil {
		t.Fatal(err)
	}
	bad := []Rating{
		{Kind: RatingSkills, Scores: []Score{{Name: "active listening", Value: 6}}},
		{Kind: RatingSkills, Scores: []Score{{Name: "juggling", Value: 3}}},
		{Kind: RatingSkills},
		{Kind: RatingProgress, Stage: "halfway", Scores: []Score{{Name: "self-confidence", Value: 3}}},
		{Kind: RatingProgress, Stage: "end", RelationshipID: "nope", Scores: []Score{{Name: "self-confidence", Value: 3}}},
	}
	for _, r := range bad {
		if _, err := p.AddRating(r); err == nil || !IsBadInput(err) {
			t.Errorf("AddRating(%+v) = %v, want bad input", r, err)
		}
	}
	p = reopen(t, p, c)
	if got := p.Ratings(RatingProgress, rel.ID); len(got) != 1 || got[0].Stage != "start" {
		t.Errorf("progress ratings after reopen: %+v", got)
	}
}

func TestRelationshipRules(t *testing.T) {
	p, _ := newTestPortfolio(t)
	p.SaveSettings(Settings{Organisation: "Northshire Trust"})
	rel, err := p.AddRelationship(Relationship{Role: RoleMentee, Person: "Dr B", Organisation: "northshire trust "})
	if err != nil {
		t.Fatal(err)
	}
	if !p.SameOrganisation(rel) {
		t.Error("matching within the user's own organisation was not noticed")
	}
	if _, err := p.EndRelationship(rel.ID, "Moved region"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.SaveAgenda(rel.ID, 0, []AgendaItem{{Text: "x"}}); err == nil || !IsBadInput(err) {
		t.Errorf("agenda on an ended relationship: %v", err)
	}
	if _, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: rel.ID}); err == nil || !IsBadInput(err) {
		t.Errorf("meeting on an ended relationship: %v", err)
	}
	if _, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: "nosuch"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("meeting on an unknown relationship: %v", err)
	}
	for _, bad := range []Relationship{{Person: "No role"}, {Role: RoleMentor}, {Role: RoleMentor, Person: "X", LengthMonths: 500}} {
		if _, err := p.AddRelationship(bad); err == nil || !IsBadInput(err) {
			t.Errorf("AddRelationship(%+v) = %v", bad, err)
		}
	}
	active, _ := p.AddRelationship(Relationship{Role: RoleMentor, Person: "C"})
	if _, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: active.ID, Date: testToday + 7}); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("recording a meeting in the future: %v", err)
	}
	if _, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: active.ID, NextDate: testToday - 1}); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("next meeting before this one: %v", err)
	}
}

func TestParseIntervalAndRole(t *testing.T) {
	for in, want := range map[string]int{"monthly": 30, "every 6 weeks": 42, "fortnightly": 14, "3 weeks": 21, "2 months": 60, "10": 10} {
		if got, err := ParseInterval(in); err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "sometimes", "0 weeks", "every -1 days", "2 fortnights", "400"} {
		if _, err := ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q) accepted", bad)
		}
	}
	for in, want := range map[string]Role{"mentee": RoleMentee, "MENTOR": RoleMentor, "peer": RolePeerSupport, "action": RoleActionLearning} {
		if got, err := ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "ment", "boss"} {
		if _, err := ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
	}
}

// An entry from the mentor's reflection template is private whatever the flags say,
// linked to a meeting or not.
func TestMentorReflectionTemplateIsAlwaysPrivate(t *testing.T) {
	p, _ := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "How I listened", Functions: Functions(Formative), RecordKind: RecordMentorReflection, Sharing: SharingShareable, Discuss: true})
	if e.Sharing != SharingPrivate || e.Discuss || e.Offerable() {
		t.Errorf("a mentor reflection kept sharing %v, discuss %v", e.Sharing, e.Discuss)
	}
	rel, _ := p.AddRelationship(Relationship{Role: RoleMentee, Person: "A"})
	cands, _ := p.ProposeAgenda(rel.ID)
	if hasCandidate(cands, e.ID) {
		t.Error("a mentor reflection was proposed for an agenda")
	}
}

// A meeting that discussed flagged entries offers them for clearing: the ones on
// its agenda, or every offerable flagged entry when the agenda named none. The
// flags come off together and stay off after reopening; a private entry is never
// among them.
func TestDiscussedEntriesAndClearDiscuss(t *testing.T) {
	p, c := newTestPortfolio(t)
	rel, err := p.AddRelationship(Relationship{Role: RoleMentee, Person: "Dr A", LengthMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAddEntry(t, p, Entry{Title: "On the agenda", Body: "x", Functions: Functions(Restorative), Discuss: true, Sharing: SharingShareable})
	b := mustAddEntry(t, p, Entry{Title: "Flagged, not on it", Body: "x", Functions: Functions(Formative), Discuss: true, Sharing: SharingShareable})
	priv := mustAddEntry(t, p, Entry{Title: "Private", Body: "x", Functions: Functions(Formative), Discuss: true, Sharing: SharingPrivate})

	planned, err := p.SaveAgenda(rel.ID, testToday, []AgendaItem{{LinkKind: KindEntry, LinkID: a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	held, _, err := p.RecordMeeting(MeetingRecord{MeetingID: planned.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := p.DiscussedEntries(held.ID)
	if len(got) != 1 || got[0].ID != a.ID {
		t.Fatalf("discussed at a meeting with an agenda: %v", got)
	}

	bare, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: rel.ID, Date: testToday - 1})
	if err != nil {
		t.Fatal(err)
	}
	got = p.DiscussedEntries(bare.ID)
	if len(got) != 2 || slices.ContainsFunc(got, func(e *Entry) bool { return e.ID == priv.ID }) {
		t.Fatalf("discussed at a meeting without an agenda: %v", got)
	}

	n, err := p.ClearDiscuss([]ID{a.ID, b.ID})
	if err != nil || n != 2 {
		t.Fatalf("ClearDiscuss = %d, %v", n, err)
	}
	if n, err := p.ClearDiscuss([]ID{a.ID}); err != nil || n != 0 {
		t.Fatalf("clearing again = %d, %v; want nothing changed", n, err)
	}
	if _, err := p.ClearDiscuss([]ID{"nosuchentry"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("clearing an unknown entry: %v", err)
	}
	q := reopen(t, p, c)
	for _, id := range []ID{a.ID, b.ID} {
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
	p, c := newTestPortfolio(t)
	rel, err := p.AddRelationship(Relationship{Role: RoleMentor, Person: "Sam", LengthMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	m, created, err := p.RecordMeeting(MeetingRecord{
		RelationshipID: rel.ID, Date: testToday,
		MenteeActions: []AgreedAction{{What: "Book the mock exam", Due: testToday + 7}, {What: "Write a revision timetable"}},
		AgreedActions: []Action{{What: "Send Sam the exam guide", Due: testToday + 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 1 || created[0].What != "Send Sam the exam guide" {
		t.Fatalf("actions in the mentor's plan: %+v", created)
	}
	if all := p.AllActions(); len(all) != 1 {
		t.Fatalf("the mentor's plan holds %d actions, want only the one taken on", len(all))
	}
	q := reopen(t, p, c)
	got, _ := q.Meeting(m.ID)
	if len(got.MenteeActions) != 2 || got.MenteeActions[0] != (AgreedAction{What: "Book the mock exam", Due: testToday + 7}) || got.MenteeActions[1].What != "Write a revision timetable" {
		t.Fatalf("the mentee's actions after reopening: %+v", got.MenteeActions)
	}

	mentee, err := q.AddRelationship(Relationship{Role: RoleMentee, Person: "Dr A", LengthMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = q.RecordMeeting(MeetingRecord{RelationshipID: mentee.ID, Date: testToday, MenteeActions: []AgreedAction{{What: "x"}}})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("a mentee recording a mentee's actions: %v", err)
	}
	_, _, err = q.RecordMeeting(MeetingRecord{RelationshipID: rel.ID, Date: testToday, MenteeActions: []AgreedAction{{What: "  "}}})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("an empty mentee's action: %v", err)
	}
}
