package meetings

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/sanitize"
)

// OpenMeetingRecord records the relationship's upcoming meeting, or a new one,
// headed by the relationship's notes template (restorative for peer support, GROW
// otherwise). Until the template library has loaded it loads it first, and the
// screen that asked opens the record on NotesReadyMsg.
func OpenMeetingRecord(ctx *common.Context, r *portfolio.Relationship, stats mentorship.MeetingStats) (common.Nav, tea.Cmd) {
	return recordMeeting(ctx, r, stats.Upcoming, common.Push)
}

// NotesReadyMsg carries the template library a meeting record waited for.
type NotesReadyMsg struct {
	Lib     *fill.Library
	rel     *portfolio.Relationship
	meeting *portfolio.Meeting
}

// OpenNotesReady opens the meeting record that waited for msg's library.
func OpenNotesReady(ctx *common.Context, msg NotesReadyMsg) common.Nav {
	return common.Push(newMeetingRecord(ctx, msg.rel, msg.meeting, msg.Lib))
}

func recordMeeting(ctx *common.Context, r *portfolio.Relationship, m *portfolio.Meeting, nav func(common.Screen) common.Nav) (common.Nav, tea.Cmd) {
	if ctx.Lib != nil {
		return nav(newMeetingRecord(ctx, r, m, ctx.Lib)), nil
	}
	dir := ctx.Opts.ConfigDir
	return common.Nav{}, func() tea.Msg {
		lib, err := fill.LoadLibrary(dir)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return NotesReadyMsg{Lib: lib, rel: r, meeting: m}
	}
}

// notesTemplate is the template heading r's meeting notes, or nil if the library
// has none by that name (a user's broken copy), when GROW heads them.
func notesTemplate(lib *fill.Library, r *portfolio.Relationship) *fill.Template {
	if lib == nil {
		return nil
	}
	t, err := lib.MeetingNotes(r)
	if err != nil {
		return nil
	}
	return t
}

// growPrompts() say what each GROW stage's notes are for, should the template be
// missing.
func growPrompts() map[string]string {
	return map[string]string{
		"Goal":    "What did you want from this conversation, and what is the longer-term goal?",
		"Reality": "Where are things now? What has been tried, what is in the way, what helps?",
		"Options": "What could be done? Which options were weighed up?",
		"Will":    "What will be done, by when? Add each agreed action on the Actions page.",
	}
}

// meetingNotePages are the note pages of a meeting record, one a section of the
// template t, or one a GROW stage if t is nil or has no sections, with their
// headings in order.
func meetingNotePages(ctx *common.Context, t *fill.Template) ([]components.Page, []string) {
	var pages []components.Page
	var heads []string
	if t != nil && len(t.Sections) > 0 {
		for _, sec := range t.Sections {
			prompt := sec.Prompt
			if sec.Hint != "" {
				prompt += " " + sec.Hint
			}
			pages = append(pages, components.NewTextPage(ctx, sec.Heading, prompt, "", false))
			heads = append(heads, sec.Heading)
		}
		return pages, heads
	}
	for _, stage := range portfolio.GROWStages {
		pages = append(pages, components.NewTextPage(ctx, stage, growPrompts()[stage], "", false))
		heads = append(heads, stage)
	}
	return pages, heads
}

// meetingSavedNote is the status line after a meeting is recorded: where the
// person's actions and the agreed actions went.
func meetingSavedNote(person string, theirs, created int) string {
	var said []string
	if theirs > 0 {
		of := " of " + possessive(sanitize.Line(person))
		said = append(said, common.Plural(theirs, "action"+of+" is", "actions"+of+" are")+" on the meeting record")
	}
	if created > 0 {
		said = append(said, common.Plural(created, "agreed action is", "agreed actions are")+" in your action plan")
	}
	note := "Meeting recorded"
	if len(said) > 0 {
		note += ": " + strings.Join(said, "; ")
	}
	return note + "."
}

