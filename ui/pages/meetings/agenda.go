package meetings

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
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/export"
	"github.com/foliohq/folio/ui/sanitize"
)

// AgendaBuilder prepares the next meeting of a relationship: it lists what folio
// proposes (entries flagged to discuss or written since the last meeting, open and
// overdue actions, goals due for review) with the items already on the agenda first.
// The user picks, reorders, adds a question to each and free items of their own, and
// the agenda is saved on the upcoming meeting. Only what ProposeAgenda offers can be
// picked, so private entries and a mentor's reflections never reach it.
type AgendaBuilder struct {
	ctx    *common.Context
	relID  portfolio.ID
	rel    *portfolio.Relationship
	Rows   []agendaRow
	date   calendar.Date
	today  calendar.Date
	Cursor int
	loaded bool
	// editSession keeps the fingerprint of what was last saved or loaded, and
	// asks before unsaved picks are dropped.
	components.EditSession

	// input edits a question, a free item or the meeting date, as editing says.
	input   textinput.Model
	editing editKind
}

type agendaRow struct {
	item   portfolio.AgendaItem
	Title  string
	reason string
	Picked bool
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

type AgendaSavedMsg struct {
	meeting *portfolio.Meeting
	then    afterSave
}

func NewAgendaBuilder(ctx *common.Context, relID portfolio.ID) *AgendaBuilder {
	in := textinput.New()
	in.SetStyles(ctx.Styles.Input)
	in.CharLimit = 1000
	return &AgendaBuilder{ctx: ctx, relID: relID, input: in}
}

func (ab *AgendaBuilder) Init() tea.Cmd   { return ab.load() }
func (ab *AgendaBuilder) Resume() tea.Cmd { return ab.load() }
func (ab *AgendaBuilder) Title() string   { return "Prepare next meeting" }
func (ab *AgendaBuilder) Typing() bool    { return ab.editing != editNone }

// SetSize does nothing: the agendaBuilder draws from the context's size each frame.
func (ab *AgendaBuilder) SetSize(int, int) tea.Cmd { return nil }
func (ab *AgendaBuilder) Loading() bool            { return !ab.loaded }

func (ab *AgendaBuilder) Keys() help.KeyMap {
	k := ab.ctx.Keys
	if ab.Leaving {
		return components.LeaveKeys(k)
	}
	if ab.editing != editNone {
		return common.HelpKeys{Short: []key.Binding{k.Done, k.Cancel}, Full: [][]key.Binding{{k.Done, k.Cancel}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Question, k.AddItem, k.Preview, k.Export, k.RecordMeeting},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.Toggle, k.MoveUp, k.MoveDown},
			{k.Question, k.AddItem, k.SetDate, k.FlagEntries},
			{k.Save, k.Preview, k.Export, k.RecordMeeting, k.Back},
		},
	}
}

// load proposes candidates and merges the agenda already saved on the upcoming
// meeting: its items come first, picked, in their order.
func (ab *AgendaBuilder) load() tea.Cmd {
	p, id := ab.ctx.Portfolio, ab.relID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		r, ok := mentorship.Relationship(p, id)
		if !ok {
			return common.ErrMsg{Err: fmt.Errorf("%w: the relationship is no longer in the vault", portfolio.ErrNotFound)}
		}
		cands, err := mentorship.ProposeAgenda(p, id)
		if err != nil {
			return common.ErrMsg{Err: err}
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
				msg.rows = append(msg.rows, agendaRow{item: it, Title: title, reason: "on the agenda", Picked: true})
				taken[it.LinkID] = true
			}
		}
		for _, c := range cands {
			if !taken[c.Item.LinkID] {
				msg.rows = append(msg.rows, agendaRow{item: c.Item, Title: c.Title, reason: c.Reason})
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
		g, ok := goals.Get(p, it.LinkID)
		if !ok {
			return "", false
		}
		return g.Title, true
	case portfolio.KindAction:
		a, ok := goals.Action(p, it.LinkID)
		if !ok {
			return "", false
		}
		return a.What, true
	}
	return "", false
}

func (ab *AgendaBuilder) fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00", ab.date)
	for _, r := range ab.Rows {
		if r.Picked {
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x00", r.item.LinkKind, r.item.LinkID, r.item.Text, r.item.Question)
		}
	}
	return b.String()
}

func (ab *AgendaBuilder) picked() []portfolio.AgendaItem {
	var out []portfolio.AgendaItem
	for _, r := range ab.Rows {
		if r.Picked {
			out = append(out, r.item)
		}
	}
	return out
}

