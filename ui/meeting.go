package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/sanitize"
)

// openMeetingRecord records the relationship's upcoming meeting, or a new one.
func openMeetingRecord(ctx *context, r *portfolio.Relationship, stats mentorship.MeetingStats) nav {
	return push(newMeetingRecord(ctx, r, stats.Upcoming))
}

// growPrompts() say what each GROW stage's notes are for.
func growPrompts() map[string]string {
	return map[string]string{
		"Goal":    "What did you want from this conversation, and what is the longer-term goal?",
		"Reality": "Where are things now? What has been tried, what is in the way, what helps?",
		"Options": "What could be done? Which options were weighed up?",
		"Will":    "What will be done, by when? Add each agreed action on the Actions page.",
	}
}

// newMeetingRecord is a notebook for one held meeting: notes by GROW stage, topics,
// agreed actions with due dates, and the dates. m is the planned meeting being
// recorded, or nil for one that had none.
func newMeetingRecord(ctx *context, r *portfolio.Relationship, m *portfolio.Meeting) *notebook {
	p, today := ctx.p, ctx.today()
	var pages []page
	for _, stage := range portfolio.GROWStages {
		pages = append(pages, newTextPage(ctx, stage, growPrompts()[stage], "", false))
	}
	topics := newTopicsPage(ctx, mentorship.Topics(p))
	actions := newActionsPage(ctx, r, p.Goals(portfolio.GoalOpen))
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

	intro := "Meeting with " + sanitize.Line(r.Person) + ". Tab moves through Goal, Reality, Options, Will, then topics, actions and dates; ctrl+s saves."
	if m != nil && len(m.Agenda) > 0 {
		intro = fmt.Sprintf("Meeting with %s, agenda of %s. Tab moves through the pages; ctrl+s saves.", sanitize.Line(r.Person), plural(len(m.Agenda), "item", "items"))
	}
	var meetingID portfolio.ID
	if m != nil {
		meetingID = m.ID
	}
	relID, person, mentor := r.ID, r.Person, r.Role == portfolio.RoleMentor
	nb := newNotebook(ctx, "Record meeting", intro, pages, func(nb *notebook) tea.Cmd {
		heldOn, err := calendar.ParseDate(dates.held.value(), today)
		if err != nil {
			return failForm(err)
		}
		nextOn, err := optionalDate(dates.next.value(), today)
		if err != nil {
			return failForm(err)
		}
		agreed, theirs, err := actions.all(today)
		if err != nil {
			return failForm(err)
		}
		rec := portfolio.MeetingRecord{
			MeetingID: meetingID, RelationshipID: relID, Date: heldOn,
			Format: portfolio.MeetingFormat(dates.format.choice + 1), Notes: nb.sections(),
			Topics: topics.chosen(), NextDate: nextOn, Shared: dates.shared(),
		}
		goalChoice := actions.goal
		goals := actions.goals
		return func() tea.Msg {
			if len(agreed) > 0 {
				gid, err := agreedActionsGoal(p, goalChoice, goals, person)
				if err != nil {
					return formFailedMsg{err}
				}
				for i := range agreed {
					agreed[i].GoalID = gid
				}
			}
			rec.AgreedActions, rec.MenteeActions = agreed, theirs
			saved, created, err := p.RecordMeeting(rec)
			if err != nil {
				return formFailedMsg{err}
			}
			var said []string
			if len(theirs) > 0 {
				of := " of " + possessive(sanitize.Line(person))
				said = append(said, plural(len(theirs), "action"+of+" is", "actions"+of+" are")+" on the meeting record")
			}
			if len(created) > 0 {
				said = append(said, plural(len(created), "agreed action is", "agreed actions are")+" in your action plan")
			}
			note := "Meeting recorded"
			if len(said) > 0 {
				note += ": " + strings.Join(said, "; ")
			}
			note += "."
			var after then
			if mentor {
				after = reflectOn{saved, person}
			}
			if discussed := mentorship.DiscussedEntries(p, saved.ID); len(discussed) > 0 {
				// Asked after the save, so the meeting is kept whatever the answer.
				return savedMsg{note: note, next: clearDiscussed{entries: discussed, after: after}}
			}
			return savedMsg{note: note, next: after}
		}
	})
	nb.tabs = true
	return nb
}