// newMeetingRecord is a notebook for one held meeting: notes headed by the
// sections of lib's template for r (GROW if it has none), topics, agreed actions
// with due dates, and the dates. m is the planned meeting being recorded, or nil
// for one that had none. The support line comes from lib too: a record opened
// before the root kept a library has only the one loaded for it.
func newMeetingRecord(ctx *common.Context, r *portfolio.Relationship, m *portfolio.Meeting, lib *fill.Library) *components.Notebook {
	p, today := ctx.Portfolio, ctx.Today()
	t := notesTemplate(lib, r)
	pages, heads := meetingNotePages(ctx, t)
	topics := newTopicsPage(ctx, mentorship.Topics(p))
	actions := newActionsPage(ctx, r, goals.List(p, portfolio.GoalOpen))
	held := today
	if m != nil && m.Date <= today {
		held = m.Date
	}
	next := ""
	if r.IntervalDays > 0 {
		next = held.AddDays(r.IntervalDays).String()
	}
	dates := newDatesPage(ctx, held.String(), next)
	pages = append(pages, topics, actions, dates)

	intro := "Meeting with " + sanitize.Line(r.Person) + ". Tab moves through the notes (" + sanitize.Line(strings.Join(heads, ", ")) + "), then topics, actions and dates; ctrl+s saves."
	if m != nil && len(m.Agenda) > 0 {
		intro = fmt.Sprintf("Meeting with %s, agenda of %s. Tab moves through the pages; ctrl+s saves.", sanitize.Line(r.Person), common.Plural(len(m.Agenda), "item", "items"))
	}
	var meetingID portfolio.ID
	if m != nil {
		meetingID = m.ID
	}
	relID, person, mentor := r.ID, r.Person, r.Role == portfolio.RoleMentor
	nb := components.NewNotebook(ctx, "Record meeting", intro, pages, func(nb *components.Notebook) tea.Cmd {
		heldOn, err := mentorship.ParseHeldDate(dates.Held.Value(), today)
		if err != nil {
			return components.FailForm(err)
		}
		nextOn, err := common.OptionalFutureDate(dates.next.Value(), today)
		if err != nil {
			return components.FailForm(err)
		}
		agreed, theirs, err := actions.all(today)
		if err != nil {
			return components.FailForm(err)
		}
		rec := mentorship.MeetingRecord{
			MeetingID: meetingID, RelationshipID: relID, Date: heldOn,
			Format: portfolio.MeetingFormat(dates.format.Choice + 1), Notes: nb.Sections(),
			Topics: topics.chosen(), NextDate: nextOn, Shared: dates.shared(),
		}
		goalChoice := actions.goal
		open := actions.goals
		return func() tea.Msg {
			if len(agreed) > 0 {
				gid, err := agreedActionsGoal(p, goalChoice, open, person)
				if err != nil {
					return components.FormFailedMsg{Err: err}
				}
				for i := range agreed {
					agreed[i].GoalID = gid
				}
			}
			rec.AgreedActions, rec.MenteeActions = agreed, theirs
			saved, created, err := mentorship.RecordMeeting(p, rec)
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			note := meetingSavedNote(person, len(theirs), len(created))
			var after common.Then
			if mentor {
				after = reflectOn{saved, person}
			}
			if discussed := mentorship.DiscussedEntries(p, saved.ID); len(discussed) > 0 {
				// Asked after the save, so the meeting is kept whatever the answer.
				return components.SavedMsg{Note: note, Next: clearDiscussed{entries: discussed, after: after}}
			}
			return components.SavedMsg{Note: note, Next: after}
		}
	})
	nb.Tabs = true
	if t != nil && t.Signposting {
		nb.Banner = supportLine(lib.Signposting())
	}
	return nb
}

// supportLine names the support services in one line, urgent ones first, for a
// restorative meeting's notebook.
func supportLine(sp fill.Signposting) string {
	var names []string
	for _, svc := range append(sp.Urgent(), sp.Support()...) {
		n := svc.Name
		if svc.Phone != "" {
			n += " " + svc.Phone
		}
		names = append(names, sanitize.Line(n))
	}
	if len(names) == 0 {
		return ""
	}
	return "Support: " + strings.Join(names, " · ")
}

// agreedActionsGoal is the goal agreed actions go under, so that they show in the
// action plan: the one chosen, or an open goal for this relationship's actions,
// set up the first time it is needed.
func agreedActionsGoal(p *portfolio.Portfolio, choice int, open []*portfolio.Goal, person string) (portfolio.ID, error) {
	if choice > 0 && choice <= len(open) {
		return open[choice-1].ID, nil
	}
	title := agreedGoalTitle(person)
	for _, g := range goals.List(p, portfolio.GoalOpen) {
		if g.Title == title {
			return g.ID, nil
		}
	}
	g, err := goals.Add(p, portfolio.Goal{Title: title, Functions: portfolio.Functions(portfolio.Formative),
		Why: "Actions agreed at mentoring meetings with " + person + "."})
	if err != nil {
		return "", err
	}
	return g.ID, nil
}

