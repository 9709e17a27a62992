package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// clearDiscussed follows a meeting record that discussed entries flagged "to
// discuss": a question whether to clear their flags, then what follows the
// meeting (after, or back when nil).
type clearDiscussed struct {
	entries []*portfolio.Entry
	after   then
}

func (c clearDiscussed) screen(ctx *context) screen {
	return &discussedQuestion{ctx: ctx, entries: c.entries, after: c.after}
}

// discussedQuestion asks whether the entries the meeting discussed should stay
// flagged "to discuss"; nothing changes without a yes.
type discussedQuestion struct {
	ctx     *context
	entries []*portfolio.Entry
	after   then
	busy    bool
}

// discussClearedMsg is the answer of ClearDiscuss.
type discussClearedMsg struct {
	n   int
	err error
}

func (dq *discussedQuestion) Init() tea.Cmd            { return nil }
func (dq *discussedQuestion) Title() string            { return "Discussed" }
func (dq *discussedQuestion) Typing() bool             { return false }
func (dq *discussedQuestion) SetSize(int, int) tea.Cmd { return nil }

func (dq *discussedQuestion) Keys() help.KeyMap {
	k := dq.ctx.keys
	b := []key.Binding{k.ClearFlags, k.KeepFlags}
	return helpKeys{short: b, full: [][]key.Binding{b}}
}

// next is what follows the question.
func (dq *discussedQuestion) next() nav {
	if dq.after != nil {
		return replace(dq.after.screen(dq.ctx))
	}
	return back()
}

func (dq *discussedQuestion) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case discussClearedMsg:
		dq.busy = false
		if msg.err != nil {
			return nav{}, fail(msg.err)
		}
		return dq.next(), flash("Cleared \"to discuss\" on " + plural(msg.n, "entry", "entries") + ".")
	case tea.KeyPressMsg:
		k := dq.ctx.keys
		switch {
		case dq.busy:
		case key.Matches(msg, k.ClearFlags):
			dq.busy = true
			p := dq.ctx.p
			ids := make([]portfolio.ID, len(dq.entries))
			for i, e := range dq.entries {
				ids[i] = e.ID
			}
			return nav{}, func() tea.Msg {
				n, err := p.ClearDiscuss(ids)
				return discussClearedMsg{n, err}
			}
		case key.Matches(msg, k.KeepFlags):
			return dq.next(), flash("Kept flagged to discuss.")
		}
	}
	return nav{}, nil
}

func (dq *discussedQuestion) View() string {
	s := dq.ctx.styles
	w := dq.ctx.width
	lines := wrapLines(s.subtle, "The meeting is recorded. These entries were flagged to discuss, and the meeting covered them:", w, 2)
	lines = append(lines, "")
	room := dq.ctx.bodyHeight() - len(lines) - 3
	for i, e := range dq.entries {
		if i == room-1 && len(dq.entries) > room {
			lines = append(lines, s.faint.Render("  and "+plural(len(dq.entries)-i, "more entry", "more entries")))
			break
		}
		lines = append(lines, ansi.Truncate("  • "+sanitize.Line(e.Title), w, "…"))
	}
	k := dq.ctx.keys
	lines = append(lines, "", s.warn.Render("Clear their \"to discuss\" flag?")+"  "+keyChoices(s, k.ClearFlags, k.KeepFlags))
	return strings.Join(lines, "\n")
}