func failForm(err error) tea.Cmd { return func() tea.Msg { return formFailedMsg{err} } }

// agreedActionsGoal is the goal agreed actions go under, so that they show in the
// action plan: the one chosen, or an open goal for this relationship's actions,
// set up the first time it is needed.
func agreedActionsGoal(p *portfolio.Portfolio, choice int, goals []*portfolio.Goal, person string) (portfolio.ID, error) {
	if choice > 0 && choice <= len(goals) {
		return goals[choice-1].ID, nil
	}
	title := agreedGoalTitle(person)
	for _, g := range p.Goals(portfolio.GoalOpen) {
		if g.Title == title {
			return g.ID, nil
		}
	}
	g, err := p.AddGoal(portfolio.Goal{Title: title, Functions: portfolio.Functions(portfolio.Formative),
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

func (r reflectOn) screen(ctx *context) screen { return sessionReflection(ctx, r.m, r.person) }

// sessionReflection is a mentor's private reflection on a meeting just recorded,
// written from the mentor reflection template's headings.
func sessionReflection(ctx *context, m *portfolio.Meeting, person string) *notebook {
	heads := []struct{ h, p string }{
		{"The session", "What happened, in outline? Keep your mentee's confidences."},
		{"What went well", "What went well in how you mentored?"},
		{"Skills", "Which skills did you use or stretch: listening, open questions, holding back advice?"},
		{"What I would do differently", "What would you do differently, and what will you develop next?"},
		{"Support for me", "Anything to take to supervision, your own mentor or an action learning set?"},
	}
	var pages []page
	for _, h := range heads {
		pages = append(pages, newTextPage(ctx, h.h, h.p, "", false))
	}
	p, id := ctx.p, m.ID
	nb := newNotebook(ctx, "Session reflection", "Reflect on the session with "+sanitize.Line(person)+" now, or esc to skip.", pages, func(nb *notebook) tea.Cmd {
		secs := nb.sections()
		if len(secs) == 0 {
			return failForm(fmt.Errorf("%w: write something in at least one section, or press esc to skip", portfolio.ErrInvalid))
		}
		return func() tea.Msg {
			if _, err := mentorship.AddSessionReflection(p, id, portfolio.Entry{Sections: secs, Template: "mentor-reflection"}); err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: "Reflection saved, private."}
		}
	})
	nb.banner = "PRIVATE · only you see this: never on an agenda, in a preview or shared."
	return nb
}

// topicsPage picks the meeting's topics from the default list and the user's own.
type topicsPage struct {
	ctx    *context
	topics []string
	picked map[string]bool
	cursor int
}

func newTopicsPage(ctx *context, topics []string) *topicsPage {
	return &topicsPage{ctx: ctx, topics: topics, picked: map[string]bool{}}
}

func (tp *topicsPage) Label() string  { return "Topics" }
func (tp *topicsPage) Filled() bool   { return len(tp.picked) > 0 }
func (tp *topicsPage) Focus() tea.Cmd { return nil }
func (tp *topicsPage) Blur()          {}
func (tp *topicsPage) Typing() bool   { return false }
func (tp *topicsPage) Value() string  { return strings.Join(tp.chosen(), "\n") }

func (tp *topicsPage) Keys() []key.Binding {
	k := tp.ctx.keys
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
	k := tp.ctx.keys
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
	s := tp.ctx.styles
	lines := []string{s.subtle.Render("What the meeting was about: space picks. Topics show how a scheme is used.")}
	for i, t := range tp.topics {
		box := "[ ] "
		if tp.picked[t] {
			box = s.ok.Render("[x] ")
		}
		line := box + sanitize.Line(t)
		if i == tp.cursor {
			lines = append(lines, s.cursor.Render("▸ ")+s.selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}

// actionsPage collects the actions agreed at the meeting, each with a due date, and
// the goal they go under. As a mentor, each action is also marked whose it is:
// the mentee's is recorded on the meeting, one the mentor takes on goes into the
// mentor's own plan.
type actionsPage struct {
	ctx    *context
	person string
	mentor bool
	what   *field
	due    *field
	whose  *field // mentor only: the mentee's or mine
	row    int    // what, due, whose (mentor only), goal
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

func newActionsPage(ctx *context, r *portfolio.Relationship, goals []*portfolio.Goal) *actionsPage {
	what := newLineField(ctx.styles, "Action", "", "e.g. Book a session with the anticoagulation nurse", portfolio.MaxTitleRunes)
	due := newLineField(ctx.styles, "Due", "", "next friday, in 2 weeks", 40)
	due.withDateHint(ctx.today(), "no date")
	due.setWidth(ctx.width, labelWidth)
	title := agreedGoalTitle(r.Person)
	goals = slices.DeleteFunc(slices.Clone(goals), func(g *portfolio.Goal) bool { return g.Title == title })
	ap := &actionsPage{ctx: ctx, person: r.Person, what: what, due: due, goals: goals, today: ctx.today(), mentor: r.Role == portfolio.RoleMentor}
	if ap.mentor {
		ap.whose = newChoiceField("Whose", []string{possessive(sanitize.Line(r.Person)), "mine"}, whoseTheirs)
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

func (ap *actionsPage) Label() string { return "Actions" }
func (ap *actionsPage) Filled() bool  { return len(ap.added) > 0 }
func (ap *actionsPage) Typing() bool  { return ap.row < 2 }

// rows is how many rows the page has; the goal is the last.
func (ap *actionsPage) rows() int {
	if ap.mentor {
		return 4
	}
	return 3
}

func (ap *actionsPage) goalRow() int { return ap.rows() - 1 }

// theirs reports whether the action being typed is the mentee's.
func (ap *actionsPage) theirs() bool { return ap.mentor && ap.whose.choice == whoseTheirs }

func (ap *actionsPage) Keys() []key.Binding {
	k := ap.ctx.keys
	return []key.Binding{k.AddRow, k.RemoveLast}
}

func (ap *actionsPage) Value() string {
	var b strings.Builder
	for _, r := range ap.added {
		fmt.Fprintf(&b, "- %s (due %s, theirs %v)\n", r.a.What, r.a.Due, r.theirs)
	}
	fmt.Fprintf(&b, "%s\x00%s\x00%d\x00%v", ap.what.value(), ap.due.value(), ap.goal, ap.theirs())
	return b.String()
}

func (ap *actionsPage) Focus() tea.Cmd { return ap.focusRow(ap.row) }

func (ap *actionsPage) Blur() {
	ap.what.blur()
	ap.due.blur()
}

// Tab moves between the page's rows; see rowPage.
func (ap *actionsPage) Tab(dir int) (tea.Cmd, bool) {
	r := ap.row + dir
	if r < 0 || r >= ap.rows() {
		return nil, false
	}
	return ap.focusRow(r), true
}

// Enter focuses the first row, or the last when tab comes back from the page after.
func (ap *actionsPage) Enter(dir int) tea.Cmd {
	if dir < 0 {
		return ap.focusRow(ap.goalRow())
	}
	return ap.focusRow(0)
}

func (ap *actionsPage) focusRow(r int) tea.Cmd {
	ap.Blur()
	ap.row = (r + ap.rows()) % ap.rows()
	switch ap.row {
	case 0:
		return ap.what.focus()
	case 1:
		return ap.due.focus()
	}
	return nil
}

// add takes the typed action into the list; a bad due date keeps the text.
func (ap *actionsPage) add() bool {
	what := strings.TrimSpace(ap.what.value())
	if what == "" {
		ap.err = "Type what was agreed first."
		return false
	}
	due, err := optionalDate(ap.due.value(), ap.today)
	if err != nil {
		ap.err = errorText(err)
		return false
	}
	ap.added = append(ap.added, agreedRow{portfolio.Action{What: what, Due: due}, ap.theirs()})
	ap.what.input.SetValue("")
	ap.due.input.SetValue("")
	ap.err = ""
	return true
}

// all are the agreed actions, including one typed but not yet added: the user's
// own, for their plan, and, for a mentor, the mentee's, for the meeting.
func (ap *actionsPage) all(today calendar.Date) (mine []portfolio.Action, theirs []portfolio.AgreedAction, err error) {
	rows := slices.Clone(ap.added)
	if what := strings.TrimSpace(ap.what.value()); what != "" {
		due, err := optionalDate(ap.due.value(), today)
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

func (ap *actionsPage) Update(msg tea.Msg) tea.Cmd {
	k := ap.ctx.keys
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
		case ap.mentor && ap.row == 2 && ap.whose.choose(msg, k):
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
		return ap.what.update(msg, ap.ctx.keys)
	case 1:
		return ap.due.update(msg, ap.ctx.keys)
	}
	return nil
}

func (ap *actionsPage) goalName() string {
	if ap.goal == 0 {
		return agreedGoalTitle(ap.person)
	}
	return ap.goals[ap.goal-1].Title
}

func (ap *actionsPage) View(width, height int) string {
	s := ap.ctx.styles
	label := func(i int, name string) string {
		if i == ap.row {
			return s.focusedLabel.Render(pad("▸ "+name, labelWidth))
		}
		return s.label.Render(pad("  "+name, labelWidth))
	}
	ap.what.setWidth(width, labelWidth)
	intro := "What was agreed, with due dates: enter adds each to your action plan."
	if ap.mentor {
		intro = "What was agreed: enter adds each. " + possessive(sanitize.Line(ap.person)) + " actions are recorded on the meeting; the ones you take on go into your action plan."
	}
	lines := wrapLines(s.subtle, intro, width, 2)
	lines = append(lines,
		ap.what.view(s, labelWidth, ap.row == 0)[0],
		ap.due.view(s, labelWidth, ap.row == 1)[0],
	)
	if ap.mentor {
		lines = append(lines, ap.whose.view(s, labelWidth, ap.row == 2)[0])
	}
	goal := label(ap.goalRow(), "Goal") + s.selected.Render(" "+ansi.Truncate(sanitize.Line(ap.goalName()), width-labelWidth-6, "…")+" ") + s.faint.Render(" ←/→")
	if ap.theirs() {
		goal = label(ap.goalRow(), "Goal") + s.faint.Render("for actions you take on: "+ansi.Truncate(sanitize.Line(ap.goalName()), width-labelWidth-26, "…"))
	}
	lines = append(lines, goal)
	if ap.err != "" {
		lines = append(lines, s.errorText.Render(ansi.Truncate(ap.err, width, "…")))
	}
	lines = append(lines, "")
	if len(ap.added) == 0 {
		lines = append(lines, s.faint.Render("  No actions agreed yet."))
	}
	for i, r := range ap.added {
		due := s.faint.Render("no date")
		if !r.a.Due.IsZero() {
			due = s.due.Render("due " + r.a.Due.String())
		}
		what := sanitize.Line(r.a.What)
		if ap.mentor {
			owner := "mine"
			if r.theirs {
				owner = possessive(sanitize.Line(ap.person))
			}
			due = s.subtle.Render(owner+" · ") + due
		}
		lines = append(lines, fmt.Sprintf("  %d. ", i+1)+fitRight(what, due, width-6))
	}
	return strings.Join(lines, "\n")
}

// datesPage holds when the meeting was held, how, when the next one is, and
// whether its notes may be shared with the other party.
type datesPage struct {
	ctx     *context
	held    *field
	next    *field
	format  *field
	sharing *field
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

func newDatesPage(ctx *context, held, next string) *datesPage {
	mk := func(label, v string) *field {
		f := newLineField(ctx.styles, label, v, "2026-04-14, in 4 weeks", 40)
		f.withDateHint(ctx.today(), "not set")
		f.setWidth(ctx.width, labelWidth)
		return f
	}
	return &datesPage{ctx: ctx, held: mk("Held on", held), next: mk("Next", next), format: newChoiceField("Format", formatChoices(), 0),
		sharing: newChoiceField("Notes", notesSharingChoices(), notesPrivate)}
}

// shared reports whether the notes are marked fit to share with the other party.
func (dp *datesPage) shared() bool { return dp.sharing.choice == notesShareable }

func (dp *datesPage) Label() string { return "Dates" }
func (dp *datesPage) Filled() bool  { return strings.TrimSpace(dp.next.value()) != "" }
func (dp *datesPage) Typing() bool  { return dp.row < 2 }
func (dp *datesPage) Value() string {
	return dp.held.value() + "\x00" + dp.next.value() + "\x00" + dp.format.value() + "\x00" + dp.sharing.value()
}
func (dp *datesPage) Keys() []key.Binding { return []key.Binding{dp.ctx.keys.ClearLine} }
func (dp *datesPage) Focus() tea.Cmd      { return dp.focusRow(dp.row) }
func (dp *datesPage) Blur() {
	dp.held.blur()
	dp.next.blur()
}

// Tab moves between the page's rows; see rowPage.
func (dp *datesPage) Tab(dir int) (tea.Cmd, bool) {
	r := dp.row + dir
	if r < 0 || r >= datesRows {
		return nil, false
	}
	return dp.focusRow(r), true
}

// Enter focuses the first row, or the last when tab comes back from the page after.
func (dp *datesPage) Enter(dir int) tea.Cmd {
	if dir < 0 {
		return dp.focusRow(datesRows - 1)
	}
	return dp.focusRow(0)
}

func (dp *datesPage) focusRow(r int) tea.Cmd {
	dp.Blur()
	dp.row = (r + datesRows) % datesRows
	switch dp.row {
	case 0:
		return dp.held.focus()
	case 1:
		return dp.next.focus()
	}
	return nil
}

func (dp *datesPage) Update(msg tea.Msg) tea.Cmd {
	k := dp.ctx.keys
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, k.ArrowDown, k.Enter):
			return dp.focusRow(dp.row + 1)
		case key.Matches(msg, k.ArrowUp):
			return dp.focusRow(dp.row - 1)
		case dp.row == 2 && dp.format.choose(msg, k):
			return nil
		case dp.row == 3 && dp.sharing.choose(msg, k):
			return nil
		}
	}
	switch dp.row {
	case 0:
		return dp.held.update(msg, dp.ctx.keys)
	case 1:
		return dp.next.update(msg, dp.ctx.keys)
	}
	return nil
}

func (dp *datesPage) View(width, height int) string {
	s := dp.ctx.styles
	return strings.Join([]string{
		s.subtle.Render("When it was held and when you meet next; the next date shows on the dashboard."),
		dp.held.view(s, labelWidth, dp.row == 0)[0],
		dp.next.view(s, labelWidth, dp.row == 1)[0],
		dp.format.view(s, labelWidth, dp.row == 2)[0],
		dp.sharing.view(s, labelWidth, dp.row == 3)[0],
		s.subtle.Render(ansi.Truncate("  Shareable notes go into exports without ticking \"include private\".", width, "…")),
	}, "\n")
}

// newMeetingView renders a held meeting's record for reading.
func newMeetingView(ctx *context, id portfolio.ID) screen {
	return &meetingLoader{ctx: ctx, id: id}
}

// meetingLoader renders a meeting off the update loop, then gives way to a docView.
type meetingLoader struct {
	ctx *context
	id  portfolio.ID
}

func (ml *meetingLoader) Init() tea.Cmd {
	p, md, width, id := ml.ctx.p, ml.ctx.md, ml.ctx.width, ml.id
	return func() tea.Msg {
		m, ok := p.Meeting(id)
		if !ok {
			return errMsg{fmt.Errorf("%w: the meeting is no longer in the vault", portfolio.ErrNotFound)}
		}
		text := meetingMarkdown(p, m)
		return renderDoc(md, width, "Meeting", "Your record of the meeting: the notes are yours unless you export them.", text)
	}
}
func (ml *meetingLoader) Update(msg tea.Msg) (nav, tea.Cmd) {
	if d, ok := msg.(docMsg); ok {
		return replace(newDocView(ml.ctx, d)), nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, ml.ctx.keys.Back) {
		return back(), nil
	}
	return nav{}, nil
}
func (ml *meetingLoader) View() string      { return ml.ctx.styles.subtle.Render("  Loading…") }
func (ml *meetingLoader) Title() string     { return "Meeting" }
func (ml *meetingLoader) Keys() help.KeyMap { return helpKeys{short: []key.Binding{ml.ctx.keys.Back}} }
func (ml *meetingLoader) Typing() bool      { return false }

// SetSize does nothing: the meetingLoader draws from the context's size each frame.
func (ml *meetingLoader) SetSize(int, int) tea.Cmd { return nil }
func (ml *meetingLoader) Loading() bool            { return true }

// meetingMarkdown is a meeting as Markdown, sanitised: notes, topics, agreed
// actions, and the user's own reflections on it, marked private.
func meetingMarkdown(p *portfolio.Portfolio, m *portfolio.Meeting) string {
	var b strings.Builder
	title := "Meeting"
	if r, ok := p.Relationship(m.RelationshipID); ok {
		title = "Meeting with " + escapeMarkdown(sanitize.Line(r.Person))
	}
	fmt.Fprintf(&b, "# %s, %s\n\n", title, m.Date)
	fmt.Fprintf(&b, "%s", m.Format)
	if len(m.Topics) > 0 {
		fmt.Fprintf(&b, " · %s", escapeMarkdown(sanitize.Line(strings.Join(m.Topics, ", "))))
	}
	if !m.NextDate.IsZero() {
		fmt.Fprintf(&b, " · next meeting %s", m.NextDate)
	}
	b.WriteString("\n\n")
	for _, s := range m.Notes {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", escapeMarkdown(sanitize.Line(s.Heading)), sanitize.Text(s.Body))
	}
	if len(m.AgreedActionIDs) > 0 {
		b.WriteString("## Agreed actions\n\n")
		for _, id := range m.AgreedActionIDs {
			if a, ok := p.Action(id); ok {
				line := escapeMarkdown(sanitize.Line(a.What)) + " (" + a.Status.String()
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
		if r, ok := p.Relationship(m.RelationshipID); ok {
			person = r.Person
		}
		fmt.Fprintf(&b, "## Agreed by %s\n\n", escapeMarkdown(sanitize.Line(person)))
		for _, a := range m.MenteeActions {
			line := escapeMarkdown(sanitize.Line(a.What))
			if !a.Due.IsZero() {
				line += " (due " + a.Due.String() + ")"
			}
			fmt.Fprintf(&b, "- %s\n", line)
		}
		b.WriteString("\n")
	}
	for _, e := range mentorship.SessionReflections(p, m.ID) {
		fmt.Fprintf(&b, "## Your private reflection\n\n*%s*\n\n%s\n\n", escapeMarkdown(sanitize.Line(e.Title)), sanitize.Text(e.Text()))
	}
	return b.String()
}
