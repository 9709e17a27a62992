package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/sanitize"
)

// agendaBuilder prepares the next meeting of a relationship: it lists what folio
// proposes (entries flagged to discuss or written since the last meeting, open and
// overdue actions, goals due for review) with the items already on the agenda first.
// The user picks, reorders, adds a question to each and free items of their own, and
// the agenda is saved on the upcoming meeting. Only what ProposeAgenda offers can be
// picked, so private entries and a mentor's reflections never reach it.
type agendaBuilder struct {
	ctx    *context
	relID  portfolio.ID
	rel    *portfolio.Relationship
	rows   []agendaRow
	date   calendar.Date
	today  calendar.Date
	cursor int
	loaded bool
	// editSession keeps the fingerprint of what was last saved or loaded, and
	// asks before unsaved picks are dropped.
	editSession

	// input edits a question, a free item or the meeting date, as editing says.
	input   textinput.Model
	editing editKind
}

type agendaRow struct {
	item   portfolio.AgendaItem
	title  string
	reason string
	picked bool
}

type editKind int

const (
	editNone editKind = iota
	editQuestion
	editFree
	editDate
)

// afterSave is what follows saving the agenda: stay, preview it or record the meeting.
type afterSave int

const (
	thenStay afterSave = iota
	thenPreview
	thenRecord
	thenLeave
	thenExport
)

type agendaLoadedMsg struct {
	rel   *portfolio.Relationship
	rows  []agendaRow
	date  calendar.Date
	today calendar.Date
}

type agendaSavedMsg struct {
	meeting *portfolio.Meeting
	then    afterSave
}

func newAgendaBuilder(ctx *context, relID portfolio.ID) *agendaBuilder {
	in := textinput.New()
	in.SetStyles(ctx.styles.input)
	in.CharLimit = 1000
	return &agendaBuilder{ctx: ctx, relID: relID, input: in}
}

func (ab *agendaBuilder) Init() tea.Cmd   { return ab.load() }
func (ab *agendaBuilder) Resume() tea.Cmd { return ab.load() }
func (ab *agendaBuilder) Title() string   { return "Prepare next meeting" }
func (ab *agendaBuilder) Typing() bool    { return ab.editing != editNone }

// SetSize does nothing: the agendaBuilder draws from the context's size each frame.
func (ab *agendaBuilder) SetSize(int, int) tea.Cmd { return nil }
func (ab *agendaBuilder) Loading() bool            { return !ab.loaded }

func (ab *agendaBuilder) Keys() help.KeyMap {
	k := ab.ctx.keys
	if ab.leaving {
		return leaveKeys(k)
	}
	if ab.editing != editNone {
		return helpKeys{short: []key.Binding{k.Done, k.Cancel}, full: [][]key.Binding{{k.Done, k.Cancel}}}
	}
	return helpKeys{
		short: []key.Binding{k.Question, k.AddItem, k.Preview, k.Export, k.RecordMeeting},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Toggle, k.MoveUp, k.MoveDown},
			{k.Question, k.AddItem, k.SetDate, k.FlagEntries},
			{k.Save, k.Preview, k.Export, k.RecordMeeting, k.Back},
		},
	}
}

// load proposes candidates and merges the agenda already saved on the upcoming
// meeting: its items come first, picked, in their order.
func (ab *agendaBuilder) load() tea.Cmd {
	p, id := ab.ctx.p, ab.relID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		r, ok := p.Relationship(id)
		if !ok {
			return errMsg{fmt.Errorf("%w: the relationship is no longer in the vault", portfolio.ErrNotFound)}
		}
		cands, err := mentorship.ProposeAgenda(p, id)
		if err != nil {
			return errMsg{err}
		}
		stats := mentorship.Stats(p, id)
		today := p.Today()
		msg := agendaLoadedMsg{rel: r, today: today, date: stats.Next}
		taken := map[portfolio.ID]bool{}
		if up := stats.Upcoming; up != nil {
			for _, it := range up.Agenda {
				title, ok := agendaItemTitle(p, it)
				if !ok {
					continue
				}
				msg.rows = append(msg.rows, agendaRow{item: it, title: title, reason: "on the agenda", picked: true})
				taken[it.LinkID] = true
			}
		}
		for _, c := range cands {
			if !taken[c.Item.LinkID] {
				msg.rows = append(msg.rows, agendaRow{item: c.Item, title: c.Title, reason: c.Reason})
			}
		}
		if msg.date.IsZero() || msg.date < today {
			msg.date = today.AddDays(max(r.IntervalDays, 0))
			if stats.Last == nil && r.Start > today {
				msg.date = r.Start
			}
		}
		return msg
	}
}

