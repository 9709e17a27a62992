package meetings

import (
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
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
	missing bool
	confirm bool
}

type (
	meetingReadMsg struct {
		id  portfolio.ID
		m   *portfolio.Meeting
		rel *portfolio.Relationship
		doc components.DocMsg
	}
	meetingTrashedMsg struct{}
)

// NewMeetingView renders a held meeting's record for reading.
func NewMeetingView(ctx *common.Context, id portfolio.ID) common.Screen {
	return &MeetingView{ctx: ctx, ID: id}
}

func (mv *MeetingView) Init() tea.Cmd   { return mv.load() }
func (mv *MeetingView) Resume() tea.Cmd { return mv.load() }
func (mv *MeetingView) Title() string   { return "Meeting" }
func (mv *MeetingView) Typing() bool    { return false }
func (mv *MeetingView) Loading() bool   { return mv.doc == nil && !mv.missing }
func (mv *MeetingView) Asking() bool    { return mv.confirm }

func (mv *MeetingView) SetSize(w, h int) tea.Cmd {
	if mv.doc != nil {
		return mv.doc.SetSize(w, h)
	}
	return nil
}

func (mv *MeetingView) Keys() help.KeyMap {
	k := mv.ctx.Keys
	if mv.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Edit, k.Delete, k.History, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Edit, k.Delete, k.History, k.Back}},
	}
}

func (mv *MeetingView) load() tea.Cmd {
	p, md, width, id := mv.ctx.Portfolio, mv.ctx.MD, mv.ctx.Width, mv.ID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		m, ok := p.Meeting(id)
		if !ok {
			return meetingReadMsg{id: id}
		}
		r, _ := p.Relationship(m.RelationshipID)
		text := meetingMarkdown(p, m)
		return meetingReadMsg{id: id, m: m, rel: r, doc: components.RenderDoc(md, width, "Meeting", "Your record of the meeting: the notes are yours unless you export them.", text)}
	}
}

func (mv *MeetingView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case meetingReadMsg:
		if msg.id != mv.ID {
			return common.Nav{}, nil
		}
		if msg.m == nil {
			mv.missing, mv.Meeting = true, nil
			return common.Nav{}, nil
		}
		mv.missing, mv.Meeting, mv.rel = false, msg.m, msg.rel
		mv.doc = components.NewDocView(mv.ctx, msg.doc)
		return common.Nav{}, mv.doc.Init()
	case meetingTrashedMsg:
		return common.Back(), common.Flash("Moved the meeting to the trash: u undoes, T on the dashboard lists the trash.")
	case tea.KeyPressMsg:
		k := mv.ctx.Keys
		if mv.confirm {
			mv.confirm = false
			if key.Matches(msg, k.Yes) {
				p, id := mv.ctx.Portfolio, mv.ID
				return common.Nav{}, func() tea.Msg {
					if _, err := p.Delete(id, portfolio.KindMeeting); err != nil {
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
			return common.Push(editMeeting(mv.ctx, mv.rel, mv.Meeting)), nil
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
	if mv.confirm {
		q := s.Dialog.Render(s.Warn.Render("Move this meeting to the trash?") + "\n" +
			"Meeting of " + mv.Meeting.Date.String() + "\n\n" + s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it"))
		return q + "\n" + out
	}
	return out
}

// editMeeting is a held meeting's notes, one page a section as written, and its
// dates, format and sharing, saved over it as a new version (its agreed actions are
// actions, edited in the action plan).
func editMeeting(ctx *common.Context, r *portfolio.Relationship, m *portfolio.Meeting) *components.Notebook {
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
	pages = append(pages, dates)
	p, today, orig := ctx.Portfolio, ctx.Today(), *m
	intro := fmt.Sprintf("Meeting with %s on %s. Tab moves through the notes and dates; ctrl+s saves (u undoes).", sanitize.Line(r.Person), m.Date)
	nb := components.NewNotebook(ctx, "Edit meeting", intro, pages, func(nb *components.Notebook) tea.Cmd {
		heldOn, err := calendar.ParseDate(dates.Held.Value(), today)
		if err != nil {
			return components.FailForm(err)
		}
		nextOn, err := common.OptionalDate(dates.next.Value(), today)
		if err != nil {
			return components.FailForm(err)
		}
		c := orig
		c.Notes, c.Date, c.NextDate = nb.Sections(), heldOn, nextOn
		c.Format, c.Shared = portfolio.MeetingFormat(dates.format.Choice+1), dates.shared()
		return func() tea.Msg {
			if _, err := p.UpdateMeeting(c); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Meeting saved: h on it lists its versions, u undoes."}
		}
	})
	nb.Tabs = true
	return nb
}
