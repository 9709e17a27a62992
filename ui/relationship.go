package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/sanitize"
)

// relationshipView is one relationship: its plan and agreement, its meetings, the
// actions agreed at them and the self-assessments of progress.
type relationshipView struct {
	ctx    *context
	id     portfolio.ID
	data   *relData
	loaded bool // data is nil once loaded if the relationship is gone
	cursor int  // over the meetings, newest first
}

type relData struct {
	r        *portfolio.Relationship
	stats    mentorship.MeetingStats
	meetings []*portfolio.Meeting // newest first
	actions  []*portfolio.Action
	progress []*portfolio.Rating
	received []*portfolio.Received // documents shared with this vault for it, newest first
	today    calendar.Date
	sameOrg  bool
}

type relLoadedMsg struct {
	id   portfolio.ID
	data *relData
}

// How many agreed actions the view lists; the goal they are under lists them all.
const relMaxActions = 5

// relMaxMeetings is how many meetings the view lists, newest first.
const relMaxMeetings = 5

// shownMeetings is how many meetings are listed, and so can be chosen.
func (d *relData) shownMeetings() int { return min(len(d.meetings), relMaxMeetings) }

// rows is what the cursor moves over: the meetings shown, then received documents.
func (d *relData) rows() int { return d.shownMeetings() + len(d.received) }

func newRelationshipView(ctx *context, id portfolio.ID) *relationshipView {
	return &relationshipView{ctx: ctx, id: id}
}

func (rv *relationshipView) Init() tea.Cmd   { return rv.load() }
func (rv *relationshipView) Resume() tea.Cmd { return rv.load() }
func (rv *relationshipView) Title() string   { return "Relationship" }
func (rv *relationshipView) Typing() bool    { return false }

// SetSize does nothing: the relationshipView draws from the context's size each frame.
func (rv *relationshipView) SetSize(int, int) tea.Cmd { return nil }
func (rv *relationshipView) Loading() bool            { return !rv.loaded }

func (rv *relationshipView) Keys() help.KeyMap {
	k := rv.ctx.keys
	return helpKeys{
		short: []key.Binding{k.Prepare, k.RecordMeeting, k.Export, k.SelfAssess, k.Back},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Open, k.Back},
			{k.Prepare, k.Preview, k.RecordMeeting, k.Export},
			{k.Agreement, k.Edit, k.SelfAssess, k.EndRelationship},
		},
	}
}

func (rv *relationshipView) load() tea.Cmd {
	p, id := rv.ctx.p, rv.id
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		r, ok := p.Relationship(id)
		if !ok {
			return relLoadedMsg{id: id}
		}
		d := &relData{r: r, stats: mentorship.Stats(p, id), today: p.Today(), sameOrg: mentorship.SameOrganisation(p, r)}
		ms := p.Meetings(id)
		for i := len(ms) - 1; i >= 0; i-- {
			d.meetings = append(d.meetings, ms[i])
		}
		d.actions = mentorship.AgreedActions(p, id)
		d.progress = p.Ratings(portfolio.RatingProgress, id)
		d.received = p.ReceivedDocuments(id)
		return relLoadedMsg{id: id, data: d}
	}
}

func (rv *relationshipView) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case relLoadedMsg:
		if msg.id == rv.id {
			rv.data, rv.loaded = msg.data, true
			if rv.data != nil {
				rv.cursor = min(rv.cursor, max(rv.data.rows()-1, 0))
			}
		}
	case docMsg:
		return push(newDocView(rv.ctx, msg)), nil
	case agreementLoadedMsg:
		if msg.rel.ID == rv.id {
			return push(agreementNotebook(rv.ctx, msg.rel, nil, msg.tmpl)), nil
		}
	case tea.KeyPressMsg:
		return rv.handleKey(msg)
	}
	return nav{}, nil
}