// agendaItemTitle names a saved agenda item; ok is false for a link that no longer
// resolves or may not be offered, which is dropped rather than shown.
func agendaItemTitle(p *portfolio.Portfolio, it portfolio.AgendaItem) (string, bool) {
	switch it.LinkKind {
	case "":
		return it.Text, true
	case portfolio.KindEntry:
		e, ok := p.Entry(it.LinkID)
		if !ok || !e.Offerable() {
			return "", false
		}
		return e.Title, true
	case portfolio.KindGoal:
		g, ok := p.Goal(it.LinkID)
		if !ok {
			return "", false
		}
		return g.Title, true
	case portfolio.KindAction:
		a, ok := p.Action(it.LinkID)
		if !ok {
			return "", false
		}
		return a.What, true
	}
	return "", false
}

func (ab *agendaBuilder) fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00", ab.date)
	for _, r := range ab.rows {
		if r.picked {
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x00", r.item.LinkKind, r.item.LinkID, r.item.Text, r.item.Question)
		}
	}
	return b.String()
}

func (ab *agendaBuilder) picked() []portfolio.AgendaItem {
	var out []portfolio.AgendaItem
	for _, r := range ab.rows {
		if r.picked {
			out = append(out, r.item)
		}
	}
	return out
}

func (ab *agendaBuilder) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case agendaLoadedMsg:
		if ab.loaded {
			// Back from flagging entries: keep the user's picks, order and questions.
			ab.rows = mergeRows(ab.rows, msg.rows)
			ab.cursor = min(ab.cursor, max(len(ab.rows)-1, 0))
			return nav{}, nil
		}
		ab.rel, ab.rows, ab.date, ab.today, ab.loaded = msg.rel, msg.rows, msg.date, msg.today, true
		ab.saved = ab.fingerprint()
		ab.cursor = min(ab.cursor, max(len(ab.rows)-1, 0))
	case agendaSavedMsg:
		ab.saved = ab.fingerprint()
		switch msg.then {
		case thenPreview:
			return nav{}, previewAgenda(ab.ctx, msg.meeting.ID)
		case thenRecord:
			return replace(newMeetingRecord(ab.ctx, ab.rel, msg.meeting)), nil
		case thenLeave:
			return back(), flash(agendaNote(msg.meeting))
		case thenExport:
			return push(newExporter(ab.ctx, meetingSource(ab.ctx, ab.relID, msg.meeting.ID))), nil
		}
		return nav{}, flash(agendaNote(msg.meeting))
	case docMsg:
		return push(newDocView(ab.ctx, msg)), nil
	case tea.KeyPressMsg:
		return ab.handleKey(msg)
	}
	if ab.editing != editNone {
		var cmd tea.Cmd
		ab.input, cmd = ab.input.Update(msg)
		return nav{}, cmd
	}
	return nav{}, nil
}

// mergeRows keeps the rows as the user arranged them, drops links no longer
// proposed (an entry made private, say) and adds new proposals after them.
func mergeRows(old, fresh []agendaRow) []agendaRow {
	type link struct {
		kind portfolio.Kind
		id   portfolio.ID
	}
	proposed := map[link]bool{}
	for _, r := range fresh {
		proposed[link{r.item.LinkKind, r.item.LinkID}] = true
	}
	var out []agendaRow
	have := map[link]bool{}
	for _, r := range old {
		l := link{r.item.LinkKind, r.item.LinkID}
		if r.item.LinkKind == "" || proposed[l] {
			out = append(out, r)
			have[l] = true
		}
	}
	for _, r := range fresh {
		if !have[link{r.item.LinkKind, r.item.LinkID}] {
			out = append(out, r)
		}
	}
	return out
}

