package meetings

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	trash "github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// MeetingView shows a held meeting's record for reading, rendered off the update
// loop: e edits its notes and dates, d moves it to the trash, h lists its versions.
type MeetingView struct {
	ctx     *common.Context
	ID      portfolio.ID
	Meeting *portfolio.Meeting
	rel     *portfolio.Relationship
	doc     *components.DocView
	// choices are the actions the edit offers to mark agreed.
	choices []*portfolio.Action
	missing bool
	confirm bool
	att     components.Attachments // the meeting's files: slides, a signed record
	// width and height are the body's, which the document shares with the files.
	width, height int
}

type (
	meetingReadMsg struct {
		id  portfolio.ID
		m   *portfolio.Meeting
		rel *portfolio.Relationship
		doc components.DocMsg
		// choices are the actions the meeting's edit offers to mark agreed.
		choices []*portfolio.Action
		atts    components.AttachmentsMsg
	}
	meetingTrashedMsg struct{}
)

// NewMeetingView renders a held meeting's record for reading.
func NewMeetingView(ctx *common.Context, id portfolio.ID) common.Screen {
	return &MeetingView{ctx: ctx, ID: id, att: components.NewAttachments(ctx, id), width: ctx.Width, height: ctx.BodyHeight()}
}

func (mv *MeetingView) Init() tea.Cmd   { return mv.load() }
func (mv *MeetingView) Resume() tea.Cmd { return mv.load() }
func (mv *MeetingView) Title() string   { return "Meeting" }
func (mv *MeetingView) Typing() bool    { return mv.att.Typing() }
func (mv *MeetingView) Loading() bool   { return mv.doc == nil && !mv.missing }
func (mv *MeetingView) Asking() bool    { return mv.confirm }

func (mv *MeetingView) SetSize(w, h int) tea.Cmd {
	mv.width, mv.height = w, h
	return mv.fit()
}

// fit gives the document the body's height less the list of files.
func (mv *MeetingView) fit() tea.Cmd {
	if mv.doc == nil {
		return nil
	}
	h := mv.height
	if files := mv.att.View(mv.width); files != "" {
		h -= lipgloss.Height(files) + 1
	}
	return mv.doc.SetSize(mv.width, h)
}

func (mv *MeetingView) Keys() help.KeyMap {
	k := mv.ctx.Keys
	if att := mv.att.Keys(); mv.att.Typing() {
		return common.HelpKeys{Short: att, Full: [][]key.Binding{att}}
	}
	if mv.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Edit, k.Delete, k.History, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Edit, k.Delete, k.History, k.Back}, mv.att.Keys()},
	}
}

func (mv *MeetingView) load() tea.Cmd {
	p, md, width, id := mv.ctx.Portfolio, mv.ctx.MD, mv.ctx.Width, mv.ID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		m, ok := mentorship.Meeting(p, id)
		if !ok {
			return meetingReadMsg{id: id}
		}
		r, _ := mentorship.Relationship(p, m.RelationshipID)
		text := meetingMarkdown(p, m)
		return meetingReadMsg{id: id, m: m, rel: r, choices: agreeable(p, m), atts: components.ReadAttachments(p, id, ""),
			doc: components.RenderDoc(md, width, "Meeting", "Your record of the meeting: the notes are yours unless you export them.", text)}
	}
}