func (rv *relationshipView) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := rv.ctx.keys
	if key.Matches(msg, k.Back) {
		return back(), nil
	}
	if rv.data == nil {
		return nav{}, nil
	}
	r := rv.data.r
	ended := r.Status == portfolio.RelEnded
	switch {
	case key.Matches(msg, k.Down):
		rv.cursor = min(rv.cursor+1, max(rv.data.rows()-1, 0))
	case key.Matches(msg, k.Up):
		rv.cursor = max(rv.cursor-1, 0)
	case key.Matches(msg, k.Open) && rv.cursor >= rv.data.shownMeetings():
		if i := rv.cursor - rv.data.shownMeetings(); i < len(rv.data.received) {
			return nav{}, openReceived(rv.ctx, rv.data.received[i])
		}
	case key.Matches(msg, k.Open):
		if len(rv.data.meetings) == 0 {
			return nav{}, nil
		}
		m := rv.data.meetings[rv.cursor]
		if !m.Held && !ended {
			return push(newAgendaBuilder(rv.ctx, r.ID)), nil
		}
		return push(newMeetingView(rv.ctx, m.ID)), nil
	case key.Matches(msg, k.Edit):
		return push(relationshipForm(rv.ctx, r)), nil
	case key.Matches(msg, k.Agreement):
		return nav{}, loadAgreement(rv.ctx.opts.ConfigDir, r)
	case key.Matches(msg, k.SelfAssess):
		return push(progressForm(rv.ctx, r, len(rv.data.progress))), nil
	case key.Matches(msg, k.Export):
		// The meeting under the cursor; otherwise the next one, else the last held.
		var id portfolio.ID
		if rv.cursor < rv.data.shownMeetings() {
			id = rv.data.meetings[rv.cursor].ID
		} else if len(rv.data.meetings) == 0 {
			return nav{}, flash("No meeting yet: p prepares an agenda for the next one, then x exports it.")
		}
		return push(newExporter(rv.ctx, meetingSource(rv.ctx, r.ID, id))), nil
	case ended:
		return nav{}, flash("This relationship has ended; its record stays as it was.")
	case key.Matches(msg, k.Prepare):
		return push(newAgendaBuilder(rv.ctx, r.ID)), nil
	case key.Matches(msg, k.Preview):
		if up := rv.data.stats.Upcoming; up != nil {
			return nav{}, previewAgenda(rv.ctx, up.ID)
		}
		return nav{}, flash("No agenda yet: press p to prepare the next meeting.")
	case key.Matches(msg, k.RecordMeeting):
		return openMeetingRecord(rv.ctx, r, rv.data.stats), nil
	case key.Matches(msg, k.EndRelationship):
		return push(endForm(rv.ctx, r)), nil
	}
	return nav{}, nil
}

// View draws the relationship top to bottom: facts and agreement, meetings and
// documents received, agreed actions, progress.
func (rv *relationshipView) View() string {
	s := rv.ctx.styles
	w := rv.ctx.width
	if rv.data == nil {
		return s.subtle.Render("  Loading…")
	}
	if rv.data.r == nil {
		return s.subtle.Render("  This relationship is no longer in the vault. Esc goes back.")
	}
	lines := rv.factLines(s, w)
	lines = append(lines, rv.recordLines(s, w)...)
	lines = append(lines, rv.actionLines(s, w)...)
	lines = append(lines, "", s.section.Render("Progress")+s.subtle.Render("  self-assessed; o adds one"))
	lines = append(lines, progressChart(s, rv.data.progress, w)...)
	return strings.Join(lines, "\n")
}