func agendaNote(m *portfolio.Meeting) string {
	return fmt.Sprintf("Agenda saved: %s for %s.", plural(len(m.Agenda), "item", "items"), m.Date)
}

func (ab *agendaBuilder) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := ab.ctx.keys
	dirty := ab.loaded && ab.fingerprint() != ab.saved
	save := func() tea.Cmd { return ab.save(thenLeave) }
	if ab.leaving {
		n, cmd, _ := ab.leaveKey(msg, k, dirty, back(), save)
		return n, cmd
	}
	if ab.editing != editNone {
		return ab.editKey(msg)
	}
	if n, cmd, ok := ab.leaveKey(msg, k, dirty, back(), save); ok {
		return n, cmd
	}
	if !ab.loaded {
		return nav{}, nil
	}
	switch {
	case key.Matches(msg, k.Down):
		ab.cursor = min(ab.cursor+1, max(len(ab.rows)-1, 0))
	case key.Matches(msg, k.Up):
		ab.cursor = max(ab.cursor-1, 0)
	case key.Matches(msg, k.Toggle):
		if len(ab.rows) > 0 {
			ab.rows[ab.cursor].picked = !ab.rows[ab.cursor].picked
		}
	case key.Matches(msg, k.MoveUp):
		ab.move(-1)
	case key.Matches(msg, k.MoveDown):
		ab.move(1)
	case key.Matches(msg, k.Question):
		if len(ab.rows) > 0 {
			return nav{}, ab.edit(editQuestion, ab.rows[ab.cursor].item.Question, "the question to ask about it")
		}
	case key.Matches(msg, k.AddItem):
		return nav{}, ab.edit(editFree, "", "something else to talk about")
	case key.Matches(msg, k.SetDate):
		return nav{}, ab.edit(editDate, ab.date.String(), "2026-04-14, next tuesday, in 2 weeks")
	case key.Matches(msg, k.FlagEntries):
		return push(newEntryFlags(ab.ctx)), nil
	case key.Matches(msg, k.Save):
		return nav{}, ab.save(thenStay)
	case key.Matches(msg, k.Preview):
		return nav{}, ab.save(thenPreview)
	case key.Matches(msg, k.RecordMeeting):
		return nav{}, ab.save(thenRecord)
	case key.Matches(msg, k.Export):
		// Saved first, so the summary carries the agenda as it is on screen.
		return nav{}, ab.save(thenExport)
	}
	return nav{}, nil
}

// move swaps the selected row with its neighbour: the order of the list is the
// order of the agenda.
func (ab *agendaBuilder) move(dir int) {
	j := ab.cursor + dir
	if j < 0 || j >= len(ab.rows) {
		return
	}
	ab.rows[ab.cursor], ab.rows[j] = ab.rows[j], ab.rows[ab.cursor]
	ab.cursor = j
}

func (ab *agendaBuilder) edit(kind editKind, value, placeholder string) tea.Cmd {
	ab.editing = kind
	ab.input.Prompt = map[editKind]string{editQuestion: "Question: ", editFree: "New item: ", editDate: "Meeting on: "}[kind]
	ab.input.Placeholder = placeholder
	ab.input.SetValue(value)
	ab.input.CursorEnd()
	ab.input.SetWidth(max(ab.ctx.width-len(ab.input.Prompt)-2, 10))
	return ab.input.Focus()
}

func (ab *agendaBuilder) editKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := ab.ctx.keys
	switch {
	case key.Matches(msg, k.Cancel):
		ab.stopEditing()
		return nav{}, nil
	case key.Matches(msg, k.Done):
		v := strings.TrimSpace(ab.input.Value())
		switch ab.editing {
		case editQuestion:
			ab.rows[ab.cursor].item.Question = v
			if v != "" {
				ab.rows[ab.cursor].picked = true
			}
		case editFree:
			if v != "" {
				row := agendaRow{item: portfolio.AgendaItem{Text: v}, title: v, reason: "your item", picked: true}
				at := ab.cursor
				if len(ab.rows) > 0 {
					at++
				}
				ab.rows = append(ab.rows[:at], append([]agendaRow{row}, ab.rows[at:]...)...)
				ab.cursor = at
			}
		case editDate:
			d, err := calendar.ParseDate(v, ab.today)
			if err != nil {
				return nav{}, fail(err)
			}
			if d < ab.today {
				return nav{}, fail(fmt.Errorf("%w: the next meeting cannot be before today; record a past meeting with r", portfolio.ErrInvalidDate))
			}
			ab.date = d
		}
		ab.stopEditing()
		return nav{}, nil
	}
	var cmd tea.Cmd
	ab.input, cmd = ab.input.Update(msg)
	return nav{}, cmd
}