func agreedGoalTitle(person string) string { return "Actions agreed with " + person }

// reflectOn is what follows a mentor's meeting record: a private reflection on it.
type reflectOn struct {
	m      *portfolio.Meeting
	person string
}

func (r reflectOn) Screen(ctx *common.Context) common.Screen {
	return sessionReflection(ctx, r.m, r.person)
}

// sessionReflection is a mentor's private reflection on a meeting just recorded,
// written from the mentor reflection template's headings.
func sessionReflection(ctx *common.Context, m *portfolio.Meeting, person string) *components.Notebook {
	heads := []struct{ h, p string }{
		{"The session", "What happened, in outline? Keep your mentee's confidences."},
		{"What went well", "What went well in how you mentored?"},
		{"Skills", "Which skills did you use or stretch: listening, open questions, holding back advice?"},
		{"What I would do differently", "What would you do differently, and what will you develop next?"},
		{"Support for me", "Anything to take to supervision, your own mentor or an action learning set?"},
	}
	var pages []components.Page
	for _, h := range heads {
		pages = append(pages, components.NewTextPage(ctx, h.h, h.p, "", false))
	}
	p, id := ctx.Portfolio, m.ID
	nb := components.NewNotebook(ctx, "Session reflection", "Reflect on the session with "+sanitize.Line(person)+" now, or esc to skip.", pages, func(nb *components.Notebook) tea.Cmd {
		secs := nb.Sections()
		if len(secs) == 0 {
			return components.FailForm(fmt.Errorf("%w: write something in at least one section, or press esc to skip", portfolio.ErrInvalid))
		}
		return func() tea.Msg {
			if _, err := mentorship.AddSessionReflection(p, id, portfolio.Entry{Sections: secs, Template: "mentor-reflection"}); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Reflection saved, private."}
		}
	})
	nb.Banner = "PRIVATE · only you see this: never on an agenda, in a preview or shared."
	return nb
}

// topicsPage picks the meeting's topics from the default list and the user's own.
type topicsPage struct {
	ctx    *common.Context
	topics []string
	picked map[string]bool
	cursor int
}

func newTopicsPage(ctx *common.Context, topics []string) *topicsPage {
	return &topicsPage{ctx: ctx, topics: topics, picked: map[string]bool{}}
}

func (tp *topicsPage) Label() string  { return "Topics" }
func (tp *topicsPage) Filled() bool   { return len(tp.picked) > 0 }
func (tp *topicsPage) Focus() tea.Cmd { return nil }
func (tp *topicsPage) Blur()          {}
func (tp *topicsPage) Typing() bool   { return false }
func (tp *topicsPage) Value() string  { return strings.Join(tp.chosen(), "\n") }

func (tp *topicsPage) Keys() []key.Binding {
	k := tp.ctx.Keys
	return []key.Binding{k.Toggle}
}

func (tp *topicsPage) chosen() []string {
	var out []string
	for _, t := range tp.topics {
		if tp.picked[t] {
			out = append(out, t)
		}
	}
	return out
}

func (tp *topicsPage) Update(msg tea.Msg) tea.Cmd {
	k := tp.ctx.Keys
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, k.Down):
			tp.cursor = min(tp.cursor+1, len(tp.topics)-1)
		case key.Matches(msg, k.Up):
			tp.cursor = max(tp.cursor-1, 0)
		case key.Matches(msg, k.Toggle), key.Matches(msg, k.Open):
			t := tp.topics[tp.cursor]
			if tp.picked[t] {
				delete(tp.picked, t)
			} else {
				tp.picked[t] = true
			}
		}
	}
	return nil
}