// factLines are the relationship's title and status, its plan, how many meetings
// are held, its agreement and, once ended, why.
func (rv *relationshipView) factLines(s styles, w int) []string {
	d := rv.data
	r := d.r
	var lines []string
	status := r.Role.Label() + " · " + r.Status.String()
	if r.Status == portfolio.RelEnded {
		status += " " + r.EndedOn.String()
	}
	lines = append(lines, spread(s.title.Render(sanitize.Line(r.Title())), s.subtle.Render(status), w))

	var plan []string
	if r.Organisation != "" {
		org := sanitize.Line(r.Organisation)
		if d.sameOrg {
			org += s.warn.Render(" (your own organisation)")
		}
		plan = append(plan, org)
	}
	plan = append(plan, "from "+r.Start.String())
	if r.LengthMonths > 0 {
		plan = append(plan, plural(r.LengthMonths, "month", "months"))
	}
	plan = append(plan, portfolio.IntervalText(r.IntervalDays))
	lines = append(lines, ansi.Truncate(strings.Join(plan, s.faint.Render(" · ")), w, "…"))

	held := fmt.Sprintf("%d of %s held", d.stats.Held, plannedText(d.stats.Planned))
	meter := ""
	if d.stats.Planned > 0 {
		meter = "  " + meterBar(s, d.stats.Held, d.stats.Planned, min(d.stats.Planned, 12))
	}
	next := s.faint.Render("next: not set")
	if !d.stats.Next.IsZero() && r.Status != portfolio.RelEnded {
		next = "next " + d.stats.Next.String() + " " + daysText(s, d.today, d.stats.Next)
	}
	lines = append(lines, s.label.Render("Meetings  ")+held+meter+"   "+next)

	if len(r.Agreement) == 0 {
		lines = append(lines, s.label.Render("Agreement ")+s.warn.Render("none yet: press a to write it"))
	} else {
		var heads []string
		for _, sec := range r.Agreement {
			heads = append(heads, sanitize.Line(sec.Heading))
		}
		lines = append(lines, ansi.Truncate(s.label.Render("Agreement ")+s.ok.Render("✓ ")+"agreed "+r.AgreedOn.String()+s.subtle.Render(": "+strings.Join(heads, ", ")), w, "…"))
	}
	if r.Status == portfolio.RelEnded && r.EndReason != "" {
		lines = append(lines, ansi.Truncate(s.subtle.Render("Ended: "+sanitize.Line(r.EndReason)), w, "…"))
	}

	return lines
}

// recordLines list the meetings, then the documents shared with the user.
func (rv *relationshipView) recordLines(s styles, w int) []string {
	d := rv.data
	var lines []string
	lines = append(lines, "", s.section.Render("Meetings"))
	if len(d.meetings) == 0 {
		lines = append(lines, s.faint.Render("  None yet. p prepares an agenda for the first; r records one already held."))
	}
	for i, m := range d.meetings {
		if i == relMaxMeetings {
			lines = append(lines, s.faint.Render(fmt.Sprintf("  and %d earlier", len(d.meetings)-relMaxMeetings)))
			break
		}
		lines = append(lines, rv.meetingRow(m, w, i == rv.cursor))
	}
	if len(d.received) > 0 {
		lines = append(lines, "", s.section.Render("Shared with you")+s.subtle.Render("  read-only; enter opens"))
		for i, doc := range d.received {
			lines = append(lines, receivedRow(s, doc, w, rv.cursor == d.shownMeetings()+i))
		}
	}

	return lines
}

// actionLines are the user's open agreed actions, then what the mentee agreed.
func (rv *relationshipView) actionLines(s styles, w int) []string {
	d := rv.data
	var lines []string
	if len(d.actions) > 0 {
		lines = append(lines, "", s.section.Render("Agreed actions"))
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
			lines = append(lines, s.done.Render(fmt.Sprintf("  All %d done.", len(d.actions))))
		}
	}

	// What the mentee agreed at the last meeting that recorded any: theirs to do,
	// kept on the meeting rather than in the mentor's plan.
	for _, m := range d.meetings {
		if !m.Held || len(m.MenteeActions) == 0 {
			continue
		}
		lines = append(lines, "", s.section.Render("Agreed by "+sanitize.Line(d.r.Person))+s.subtle.Render("  at the meeting of "+m.Date.String()))
		for _, a := range m.MenteeActions {
			due := s.faint.Render("no date")
			if !a.Due.IsZero() {
				due = s.due.Render("due " + a.Due.String())
			}
			lines = append(lines, "  "+fitRight(sanitize.Line(a.What), due, w-2))
		}
		break
	}

	return lines
}

