package components

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/ui/common"
)

// DocMsg is a read-only document a command has read and rendered at width; the
// screen that asked for it opens a DocView on it in Update.
type DocMsg struct {
	title, note string
	source      string // sanitised Markdown, kept to render again at another width
	width       int
	rendered    string
}

// docRenderedMsg is the document rendered again after a resize.
type docRenderedMsg struct {
	width    int
	rendered string
}

// RenderDoc renders sanitised Markdown for a DocView. It runs inside a command:
// glamour is slow on long text, and md keeps its own lock.
func RenderDoc(md *common.Markdown, width int, title, note, source string) DocMsg {
	return DocMsg{title: title, note: note, source: source, width: width, rendered: md.Page(source, width)}
}

// DocView shows rendered text in a scrolling viewport under a one-line note.
type DocView struct {
	ctx   *common.Context
	title string
	note  string
	doc   DocMsg
	vp    viewport.Model
}

func NewDocView(ctx *common.Context, doc DocMsg) *DocView {
	vp := viewport.New(viewport.WithWidth(ctx.Width), viewport.WithHeight(max(ctx.BodyHeight()-2, 1)))
	vp.MouseWheelEnabled = true
	vp.SetContent(doc.rendered)
	dv := &DocView{ctx: ctx, title: doc.title, note: doc.note, doc: doc, vp: vp}
	return dv
}

// Init renders again if the window changed while the document was being read.
func (dv *DocView) Init() tea.Cmd { return dv.rerender(dv.ctx.Width) }
func (dv *DocView) Title() string { return dv.title }
func (dv *DocView) Typing() bool  { return false }

func (dv *DocView) Keys() help.KeyMap {
	k := dv.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.Up, k.Down, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Back}},
	}
}

func (dv *DocView) rerender(width int) tea.Cmd {
	if width == dv.doc.width {
		return nil
	}
	md, source := dv.ctx.MD, dv.doc.source
	return func() tea.Msg { return docRenderedMsg{width: width, rendered: md.Page(source, width)} }
}

// SetSize fits the viewport under the note and renders again for a new width.
func (dv *DocView) SetSize(width, height int) tea.Cmd {
	dv.vp.SetWidth(width)
	dv.vp.SetHeight(max(height-2, 1))
	return dv.rerender(width)
}

func (dv *DocView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case docRenderedMsg:
		// Only the latest width counts; an older render is dropped.
		if msg.width == dv.ctx.Width {
			dv.doc.width, dv.doc.rendered = msg.width, msg.rendered
			dv.vp.SetContent(msg.rendered)
		}
		return common.Nav{}, nil
	case tea.KeyPressMsg:
		k := dv.ctx.Keys
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Home):
			dv.vp.GotoTop()
			return common.Nav{}, nil
		case key.Matches(msg, k.End):
			dv.vp.GotoBottom()
			return common.Nav{}, nil
		}
	}
	var cmd tea.Cmd
	dv.vp, cmd = dv.vp.Update(msg)
	return common.Nav{}, cmd
}

func (dv *DocView) View() string {
	s := dv.ctx.Styles
	return s.Info.Render(ansi.Truncate(dv.note, dv.ctx.Width, "…")) + "\n\n" + dv.vp.View()
}
