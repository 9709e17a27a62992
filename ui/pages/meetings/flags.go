package meetings

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/sanitize"
)

// EntryFlags lists recent entries with their sharing and "to discuss" flags, so a
// mentee can pick what to bring to the next meeting without opening each entry. A
// flagged entry is proposed for the agenda; a private one never is.
type EntryFlags struct {
	ctx     *common.Context
	Entries []*portfolio.Entry
	cursor  int
	loaded  bool
}

type flagsLoadedMsg struct{ entries []*portfolio.Entry }

// flagsLimit is how many recent entries the list offers: what is worth discussing
// is recent, and search finds the rest.
const flagsLimit = 300

func NewEntryFlags(ctx *common.Context) *EntryFlags { return &EntryFlags{ctx: ctx} }

func (ef *EntryFlags) Init() tea.Cmd { return ef.load() }

// Resume reads the flags again: an undo may have changed them.
func (ef *EntryFlags) Resume() tea.Cmd { return ef.load() }
func (ef *EntryFlags) Title() string   { return "Entries to discuss" }
func (ef *EntryFlags) Typing() bool    { return false }

// SetSize does nothing: the entryFlags draws from the context's size each frame.
func (ef *EntryFlags) SetSize(int, int) tea.Cmd { return nil }
func (ef *EntryFlags) Loading() bool            { return !ef.loaded }

func (ef *EntryFlags) Keys() help.KeyMap {
	k := ef.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.ToggleDiscuss, k.Sharing, k.Undo, k.Open, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.ToggleDiscuss, k.Sharing, k.Undo, k.Open, k.Back}},
	}
}

func (ef *EntryFlags) load() tea.Cmd {
	p := ef.ctx.Portfolio
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		var out []*portfolio.Entry
		for _, e := range p.Find(portfolio.Query{Limit: flagsLimit}) {
			// A session reflection is private by nature; listing it would only invite
			// a change that cannot be made.
			if e.MeetingID == "" {
				out = append(out, e)
			}
		}
		return flagsLoadedMsg{out}
	}
}

func (ef *EntryFlags) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case flagsLoadedMsg:
		ef.Entries, ef.loaded = msg.entries, true
		ef.cursor = min(ef.cursor, max(len(ef.Entries)-1, 0))
	case components.EntryFlaggedMsg:
		for i, e := range ef.Entries {
			if e.ID == msg.E.ID {
				ef.Entries[i] = msg.E
			}
		}
		return common.Nav{}, components.FlaggedNote(msg)
	case tea.KeyPressMsg:
		k := ef.ctx.Keys
		n := len(ef.Entries)
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Down):
			ef.cursor = min(ef.cursor+1, max(n-1, 0))
		case key.Matches(msg, k.Up):
			ef.cursor = max(ef.cursor-1, 0)
		case key.Matches(msg, k.PageDown):
			ef.cursor = min(ef.cursor+ef.ctx.BodyHeight()-3, max(n-1, 0))
		case key.Matches(msg, k.PageUp):
			ef.cursor = max(ef.cursor-ef.ctx.BodyHeight()+3, 0)
		case n == 0:
		case key.Matches(msg, k.ToggleDiscuss):
			e := ef.Entries[ef.cursor]
			c, refused := components.ToggleDiscuss(*e)
			if refused != "" {
				return common.Nav{}, common.Flash(refused)
			}
			return common.Nav{}, components.SaveFlags(ef.ctx.Portfolio, c)
		case key.Matches(msg, k.Sharing):
			e := ef.Entries[ef.cursor]
			return common.Nav{}, components.SaveFlags(ef.ctx.Portfolio, components.CycleSharing(*e))
		case key.Matches(msg, k.Open):
			return common.Push(entries.NewEntryView(ef.ctx, ef.Entries[ef.cursor].ID)), nil
		}
	}
	return common.Nav{}, nil
}

func (ef *EntryFlags) View() string {
	s := ef.ctx.Styles
	w := ef.ctx.Width
	if !ef.loaded {
		return s.Subtle.Render("  Loading…")
	}
	lines := []string{
		s.Subtle.Render(ansi.Truncate("space flags an entry to discuss at the next meeting · S: unshared, shareable (its text", w, "…")),
		s.Subtle.Render(ansi.Truncate("goes in the agenda), private (never offered)", w, "…")),
		"",
	}
	if len(ef.Entries) == 0 {
		return strings.Join(append(lines, s.Faint.Render("  No entries yet.")), "\n")
	}
	room := ef.ctx.BodyHeight() - len(lines)
	start := max(0, ef.cursor-room+1)
	for i := start; i < len(ef.Entries) && i < start+room; i++ {
		lines = append(lines, ef.row(ef.Entries[i], w, i == ef.cursor))
	}
	return strings.Join(lines, "\n")
}

func (ef *EntryFlags) row(e *portfolio.Entry, width int, selected bool) string {
	s := ef.ctx.Styles
	discuss := s.Faint.Render("[ ]        ")
	if e.Discuss {
		discuss = s.Ok.Render("[x] discuss")
	}
	sharing := common.Pad(s.Subtle.Render(e.Sharing.String()), 9)
	switch e.Sharing {
	case portfolio.SharingPrivate:
		sharing = common.Pad(s.Warn.Render("private"), 9)
	case portfolio.SharingShareable:
		sharing = common.Pad(s.Info.Render("shareable"), 9)
	}
	right := discuss + "  " + sharing
	line := common.FitRight(s.Subtle.Render(e.Date.String())+"  "+sanitize.Line(e.Title), right, width-2)
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}