func (mv *MeetingView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); !ok || !mv.confirm {
		if handled, cmd := mv.att.Update(msg); handled {
			return common.Nav{}, tea.Batch(cmd, mv.fit())
		}
	}
	switch msg := msg.(type) {
	case meetingReadMsg:
		if msg.id != mv.ID {
			return common.Nav{}, nil
		}
		if msg.m == nil {
			mv.missing, mv.Meeting = true, nil
			return common.Nav{}, nil
		}
		mv.missing, mv.Meeting, mv.rel, mv.choices = false, msg.m, msg.rel, msg.choices
		mv.doc = components.NewDocView(mv.ctx, msg.doc)
		mv.att.Update(msg.atts)
		return common.Nav{}, tea.Batch(mv.doc.Init(), mv.fit())
	case meetingTrashedMsg:
		return common.Back(), common.Flash("Moved the meeting to the trash: u undoes, T on the dashboard lists the trash.")
	case tea.KeyPressMsg:
		k := mv.ctx.Keys
		if mv.confirm {
			yes, answered := common.Answer(msg, k.Yes, k.No)
			if !answered {
				return common.Nav{}, nil
			}
			mv.confirm = false
			if yes {
				p, id := mv.ctx.Portfolio, mv.ID
				return common.Nav{}, func() tea.Msg {
					if _, err := trash.Delete(p, id, portfolio.KindMeeting); err != nil {
						return common.ErrMsg{Err: err}
					}
					return meetingTrashedMsg{}
				}
			}
			return common.Nav{}, common.Flash("Kept the meeting.")
		}
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case mv.Meeting == nil:
			return common.Nav{}, nil
		case key.Matches(msg, k.History):
			return common.Push(history.NewHistory(mv.ctx, mv.ID)), nil
		case key.Matches(msg, k.Delete):
			mv.confirm = true
			return common.Nav{}, nil
		case key.Matches(msg, k.Edit) && mv.rel != nil:
			return common.Push(editMeeting(mv.ctx, mv.rel, mv.Meeting, mv.choices)), nil
		}
	}
	if mv.doc != nil {
		_, cmd := mv.doc.Update(msg)
		return common.Nav{}, cmd
	}
	return common.Nav{}, nil
}