func (ab *AgendaBuilder) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case agendaLoadedMsg:
		if ab.loaded {
			// Back from flagging entries: keep the user's picks, order and questions.
			ab.Rows = mergeRows(ab.Rows, msg.rows)
			ab.Cursor = min(ab.Cursor, max(len(ab.Rows)-1, 0))
			return common.Nav{}, nil
		}
		ab.rel, ab.Rows, ab.date, ab.today, ab.loaded = msg.rel, msg.rows, msg.date, msg.today, true
		ab.Saved = ab.fingerprint()
		ab.Cursor = min(ab.Cursor, max(len(ab.Rows)-1, 0))
	case AgendaSavedMsg:
		ab.Saved = ab.fingerprint()
		switch msg.then {
		case thenPreview:
			return common.Nav{}, PreviewAgenda(ab.ctx, msg.meeting.ID)
		case thenRecord:
			return recordMeeting(ab.ctx, ab.rel, msg.meeting, common.Replace)
		case thenLeave:
			return common.Back(), common.Flash(agendaNote(msg.meeting))
		case thenExport:
			return common.Push(export.NewExporter(ab.ctx, export.MeetingSource(ab.ctx, ab.relID, msg.meeting.ID))), nil
		}
		return common.Nav{}, common.Flash(agendaNote(msg.meeting))
	case NotesReadyMsg:
		if msg.rel != nil && ab.rel != nil && msg.rel.ID == ab.rel.ID {
			return common.Replace(newMeetingRecord(ab.ctx, msg.rel, msg.meeting, msg.Lib)), nil
		}
	case components.DocMsg:
		return common.Push(components.NewDocView(ab.ctx, msg)), nil
	case tea.KeyPressMsg:
		return ab.handleKey(msg)
	}
	if ab.editing != editNone {
		var cmd tea.Cmd
		ab.input, cmd = ab.input.Update(msg)
		return common.Nav{}, cmd
	}
	return common.Nav{}, nil
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
	return fmt.Sprintf("Agenda saved: %s for %s.", common.Plural(len(m.Agenda), "item", "items"), m.Date)
}

func (ab *AgendaBuilder) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := ab.ctx.Keys
	dirty := ab.loaded && ab.fingerprint() != ab.Saved
	save := func() tea.Cmd { return ab.save(thenLeave) }
	if ab.Leaving {
		n, cmd, _ := ab.LeaveKey(msg, k, dirty, common.Back(), save)
		return n, cmd
	}
	if ab.editing != editNone {
		return ab.editKey(msg)
	}
	if n, cmd, ok := ab.LeaveKey(msg, k, dirty, common.Back(), save); ok {
		return n, cmd
	}
	if !ab.loaded {
		return common.Nav{}, nil
	}
	switch {
	case key.Matches(msg, k.Down):
		ab.Cursor = min(ab.Cursor+1, max(len(ab.Rows)-1, 0))
	case key.Matches(msg, k.Up):
		ab.Cursor = max(ab.Cursor-1, 0)
	case key.Matches(msg, k.Toggle):
		if len(ab.Rows) > 0 {
			ab.Rows[ab.Cursor].Picked = !ab.Rows[ab.Cursor].Picked
		}
	case key.Matches(msg, k.MoveUp):
		ab.move(-1)
	case key.Matches(msg, k.MoveDown):
		ab.move(1)
	case key.Matches(msg, k.Question):
		if len(ab.Rows) > 0 {
			return common.Nav{}, ab.edit(editQuestion, ab.Rows[ab.Cursor].item.Question, "the question to ask about it")
		}
	case key.Matches(msg, k.AddItem):
		return common.Nav{}, ab.edit(editFree, "", "something else to talk about")
	case key.Matches(msg, k.SetDate):
		return common.Nav{}, ab.edit(editDate, ab.date.String(), "2026-04-14, next tuesday, in 2 weeks")
	case key.Matches(msg, k.FlagEntries):
		return common.Push(NewEntryFlags(ab.ctx)), nil
	case key.Matches(msg, k.Save):
		return common.Nav{}, ab.save(thenStay)
	case key.Matches(msg, k.Preview):
		return common.Nav{}, ab.save(thenPreview)
	case key.Matches(msg, k.RecordMeeting):
		return common.Nav{}, ab.save(thenRecord)
	case key.Matches(msg, k.Export):
		// Saved first, so the summary carries the agenda as it is on screen.
		return common.Nav{}, ab.save(thenExport)
	}
	return common.Nav{}, nil
}

// move swaps the selected row with its neighbour: the order of the list is the
// order of the agenda.
func (ab *AgendaBuilder) move(dir int) {
	j := ab.Cursor + dir
	if j < 0 || j >= len(ab.Rows) {
		return
	}
	ab.Rows[ab.Cursor], ab.Rows[j] = ab.Rows[j], ab.Rows[ab.Cursor]
	ab.Cursor = j
}

func (ab *AgendaBuilder) edit(kind editKind, value, placeholder string) tea.Cmd {
	ab.editing = kind
	ab.input.Prompt = map[editKind]string{editQuestion: "Question: ", editFree: "New item: ", editDate: "Meeting on: "}[kind]
	ab.input.Placeholder = placeholder
	ab.input.SetValue(value)
	ab.input.CursorEnd()
	ab.input.SetWidth(max(ab.ctx.Width-len(ab.input.Prompt)-2, 10))
	return ab.input.Focus()
}

