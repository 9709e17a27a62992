package mentoring

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	trash "github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/export"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/pages/meetings"
	"github.com/foliohq/folio/ui/sanitize"
)

// RelationshipView is one relationship: its plan and agreement, its meetings, the
// actions agreed at them and the self-assessments of progress.
type RelationshipView struct {
	ctx    *common.Context
	id     portfolio.ID
	Data   *RelData
	loaded bool // data is nil once loaded if the relationship is gone
	Cursor int  // over the meetings, newest first
	// asking is the question open (y or n): delete, or reopen an ended one.
	asking relQuestion
	att    components.Attachments // the relationship's files: an agreement, a contract
}

type relQuestion int

const (
	askNothing relQuestion = iota
	askDelete
	askReopen
)

// relChangedMsg: the relationship was moved to the trash (gone) or reopened.
type relChangedMsg struct {
	gone bool
	note string
}

// Asking: a question is open, so u answers it rather than undoing.
func (rv *RelationshipView) Asking() bool { return rv.asking != askNothing }

type RelData struct {
	r        *portfolio.Relationship
	stats    mentorship.MeetingStats
	Meetings []*portfolio.Meeting // newest first
	actions  []*portfolio.Action
	progress []*portfolio.Rating
	received []*portfolio.Received // documents shared with this vault for it, newest first
	today    calendar.Date
	// timeline is the plan's course, when the relationship has a planned length.
	timeline *mentorship.Timeline
	// topics tallies the topics of this relationship's held meetings, and of all.
	topics, allTopics []mentorship.TopicCount
	sameOrg           bool
	atts              components.AttachmentsMsg
}

type relLoadedMsg struct {
	id   portfolio.ID
	data *RelData
}

// How many agreed actions the view lists; the goal they are under lists them all.
const relMaxActions = 5

// relMaxMeetings is how many meetings the view lists, newest first.
const relMaxMeetings = 5

// shownMeetings is how many meetings are listed, and so can be chosen.
func (d *RelData) shownMeetings() int { return min(len(d.Meetings), relMaxMeetings) }

// Rows is what the cursor moves over: the meetings shown, then received documents.
func (d *RelData) Rows() int { return d.shownMeetings() + len(d.received) }

// NewRelationshipView opens the relationship with the given ID.
func NewRelationshipView(ctx *common.Context, id portfolio.ID) *RelationshipView {
	return newRelationshipView(ctx, id)
}

func newRelationshipView(ctx *common.Context, id portfolio.ID) *RelationshipView {
	return &RelationshipView{ctx: ctx, id: id, att: components.NewAttachments(ctx, id)}
}

func (rv *RelationshipView) Init() tea.Cmd   { return rv.load() }
func (rv *RelationshipView) Resume() tea.Cmd { return rv.load() }
func (rv *RelationshipView) Title() string   { return "Relationship" }
func (rv *RelationshipView) Typing() bool    { return rv.att.Typing() }

// SetSize does nothing: the relationshipView draws from the context's size each frame.
func (rv *RelationshipView) SetSize(int, int) tea.Cmd { return nil }
func (rv *RelationshipView) Loading() bool            { return !rv.loaded }

func (rv *RelationshipView) Keys() help.KeyMap {
	k := rv.ctx.Keys
	if att := rv.att.Keys(); rv.att.Typing() {
		return common.HelpKeys{Short: att, Full: [][]key.Binding{att}}
	}
	if rv.asking != askNothing {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	end := k.EndRelationship
	if rv.Data != nil && rv.Data.r != nil && rv.Data.r.Status == portfolio.RelEnded {
		end = k.ReopenRelationship
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Prepare, k.RecordMeeting, k.Timeline, k.RatingsChart, k.Back},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.Open, k.Back, k.History, k.Delete},
			append([]key.Binding{k.Prepare, k.Preview, k.RecordMeeting, k.Export, k.Calendar}, rv.att.Keys()...),
			{k.Agreement, k.Edit, k.SelfAssess, end, k.Timeline, k.RatingsChart},
		},
	}
}

