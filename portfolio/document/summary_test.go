package document

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/identify"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// docText is every string a document carries, as the renderers would write it.
func docText(d Doc) string {
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x + "\n")
		}
	}
	w(d.Title, d.Subtitle)
	for _, s := range d.Sections {
		w(s.Heading)
		for _, bl := range s.Blocks {
			w(bl.Text)
			w(bl.Items...)
			w(bl.Header...)
			for _, r := range bl.Rows {
				w(r...)
			}
			if r := bl.Record; r != nil {
				w(r.Title, r.Meta, r.Body)
				for _, f := range r.Fields {
					w(f.Label, f.Value)
				}
				for _, p := range r.Parts {
					w(p.Heading, p.Body)
				}
			}
		}
	}
	return b.String()
}

func mustAdd(t *testing.T, p *portfolio.Portfolio, e portfolio.Entry) *portfolio.Entry {
	t.Helper()
	if e.Functions.Empty() {
		e.Functions = portfolio.Functions(portfolio.Formative)
	}
	saved, err := p.AddEntry(e)
	if err != nil {
		t.Fatalf("AddEntry %q: %v", e.Title, err)
	}
	return saved
}

// mentoringFixture is a mentee with a meeting held on 1 February, an agenda for the
// next meeting, and entries of every kind of sharing around them.
type mentoringFixture struct {
	p                                           *portfolio.Portfolio
	rel                                         *portfolio.Relationship
	held, next                                  *portfolio.Meeting
	shareable, unshared, onAgenda, private, old *portfolio.Entry
	sessionReflection, mentorKind               *portfolio.Entry
	agreed                                      []*portfolio.Action
}

