package meetings

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// clearDiscussed follows a meeting record that discussed entries flagged "to
// discuss": a question whether to clear their flags, then what follows the
// meeting (after, or back when nil).
type clearDiscussed struct {
	entries []*portfolio.Entry
	after   common.Then
}

func (c clearDiscussed) Screen(ctx *common.Context) common.Screen {
	return &discussedQuestion{ctx: ctx, entries: c.entries, after: c.after}
}

// discussedQuestion asks whether the entries the meeting discussed should stay
// flagged "to discuss"; nothing changes without a yes.
type discussedQuestion struct {
	ctx     *common.Context
	entries []*portfolio.Entry
	after   common.Then
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
	k := dq.ctx.Keys
	b := []key.Binding{k.ClearFlags, k.KeepFlags}
	return common.HelpKeys{Short: b, Full: [][]key.Binding{b}}
}

// next is what follows the question.
func (dq *discussedQuestion) next() common.Nav {
	if dq.after != nil {
		return common.Replace(dq.after.Screen(dq.ctx))
	}
	return common.Back()
}

func (dq *discussedQuestion) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case discussClearedMsg:
		dq.busy = false
		if msg.err != nil {
			return common.Nav{}, common.Fail(msg.err)
		}
		return dq.next(), common.Flash("Cleared \"to discuss\" on " + common.Plural(msg.n, "entry", "entries") + ".")
	case tea.KeyPressMsg:
		k := dq.ctx.Keys
		switch {
		case dq.busy:
		case key.Matches(msg, k.ClearFlags):
			dq.busy = true
			p := dq.ctx.Portfolio
			ids := make([]portfolio.ID, len(dq.entries))
			for i, e := range dq.entries {
				ids[i] = e.ID
			}
			return common.Nav{}, func() tea.Msg {
				n, err := mentorship.ClearDiscuss(p, ids)
				return discussClearedMsg{n, err}
			}
		case key.Matches(msg, k.KeepFlags):
			return dq.next(), common.Flash("Kept flagged to discuss.")
		}
	}
	return common.Nav{}, nil
}

func (dq *discussedQuestion) View() string {
	s := dq.ctx.Styles
	w := dq.ctx.Width
	lines := common.WrapLines(s.Subtle, "The meeting is recorded. These entries were flagged to discuss, and the meeting covered them:", w, 2)
	lines = append(lines, "")
	room := dq.ctx.BodyHeight() - len(lines) - 3
	for i, e := range dq.entries {
		if i == room-1 && len(dq.entries) > room {
			lines = append(lines, s.Faint.Render("  and "+common.Plural(len(dq.entries)-i, "more entry", "more entries")))
			break
		}
		lines = append(lines, ansi.Truncate("  • "+sanitize.Line(e.Title), w, "…"))
	}
	k := dq.ctx.Keys
	lines = append(lines, "", s.Warn.Render("Clear their \"to discuss\" flag?")+"  "+common.KeyChoices(s, k.ClearFlags, k.KeepFlags))
	return strings.Join(lines, "\n")
}