func (rv *RelationshipView) load() tea.Cmd {
	p, id := rv.ctx.Portfolio, rv.id
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		r, ok := mentorship.Relationship(p, id)
		if !ok {
			return relLoadedMsg{id: id}
		}
		d := &RelData{r: r, stats: mentorship.Stats(p, id), today: p.Today(), sameOrg: mentorship.SameOrganisation(p, r)}
		ms := mentorship.Meetings(p, id)
		for i := len(ms) - 1; i >= 0; i-- {
			d.Meetings = append(d.Meetings, ms[i])
		}
		d.actions = mentorship.AgreedActions(p, id)
		d.progress = mentorship.Ratings(p, portfolio.RatingProgress, id)
		d.received = share.ReceivedDocuments(p, id)
		if t, ok := mentorship.TimelineOf(p, id); ok {
			d.timeline = &t
		}
		d.topics, d.allTopics = mentorship.TopicTally(p, id), mentorship.TopicTally(p, "")
		d.atts = components.ReadAttachments(p, id, "")
		return relLoadedMsg{id: id, data: d}
	}
}

func (rv *RelationshipView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); !ok {
		if handled, cmd := rv.att.Update(msg); handled {
			return common.Nav{}, cmd
		}
	}
	switch msg := msg.(type) {
	case relLoadedMsg:
		if msg.id == rv.id {
			rv.Data, rv.loaded = msg.data, true
			if rv.Data != nil {
				rv.att.Update(rv.Data.atts)
				rv.Cursor = min(rv.Cursor, max(rv.Data.Rows()-1, 0))
			}
		}
	case components.DocMsg:
		return common.Push(components.NewDocView(rv.ctx, msg)), nil
	case meetings.NotesReadyMsg:
		return meetings.OpenNotesReady(rv.ctx, msg), nil
	case agreementLoadedMsg:
		if msg.rel.ID == rv.id {
			return common.Push(agreementNotebook(rv.ctx, msg.rel, nil, msg.tmpl)), nil
		}
	case relChangedMsg:
		if msg.gone {
			return common.Back(), common.Flash(msg.note)
		}
		return common.Nav{}, tea.Batch(rv.load(), common.Flash(msg.note))
	case tea.KeyPressMsg:
		return rv.handleKey(msg)
	}
	return common.Nav{}, nil
}

// answer takes the key that answers the open question.
func (rv *RelationshipView) answer(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	yes, answered := common.Answer(msg, rv.ctx.Keys.Yes, rv.ctx.Keys.No)
	if !answered {
		return common.Nav{}, nil
	}
	q := rv.asking
	rv.asking = askNothing
	if !yes || rv.Data == nil || rv.Data.r == nil {
		return common.Nav{}, common.Flash("Nothing changed.")
	}
	p, r := rv.ctx.Portfolio, rv.Data.r
	return common.Nav{}, func() tea.Msg {
		if q == askReopen {
			if _, err := mentorship.ReopenRelationship(p, r.ID); err != nil {
				return common.ErrMsg{Err: err}
			}
			return relChangedMsg{note: "Reopened the relationship with " + sanitize.Line(r.Person) + ": u undoes."}
		}
		d, err := trash.Delete(p, r.ID, portfolio.KindRelationship)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		note := "Moved the relationship with " + sanitize.Line(r.Person) + " to the trash"
		if n := d.Deleted[portfolio.KindMeeting]; n > 0 {
			note += ", with " + common.Plural(n, "meeting", "meetings")
		}
		if n := d.Deleted[portfolio.KindRating]; n > 0 {
			note += " and " + common.Plural(n, "rating", "ratings")
		}
		return relChangedMsg{gone: true, note: note + ": u undoes, T on the dashboard lists the trash."}
	}
}