func newMentoringFixture(t *testing.T) *mentoringFixture {
	t.Helper()
	p, _ := testvault.New(t)
	f := &mentoringFixture{p: p}
	var err error
	if f.rel, err = mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Patel", Start: calendar.MakeDate(2026, 1, 1), IntervalDays: 30}); err != nil {
		t.Fatal(err)
	}
	goal, err := goals.Add(p, portfolio.Goal{Title: "Run a deprescribing clinic", Functions: portfolio.Functions(portfolio.Formative), Status: portfolio.GoalOpen})
	if err != nil {
		t.Fatal(err)
	}
	if f.held, f.agreed, err = mentorship.RecordMeeting(p, mentorship.MeetingRecord{
		RelationshipID: f.rel.ID, Date: calendar.MakeDate(2026, 2, 1),
		Notes:         []portfolio.Section{{Heading: "Will", Body: "NOTES-OF-THE-MEETING"}},
		AgreedActions: []portfolio.Action{{What: "Read the STOPP/START criteria", GoalID: goal.ID, Due: calendar.MakeDate(2026, 2, 20), Status: portfolio.ActionTodo}, {What: "Shadow a clinic", Due: calendar.MakeDate(2026, 4, 1), Status: portfolio.ActionTodo}},
	}); err != nil {
		t.Fatal(err)
	}
	f.old = mustAdd(t, p, portfolio.Entry{Title: "Old shareable", Body: "OLD-BODY", Date: calendar.MakeDate(2026, 1, 15), Sharing: portfolio.SharingShareable})
	f.shareable = mustAdd(t, p, portfolio.Entry{Title: "Shareable reflection", Body: "SHAREABLE-BODY", Date: calendar.MakeDate(2026, 2, 10), Sharing: portfolio.SharingShareable, Functions: portfolio.Functions(portfolio.Normative)})
	f.unshared = mustAdd(t, p, portfolio.Entry{Title: "Unshared reflection", Body: "UNSHARED-BODY", Date: calendar.MakeDate(2026, 2, 11), Functions: portfolio.Functions(portfolio.Restorative)})
	f.onAgenda = mustAdd(t, p, portfolio.Entry{Title: "Reflection on the agenda", Body: "AGENDA-BODY", Date: calendar.MakeDate(2026, 1, 5)})
	f.private = mustAdd(t, p, portfolio.Entry{Title: "Private worry", Body: "PRIVATE-BODY", Date: calendar.MakeDate(2026, 2, 12), Sharing: portfolio.SharingPrivate, Functions: portfolio.Functions(portfolio.Restorative)})
	f.mentorKind = mustAdd(t, p, portfolio.Entry{Title: "Mentor kind", Body: "MENTOR-KIND-BODY", Date: calendar.MakeDate(2026, 2, 13), Sharing: portfolio.SharingShareable, RecordKind: portfolio.RecordMentorReflection})
	if f.sessionReflection, err = mentorship.AddSessionReflection(p, f.held.ID, portfolio.Entry{Body: "SESSION-REFLECTION-BODY"}); err != nil {
		t.Fatal(err)
	}
	if f.next, err = mentorship.SaveAgenda(p, f.rel.ID, calendar.MakeDate(2026, 3, 20), []portfolio.AgendaItem{
		{Text: "How to say no to extra shifts"},
		{LinkKind: portfolio.KindEntry, LinkID: f.onAgenda.ID, Question: "Was this the right call?"},
		{LinkKind: portfolio.KindGoal, LinkID: goal.ID},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := goals.SetActionStatus(p, f.agreed[1].ID, portfolio.ActionDone); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMeetingSummarySelection(t *testing.T) {
	f := newMentoringFixture(t)
	d, err := MeetingSummary(f.p, f.rel.ID, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := docText(d)
	for _, want := range []string{
		"SHAREABLE-BODY", "AGENDA-BODY", "How to say no to extra shifts", "Was this the right call?",
		"Run a deprescribing clinic", "Read the STOPP/START criteria", "overdue (due 20 February 2026)", "done on 14 March 2026",
		"covering 2 February 2026 to 20 March 2026",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the meeting summary lacks %q", want)
		}
	}
	for _, never := range []string{"UNSHARED-BODY", "PRIVATE-BODY", "Private worry", "SESSION-REFLECTION-BODY", "Session reflection", "MENTOR-KIND-BODY", "Mentor kind", "OLD-BODY", "NOTES-OF-THE-MEETING"} {
		if strings.Contains(text, never) {
			t.Errorf("the meeting summary includes %q", never)
		}
	}
	// The balance counts the period's entries that are not private: the shareable,
	// unshared and agenda... (the agenda entry is older than the period).
	if !strings.Contains(text, "2 entries from 2 February 2026 to 20 March 2026") {
		t.Errorf("balance line missing or wrong:\n%s", text)
	}
}

func TestMeetingSummaryPrivacyFlags(t *testing.T) {
	f := newMentoringFixture(t)
	// --include-private alone adds nothing that was not picked.
	d, err := MeetingSummary(f.p, f.rel.ID, "", Options{IncludePrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if text := docText(d); strings.Contains(text, "PRIVATE-BODY") || strings.Contains(text, "SESSION-REFLECTION-BODY") || strings.Contains(text, "MENTOR-KIND-BODY") {
		t.Error("--include-private alone let in an entry nobody picked")
	}
	// A private entry is included only when named and allowed.
	if _, err := MeetingSummary(f.p, f.rel.ID, "", Options{Picked: []portfolio.ID{f.private.ID}}); !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "--include-private") {
		t.Errorf("picking a private entry without --include-private: %v", err)
	}
	d, err = MeetingSummary(f.p, f.rel.ID, "", Options{Picked: []portfolio.ID{f.private.ID, f.unshared.ID}, IncludePrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if text := docText(d); !strings.Contains(text, "PRIVATE-BODY") || !strings.Contains(text, "UNSHARED-BODY") {
		t.Error("named entries were left out")
	}
	// A mentor's reflections never go, even named and with --include-private.
	for _, e := range []*portfolio.Entry{f.sessionReflection, f.mentorKind} {
		_, err := MeetingSummary(f.p, f.rel.ID, "", Options{Picked: []portfolio.ID{e.ID}, IncludePrivate: true})
		if !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "never") {
			t.Errorf("picking %q: %v, want a refusal", e.Title, err)
		}
	}
	// Even linked from an agenda (saved before the entry became one), a session
	// reflection stays out.
	late := mustAdd(t, f.p, portfolio.Entry{Title: "Later a session reflection", Body: "LATE-REFLECTION-BODY", Date: calendar.MakeDate(2026, 2, 14), Sharing: portfolio.SharingShareable})
	if _, err := mentorship.SaveAgenda(f.p, f.rel.ID, f.next.Date, append(slices.Clone(f.next.Agenda), portfolio.AgendaItem{LinkKind: portfolio.KindEntry, LinkID: late.ID})); err != nil {
		t.Fatal(err)
	}
	d, _ = MeetingSummary(f.p, f.rel.ID, "", Options{IncludePrivate: true})
	if !strings.Contains(docText(d), "LATE-REFLECTION-BODY") {
		t.Fatal("the entry linked on the agenda is not in the summary before it became a session reflection")
	}
	changed := *late
	changed.MeetingID = f.held.ID
	if _, err := f.p.UpdateEntry(changed); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.p.Entry(late.ID); got.MeetingID != f.held.ID {
		t.Fatalf("the entry did not become a session reflection: meeting %q", got.MeetingID)
	}
	d, _ = MeetingSummary(f.p, f.rel.ID, "", Options{IncludePrivate: true})
	if strings.Contains(docText(d), "LATE-REFLECTION-BODY") {
		t.Error("a session reflection linked on the agenda was exported")
	}
}

func TestMeetingSummaryOfAHeldMeeting(t *testing.T) {
	f := newMentoringFixture(t)
	d, err := MeetingSummary(f.p, f.rel.ID, f.held.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := docText(d)
	if !strings.Contains(text, "Agreed at this meeting") || !strings.Contains(text, "Shadow a clinic") {
		t.Error("a held meeting's summary lacks what it agreed")
	}
	if strings.Contains(text, "NOTES-OF-THE-MEETING") {
		t.Error("notes not marked shared were exported")
	}
	if _, err := MeetingSummary(f.p, f.rel.ID, "nosuchmeeting", Options{}); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("unknown meeting: %v", err)
	}
}

func TestPeriodSummary(t *testing.T) {
	f := newMentoringFixture(t)
	q := SummaryQuery{Since: calendar.MakeDate(2026, 2, 1), Until: calendar.MakeDate(2026, 2, 28)}
	d, err := PeriodSummary(f.p, q)
	if err != nil {
		t.Fatal(err)
	}
	text := docText(d)
	for _, want := range []string{"SHAREABLE-BODY", "UNSHARED-BODY"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	// A mentor's reflections are private whatever they were marked: out by default.
	for _, never := range []string{"PRIVATE-BODY", "SESSION-REFLECTION-BODY", "MENTOR-KIND-BODY", "OLD-BODY", "AGENDA-BODY"} {
		if strings.Contains(text, never) {
			t.Errorf("the summary includes %q", never)
		}
	}
	q.IncludePrivate = true
	d, _ = PeriodSummary(f.p, q)
	if text := docText(d); !strings.Contains(text, "PRIVATE-BODY") || !strings.Contains(text, "MENTOR-KIND-BODY") {
		t.Error("--include-private did not include the private entries")
	}
	q.Functions = portfolio.Functions(portfolio.Normative)
	d, _ = PeriodSummary(f.p, q)
	if text := docText(d); !strings.Contains(text, "SHAREABLE-BODY") || strings.Contains(text, "UNSHARED-BODY") {
		t.Error("the function filter was not applied")
	}
	if _, err := PeriodSummary(f.p, SummaryQuery{Since: calendar.MakeDate(2026, 3, 1), Until: calendar.MakeDate(2026, 2, 1)}); !portfolio.IsBadInput(err) {
		t.Errorf("a period ending before it starts: %v", err)
	}
}

func TestRevalidationPack(t *testing.T) {
	p, _ := testvault.New(t)
	rules, _ := revalidation.LoadRules("")
	mustAdd(t, p, portfolio.Entry{Title: "Inhaler technique", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordPlannedCPD,
		Fields: []portfolio.FieldValue{{Name: "hours", Label: "Time spent", Values: []string{"2"}}},
		Sections: []portfolio.Section{
			{Heading: "Benefit to the people using your services", Body: "BENEFIT"},
			{Heading: "What are you planning to learn?", Body: "PLAN"},
			{Heading: "How have you applied it?", Body: "APPLIED"},
			{Heading: "How did you learn it?", Body: "LEARNED"},
		}})
	mustAdd(t, p, portfolio.Entry{Title: "Private account", Body: "PRIVATE-ACCOUNT", Date: calendar.MakeDate(2026, 2, 1), RecordKind: portfolio.RecordReflectiveAccount, Sharing: portfolio.SharingPrivate,
		Fields: []portfolio.FieldValue{{Name: "standards", Label: "Standards", Values: []string{"3. Pharmacy professionals must communicate effectively"}}}})
	d, r := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	text := docText(d)
	if r.Reflective != 1 || !strings.Contains(text, "reflective account: 1") {
		t.Errorf("the private account is not counted: %s", r.Summary())
	}
	if strings.Contains(text, "PRIVATE-ACCOUNT") || !strings.Contains(text, "1 private record is counted above but not shown here") {
		t.Error("the private account was exported, or its leaving out was not said")
	}
	// The planned CPD's sections come in the order of the form, whatever the entry's.
	order := []string{"PLAN", "LEARNED", "APPLIED", "BENEFIT"}
	last := -1
	for _, s := range order {
		i := strings.Index(text, s)
		if i <= last {
			t.Fatalf("sections out of the form's order:\n%s", text)
		}
		last = i
	}
	d, _ = RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, true)
	if !strings.Contains(docText(d), "PRIVATE-ACCOUNT") {
		t.Error("--include-private did not include the private account")
	}
}

func TestScanDoc(t *testing.T) {
	d := Doc{
		Title:      "Meeting with Dr Patel",
		KnownNames: []string{"Dr Patel"},
		Sections: []Section{{Heading: "Entries", Blocks: []Block{
			{Kind: BlockRecord, Record: &Record{Title: "Ward round", Meta: "1990-01-01",
				Parts: []Part{{Heading: "What happened", Body: "First line.\nMrs Jones, NHS number 943 476 5919."}}}},
			{Kind: BlockTable, Header: []string{"A"}, Rows: [][]string{{"call 07700 900123"}}, UserColumns: []int{0}},
		}}},
	}
	var got []string
	for _, f := range Scan(d) {
		got = append(got, f.String())
	}
	want := []string{
		`Entries › Ward round › What happened, line 2: a title and name ("Mrs Jones")`,
		`Entries › Ward round › What happened, line 2: an NHS number ("943 476 5919")`,
		`Entries › row 1: a phone number ("07700 900123")`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An action due before a meeting still to come, but after today, is not overdue: its
// standing is told as of today, not as of the meeting's day.
func TestMeetingSummaryActionNotOverdueBeforeItsDay(t *testing.T) {
	p, _ := testvault.New(t) // today is 2026-03-14
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Patel", Start: calendar.MakeDate(2026, 1, 1), IntervalDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	_, agreed, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 3, 1),
		AgreedActions: []portfolio.Action{{What: "Audit the inhaler reviews", Due: calendar.MakeDate(2026, 3, 20), Status: portfolio.ActionTodo}}})
	if err != nil {
		t.Fatal(err)
	}
	next, err := mentorship.SaveAgenda(p, rel.ID, calendar.MakeDate(2026, 4, 5), []portfolio.AgendaItem{{LinkKind: portfolio.KindAction, LinkID: agreed[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := MeetingSummary(p, rel.ID, next.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := docText(d)
	if strings.Contains(text, "overdue (due") {
		t.Errorf("an action due 2026-03-20 reads overdue on 2026-03-14:\n%s", text)
	}
	if !strings.Contains(text, "Audit the inhaler reviews (due 20 March 2026), to do") {
		t.Errorf("the agenda does not say the action is to do:\n%s", text)
	}
	// A period summary running past today says the same.
	d, err = PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 1, 1), Until: calendar.MakeDate(2026, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if text := docText(d); !strings.Contains(text, "Actions overdue:\nNone.") {
		t.Errorf("a period summary lists a not-yet-due action as overdue:\n%s", text)
	}
}

// A meeting recorded with a date before the relationship's start covers a period
// that does not run backwards.
func TestMeetingSummaryPeriodNeverRunsBackwards(t *testing.T) {
	p, _ := testvault.New(t)
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Patel", Start: calendar.MakeDate(2026, 3, 10), IntervalDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 3, 2)})
	if err != nil {
		t.Fatal(err)
	}
	d, err := MeetingSummary(p, rel.ID, m.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Subtitle, "covering 2 March 2026 to 2 March 2026") {
		t.Errorf("subtitle %q, want the period to start no later than the meeting", d.Subtitle)
	}
}

// The balance's note on private entries says what was done.
func TestMeetingSummaryBalanceSaysWhetherPrivateIsCounted(t *testing.T) {
	f := newMentoringFixture(t)
	for _, tc := range []struct {
		include bool
		want    string
	}{
		{false, "2 entries from 2 February 2026 to 20 March 2026, by Proctor's functions (an entry may have more than one). Private entries are not counted."},
		{true, "3 entries from 2 February 2026 to 20 March 2026, by Proctor's functions (an entry may have more than one). Private entries are counted."},
	} {
		d, err := MeetingSummary(f.p, f.rel.ID, "", Options{IncludePrivate: tc.include})
		if err != nil {
			t.Fatal(err)
		}
		if text := docText(d); !strings.Contains(text, tc.want+"\n") {
			t.Errorf("include private %v: balance line missing or wrong, want %q:\n%s", tc.include, tc.want, text)
		}
	}
}

// "Time spent" is written with its unit wherever a document shows it, as the form
// shows it: "2 h", not "2".
func TestHoursAreWrittenWithTheirUnit(t *testing.T) {
	p, _ := testvault.New(t)
	mustAdd(t, p, portfolio.Entry{Title: "Inhaler technique", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordPlannedCPD, Template: "planned-cpd",
		Fields: []portfolio.FieldValue{{Name: "hours", Label: "Time spent", Values: []string{"2"}}}})
	d, err := PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 1, 1), Until: calendar.MakeDate(2026, 1, 31)})
	if err != nil {
		t.Fatal(err)
	}
	rules, _ := revalidation.LoadRules("")
	pack, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	for name, doc := range map[string]Doc{"summary": d, "revalidation pack": pack} {
		var got []string
		for _, s := range doc.Sections {
			for _, b := range s.Blocks {
				if b.Record != nil {
					for _, f := range b.Record.Fields {
						got = append(got, f.Label+": "+f.Value)
					}
				}
			}
		}
		if !slices.Contains(got, "Time spent: 2 h") {
			t.Errorf("%s: fields %q, want Time spent: 2 h", name, got)
		}
	}
}

// Several choices stay separate values, so each renderer can draw them one per line;
// in the revalidation pack they answer the form's question as a list.
func TestSeveralChoicesStaySeparate(t *testing.T) {
	p, _ := testvault.New(t)
	s1, s5 := "1. Pharmacy professionals must provide person-centred care", "5. Pharmacy professionals must use their professional judgement"
	mustAdd(t, p, portfolio.Entry{Title: "My account", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordReflectiveAccount, Template: "reflective-account",
		Fields: []portfolio.FieldValue{{Name: "standards", Label: "Standards", Values: []string{s1, s5}}}})
	d, _ := PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 1, 1), Until: calendar.MakeDate(2026, 1, 31)})
	rec := d.Sections[len(d.Sections)-1].Blocks[0].Record
	if len(rec.Fields) != 1 || !slices.Equal(rec.Fields[0].Values, []string{s1, s5}) {
		t.Errorf("summary fields %+v, want the two standards as separate values", rec.Fields)
	}
	rules, _ := revalidation.LoadRules("")
	pack, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	var part *Part
	for _, s := range pack.Sections {
		for _, b := range s.Blocks {
			if b.Record != nil {
				for i := range b.Record.Parts {
					if b.Record.Parts[i].Heading == "Standards" {
						part = &b.Record.Parts[i]
					}
				}
			}
		}
	}
	if part == nil || !slices.Equal(part.Items, []string{s1, s5}) || part.Body != "" {
		t.Errorf("the pack's Standards part is %+v, want the two standards as items", part)
	}
}

// folio's own words are not the user's: a summary's period in its title is no one's
// date of birth, and neither is a due date folio writes beside an action. The user's
// words set in folio's lines (an agenda item, a goal) are still read.
func TestScanReadsOnlyTheUsersWords(t *testing.T) {
	p, _ := testvault.New(t)
	mustAdd(t, p, portfolio.Entry{Title: "Plain reflection", Body: "Nothing to hide.", Date: calendar.MakeDate(2026, 1, 10)})
	if _, err := goals.AddAction(p, portfolio.Action{What: "Old habit to drop", Due: calendar.MakeDate(2001, 5, 3), Status: portfolio.ActionTodo}); err != nil {
		t.Fatal(err)
	}
	d, err := PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2000, 1, 1), Until: calendar.MakeDate(2026, 3, 14)})
	if err != nil {
		t.Fatal(err)
	}
	if f := Scan(d); len(f) != 0 {
		t.Errorf("the scan flagged folio's own text: %v", f)
	}
	// The user's words inside folio's lines are still read.
	f := newMentoringFixture(t)
	if _, err := mentorship.SaveAgenda(f.p, f.rel.ID, f.next.Date, append(slices.Clone(f.next.Agenda), portfolio.AgendaItem{Text: "Ask about Mrs Jones"})); err != nil {
		t.Fatal(err)
	}
	if _, err := goals.Add(f.p, portfolio.Goal{Title: "Follow up NHS 943 476 5919", Functions: portfolio.Functions(portfolio.Formative), Status: portfolio.GoalOpen}); err != nil {
		t.Fatal(err)
	}
	d, err = MeetingSummary(f.p, f.rel.ID, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fd := range Scan(d) {
		got = append(got, fd.String())
	}
	if !slices.Contains(got, `Agenda › item 4: a title and name ("Mrs Jones")`) ||
		!slices.ContainsFunc(got, func(s string) bool {
			return strings.HasPrefix(s, "Progress on goals and actions › row ") && strings.HasSuffix(s, `an NHS number ("943 476 5919")`)
		}) {
		t.Errorf("findings %q lack the agenda item's name or the goal's NHS number", got)
	}
	for _, fd := range got {
		if strings.Contains(fd, "Patel") {
			t.Errorf("the mentor the summary is for was flagged: %s", fd)
		}
	}
}

// A peer discussion's peer is a colleague: their name, email and phone number are
// what the GPhC asks for, not a patient's. An NHS number there is still reported,
// and contact details anywhere else still are.
func TestScanKnowsThePeerIsAColleague(t *testing.T) {
	p, _ := testvault.New(t)
	mustAdd(t, p, portfolio.Entry{Title: "Peer discussion with Dr Lee", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordPeerDiscussion, Template: "peer-discussion",
		Fields:   []portfolio.FieldValue{{Name: "peer", Label: "Peer", Values: []string{"Dr Lee, practice pharmacist, sam.lee@example.nhs.uk, 07700 900123"}}},
		Sections: []portfolio.Section{{Heading: "Examples", Body: "Wrote to j.bloggs@example.com about it."}}})
	d, _ := PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 1, 1), Until: calendar.MakeDate(2026, 1, 31)})
	rules, _ := revalidation.LoadRules("")
	pack, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	for name, doc := range map[string]Doc{"summary": d, "revalidation pack": pack} {
		var got []string
		for _, fd := range Scan(doc) {
			got = append(got, fd.Text)
		}
		if !slices.Equal(got, []string{"Dr Lee", "j.bloggs@example.com"}) {
			t.Errorf("%s: found %q, want only the title's name and the email in the text", name, got)
		}
	}
	e := p.Find(portfolio.Query{})[0]
	changed := *e
	changed.Fields = []portfolio.FieldValue{{Name: "peer", Label: "Peer", Values: []string{"Sam Lee, NHS 943 476 5919"}}}
	if _, err := p.UpdateEntry(changed); err != nil {
		t.Fatal(err)
	}
	d, _ = PeriodSummary(p, SummaryQuery{Since: calendar.MakeDate(2026, 1, 1), Until: calendar.MakeDate(2026, 1, 31)})
	found := false
	for _, fd := range Scan(d) {
		found = found || fd.Kind == identify.NHSNumber
	}
	if !found {
		t.Error("an NHS number in the peer field was not reported")
	}
}