func (tp *topicsPage) View(width, height int) string {
	s := tp.ctx.Styles
	lines := []string{s.Subtle.Render("What the meeting was about: space picks. Topics show how a scheme is used.")}
	for i, t := range tp.topics {
		box := "[ ] "
		if tp.picked[t] {
			box = s.Ok.Render("[x] ")
		}
		line := box + sanitize.Line(t)
		if i == tp.cursor {
			lines = append(lines, s.Cursor.Render("▸ ")+s.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}

// ActionsPage collects the actions agreed at the meeting, each with a due date, and
// the goal they go under. As a mentor, each action is also marked whose it is:
// the mentee's is recorded on the meeting, one the mentor takes on goes into the
// mentor's own plan.
type ActionsPage struct {
	ctx    *common.Context
	person string
	mentor bool
	what   *components.Field
	Due    *components.Field
	whose  *components.Field // mentor only: the mentee's or mine
	row    int               // what, due, whose (mentor only), goal
	goals  []*portfolio.Goal
	goal   int // 0 the relationship's own goal, else goals[goal-1]
	added  []agreedRow
	today  calendar.Date
	err    string
}

// agreedRow is an action added on the page, and whether it is the mentee's.
type agreedRow struct {
	a      portfolio.Action
	theirs bool
}

// Choices of the whose row, in the order shown.
const (
	whoseTheirs = iota
	whoseMine
)

func newActionsPage(ctx *common.Context, r *portfolio.Relationship, goals []*portfolio.Goal) *ActionsPage {
	what := components.NewLineField(ctx.Styles, "Action", "", "e.g. Book a session with the anticoagulation nurse", validate.MaxTitleRunes)
	due := components.NewLineField(ctx.Styles, "Due", "", "next friday, in 2 weeks", 40)
	due.WithFutureDateHint(ctx.Today(), "no date")
	due.SetWidth(ctx.Width, common.LabelWidth)
	title := agreedGoalTitle(r.Person)
	goals = slices.DeleteFunc(slices.Clone(goals), func(g *portfolio.Goal) bool { return g.Title == title })
	ap := &ActionsPage{ctx: ctx, person: r.Person, what: what, Due: due, goals: goals, today: ctx.Today(), mentor: r.Role == portfolio.RoleMentor}
	if ap.mentor {
		ap.whose = components.NewChoiceField("Whose", []string{possessive(sanitize.Line(r.Person)), "mine"}, whoseTheirs)
	}
	return ap
}

// possessive is a name with 's, as in "Sam's".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

func (ap *ActionsPage) Label() string { return "Actions" }
func (ap *ActionsPage) Filled() bool  { return len(ap.added) > 0 }
func (ap *ActionsPage) Typing() bool  { return ap.row < 2 }

// rows is how many rows the page has; the goal is the last.
func (ap *ActionsPage) rows() int {
	if ap.mentor {
		return 4
	}
	return 3
}

func (ap *ActionsPage) goalRow() int { return ap.rows() - 1 }

// theirs reports whether the action being typed is the mentee's.
func (ap *ActionsPage) theirs() bool { return ap.mentor && ap.whose.Choice == whoseTheirs }

func (ap *ActionsPage) Keys() []key.Binding {
	k := ap.ctx.Keys
	return []key.Binding{k.AddRow, k.RemoveLast}
}

func (ap *ActionsPage) Value() string {
	var b strings.Builder
	for _, r := range ap.added {
		fmt.Fprintf(&b, "- %s (due %s, theirs %v)\n", r.a.What, r.a.Due, r.theirs)
	}
	fmt.Fprintf(&b, "%s\x00%s\x00%d\x00%v", ap.what.Value(), ap.Due.Value(), ap.goal, ap.theirs())
	return b.String()
}

func (ap *ActionsPage) Focus() tea.Cmd { return ap.focusRow(ap.row) }

func (ap *ActionsPage) Blur() {
	ap.what.Blur()
	ap.Due.Blur()
}

// Tab moves between the page's rows; see rowPage.
func (ap *ActionsPage) Tab(dir int) (tea.Cmd, bool) {
	r := ap.row + dir
	if r < 0 || r >= ap.rows() {
		return nil, false
	}
	return ap.focusRow(r), true
}

// Enter focuses the first row, or the last when tab comes back from the page after.
func (ap *ActionsPage) Enter(dir int) tea.Cmd {
	if dir < 0 {
		return ap.focusRow(ap.goalRow())
	}
	return ap.focusRow(0)
}

func (ap *ActionsPage) focusRow(r int) tea.Cmd {
	ap.Blur()
	ap.row = (r + ap.rows()) % ap.rows()
	switch ap.row {
	case 0:
		return ap.what.Focus()
	case 1:
		return ap.Due.Focus()
	}
	return nil
}

// add takes the typed action into the list; a bad due date keeps the text.
func (ap *ActionsPage) add() bool {
	what := strings.TrimSpace(ap.what.Value())
	if what == "" {
		ap.err = "Type what was agreed first."
		return false
	}
	due, err := common.OptionalFutureDate(ap.Due.Value(), ap.today)
	if err != nil {
		ap.err = common.ErrorText(err)
		return false
	}
	ap.added = append(ap.added, agreedRow{portfolio.Action{What: what, Due: due}, ap.theirs()})
	ap.what.Input.SetValue("")
	ap.Due.Input.SetValue("")
	ap.err = ""
	return true
}

// all are the agreed actions, including one typed but not yet added: the user's
// own, for their plan, and, for a mentor, the mentee's, for the meeting.
func (ap *ActionsPage) all(today calendar.Date) (mine []portfolio.Action, theirs []portfolio.AgreedAction, err error) {
	rows := slices.Clone(ap.added)
	if what := strings.TrimSpace(ap.what.Value()); what != "" {
		due, err := common.OptionalFutureDate(ap.Due.Value(), today)
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, agreedRow{portfolio.Action{What: what, Due: due}, ap.theirs()})
	}
	for _, r := range rows {
		if r.theirs {
			theirs = append(theirs, portfolio.AgreedAction{What: r.a.What, Due: r.a.Due})
		} else {
			mine = append(mine, r.a)
		}
	}
	return mine, theirs, nil
}

func (ap *ActionsPage) Update(msg tea.Msg) tea.Cmd {
	k := ap.ctx.Keys
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, k.RemoveLast):
			if len(ap.added) > 0 {
				ap.added = ap.added[:len(ap.added)-1]
			}
			return nil
		case key.Matches(msg, k.AddRow):
			if ap.row == 0 {
				return ap.focusRow(1)
			}
			if ap.add() {
				return ap.focusRow(0)
			}
			return nil
		case key.Matches(msg, k.ArrowDown):
			return ap.focusRow(ap.row + 1)
		case key.Matches(msg, k.ArrowUp):
			return ap.focusRow(ap.row - 1)
		case ap.mentor && ap.row == 2 && ap.whose.Choose(msg, k):
			return nil
		case ap.row == ap.goalRow() && key.Matches(msg, k.Right, k.Toggle):
			ap.goal = (ap.goal + 1) % (len(ap.goals) + 1)
			return nil
		case ap.row == ap.goalRow() && key.Matches(msg, k.Left):
			ap.goal = (ap.goal + len(ap.goals)) % (len(ap.goals) + 1)
			return nil
		}
	}
	switch ap.row {
	case 0:
		return ap.what.Update(msg, ap.ctx.Keys)
	case 1:
		return ap.Due.Update(msg, ap.ctx.Keys)
	}
	return nil
}

