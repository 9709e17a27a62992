package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// docMsg is a read-only document a command has read and rendered at width; the
// screen that asked for it opens a docView on it in Update.
type docMsg struct {
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

// renderDoc renders sanitised Markdown for a docView. It runs inside a command:
// glamour is slow on long text, and md keeps its own lock.
func renderDoc(md *markdown, width int, title, note, source string) docMsg {
	return docMsg{title: title, note: note, source: source, width: width, rendered: md.page(source, width)}
}

// docView shows rendered text in a scrolling viewport under a one-line note.
type docView struct {
	ctx   *context
	title string
	note  string
	doc   docMsg
	vp    viewport.Model
}

func newDocView(ctx *context, doc docMsg) *docView {
	vp := viewport.New(viewport.WithWidth(ctx.width), viewport.WithHeight(max(ctx.bodyHeight()-2, 1)))
	vp.MouseWheelEnabled = true
	vp.SetContent(doc.rendered)
	dv := &docView{ctx: ctx, title: doc.title, note: doc.note, doc: doc, vp: vp}
	return dv
}

// Init renders again if the window changed while the document was being read.
func (dv *docView) Init() tea.Cmd { return dv.rerender(dv.ctx.width) }
func (dv *docView) Title() string { return dv.title }
func (dv *docView) Typing() bool  { return false }

func (dv *docView) Keys() help.KeyMap {
	k := dv.ctx.keys
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Back}},
	}
}

func (dv *docView) rerender(width int) tea.Cmd {
	if width == dv.doc.width {
		return nil
	}
	md, source := dv.ctx.md, dv.doc.source
	return func() tea.Msg { return docRenderedMsg{width: width, rendered: md.page(source, width)} }
}

// SetSize fits the viewport under the note and renders again for a new width.
func (dv *docView) SetSize(width, height int) tea.Cmd {
	dv.vp.SetWidth(width)
	dv.vp.SetHeight(max(height-2, 1))
	return dv.rerender(width)
}

func (dv *docView) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case docRenderedMsg:
		// Only the latest width counts; an older render is dropped.
		if msg.width == dv.ctx.width {
			dv.doc.width, dv.doc.rendered = msg.width, msg.rendered
			dv.vp.SetContent(msg.rendered)
		}
		return nav{}, nil
	case tea.KeyPressMsg:
		k := dv.ctx.keys
		switch {
		case key.Matches(msg, k.Back):
			return back(), nil
		case key.Matches(msg, k.Home):
			dv.vp.GotoTop()
			return nav{}, nil
		case key.Matches(msg, k.End):
			dv.vp.GotoBottom()
			return nav{}, nil
		}
	}
	var cmd tea.Cmd
	dv.vp, cmd = dv.vp.Update(msg)
	return nav{}, cmd
}

func (dv *docView) View() string {
	s := dv.ctx.styles
	return s.info.Render(ansi.Truncate(dv.note, dv.ctx.width, "…")) + "\n\n" + dv.vp.View()
}
