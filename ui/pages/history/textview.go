package history

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio/diff"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// TextView shows a version's text, or the word diff between two, under a one-line
// note, wrapped to the window and scrolled. It is built in Update from data a
// command read; styling and wrapping are cheap, so it is redone on a resize.
type TextView struct {
	ctx   *common.Context
	title string
	note  string
	parts []diff.DiffPart // a plain version is one Equal part
	vp    viewport.Model
	// other is the view tab switches to, in place: a version's changes from its
	// version and back; nil where there is none.
	other func() *TextView
	// otherHelp names the other view in the help line.
	otherHelp string
}

// NewTextView shows text as it is.
func NewTextView(ctx *common.Context, title, note, text string) *TextView {
	return NewDiffView(ctx, title, note, []diff.DiffPart{{Op: diff.DiffEqual, Text: text}})
}

// NewDiffView shows a word diff: deleted words as [-old-] and inserted ones as
// {+new+}, coloured too, so the marks read without colour (NO_COLOR) as with it.
func NewDiffView(ctx *common.Context, title, note string, parts []diff.DiffPart) *TextView {
	vp := viewport.New(viewport.WithWidth(ctx.Width), viewport.WithHeight(max(ctx.BodyHeight()-2, 1)))
	vp.MouseWheelEnabled = true
	tv := &TextView{ctx: ctx, title: title, note: note, parts: parts, vp: vp}
	tv.vp.SetContent(tv.render(ctx.Width))
	return tv
}

func (tv *TextView) Init() tea.Cmd { return nil }
func (tv *TextView) Title() string { return tv.title }
func (tv *TextView) Typing() bool  { return false }

func (tv *TextView) Keys() help.KeyMap {
	k := tv.ctx.Keys
	if tv.other != nil {
		sw := k.ShowDiff
		sw.SetHelp(sw.Help().Key, tv.otherHelp)
		return common.HelpKeys{
			Short: []key.Binding{k.Up, k.Down, k.PageDown, sw, k.Back},
			Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {sw, k.Back}},
		}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Up, k.Down, k.PageDown, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Back}},
	}
}

func (tv *TextView) SetSize(width, height int) tea.Cmd {
	tv.vp.SetWidth(width)
	tv.vp.SetHeight(max(height-2, 1))
	tv.vp.SetContent(tv.render(width))
	return nil
}

// render styles each run and wraps the whole to width; the text is the vault's,
// so it is made inert first.
func (tv *TextView) render(width int) string {
	s := tv.ctx.Styles
	del := s.ErrorText.Strikethrough(true)
	ins := s.Ok.Bold(true).Underline(true)
	var b strings.Builder
	for _, p := range tv.parts {
		text := sanitize.Text(p.Text)
		switch p.Op {
		case diff.DiffDelete:
			b.WriteString(markLines(del, "[-", "-]", text))
		case diff.DiffInsert:
			b.WriteString(markLines(ins, "{+", "+}", text))
		default:
			b.WriteString(text)
		}
	}
	return ansi.Wrap(b.String(), max(width-2, 10), " ")
}

// markLines marks a run line by line, so a run that spans lines keeps its marks on
// every line it touches and a style never runs on past a line's end.
func markLines(st interface{ Render(...string) string }, open, shut, text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = st.Render(open + l + shut)
		}
	}
	return strings.Join(lines, "\n")
}

func (tv *TextView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		k := tv.ctx.Keys
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.ShowDiff) && tv.other != nil:
			return common.Replace(tv.other()), nil
		case key.Matches(msg, k.Home):
			tv.vp.GotoTop()
			return common.Nav{}, nil
		case key.Matches(msg, k.End):
			tv.vp.GotoBottom()
			return common.Nav{}, nil
		}
	}
	var cmd tea.Cmd
	tv.vp, cmd = tv.vp.Update(msg)
	return common.Nav{}, cmd
}

func (tv *TextView) View() string {
	s := tv.ctx.Styles
	return s.Info.Render(ansi.Truncate(tv.note, tv.ctx.Width, "…")) + "\n\n" + tv.vp.View()
}