// handleKey is one flat switch over the relationship view's keys: read as a
// table of key and action, it is clearer whole than split. The keys that change
// the record come after the ended case, so an ended relationship stays as it was.
func (rv *RelationshipView) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := rv.ctx.Keys
	if rv.asking != askNothing {
		return rv.answer(msg)
	}
	if handled, cmd := rv.att.Update(msg); handled {
		return common.Nav{}, cmd
	}
	if key.Matches(msg, k.Back) {
		return common.Back(), nil
	}
	if rv.Data == nil {
		return common.Nav{}, nil
	}
	r := rv.Data.r
	ended := r.Status == portfolio.RelEnded
	switch {
	case key.Matches(msg, k.Down):
		rv.Cursor = min(rv.Cursor+1, max(rv.Data.Rows()-1, 0))
	case key.Matches(msg, k.Up):
		rv.Cursor = max(rv.Cursor-1, 0)
	case key.Matches(msg, k.Open) && rv.Cursor >= rv.Data.shownMeetings():
		if i := rv.Cursor - rv.Data.shownMeetings(); i < len(rv.Data.received) {
			return common.Nav{}, meetings.OpenReceived(rv.ctx, rv.Data.received[i])
		}
	case key.Matches(msg, k.Open):
		if len(rv.Data.Meetings) == 0 {
			return common.Nav{}, nil
		}
		m := rv.Data.Meetings[rv.Cursor]
		if !m.Held && !ended {
			return common.Push(meetings.NewAgendaBuilder(rv.ctx, r.ID)), nil
		}
		return common.Push(meetings.NewMeetingView(rv.ctx, m.ID)), nil
	case key.Matches(msg, k.History):
		return common.Push(history.NewHistory(rv.ctx, r.ID)), nil
	case key.Matches(msg, k.Timeline):
		return common.Push(newTimelineView(rv.ctx, r.ID)), nil
	case key.Matches(msg, k.RatingsChart):
		return common.Push(newRatingsChart(rv.ctx, r.ID)), nil
	case key.Matches(msg, k.Edit):
		return common.Push(relationshipForm(rv.ctx, r)), nil
	case key.Matches(msg, k.Agreement):
		return common.Nav{}, loadAgreement(rv.ctx.Opts.ConfigDir, r)
	case key.Matches(msg, k.SelfAssess):
		return common.Push(progressForm(rv.ctx, r, len(rv.Data.progress))), nil
	case key.Matches(msg, k.Calendar):
		return common.Push(export.NewExporter(rv.ctx, export.CalendarSource(rv.ctx, r.ID))), nil
	case key.Matches(msg, k.Export):
		// The meeting under the cursor; otherwise the next one, else the last held.
		var id portfolio.ID
		if rv.Cursor < rv.Data.shownMeetings() {
			id = rv.Data.Meetings[rv.Cursor].ID
		} else if len(rv.Data.Meetings) == 0 {
			return common.Nav{}, common.Flash("No meeting yet: p prepares an agenda for the next one, then x exports it.")
		}
		return common.Push(export.NewExporter(rv.ctx, export.MeetingSource(rv.ctx, r.ID, id))), nil
	case key.Matches(msg, k.Delete):
		rv.asking = askDelete
	case ended && key.Matches(msg, k.ReopenRelationship):
		rv.asking = askReopen
	case ended:
		return common.Nav{}, common.Flash("This relationship has ended; its record stays as it was. X reopens it.")
	case key.Matches(msg, k.Prepare):
		return common.Push(meetings.NewAgendaBuilder(rv.ctx, r.ID)), nil
	case key.Matches(msg, k.Preview):
		if up := rv.Data.stats.Upcoming; up != nil {
			return common.Nav{}, meetings.PreviewAgenda(rv.ctx, up.ID)
		}
		return common.Nav{}, common.Flash("No agenda yet: press p to prepare the next meeting.")
	case key.Matches(msg, k.RecordMeeting):
		return meetings.OpenMeetingRecord(rv.ctx, r, rv.Data.stats)
	case key.Matches(msg, k.EndRelationship):
		return common.Push(endForm(rv.ctx, r)), nil
	}
	return common.Nav{}, nil
}