func (ab *agendaBuilder) stopEditing() {
	ab.editing = editNone
	ab.input.Blur()
}

func (ab *agendaBuilder) save(then afterSave) tea.Cmd {
	p, id, date, items := ab.ctx.p, ab.relID, ab.date, ab.picked()
	return func() tea.Msg {
		m, err := mentorship.SaveAgenda(p, id, date, items)
		if err != nil {
			return errMsg{err}
		}
		return agendaSavedMsg{meeting: m, then: then}
	}
}

func (ab *agendaBuilder) View() string {
	s := ab.ctx.styles
	w := ab.ctx.width
	if !ab.loaded {
		return s.subtle.Render("  Loading…")
	}
	n := len(ab.picked())
	head := "Agenda with " + sanitize.Line(ab.rel.Person) + " for " + ab.date.String() + " " + daysText(s, ab.today, ab.date)
	lines := []string{
		spread(s.title.Render(head), s.subtle.Render(plural(n, "item", "items")+" chosen"), w),
		s.subtle.Render(ansi.Truncate("space picks · K/J reorder · a adds your own · f flags entries · ctrl+s saves", w, "…")),
		"",
	}
	if len(ab.rows) == 0 {
		lines = append(lines, s.faint.Render("  Nothing to propose yet: no entry is flagged to discuss and no action is"),
			s.faint.Render("  open. Press a to add an item of your own."))
	}
	var body []string
	cursorLine := 0
	for i, r := range ab.rows {
		if i == ab.cursor {
			cursorLine = len(body)
		}
		body = append(body, ab.rowLine(r, i, w))
		if r.item.Question != "" {
			body = append(body, "        "+s.info.Render(ansi.Truncate("? "+sanitize.Line(r.item.Question), w-8, "…")))
		}
	}
	room := ab.ctx.bodyHeight() - len(lines)
	if ab.editing != editNone {
		room -= 2
	}
	start := max(0, cursorLine-room+2)
	if end := min(len(body), start+room); start < end {
		lines = append(lines, body[start:end]...)
	}
	out := strings.Join(lines, "\n")
	if ab.editing != editNone {
		out = fitBlock(out, w, ab.ctx.bodyHeight()-2) + "\n\n" + ansi.Truncate(ab.input.View(), w, "")
	}
	if ab.leaving {
		out = leaveDialog(s, ab.ctx.keys) + "\n" + out
	}
	return out
}

func (ab *agendaBuilder) rowLine(r agendaRow, i, width int) string {
	s := ab.ctx.styles
	box := "[ ]"
	if r.picked {
		box = s.ok.Render("[x]")
	}
	kind := map[portfolio.Kind]string{portfolio.KindEntry: "entry ", portfolio.KindGoal: "goal  ", portfolio.KindAction: "action", "": "item  "}[r.item.LinkKind]
	text := fitRight(sanitize.Line(r.title), s.subtle.Render(r.reason), width-15)
	line := box + " " + s.faint.Render(kind) + " " + text
	if i == ab.cursor {
		return s.cursor.Render("▸ ") + s.selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// previewAgenda renders the upcoming meeting's agenda as the other person would see
// it, as Markdown in a viewport.
func previewAgenda(ctx *context, meetingID portfolio.ID) tea.Cmd {
	p, md, width := ctx.p, ctx.md, ctx.width
	return func() tea.Msg {
		text, err := mentorship.AgendaPreview(p, meetingID)
		if err != nil {
			return errMsg{err}
		}
		return renderDoc(md, width, "Agenda preview", "As the other person would see it: nothing private is included.", sanitize.Text(text))
	}
}
