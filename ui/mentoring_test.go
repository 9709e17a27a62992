package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	goalspkg "github.com/foliohq/folio/ui/pages/goals"
	"github.com/foliohq/folio/ui/pages/meetings"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
)

// seedMentoring adds to a seeded vault a six-month relationship with a mentor, its
// agreement, one meeting held a month ago with two agreed actions, an entry flagged
// to discuss and a private one that must never be offered.
func seedMentoring(t *testing.T, opts common.Options) {
	t.Helper()
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	today := calendar.DateOf(opts.Now())
	r, err := mentorship.AddRelationship(p, portfolio.Relationship{
		Role: portfolio.RoleMentee, Person: "Sam Okafor", Organisation: "Northern Trust",
		Start: today - 40, LengthMonths: 6, IntervalDays: 30,
		Agreement: []portfolio.Section{{Heading: "Goals", Body: "Pass the registration exam."}, {Heading: "Ending", Body: "A month's notice."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{
		RelationshipID: r.ID, Date: today - 30, Topics: []string{"examinations"},
		Notes:         []portfolio.Section{{Heading: "Goal", Body: "Plan revision."}},
		AgreedActions: []portfolio.Action{{What: "Book the mock exam", Due: today - 3}, {What: "Write a revision timetable", Due: today + 9}},
		NextDate:      today + 2,
	}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []portfolio.Entry{
		{Title: "Exam nerves before the mock", Body: "I freeze in timed papers.", Functions: portfolio.Functions(portfolio.Restorative), Date: today - 2, Discuss: true, Sharing: portfolio.SharingShareable},
		{Title: "PRIVATE worry about my manager", Body: "Not for anyone.", Functions: portfolio.Functions(portfolio.Restorative), Date: today - 4, Discuss: true, Sharing: portfolio.SharingPrivate},
	} {
		if _, err := p.AddEntry(e); err != nil {
			t.Fatal(err)
		}
	}
}

// unlockSeededWith starts the app at 80x24 on a seeded vault with more added by
// seed, and unlocks it.
func unlockSeededWith(t *testing.T, seed func(*testing.T, common.Options)) (*teatest.TestModel, *probe) {
	t.Helper()
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seed(t, opts)
	tm, pr := startApp(t, opts, 80, 24)
	waitFor(t, tm, pr, "Unlock your folio")
	tm.Type(testPassphrase)
	press(tm, "enter")
	waitFor(t, tm, pr, "Dashboard", "Counsel patients starting DOACs")
	return tm, pr
}

func unlockMentoring(t *testing.T) *driver {
	t.Helper()
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seedMentoring(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	return d
}

func TestGoldenRelationshipView(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedMentoring)
	press(tm, "m")
	waitFor(t, tm, pr, "Relationships", "mentored by Sam Okafor")
	press(tm, "enter")
	waitFor(t, tm, pr, "Agreed actions", "Book the mock exam", "Progress")
	requireGolden(t, pr)
}

func TestGoldenAgendaBuilder(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedMentoring)
	press(tm, "m")
	waitFor(t, tm, pr, "Relationships", "mentored by Sam Okafor")
	press(tm, "enter")
	waitFor(t, tm, pr, "Agreed actions")
	press(tm, "p")
	waitFor(t, tm, pr, "Agenda with Sam Okafor", "Exam nerves before the mock")
	press(tm, "space", "enter")
	waitFor(t, tm, pr, "Question:")
	tm.Type("How do I stay calm in the first ten minutes?")
	press(tm, "enter", "down", "space", "a")
	waitFor(t, tm, pr, "New item:")
	tm.Type("Whether to apply for the clinical diploma")
	press(tm, "enter")
	waitFor(t, tm, pr, "3 items chosen")
	requireGolden(t, pr)
}

func TestGoldenMeetingRecord(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedMentoring)
	press(tm, "m")
	waitFor(t, tm, pr, "Relationships", "mentored by Sam Okafor")
	press(tm, "enter")
	waitFor(t, tm, pr, "Agreed actions")
	press(tm, "r")
	waitFor(t, tm, pr, "Record meeting", "Goal · Reality")
	tm.Type("Feel ready for the exam.")
	press(tm, "tab", "tab", "tab", "tab", "tab")
	waitFor(t, tm, pr, "What was agreed")
	tm.Type("Sit a timed paper")
	press(tm, "enter")
	tm.Type("in 5 days")
	press(tm, "enter")
	waitFor(t, tm, pr, "1. Sit a timed paper", "due 2026-03-19")
	requireGolden(t, pr)
}

// The mentee's path of the issue: set up a six-month relationship with an
// agreement, prepare the agenda from their own entries and actions, record the
// meeting with three agreed actions, and find them in the action plan and on the
// dashboard.
func TestMenteeSetsUpPreparesAndRecords(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("m")
	d.expect("Relationships", "None yet")
	d.keys("n")
	d.expect("New relationship")
	d.keys("tab")
	d.typeText("Dr Priya Shah")
	d.keys("tab")
	d.typeText("Riverside Hospital")
	d.keys("tab")
	d.typeText("riverside hospital")
	d.expect("your own: schemes match outside it")
	d.keys("tab", "tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText("6")
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText("every 4 weeks")
	d.expect("every 28 days")
	d.keys("ctrl+s")
	d.expect("Agreement", "Goals *", "What does the mentee want")
	d.typeText("Build confidence with anticoagulation counselling.")
	d.keys("tab")
	d.typeText("Mentoring, not teaching; the agenda is mine.")
	d.keys("ctrl+s")
	d.expect("Agreement saved.", "mentored by Dr Priya Shah", "0 of 6 held", "(your own organisation)", "agreed 2026-03-14: Goals, Boundaries")

	rels := mentorship.Relationships(p)
	if len(rels) != 1 || rels[0].LengthMonths != 6 || rels[0].IntervalDays != 28 || len(rels[0].Agreement) != 2 {
		t.Fatalf("relationship saved as %+v", rels)
	}
	if p.Settings().Organisation != "riverside hospital" {
		t.Errorf("the user's organisation was not kept: %q", p.Settings().Organisation)
	}

	// Flag an entry to discuss from the agenda builder, then pick it.
	d.keys("p")
	d.expect("Agenda with Dr Priya Shah", "Shadow the anticoagulation clinic")
	d.keys("f")
	d.expect("Entries to discuss", "Learning the DOAC dosing rules")
	for i, e := range d.app.top().(*meetings.EntryFlags).Entries {
		if e.Title == "Learning the DOAC dosing rules" {
			for range i {
				d.keys("down")
			}
		}
	}
	d.keys("space")
	d.expect("[x] discuss")
	d.keys("esc")
	d.expect("Learning the DOAC dosing rules", "flagged to discuss")
	ab := d.app.top().(*meetings.AgendaBuilder)
	for i := range ab.Rows {
		if ab.Rows[i].Title == "Learning the DOAC dosing rules" || strings.HasPrefix(ab.Rows[i].Title, "Shadow the") {
			ab.Cursor = i
			d.keys("space")
		}
	}
	d.keys("a")
	d.typeText("Applying for the anticoagulation post")
	d.keys("enter")
	d.expect("3 items chosen")
	d.keys("ctrl+s")
	d.expect("Agenda saved: 3 items for")
	up := mentorship.Stats(p, rels[0].ID).Upcoming
	if up == nil || len(up.Agenda) != 3 {
		t.Fatalf("upcoming meeting after saving the agenda: %+v", up)
	}

	// Record the meeting from the agenda, with three agreed actions.
	d.keys("r")
	d.expect("Record meeting", "agenda of 3 items")
	d.typeText("Decide how to get more counselling practice.")
	d.keys("tab", "tab", "tab")
	d.typeText("Two clinic sessions and a reading list.")
	d.keys("tab")
	d.keys("space", "down", "down", "space") // professional development, examinations
	d.keys("tab")
	for _, a := range [][2]string{{"Book two clinic sessions", "in 2 weeks"}, {"Read the DOAC guideline", "2026-03-20"}, {"Counsel a patient with Priya watching", "in 4 weeks"}} {
		d.typeText(a[0])
		d.keys("enter")
		d.typeText(a[1])
		d.keys("enter")
	}
	d.expect("3. Counsel a patient with Priya watching")
	d.keys("ctrl+s")
	// The entry flagged and put on the agenda was discussed: clearing its flag is offered.
	d.expect("Meeting recorded: 3 agreed actions are in your action plan.", "Learning the DOAC dosing rules", "Clear their \"to discuss\" flag?")
	d.keys("y")
	d.expect("Cleared \"to discuss\" on 1 entry.", "1 of 6 held", "Book two clinic sessions")
	if got := p.Find(portfolio.Query{Text: "Learning the DOAC dosing rules"}); len(got) != 1 || got[0].Discuss {
		t.Fatalf("the discussed entry is still flagged: %+v", got)
	}

	ms := mentorship.Meetings(p, rels[0].ID)
	if len(ms) != 1 || !ms[0].Held || ms[0].ID != up.ID || len(ms[0].AgreedActionIDs) != 3 || len(ms[0].Notes) != 2 ||
		strings.Join(ms[0].Topics, ",") != "professional development,examinations" || ms[0].NextDate != d.app.ctx.Today()+28 {
		t.Fatalf("meetings after recording: %+v", ms[0])
	}
	for _, id := range ms[0].AgreedActionIDs {
		a, _ := goals.Action(p, id)
		if a.Due.IsZero() || a.GoalID == "" {
			t.Errorf("agreed action %+v has no due date or goal", a)
		}
	}

	// In the action plan...
	d.keys("esc", "esc")
	d.expect("Dashboard")
	d.keys("g")
	d.expect("Actions agreed with Dr Priya Shah", "0/3 done")
	for i, r := range d.app.top().(*goalspkg.Goals).Rows {
		if strings.HasPrefix(r.G.Title, "Actions agreed") {
			d.app.top().(*goalspkg.Goals).Cursor = i
		}
	}
	d.keys("enter")
	d.expect("Book two clinic sessions", "Read the DOAC guideline", "Counsel a patient with Priya watching")
	// ...and on the dashboard.
	d.keys("esc", "esc")
	d.expect("Dashboard", "Mentoring", "next 2026-04-11 in 28 days with Dr Priya Shah", "1/6", "Actions agreed with Dr Priya", "Read the DOAC guideline")
}

// A mentor's session reflection is private: it is never a candidate for an agenda
// and never in the preview, nor is a private entry flagged to discuss.
func TestSessionReflectionNeverOffered(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	r, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Alex Kim", LengthMonths: 6, IntervalDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	d.keys("m")
	d.expect("mentor to Alex Kim", "My mentoring skills")
	for i, row := range d.app.top().(*mentoringpkg.Mentoring).Data.Rows {
		if row.R.ID == r.ID {
			d.app.top().(*mentoringpkg.Mentoring).Cursor = i
		}
	}
	d.keys("enter", "r")
	d.expect("Record meeting")
	d.typeText("Alex wants to plan a move to a hospital post.")
	d.keys("ctrl+s")
	// A meeting without an agenda covered every shareable flagged entry; the
	// mentor keeps this one flagged, and the reflection follows.
	d.expect("Meeting recorded.", "Exam nerves before the mock", "Clear their \"to discuss\" flag?")
	if strings.Contains(d.screen(), "PRIVATE worry") {
		t.Fatal("a private entry was offered for clearing")
	}
	d.keys("n")
	d.expect("Kept flagged to discuss.", "Session reflection", "PRIVATE · only you see this")
	d.typeText("SECRET-MENTOR-NOTE: I gave advice too soon.")
	d.keys("ctrl+s")
	d.expect("Reflection saved, private.", "mentor to Alex Kim", "1 of 6 held")
	refl := p.Find(portfolio.Query{Text: "SECRET-MENTOR-NOTE"})
	if len(refl) != 1 || refl[0].Sharing != portfolio.SharingPrivate || refl[0].MeetingID == "" {
		t.Fatalf("session reflection saved as %+v", refl)
	}

	d.keys("p")
	d.expect("Agenda with Alex Kim", "Exam nerves before the mock")
	for _, leak := range []string{"Session reflection", "SECRET", "PRIVATE worry"} {
		if strings.Contains(d.screen(), leak) {
			t.Errorf("the agenda builder offers %q:\n%s", leak, d.screen())
		}
	}
	ab := d.app.top().(*meetings.AgendaBuilder)
	for i := range ab.Rows {
		ab.Rows[i].Picked = true // everything offered, to the preview
	}
	d.keys("v")
	d.expect("Agenda preview", "As the other person would see it", "Exam nerves before the mock")
	for _, leak := range []string{"Session reflection", "SECRET", "PRIVATE worry", "gave advice"} {
		if strings.Contains(d.screen(), leak) {
			t.Errorf("the preview shows %q:\n%s", leak, d.screen())
		}
	}
	up := mentorship.Stats(p, r.ID).Upcoming
	text, err := mentorship.AgendaPreview(p, up.ID)
	if err != nil || strings.Contains(text, "SECRET") || !strings.Contains(text, "I freeze in timed papers.") {
		t.Fatalf("preview text %q, %v", text, err)
	}
}

// A mentor rates their skills twice and sees the change, in the mentoring area and
// on the dashboard; a mentee's self-assessment shows as bars per stage.
func TestSkillsAndProgressCharts(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	if _, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Alex Kim"}); err != nil {
		t.Fatal(err)
	}
	d.keys("m", "o")
	d.expect("Rate my skills", "active listening")
	d.keys("ctrl+s")
	d.expect("Skills rated.", "signposting             ▄            ███░░ 3") // 3 for every skill
	d.clk.Advance(24 * time.Hour)
	d.keys("o", "space", "space", "ctrl+s") // active listening up to 5
	d.expect("active listening        ▄█           █████ 5 (+2)", "signposting             ▄▄           ███░░ 3 (+0)")
	if got := mentorship.Trend(mentorship.Ratings(p, portfolio.RatingSkills, ""))["active listening"]; len(got) != 2 || got[0] != 3 || got[1] != 5 {
		t.Fatalf("active listening trend %v", got)
	}
	d.keys("esc")
	d.expect("my skills ▄▄ 3.3 of 5 (+0.3 since the first rating)")

	d.keys("m")
	for i, row := range d.app.top().(*mentoringpkg.Mentoring).Data.Rows {
		if row.R.Person == "Sam Okafor" {
			d.app.top().(*mentoringpkg.Mentoring).Cursor = i
		}
	}
	d.keys("enter", "o")
	d.expect("Self-assessment", "▸ Stage", "self-confidence")
	d.keys("tab", "space", "space", "space", "ctrl+s") // start: self-confidence from 3 round to 1
	d.expect("Self-assessment saved.", "start", "self-confidence                  █░░░░1")
	d.keys("o")
	d.expect("▸ Stage")
	d.clk.Advance(24 * time.Hour)
	d.keys("tab", "space", "space", "space", "ctrl+s") // middle: from 1 to 4
	d.expect("start   middle", "self-confidence                  █░░░░1  ████░4", "proactivity in seeking learning  ███░░3  ███░░3")
}

// meetingActionsPage waits for the meeting record the keys before opened and tabs
// to its actions page.
func meetingActionsPage(d *driver) *components.Notebook {
	d.expect("Record meeting")
	nb := d.app.top().(*components.Notebook)
	for nb.Pages[nb.Focus].Label() != "Actions" {
		d.keys("tab")
	}
	return nb
}

// On the meeting record's actions page, tab goes from an action to its due date
// and on to its goal, so a due date is never typed into the dates page.
func TestTabMovesBetweenAnActionsFields(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "enter", "r")
	nb := meetingActionsPage(d)
	d.typeText("Sit a timed paper")
	d.keys("tab")
	d.typeText("in 2 weeks")
	d.keys("tab")
	d.expect("▸ Goal")
	ap := nb.Pages[nb.Focus].(*meetings.ActionsPage)
	if got := ap.Due.Value(); got != "in 2 weeks" {
		t.Fatalf("the due date field holds %q", got)
	}
	d.keys("shift+tab")
	d.expect("▸ Due")
	d.keys("tab", "tab")
	if nb.Pages[nb.Focus].Label() == "Actions" {
		t.Fatal("tab on the last row stayed on the actions page")
	}
	for _, p := range nb.Pages {
		if dp, ok := p.(*meetings.DatesPage); ok && strings.Contains(dp.Held.Value(), "2 weeks") {
			t.Fatalf("the due date landed in Held on: %q", dp.Held.Value())
		}
	}
}

// An agreed action's due date the parser refuses is explained in full at 80
// columns: the sentence says which forms it takes, and its end was cut off.
func TestAgreedActionDateErrorIsWholeAt80Columns(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "enter", "r")
	meetingActionsPage(d)
	d.typeText("Read the renal guideline")
	d.keys("enter")
	d.typeText("in 2 months")
	d.keys("enter")
	d.expect("counts in something other than days or weeks", "a word such as yesterday")
	if strings.Contains(d.screen(), "…\n") {
		t.Fatalf("a line is cut off:\n%s", d.screen())
	}
	d.expect("No actions agreed yet.")
}