func (ap *ActionsPage) goalName() string {
	if ap.goal == 0 {
		return agreedGoalTitle(ap.person)
	}
	return ap.goals[ap.goal-1].Title
}

func (ap *ActionsPage) View(width, height int) string {
	s := ap.ctx.Styles
	label := func(i int, name string) string {
		if i == ap.row {
			return s.FocusedLabel.Render(common.Pad("▸ "+name, common.LabelWidth))
		}
		return s.Label.Render(common.Pad("  "+name, common.LabelWidth))
	}
	ap.what.SetWidth(width, common.LabelWidth)
	intro := "What was agreed, with due dates: enter adds each to your action plan."
	if ap.mentor {
		intro = "What was agreed: enter adds each. " + possessive(sanitize.Line(ap.person)) + " actions are recorded on the meeting; the ones you take on go into your action plan."
	}
	lines := common.WrapLines(s.Subtle, intro, width, 2)
	lines = append(lines,
		ap.what.View(s, common.LabelWidth, ap.row == 0)[0],
		ap.Due.View(s, common.LabelWidth, ap.row == 1)[0],
	)
	if ap.mentor {
		lines = append(lines, ap.whose.View(s, common.LabelWidth, ap.row == 2)[0])
	}
	goal := label(ap.goalRow(), "Goal") + s.Selected.Render(" "+ansi.Truncate(sanitize.Line(ap.goalName()), width-common.LabelWidth-6, "…")+" ") + s.Faint.Render(" ←/→")
	if ap.theirs() {
		goal = label(ap.goalRow(), "Goal") + s.Faint.Render("for actions you take on: "+ansi.Truncate(sanitize.Line(ap.goalName()), width-common.LabelWidth-26, "…"))
	}
	lines = append(lines, goal)
	if ap.err != "" {
		// Wrapped, not cut: the end of a date error says which forms are taken.
		lines = append(lines, common.WrapLines(s.ErrorText, ap.err, width, 3)...)
	}
	lines = append(lines, "")
	if len(ap.added) == 0 {
		lines = append(lines, s.Faint.Render("  No actions agreed yet."))
	}
	for i, r := range ap.added {
		due := s.Faint.Render("no date")
		if !r.a.Due.IsZero() {
			due = s.Due.Render("due " + r.a.Due.String())
		}
		what := sanitize.Line(r.a.What)
		if ap.mentor {
			owner := "mine"
			if r.theirs {
				owner = possessive(sanitize.Line(ap.person))
			}
			due = s.Subtle.Render(owner+" · ") + due
		}
		lines = append(lines, fmt.Sprintf("  %d. ", i+1)+common.FitRight(what, due, width-6))
	}
	return strings.Join(lines, "\n")
}