func (rv *relationshipView) meetingRow(m *portfolio.Meeting, width int, selected bool) string {
	s := rv.ctx.styles
	var what string
	if m.Held {
		what = s.done.Render("held   ") + " " + plural(len(m.AgreedActionIDs)+len(m.MenteeActions), "action agreed", "actions agreed")
		if len(m.Topics) > 0 {
			what += s.subtle.Render(" · " + sanitize.Line(strings.Join(m.Topics, ", ")))
		}
	} else {
		what = s.due.Render("planned") + " " + plural(len(m.Agenda), "agenda item", "agenda items") + " " + daysText(s, rv.data.today, m.Date)
	}
	line := ansi.Truncate(m.Date.String()+"  "+what, width-2, "…")
	if selected {
		return s.cursor.Render("▸ ") + s.selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// agreedActionLine is an action with its box and when it is due.
func agreedActionLine(s styles, a *portfolio.Action, today calendar.Date, width int) string {
	box := "[ ]"
	if a.Status == portfolio.ActionDoing {
		box = "[~]"
	} else if a.Status == portfolio.ActionDone {
		box = "[x]"
	}
	right := ""
	switch {
	case a.Overdue(today):
		right = s.overdue.Render("overdue " + a.Due.String())
	case !a.Due.IsZero():
		right = s.due.Render("due " + a.Due.String())
	}
	return box + " " + fitRight(sanitize.Line(a.What), right, width-4)
}

// meterBar is done of total as cells, one per meeting when they fit.
func meterBar(s styles, done, total, cells int) string {
	if total <= 0 || cells <= 0 {
		return ""
	}
	filled := min(done*cells/total, cells)
	if done > 0 && filled == 0 {
		filled = 1
	}
	return s.bar.Render(strings.Repeat("█", filled)) + s.faint.Render(strings.Repeat("░", cells-filled))
}

// progressChart draws each outcome's self-assessed score at each stage as bars side
// by side, so the change from start to end reads at a glance.
func progressChart(s styles, ratings []*portfolio.Rating, width int) []string {
	if len(ratings) == 0 {
		return []string{s.faint.Render("  No self-assessment yet. Take one at the start, the middle and the end.")}
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
		head += pad(s.subtle.Render(r.Stage), 8)
	}
	lines := []string{head}
	for _, name := range portfolio.ProgressOutcomes {
		line := "  " + pad(s.label.Render(name), nameW)
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
				line += s.faint.Render(" –      ")
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

// relationshipForm sets up a relationship, or edits r. A new one goes on to its
// agreement, written from the mentoring agreement template. It is long because it
// declares the form's fields and their live hints, one after another.
func relationshipForm(ctx *context, r *portfolio.Relationship) *form {
	p, today := ctx.p, ctx.today()
	own := p.Settings().Organisation
	dir := ctx.opts.ConfigDir
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
	f := newForm(ctx, heading, "Who with, how long, how often. A name or a pseudonym: it stays in your vault.", func(v formValues) tea.Cmd {
		c := portfolio.Relationship{}
		if r != nil {
			c = *r
		}
		var err error
		bad := func(err error) tea.Cmd { return func() tea.Msg { return formFailedMsg{err} } }
		if c.Role, err = portfolio.ParseRole(v["Role"]); err != nil {
			return bad(err)
		}
		c.Person, c.Organisation = v["With"], v["Their org"]
		if c.Start, err = optionalDate(v["Starts"], today); err != nil {
			return bad(err)
		}
		c.LengthMonths = 0
		if m := strings.TrimSpace(v["Months"]); m != "" {
			if c.LengthMonths, err = strconv.Atoi(m); err != nil {
				return bad(fmt.Errorf("%w: the planned length %q is not a number of months", portfolio.ErrInvalid, m))
			}
		}
		c.IntervalDays = 0
		if e := strings.TrimSpace(v["Meet"]); e != "" {
			if c.IntervalDays, err = portfolio.ParseInterval(e); err != nil {
				return bad(err)
			}
		}
		newOwn := strings.TrimSpace(v["Your org"])
		return func() tea.Msg {
			if newOwn != own {
				st := p.Settings()
				st.Organisation = newOwn
				if err := p.SaveSettings(st); err != nil {
					return formFailedMsg{err}
				}
			}
			if r != nil {
				if _, err := p.UpdateRelationship(c); err != nil {
					return formFailedMsg{err}
				}
				return savedMsg{note: "Relationship saved."}
			}
			saved, err := p.AddRelationship(c)
			if err != nil {
				return formFailedMsg{err}
			}
			// Without the template the new relationship opens without its agreement.
			t, _ := loadTemplate(dir, "mentoring-agreement")
			return savedMsg{next: newAgreement{rel: saved, tmpl: t}}
		}
	})
	f.choice("Role", roleChoices(), role)
	f.line("With", person, "their name or a pseudonym", portfolio.MaxTitleRunes)
	f.line("Their org", org, "optional", portfolio.MaxTitleRunes)
	// The warning follows the user's organisation as typed below, before it is saved.
	f.fields[len(f.fields)-1].hint = func(v string) string {
		mine := strings.TrimSpace(f.values()["Your org"])
		if (mine != "" && strings.EqualFold(strings.TrimSpace(v), mine)) || (mine == own && mentorship.SameOrganisation(p, &portfolio.Relationship{Organisation: v})) {
			return "your own: schemes match outside it"
		}
		return ""
	}
	f.line("Your org", own, "optional: yours, to spot a match within it", portfolio.MaxTitleRunes)
	f.line("Starts", start, "2026-03-01, today, last monday", 40).withDateHint()
	f.line("Months", months, "planned length: 3, 6 or 12", 4)
	f.line("Meet", every, "weekly, fortnightly, monthly, every 6 weeks", 40)
	f.fields[len(f.fields)-1].hint = func(v string) string {
		if strings.TrimSpace(v) == "" {
			return "as agreed"
		}
		days, err := portfolio.ParseInterval(v)
		if err != nil {
			return "not understood yet"
		}
		return "every " + plural(days, "day", "days")
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
			return errMsg{err}
		}
		return agreementLoadedMsg{rel: r, tmpl: t}
	}
}

// newAgreement follows a new relationship's form: its agreement, then its view.
type newAgreement struct {
	rel  *portfolio.Relationship
	tmpl *fill.Template // nil if the template could not be read
}

func (n newAgreement) screen(ctx *context) screen {
	view := newRelationshipView(ctx, n.rel.ID)
	if n.tmpl == nil {
		return view
	}
	return agreementNotebook(ctx, n.rel, view, n.tmpl)
}

// agreementNotebook is the agreement as one page per section of the mentoring
// agreement template t, keeping what was written and any section of the user's own.
func agreementNotebook(ctx *context, r *portfolio.Relationship, after screen, t *fill.Template) *notebook {
	written := map[string]string{}
	for _, s := range r.Agreement {
		written[strings.ToLower(s.Heading)] = s.Body
	}
	var pages []page
	for _, sec := range t.Sections {
		body := written[strings.ToLower(sec.Heading)]
		delete(written, strings.ToLower(sec.Heading))
		pages = append(pages, newTextPage(ctx, sec.Heading, sec.Prompt, body, sec.Required))
	}
	for _, s := range r.Agreement {
		if _, left := written[strings.ToLower(s.Heading)]; left {
			pages = append(pages, newTextPage(ctx, s.Heading, "", s.Body, false))
		}
	}
	p, id := ctx.p, r.ID
	nb := newNotebook(ctx, "Agreement", "The agreement with "+sanitize.Line(r.Person)+": tab moves between sections, ctrl+s saves. * marks what most agreements cover.", pages, func(nb *notebook) tea.Cmd {
		secs := nb.sections()
		return func() tea.Msg {
			cur, ok := p.Relationship(id)
			if !ok {
				return formFailedMsg{fmt.Errorf("%w: the relationship is no longer in the vault", portfolio.ErrNotFound)}
			}
			c := *cur
			c.Agreement = secs
			if _, err := p.UpdateRelationship(c); err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: "Agreement saved."}
		}
	})
	nb.leave = after
	return nb
}

// endForm ends a relationship with the reason, kept in its record.
func endForm(ctx *context, r *portfolio.Relationship) *form {
	p, id := ctx.p, r.ID
	f := newForm(ctx, "End relationship", "Ending "+sanitize.Line(r.Title())+". Its meetings and actions stay; nothing more can be added.", func(v formValues) tea.Cmd {
		reason := strings.TrimSpace(v["Reason"])
		if reason == "" {
			return func() tea.Msg {
				return formFailedMsg{errors.New("say briefly why it ends, for your own record: e.g. the six months are up")}
			}
		}
		return func() tea.Msg {
			if _, err := mentorship.EndRelationship(p, id, reason); err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: "Relationship ended."}
		}
	})
	f.line("Reason", "", "e.g. the planned six months are up; goals met", portfolio.MaxTitleRunes*5)
	return f
}