// The pack names the version of each record it prints; an edit after it is a later
// version, and the printed one is still there as printed.
func TestRevalidationPackNamesTheVersionsItPrints(t *testing.T) {
	p, c := testvault.New(t)
	rules, _ := revalidation.LoadRules("")
	e := mustAdd(t, p, portfolio.Entry{Title: "Inhaler technique", Body: "FIRST WORDING", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordPlannedCPD})
	versionOf := func(d Doc) (meta string, rows [][]string) {
		for _, s := range d.Sections {
			for _, b := range s.Blocks {
				if b.Record != nil && b.Record.Title == e.Title {
					meta = b.Record.Meta
				}
				if s.Heading == "Versions printed" && b.Kind == BlockTable {
					rows = b.Rows
				}
			}
		}
		return meta, rows
	}
	d, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	meta, rows := versionOf(d)
	if !strings.HasSuffix(meta, "entry "+string(e.ID)+", version 1") {
		t.Errorf("the record's line: %q", meta)
	}
	if len(rows) != 1 || rows[0][0] != e.Title || rows[0][1] != string(e.ID) || rows[0][2] != "1" {
		t.Errorf("the appendix: %v", rows)
	}
	if !strings.Contains(docText(d), "FIRST WORDING") {
		t.Fatal("the pack does not print the entry")
	}

	c.Advance(time.Hour)
	edited := *e
	edited.Body = "SECOND WORDING"
	if _, err := p.UpdateEntry(edited); err != nil {
		t.Fatal(err)
	}
	d, _ = RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	if meta, rows := versionOf(d); !strings.HasSuffix(meta, ", version 2") || rows[0][2] != "2" {
		t.Errorf("after an edit the pack says %q, %v", meta, rows)
	}
	v1, err := history.VersionOf(p, e.ID, 1)
	if err != nil || v1.Record.(*portfolio.Entry).Body != "FIRST WORDING" {
		t.Errorf("the version printed first is not kept as printed: %+v %v", v1, err)
	}
	// The appendix's IDs are folio's, not words for the identifier scan.
	for _, f := range Scan(d) {
		if strings.Contains(f.Text, string(e.ID)) {
			t.Errorf("the scan reports the ID: %v", f)
		}
	}
}