// DatesPage holds when the meeting was held, how, when the next one is, and
// whether its notes may be shared with the other party.
type DatesPage struct {
	ctx     *common.Context
	Held    *components.Field
	next    *components.Field
	format  *components.Field
	sharing *components.Field
	row     int
}

// datesRows are the dates page's rows: held, next, format, sharing.
const datesRows = 4

// Choices of the dates page's sharing row, in the order shown.
const (
	notesPrivate = iota
	notesShareable
)

func notesSharingChoices() []string { return []string{"private", "shareable"} }

func formatChoices() []string {
	return []string{"1:1", "group", "phone/video"}
}

func newDatesPage(ctx *common.Context, held, next string) *DatesPage {
	mk := func(label, v string) *components.Field {
		f := components.NewLineField(ctx.Styles, label, v, "2026-04-14, in 4 weeks", 40)
		f.SetWidth(ctx.Width, common.LabelWidth)
		return f
	}
	// Each hint reads the text as the save does: the day held is behind, the next
	// meeting ahead.
	heldField := mk("Held on", held).WithDateHintBy(mentorship.ParseHeldDate, ctx.Today(), "not set")
	nextField := mk("Next", next).WithFutureDateHint(ctx.Today(), "not set")
	return &DatesPage{ctx: ctx, Held: heldField, next: nextField, format: components.NewChoiceField("Format", formatChoices(), 0),
		sharing: components.NewChoiceField("Notes", notesSharingChoices(), notesPrivate)}
}

// shared reports whether the notes are marked fit to share with the other party.
func (dp *DatesPage) shared() bool { return dp.sharing.Choice == notesShareable }

func (dp *DatesPage) Label() string { return "Dates" }
func (dp *DatesPage) Filled() bool  { return strings.TrimSpace(dp.next.Value()) != "" }
func (dp *DatesPage) Typing() bool  { return dp.row < 2 }
func (dp *DatesPage) Value() string {
	return dp.Held.Value() + "\x00" + dp.next.Value() + "\x00" + dp.format.Value() + "\x00" + dp.sharing.Value()
}
func (dp *DatesPage) Keys() []key.Binding { return []key.Binding{dp.ctx.Keys.ClearLine} }
func (dp *DatesPage) Focus() tea.Cmd      { return dp.focusRow(dp.row) }
func (dp *DatesPage) Blur() {
	dp.Held.Blur()
	dp.next.Blur()
}

// Tab moves between the page's rows; see rowPage.
func (dp *DatesPage) Tab(dir int) (tea.Cmd, bool) {
	r := dp.row + dir
	if r < 0 || r >= datesRows {
		return nil, false
	}
	return dp.focusRow(r), true
}

// Enter focuses the first row, or the last when tab comes back from the page after.
func (dp *DatesPage) Enter(dir int) tea.Cmd {
	if dir < 0 {
		return dp.focusRow(datesRows - 1)
	}
	return dp.focusRow(0)
}