// The app reads the user's templates from the settings folder the command line
// gives it, not from one it works out for itself: a mentoring agreement template
// of the user's own is the one the agreement opens with.
func TestAgreementUsesTheSettingsFolderGiven(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	opts.ConfigDir = t.TempDir()
	seedVault(t, opts)
	seedMentoring(t, opts)
	dir := filepath.Join(opts.ConfigDir, "templates")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	own := `name = "mentoring-agreement"
title = "Our own agreement"
description = "The scheme's own wording."
functions = ["normative"]
kind = "mentoring_agreement"

[[section]]
heading = "SCHEME-OWN-HEADING"
prompt = "As the scheme words it."
`
	if err := os.WriteFile(filepath.Join(dir, "mentoring-agreement.toml"), []byte(own), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, clk, opts)
	d.unlock()
	d.keys("m", "enter", "a")
	d.expect("SCHEME-OWN-HEADING")
}

// Meeting notes can be marked shareable in the app, as with the command line's
// --shared, so a mentee need not include everything private to share them.
func TestMeetingNotesMarkedShareable(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "enter", "r")
	d.expect("Record meeting")
	d.typeText("Plan the exam term.")
	nb := d.app.top().(*components.Notebook)
	for nb.Pages[nb.Focus].Label() != "Dates" {
		d.keys("tab")
	}
	d.keys("tab", "tab", "tab")
	d.expect("▸ Notes", "private")
	d.keys("right")
	d.keys("ctrl+s")
	d.expect("Meeting recorded")
	p := d.app.ctx.Portfolio
	var held *portfolio.Meeting
	for _, m := range mentorship.Meetings(p, mentorship.Relationships(p)[0].ID) {
		if m.Held && strings.Contains(fmt.Sprint(m.Notes), "Plan the exam term.") {
			held = m
		}
	}
	if held == nil || !held.Shared {
		t.Fatalf("the meeting's notes were not saved as shareable: %+v", held)
	}
}