func (ab *AgendaBuilder) editKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := ab.ctx.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		ab.stopEditing()
		return common.Nav{}, nil
	case key.Matches(msg, k.Done):
		v := strings.TrimSpace(ab.input.Value())
		switch ab.editing {
		case editQuestion:
			ab.Rows[ab.Cursor].item.Question = v
			if v != "" {
				ab.Rows[ab.Cursor].Picked = true
			}
		case editFree:
			if v != "" {
				row := agendaRow{item: portfolio.AgendaItem{Text: v}, Title: v, reason: "your item", Picked: true}
				at := ab.Cursor
				if len(ab.Rows) > 0 {
					at++
				}
				ab.Rows = append(ab.Rows[:at], append([]agendaRow{row}, ab.Rows[at:]...)...)
				ab.Cursor = at
			}
		case editDate:
			d, err := calendar.ParseFutureDate(v, ab.today)
			if err != nil {
				return common.Nav{}, common.Fail(err)
			}
			if d < ab.today {
				return common.Nav{}, common.Fail(fmt.Errorf("%w: the next meeting cannot be before today; record a past meeting with r", portfolio.ErrInvalidDate))
			}
			ab.date = d
		}
		ab.stopEditing()
		return common.Nav{}, nil
	}
	var cmd tea.Cmd
	ab.input, cmd = ab.input.Update(msg)
	return common.Nav{}, cmd
}

func (ab *AgendaBuilder) stopEditing() {
	ab.editing = editNone
	ab.input.Blur()
}

func (ab *AgendaBuilder) save(then afterSave) tea.Cmd {
	p, id, date, items := ab.ctx.Portfolio, ab.relID, ab.date, ab.picked()
	return func() tea.Msg {
		m, err := mentorship.SaveAgenda(p, id, date, items)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return AgendaSavedMsg{meeting: m, then: then}
	}
}

func (ab *AgendaBuilder) View() string {
	s := ab.ctx.Styles
	w := ab.ctx.Width
	if !ab.loaded {
		return s.Subtle.Render("  Loading…")
	}
	n := len(ab.picked())
	head := "Agenda with " + sanitize.Line(ab.rel.Person) + " for " + ab.date.String() + " " + common.DaysText(s, ab.today, ab.date)
	lines := []string{
		common.Spread(s.Title.Render(head), s.Subtle.Render(common.Plural(n, "item", "items")+" chosen"), w),
		s.Subtle.Render(ansi.Truncate("space picks · K/J reorder · a adds one · e date · f flags entries · ctrl+s saves", w, "…")),
		"",
	}
	if len(ab.Rows) == 0 {
		lines = append(lines, s.Faint.Render("  Nothing to propose yet: no entry is flagged to discuss and no action is"),
			s.Faint.Render("  open. Press a to add an item of your own."))
	}
	var body []string
	cursorLine := 0
	for i, r := range ab.Rows {
		if i == ab.Cursor {
			cursorLine = len(body)
		}
		body = append(body, ab.rowLine(r, i, w))
		if r.item.Question != "" {
			body = append(body, "        "+s.Info.Render(ansi.Truncate("? "+sanitize.Line(r.item.Question), w-8, "…")))
		}
	}
	room := ab.ctx.BodyHeight() - len(lines)
	if ab.editing != editNone {
		room -= 2
	}
	start := max(0, cursorLine-room+2)
	if end := min(len(body), start+room); start < end {
		lines = append(lines, body[start:end]...)
	}
	out := strings.Join(lines, "\n")
	if ab.editing != editNone {
		out = common.FitBlock(out, w, ab.ctx.BodyHeight()-2) + "\n\n" + ansi.Truncate(ab.input.View(), w, "")
	}
	if ab.Leaving {
		out = components.LeaveDialog(s, ab.ctx.Keys) + "\n" + out
	}
	return out
}

func (ab *AgendaBuilder) rowLine(r agendaRow, i, width int) string {
	s := ab.ctx.Styles
	box := "[ ]"
	if r.Picked {
		box = s.Ok.Render("[x]")
	}
	kind := map[portfolio.Kind]string{portfolio.KindEntry: "entry ", portfolio.KindGoal: "goal  ", portfolio.KindAction: "action", "": "item  "}[r.item.LinkKind]
	text := common.FitRight(sanitize.Line(r.Title), s.Subtle.Render(r.reason), width-15)
	line := box + " " + s.Faint.Render(kind) + " " + text
	if i == ab.Cursor {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// PreviewAgenda renders the upcoming meeting's agenda as the other person would see
// it, as Markdown in a viewport.
func PreviewAgenda(ctx *common.Context, meetingID portfolio.ID) tea.Cmd {
	p, md, width := ctx.Portfolio, ctx.MD, ctx.Width
	return func() tea.Msg {
		text, err := mentorship.AgendaPreview(p, meetingID)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return components.RenderDoc(md, width, "Agenda preview", "As the other person would see it: nothing private is included.", sanitize.Text(text))
	}
}