func (dp *DatesPage) focusRow(r int) tea.Cmd {
	dp.Blur()
	dp.row = (r + datesRows) % datesRows
	switch dp.row {
	case 0:
		return dp.Held.Focus()
	case 1:
		return dp.next.Focus()
	}
	return nil
}

func (dp *DatesPage) Update(msg tea.Msg) tea.Cmd {
	k := dp.ctx.Keys
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, k.ArrowDown, k.Enter):
			return dp.focusRow(dp.row + 1)
		case key.Matches(msg, k.ArrowUp):
			return dp.focusRow(dp.row - 1)
		case dp.row == 2 && dp.format.Choose(msg, k):
			return nil
		case dp.row == 3 && dp.sharing.Choose(msg, k):
			return nil
		}
	}
	switch dp.row {
	case 0:
		return dp.Held.Update(msg, dp.ctx.Keys)
	case 1:
		return dp.next.Update(msg, dp.ctx.Keys)
	}
	return nil
}

func (dp *DatesPage) View(width, height int) string {
	s := dp.ctx.Styles
	return strings.Join([]string{
		s.Subtle.Render("When it was held and when you meet next; the next date shows on the dashboard."),
		dp.Held.View(s, common.LabelWidth, dp.row == 0)[0],
		dp.next.View(s, common.LabelWidth, dp.row == 1)[0],
		dp.format.View(s, common.LabelWidth, dp.row == 2)[0],
		dp.sharing.View(s, common.LabelWidth, dp.row == 3)[0],
		s.Subtle.Render(ansi.Truncate("  Shareable notes go into exports without ticking \"include private\".", width, "…")),
	}, "\n")
}

// meetingMarkdown is a meeting as Markdown, sanitised: notes, topics, agreed
// actions, and the user's own reflections on it, marked private.
func meetingMarkdown(p *portfolio.Portfolio, m *portfolio.Meeting) string {
	var b strings.Builder
	title := "Meeting"
	if r, ok := mentorship.Relationship(p, m.RelationshipID); ok {
		title = "Meeting with " + common.EscapeMarkdown(sanitize.Line(r.Person))
	}
	fmt.Fprintf(&b, "# %s, %s\n\n", title, m.Date)
	fmt.Fprintf(&b, "%s", m.Format)
	if len(m.Topics) > 0 {
		fmt.Fprintf(&b, " · %s", common.EscapeMarkdown(sanitize.Line(strings.Join(m.Topics, ", "))))
	}
	if !m.NextDate.IsZero() {
		fmt.Fprintf(&b, " · next meeting %s", m.NextDate)
	}
	b.WriteString("\n\n")
	for _, s := range m.Notes {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", common.EscapeMarkdown(sanitize.Line(s.Heading)), sanitize.Text(s.Body))
	}
	if len(m.AgreedActionIDs) > 0 {
		b.WriteString("## Agreed actions\n\n")
		for _, id := range m.AgreedActionIDs {
			if a, ok := goals.Action(p, id); ok {
				line := common.EscapeMarkdown(sanitize.Line(a.What)) + " (" + a.Status.String()
				if !a.Due.IsZero() {
					line += ", due " + a.Due.String()
				}
				fmt.Fprintf(&b, "- %s)\n", line)
			}
		}
		b.WriteString("\n")
	}
	if len(m.MenteeActions) > 0 {
		person := "the mentee"
		if r, ok := mentorship.Relationship(p, m.RelationshipID); ok {
			person = r.Person
		}
		fmt.Fprintf(&b, "## Agreed by %s\n\n", common.EscapeMarkdown(sanitize.Line(person)))
		for _, a := range m.MenteeActions {
			line := common.EscapeMarkdown(sanitize.Line(a.What))
			if !a.Due.IsZero() {
				line += " (due " + a.Due.String() + ")"
			}
			fmt.Fprintf(&b, "- %s\n", line)
		}
		b.WriteString("\n")
	}
	for _, e := range mentorship.SessionReflections(p, m.ID) {
		fmt.Fprintf(&b, "## Your private reflection\n\n*%s*\n\n%s\n\n", common.EscapeMarkdown(sanitize.Line(e.Title)), sanitize.Text(e.Text()))
	}
	return b.String()
}