// A mentor marks whose each agreed action is: the mentee's are recorded on the
// meeting, not in the mentor's plan; only what the mentor takes on is theirs.
func TestMentorsAgreedActionsHaveAnOwner(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	r, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Alex Kim", LengthMonths: 6, IntervalDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	before := len(goals.AllActions(p))
	d.keys("m")
	for i, row := range d.app.top().(*mentoringpkg.Mentoring).Data.Rows {
		if row.R.ID == r.ID {
			d.app.top().(*mentoringpkg.Mentoring).Cursor = i
		}
	}
	d.keys("enter", "r")
	meetingActionsPage(d)
	d.expect("Alex Kim's actions are recorded on the", "Whose")
	d.typeText("Book the mock exam")
	d.keys("tab")
	d.typeText("in 2 weeks")
	d.keys("enter") // added as Alex's, the default
	d.typeText("Send Alex the exam guide")
	d.keys("tab", "tab", "right") // mine
	d.keys("shift+tab", "enter")
	d.expect("1. Book the mock exam", "Alex Kim's · due", "2. Send Alex the exam guide", "mine · no date")
	d.keys("ctrl+s")
	d.expect("Meeting recorded: 1 action of Alex Kim's is on the meeting record; 1 agreed", "action is in your action plan.")
	if got := len(goals.AllActions(p)) - before; got != 1 {
		t.Fatalf("%d actions went into the mentor's plan, want 1", got)
	}
	var held *portfolio.Meeting
	for _, m := range mentorship.Meetings(p, r.ID) {
		if m.Held {
			held = m
		}
	}
	if held == nil || len(held.MenteeActions) != 1 || held.MenteeActions[0].What != "Book the mock exam" || len(held.AgreedActionIDs) != 1 {
		t.Fatalf("the meeting as recorded: %+v", held)
	}
	// The relationship shows both: the mentor's own and what Alex agreed.
	d.keys("n") // keep the flagged entry flagged
	d.keys("esc")
	d.expect("mentor to Alex Kim", "2 actions agreed", "Agreed actions", "Send Alex the exam guide", "Agreed by Alex Kim", "Book the mock exam")
}