// View draws the relationship top to bottom: facts and agreement, meetings and
// documents received, agreed actions, progress.
func (rv *RelationshipView) View() string {
	s := rv.ctx.Styles
	w := rv.ctx.Width
	if rv.Data == nil {
		return s.Subtle.Render("  Loading…")
	}
	if rv.Data.r == nil {
		return s.Subtle.Render("  This relationship is no longer in the vault. Esc goes back.")
	}
	lines := rv.factLines(s, w)
	if rv.asking != askNothing {
		lines = append([]string{rv.question(s), ""}, lines...)
	}
	if files := rv.att.View(w); files != "" {
		lines = append(lines, "", files)
	}
	lines = append(lines, rv.recordLines(s, w)...)
	lines = append(lines, rv.actionLines(s, w)...)
	lines = append(lines, "", s.Section.Render("Progress")+s.Subtle.Render("  self-assessed; o adds one"))
	lines = append(lines, progressChart(s, rv.Data.progress, w)...)
	return strings.Join(lines, "\n")
}

// question is the open question, drawn above the facts.
func (rv *RelationshipView) question(s common.Styles) string {
	person := sanitize.Line(rv.Data.r.Person)
	if rv.asking == askReopen {
		return s.Dialog.Render(s.Warn.Render("Reopen the relationship with "+person+"?") + "\n" +
			"It becomes active again; its end stays in its history.\n\n" + s.Subtle.Render("y reopens it (u undoes) · n or esc keeps it ended"))
	}
	return s.Dialog.Render(s.Warn.Render("Move the relationship with "+person+" to the trash?") + "\n" +
		"Its meetings and ratings go with it, and come back with it.\n\n" + s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it"))
}

// factLines are the relationship's title and status, its plan, how many meetings
// are held, its agreement and, once ended, why.
func (rv *RelationshipView) factLines(s common.Styles, w int) []string {
	d := rv.Data
	r := d.r
	var lines []string
	status := r.Role.Label() + " · " + r.Status.String()
	if r.Status == portfolio.RelEnded {
		status += " " + r.EndedOn.String()
	}
	lines = append(lines, common.Spread(s.Title.Render(sanitize.Line(r.Title())), s.Subtle.Render(status), w))

	var plan []string
	if r.Organisation != "" {
		org := sanitize.Line(r.Organisation)
		if d.sameOrg {
			org += s.Warn.Render(" (your own organisation)")
		}
		plan = append(plan, org)
	}
	plan = append(plan, "from "+r.Start.String())
	if r.LengthMonths > 0 {
		plan = append(plan, common.Plural(r.LengthMonths, "month", "months"))
	}
	plan = append(plan, portfolio.IntervalText(r.IntervalDays))
	lines = append(lines, ansi.Truncate(strings.Join(plan, s.Faint.Render(" · ")), w, "…"))

	held := fmt.Sprintf("%d of %s held", d.stats.Held, plannedText(d.stats.Planned))
	meter := ""
	if d.stats.Planned > 0 {
		meter = "  " + meterBar(s, d.stats.Held, d.stats.Planned, min(d.stats.Planned, 12))
	}
	next := s.Faint.Render("next: not set")
	if !d.stats.Next.IsZero() && r.Status != portfolio.RelEnded {
		next = "next " + d.stats.Next.String() + " " + common.DaysText(s, d.today, d.stats.Next)
	}
	lines = append(lines, s.Label.Render("Meetings  ")+held+meter+"   "+next)
	if t := d.timeline; t != nil && r.Status != portfolio.RelEnded {
		line := s.Label.Render("Timeline  ") + fmt.Sprintf("%d expected by now", t.Expected) + s.Faint.Render(" · ") + "ends " + t.End.String()
		switch {
		case t.EndPassed:
			line += "  " + s.Warn.Render("! the planned end has passed: M")
		case t.Behind():
			line += "  " + s.Warn.Render("! a little behind: M")
		default:
			line += "  " + s.Subtle.Render("M for milestones")
		}
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}

	if len(r.Agreement) == 0 {
		lines = append(lines, s.Label.Render("Agreement ")+s.Warn.Render("none yet: press a to write it"))
	} else {
		var heads []string
		for _, sec := range r.Agreement {
			heads = append(heads, sanitize.Line(sec.Heading))
		}
		lines = append(lines, ansi.Truncate(s.Label.Render("Agreement ")+s.Ok.Render("✓ ")+"agreed "+r.AgreedOn.String()+s.Subtle.Render(": "+strings.Join(heads, ", ")), w, "…"))
	}
	if t := rv.topicLine(s, w); t != "" {
		lines = append(lines, t)
	}
	if r.Status == portfolio.RelEnded && r.EndReason != "" {
		lines = append(lines, ansi.Truncate(s.Subtle.Render("Ended: "+sanitize.Line(r.EndReason)), w, "…"))
	}

	return lines
}

// recordLines list the meetings, then the documents shared with the user.
func (rv *RelationshipView) recordLines(s common.Styles, w int) []string {
	d := rv.Data
	var lines []string
	lines = append(lines, "", s.Section.Render("Meetings"))
	if len(d.Meetings) == 0 {
		lines = append(lines, s.Faint.Render("  None yet. p prepares an agenda for the first; r records one already held."))
	}
	for i, m := range d.Meetings {
		if i == relMaxMeetings {
			lines = append(lines, s.Faint.Render(fmt.Sprintf("  and %d earlier", len(d.Meetings)-relMaxMeetings)))
			break
		}
		lines = append(lines, rv.meetingRow(m, w, i == rv.Cursor))
	}
	if len(d.received) > 0 {
		lines = append(lines, "", s.Section.Render("Shared with you")+s.Subtle.Render("  read-only; enter opens"))
		for i, doc := range d.received {
			lines = append(lines, meetings.ReceivedRow(s, doc, w, rv.Cursor == d.shownMeetings()+i))
		}
	}

	return lines
}

// actionLines are the user's open agreed actions, then what the mentee agreed.
func (rv *RelationshipView) actionLines(s common.Styles, w int) []string {
	d := rv.Data
	var lines []string
	if len(d.actions) > 0 {
		lines = append(lines, "", s.Section.Render("Agreed actions"))
		shown := 0
		for _, a := range d.actions {
			if a.Status == portfolio.ActionDone {
				continue
			}
			if shown == relMaxActions {
				break
			}
			shown++
			lines = append(lines, "  "+agreedActionLine(s, a, d.today, w-2))
		}
		if shown == 0 {
			lines = append(lines, s.Done.Render(fmt.Sprintf("  All %d done.", len(d.actions))))
		}
	}

	// What the mentee agreed at the last meeting that recorded any: theirs to do,
	// kept on the meeting rather than in the mentor's plan.
	for _, m := range d.Meetings {
		if !m.Held || len(m.MenteeActions) == 0 {
			continue
		}
		lines = append(lines, "", s.Section.Render("Agreed by "+sanitize.Line(d.r.Person))+s.Subtle.Render("  at the meeting of "+m.Date.String()))
		for _, a := range m.MenteeActions {
			due := s.Faint.Render("no date")
			if !a.Due.IsZero() {
				due = s.Due.Render("due " + a.Due.String())
			}
			lines = append(lines, "  "+common.FitRight(sanitize.Line(a.What), due, w-2))
		}
		break
	}

	return lines
}

// topicTallyMost is how many topics a tally names before "and N more".
const topicTallyMost = 4

// topicLine tallies the topics discussed, most discussed first with the number of
// meetings that discussed each: across this relationship's meetings, then across
// every relationship's. Empty before any meeting had a topic.
func (rv *RelationshipView) topicLine(s common.Styles, w int) string {
	d := rv.Data
	if len(d.topics) == 0 && len(d.allTopics) == 0 {
		return ""
	}
	tally := func(tc []mentorship.TopicCount) string {
		var parts []string
		for i, t := range tc {
			if i == topicTallyMost {
				parts = append(parts, fmt.Sprintf("%d more", len(tc)-i))
				break
			}
			parts = append(parts, fmt.Sprintf("%s %d", sanitize.Line(t.Topic), t.Meetings))
		}
		if len(parts) == 0 {
			return s.Faint.Render("none yet")
		}
		return strings.Join(parts, s.Faint.Render(" · "))
	}
	return ansi.Truncate(s.Label.Render("Topics    ")+tally(d.topics)+s.Subtle.Render("   all: ")+tally(d.allTopics), w, "…")
}

func (rv *RelationshipView) meetingRow(m *portfolio.Meeting, width int, selected bool) string {
	s := rv.ctx.Styles
	var what string
	if m.Held {
		what = s.Done.Render("held   ") + " " + common.Plural(len(m.AgreedActionIDs)+len(m.MenteeActions), "action agreed", "actions agreed")
		if len(m.Topics) > 0 {
			what += s.Subtle.Render(" · " + sanitize.Line(strings.Join(m.Topics, ", ")))
		}
	} else {
		what = s.Due.Render("planned") + " " + common.Plural(len(m.Agenda), "agenda item", "agenda items") + " " + common.DaysText(s, rv.Data.today, m.Date)
	}
	line := ansi.Truncate(m.Date.String()+"  "+what, width-2, "…")
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// agreedActionLine is an action with its box and when it is due.
func agreedActionLine(s common.Styles, a *portfolio.Action, today calendar.Date, width int) string {
	box := "[ ]"
	if a.Status == portfolio.ActionDoing {
		box = "[~]"
	} else if a.Status == portfolio.ActionDone {
		box = "[x]"
	}
	right := ""
	switch {
	case a.Overdue(today):
		right = s.Overdue.Render("overdue " + a.Due.String())
	case !a.Due.IsZero():
		right = s.Due.Render("due " + a.Due.String())
	}
	return box + " " + common.FitRight(sanitize.Line(a.What), right, width-4)
}

// meterBar is done of total as cells, one per meeting when they fit.
func meterBar(s common.Styles, done, total, cells int) string {
	if total <= 0 || cells <= 0 {
		return ""
	}
	filled := min(done*cells/total, cells)
	if done > 0 && filled == 0 {
		filled = 1
	}
	return s.Bar.Render(strings.Repeat("█", filled)) + s.Faint.Render(strings.Repeat("░", cells-filled))
}

// progressChart draws each outcome's self-assessed score at each stage as bars side
// by side, so the change from start to end reads at a glance.
func progressChart(s common.Styles, ratings []*portfolio.Rating, width int) []string {
	if len(ratings) == 0 {
		return []string{s.Faint.Render("  No self-assessment yet. Take one at the start, the middle and the end.")}
	}
	const nameW = 33
	// By stage, then as taken: two taken the same day still read start to end.
	ratings = slices.Clone(ratings)
	slices.SortStableFunc(ratings, func(a, b *portfolio.Rating) int {
		return slices.Index(portfolio.ProgressStages, a.Stage) - slices.Index(portfolio.ProgressStages, b.Stage)
	})
	shown := ratings[max(len(ratings)-4, 0):]
	head := "  " + strings.Repeat(" ", nameW)
	for _, r := range shown {
		head += common.Pad(s.Subtle.Render(r.Stage), 8)
	}
	lines := []string{head}
	for _, name := range portfolio.ProgressOutcomes {
		line := "  " + common.Pad(s.Label.Render(name), nameW)
		any := false
		for _, r := range shown {
			v := 0
			for _, sc := range r.Scores {
				if sc.Name == name {
					v = sc.Value
				}
			}
			if v > 0 {
				any = true
				line += scoreBar(s, v) + fmt.Sprintf("%d", v) + "  "
			} else {
				line += s.Faint.Render(" –      ")
			}
		}
		if any {
			lines = append(lines, ansi.Truncate(line, width, "…"))
		}
	}
	return lines
}

func roleChoices() []string {
	return []string{"mentee", "mentor", "peer-support", "action-learning"}
}

// relationshipFromForm reads the form's values over r (or a new relationship if
// r is nil): the first value that does not parse is the error.
func relationshipFromForm(v components.FormValues, r *portfolio.Relationship, today calendar.Date) (portfolio.Relationship, error) {
	c := portfolio.Relationship{}
	if r != nil {
		c = *r
	}
	var err error
	if c.Role, err = portfolio.ParseRole(v["Role"]); err != nil {
		return c, err
	}
	c.Person, c.Organisation = v["With"], v["Their org"]
	if c.Start, err = common.OptionalDate(v["Starts"], today); err != nil {
		return c, err
	}
	c.LengthMonths = 0
	if m := strings.TrimSpace(v["Months"]); m != "" {
		if c.LengthMonths, err = strconv.Atoi(m); err != nil {
			return c, fmt.Errorf("%w: the planned length %q is not a number of months", portfolio.ErrInvalid, m)
		}
	}
	c.IntervalDays = 0
	if e := strings.TrimSpace(v["Meet"]); e != "" {
		if c.IntervalDays, err = portfolio.ParseInterval(e); err != nil {
			return c, err
		}
	}
	return c, nil
}

// relationshipForm sets up a relationship, or edits r. A new one goes on to its
// agreement, written from the mentoring agreement template. It is long because it
// declares the form's fields and their live hints, one after another.
func relationshipForm(ctx *common.Context, r *portfolio.Relationship) *components.Form {
	p, today := ctx.Portfolio, ctx.Today()
	own := p.Settings().Organisation
	dir := ctx.Opts.ConfigDir
	role, person, org, start, months, every := 0, "", "", today.String(), "6", "monthly"
	heading := "New relationship"
	if r != nil {
		heading = "Edit relationship"
		role = max(int(r.Role)-1, 0)
		person, org, start = r.Person, r.Organisation, r.Start.String()
		months = ""
		if r.LengthMonths > 0 {
			months = strconv.Itoa(r.LengthMonths)
		}
		every = ""
		if r.IntervalDays > 0 {
			every = portfolio.IntervalText(r.IntervalDays)
		}
	}
	f := components.NewForm(ctx, heading, "Who with, how long, how often. A name or a pseudonym: it stays in your vault.", func(v components.FormValues) tea.Cmd {
		c, err := relationshipFromForm(v, r, today)
		if err != nil {
			return func() tea.Msg { return components.FormFailedMsg{Err: err} }
		}
		newOwn := strings.TrimSpace(v["Your org"])
		return func() tea.Msg {
			if newOwn != own {
				st := p.Settings()
				st.Organisation = newOwn
				if err := p.SaveSettings(st); err != nil {
					return components.FormFailedMsg{Err: err}
				}
			}
			if r != nil {
				if _, err := mentorship.UpdateRelationship(p, c); err != nil {
					return components.FormFailedMsg{Err: err}
				}
				return components.SavedMsg{Note: "Relationship saved."}
			}
			saved, err := mentorship.AddRelationship(p, c)
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			// Without the template the new relationship opens without its agreement.
			t, _ := loadTemplate(dir, "mentoring-agreement")
			return components.SavedMsg{Next: newAgreement{rel: saved, tmpl: t}}
		}
	})
	f.Choice("Role", roleChoices(), role)
	f.Line("With", person, "their name or a pseudonym", validate.MaxTitleRunes)
	f.Line("Their org", org, "optional", validate.MaxTitleRunes)
	// The warning follows the user's organisation as typed below, before it is saved.
	f.Fields[len(f.Fields)-1].Hint = func(v string) string {
		mine := strings.TrimSpace(f.Values()["Your org"])
		if (mine != "" && strings.EqualFold(strings.TrimSpace(v), mine)) || (mine == own && mentorship.SameOrganisation(p, &portfolio.Relationship{Organisation: v})) {
			return "your own: schemes match outside it"
		}
		return ""
	}
	f.Line("Your org", own, "optional: yours, to spot a match within it", validate.MaxTitleRunes)
	f.Line("Starts", start, "2026-03-01, today, last monday", 40).WithDateHint()
	f.Line("Months", months, "planned length: 3, 6 or 12", 4)
	f.Line("Meet", every, "weekly, fortnightly, monthly, every 6 weeks", 40)
	f.Fields[len(f.Fields)-1].Hint = func(v string) string {
		if strings.TrimSpace(v) == "" {
			return "as agreed"
		}
		days, err := portfolio.ParseInterval(v)
		if err != nil {
			return "not understood yet"
		}
		return "every " + common.Plural(days, "day", "days")
	}
	return f
}

// agreementLoadedMsg carries the mentoring agreement template, read by a command.
type agreementLoadedMsg struct {
	rel  *portfolio.Relationship
	tmpl *fill.Template
}

// loadAgreement reads the mentoring agreement template, so that Update can open
// the agreement.
func loadAgreement(dir string, r *portfolio.Relationship) tea.Cmd {
	return func() tea.Msg {
		t, err := loadTemplate(dir, "mentoring-agreement")
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return agreementLoadedMsg{rel: r, tmpl: t}
	}
}

// newAgreement follows a new relationship's form: its agreement, then its view.
type newAgreement struct {
	rel  *portfolio.Relationship
	tmpl *fill.Template // nil if the template could not be read
}

func (n newAgreement) Screen(ctx *common.Context) common.Screen {
	view := newRelationshipView(ctx, n.rel.ID)
	if n.tmpl == nil {
		return view
	}
	return agreementNotebook(ctx, n.rel, view, n.tmpl)
}

// agreementNotebook is the agreement as one page per section of the mentoring
// agreement template t, keeping what was written and any section of the user's own.
func agreementNotebook(ctx *common.Context, r *portfolio.Relationship, after common.Screen, t *fill.Template) *components.Notebook {
	written := map[string]string{}
	for _, s := range r.Agreement {
		written[strings.ToLower(s.Heading)] = s.Body
	}
	var pages []components.Page
	for _, sec := range t.Sections {
		body := written[strings.ToLower(sec.Heading)]
		delete(written, strings.ToLower(sec.Heading))
		pages = append(pages, components.NewTextPage(ctx, sec.Heading, sec.Prompt, body, sec.Required))
	}
	for _, s := range r.Agreement {
		if _, left := written[strings.ToLower(s.Heading)]; left {
			pages = append(pages, components.NewTextPage(ctx, s.Heading, "", s.Body, false))
		}
	}
	p, id := ctx.Portfolio, r.ID
	nb := components.NewNotebook(ctx, "Agreement", "The agreement with "+sanitize.Line(r.Person)+": tab moves between sections, ctrl+s saves. * marks what most agreements cover.", pages, func(nb *components.Notebook) tea.Cmd {
		secs := nb.Sections()
		return func() tea.Msg {
			cur, ok := mentorship.Relationship(p, id)
			if !ok {
				return components.FormFailedMsg{Err: fmt.Errorf("%w: the relationship is no longer in the vault", portfolio.ErrNotFound)}
			}
			c := *cur
			c.Agreement = secs
			if _, err := mentorship.UpdateRelationship(p, c); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Agreement saved."}
		}
	})
	nb.Leave = after
	return nb
}

// endForm ends a relationship with the reason, kept in its record.
func endForm(ctx *common.Context, r *portfolio.Relationship) *components.Form {
	p, id := ctx.Portfolio, r.ID
	f := components.NewForm(ctx, "End relationship", "Ending "+sanitize.Line(r.Title())+". Its meetings and actions stay; nothing more can be added.", func(v components.FormValues) tea.Cmd {
		reason := strings.TrimSpace(v["Reason"])
		if reason == "" {
			return func() tea.Msg {
				return components.FormFailedMsg{Err: errors.New("say briefly why it ends, for your own record: e.g. the six months are up")}
			}
		}
		return func() tea.Msg {
			if _, err := mentorship.EndRelationship(p, id, reason); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Relationship ended."}
		}
	})
	f.Line("Reason", "", "e.g. the planned six months are up; goals met", validate.MaxTitleRunes*5)
	return f
}