func (mv *MeetingView) View() string {
	s := mv.ctx.Styles
	switch {
	case mv.missing:
		return s.Subtle.Render("  This meeting is no longer in the vault (it may be in the trash). Esc goes back.")
	case mv.doc == nil:
		return s.Subtle.Render("  Loading…")
	}
	out := mv.doc.View()
	if files := mv.att.View(mv.width); files != "" {
		out += "\n\n" + files
	}
	if mv.confirm {
		q := s.Dialog.Render(s.Warn.Render("Move this meeting to the trash?") + "\n" +
			"Meeting of " + mv.Meeting.Date.String() + "\n\n" + s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it"))
		return q + "\n" + out
	}
	return out
}

// agreeable are the actions a held meeting's edit offers to mark agreed at it: those
// agreed now, in order, then the open ones that are the relationship's (agreed at
// another of its meetings) or no meeting's. It reads the portfolio: call it in a Cmd.
func agreeable(p *portfolio.Portfolio, m *portfolio.Meeting) []*portfolio.Action {
	var out []*portfolio.Action
	for _, id := range m.AgreedActionIDs {
		if a, ok := goals.Action(p, id); ok {
			out = append(out, a)
		}
	}
	for _, a := range goals.AllActions(p) {
		if a.Status == portfolio.ActionDone || slices.Contains(m.AgreedActionIDs, a.ID) {
			continue
		}
		if a.MeetingID != "" {
			if o, ok := mentorship.Meeting(p, a.MeetingID); ok && o.RelationshipID != m.RelationshipID {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// editMeeting is a held meeting's notes, one page a section as written, which of
// choices were agreed at it, and its dates, format and sharing, saved over it as a
// new version in one write (the actions themselves are edited in the action plan).
func editMeeting(ctx *common.Context, r *portfolio.Relationship, m *portfolio.Meeting, choices []*portfolio.Action) *components.Notebook {
	var pages []components.Page
	for _, sec := range m.Notes {
		pages = append(pages, components.NewTextPage(ctx, sec.Heading, "", sec.Body, false))
	}
	if len(m.Notes) == 0 {
		for _, stage := range portfolio.GROWStages {
			pages = append(pages, components.NewTextPage(ctx, stage, growPrompts()[stage], "", false))
		}
	}
	next := ""
	if !m.NextDate.IsZero() {
		next = m.NextDate.String()
	}
	dates := newDatesPage(ctx, m.Date.String(), next)
	dates.format.Choice = max(int(m.Format)-1, 0)
	if m.Shared {
		dates.sharing.Choice = notesShareable
	}
	agreed := newAgreedPage(ctx, choices, m.AgreedActionIDs)
	pages = append(pages, agreed, dates)
	p, today, orig := ctx.Portfolio, ctx.Today(), *m
	intro := fmt.Sprintf("Meeting with %s on %s. Tab moves through the notes, agreed actions and dates; ctrl+s saves (u undoes).", sanitize.Line(r.Person), m.Date)
	nb := components.NewNotebook(ctx, "Edit meeting", intro, pages, func(nb *components.Notebook) tea.Cmd {
		heldOn, err := mentorship.ParseHeldDate(dates.Held.Value(), today)
		if err != nil {
			return components.FailForm(err)
		}
		nextOn, err := common.OptionalFutureDate(dates.next.Value(), today)
		if err != nil {
			return components.FailForm(err)
		}
		c := orig
		c.Notes, c.Date, c.NextDate = nb.Sections(), heldOn, nextOn
		c.Format, c.Shared = portfolio.MeetingFormat(dates.format.Choice+1), dates.shared()
		ids := agreed.chosen()
		return func() tea.Msg {
			if _, err := mentorship.EditHeldMeeting(p, c, ids); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Meeting saved: h on it lists its versions, u undoes."}
		}
	})
	nb.Tabs = true
	return nb
}

// agreedPage marks which of the offered actions were agreed at the meeting.
type agreedPage struct {
	ctx     *common.Context
	actions []*portfolio.Action
	picked  map[portfolio.ID]bool
	cursor  int
}

func newAgreedPage(ctx *common.Context, actions []*portfolio.Action, agreed []portfolio.ID) *agreedPage {
	ap := &agreedPage{ctx: ctx, actions: actions, picked: map[portfolio.ID]bool{}}
	for _, id := range agreed {
		ap.picked[id] = true
	}
	return ap
}

func (ap *agreedPage) Label() string  { return "Agreed" }
func (ap *agreedPage) Filled() bool   { return len(ap.chosen()) > 0 }
func (ap *agreedPage) Focus() tea.Cmd { return nil }
func (ap *agreedPage) Blur()          {}
func (ap *agreedPage) Typing() bool   { return false }

func (ap *agreedPage) Value() string {
	var ids []string
	for _, id := range ap.chosen() {
		ids = append(ids, string(id))
	}
	return strings.Join(ids, "\n")
}

func (ap *agreedPage) Keys() []key.Binding { return []key.Binding{ap.ctx.Keys.Toggle} }

// chosen are the IDs of the actions marked agreed, in the order shown.
func (ap *agreedPage) chosen() []portfolio.ID {
	var out []portfolio.ID
	for _, a := range ap.actions {
		if ap.picked[a.ID] {
			out = append(out, a.ID)
		}
	}
	return out
}

func (ap *agreedPage) Update(msg tea.Msg) tea.Cmd {
	k := ap.ctx.Keys
	press, ok := msg.(tea.KeyPressMsg)
	if !ok || len(ap.actions) == 0 {
		return nil
	}
	switch {
	case key.Matches(press, k.Down):
		ap.cursor = min(ap.cursor+1, len(ap.actions)-1)
	case key.Matches(press, k.Up):
		ap.cursor = max(ap.cursor-1, 0)
	case key.Matches(press, k.Toggle):
		id := ap.actions[ap.cursor].ID
		ap.picked[id] = !ap.picked[id]
	}
	return nil
}

func (ap *agreedPage) View(width, height int) string {
	s := ap.ctx.Styles
	lines := common.WrapLines(s.Subtle, "Which actions were agreed at this meeting: space marks or unmarks one. Unmarked actions stay in your plan.", width, 2)
	if len(ap.actions) == 0 {
		lines = append(lines, s.Faint.Render("  No open actions to mark; add them in the action plan."))
	}
	// Keep the cursor's row in view on a short page.
	first := max(0, ap.cursor-max(height-len(lines)-1, 1)+1)
	for i := first; i < len(ap.actions); i++ {
		a := ap.actions[i]
		box := "[ ] "
		if ap.picked[a.ID] {
			box = s.Ok.Render("[x] ")
		}
		due := s.Faint.Render(a.Status.String())
		if !a.Due.IsZero() {
			due = s.Due.Render(a.Status.String() + " · due " + a.Due.String())
		}
		line := common.FitRight(box+sanitize.Line(a.What), due, width-4)
		if i == ap.cursor {
			lines = append(lines, s.Cursor.Render("▸ ")+s.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}
