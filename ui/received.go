package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/media"
	"github.com/foliohq/folio/ui/sanitize"
)

// receivedList is where a user looks when someone wants to share with them: the
// vault's public key to give out, and every document received with it, each
// opening read-only. r receives a file here, as 'folio receive' does.
type receivedList struct {
	ctx    *context
	key    string
	keyErr error
	docs   []*portfolio.Received
	names  map[portfolio.ID]string // relationship titles, for the rows
	rels   []relChoice             // relationships a received file may be kept with
	cursor int
	loaded bool
}

// relChoice is a relationship offered to attach a received file to.
type relChoice struct {
	id    portfolio.ID
	title string
}

type receivedLoadedMsg struct {
	key   string
	err   error
	docs  []*portfolio.Received
	names map[portfolio.ID]string
	rels  []relChoice
}

func newReceivedList(ctx *context) *receivedList { return &receivedList{ctx: ctx} }

func (rl *receivedList) Init() tea.Cmd   { return rl.load() }
func (rl *receivedList) Resume() tea.Cmd { return rl.load() }
func (rl *receivedList) Title() string   { return "Shared with you" }
func (rl *receivedList) Typing() bool    { return false }

// SetSize does nothing: the receivedList draws from the context's size each frame.
func (rl *receivedList) SetSize(int, int) tea.Cmd { return nil }
func (rl *receivedList) Loading() bool            { return !rl.loaded }

func (rl *receivedList) Keys() help.KeyMap {
	k := rl.ctx.keys
	return helpKeys{
		short: []key.Binding{k.Open, k.ReceiveFile, k.SaveCopy, k.CopyKey, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.ReceiveFile, k.SaveCopy, k.CopyKey, k.Back}},
	}
}

// load reads the public key, making the key pair the first time (a write to the
// vault), and the documents received.
func (rl *receivedList) load() tea.Cmd {
	p := rl.ctx.p
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		pub, err := p.PublicKey()
		names := map[portfolio.ID]string{}
		var rels []relChoice
		for _, r := range p.Relationships() {
			names[r.ID] = r.Title()
			rels = append(rels, relChoice{r.ID, r.Title()})
		}
		return receivedLoadedMsg{key: pub, err: err, docs: p.ReceivedDocuments(""), names: names, rels: rels}
	}
}

func (rl *receivedList) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case receivedLoadedMsg:
		rl.key, rl.keyErr, rl.docs, rl.names, rl.rels, rl.loaded = msg.key, msg.err, msg.docs, msg.names, msg.rels, true
		rl.cursor = min(rl.cursor, max(len(rl.docs)-1, 0))
	case tea.KeyPressMsg:
		k := rl.ctx.keys
		switch {
		case key.Matches(msg, k.Back):
			return back(), nil
		case key.Matches(msg, k.Down):
			rl.cursor = min(rl.cursor+1, max(len(rl.docs)-1, 0))
		case key.Matches(msg, k.Up):
			rl.cursor = max(rl.cursor-1, 0)
		case key.Matches(msg, k.Open):
			if len(rl.docs) > 0 {
				return nav{}, openReceived(rl.ctx, rl.docs[rl.cursor])
			}
		case key.Matches(msg, k.ReceiveFile):
			return push(receiveForm(rl.ctx, rl.rels)), nil
		case key.Matches(msg, k.SaveCopy):
			if len(rl.docs) > 0 {
				return push(saveCopyForm(rl.ctx, rl.docs[rl.cursor])), nil
			}
		case key.Matches(msg, k.CopyKey):
			if rl.key != "" {
				// OSC 52: the terminal puts it on the clipboard, where it allows that.
				return nav{}, tea.Batch(tea.SetClipboard(rl.key), flash("Key sent to the clipboard. If pasting gives nothing, select it with shift and the mouse."))
			}
		}
	case docMsg:
		return push(newDocView(rl.ctx, msg)), nil
	}
	return nav{}, nil
}

func (rl *receivedList) View() string {
	s := rl.ctx.styles
	w := rl.ctx.width
	if !rl.loaded {
		return s.subtle.Render("  Loading…")
	}
	lines := []string{s.section.Render("Your sharing key")}
	lines = append(lines, wrapLines(s.subtle, "Give it to whoever shares a summary with you: they encrypt it to this key, and only this vault can open it. c copies it.", w, 3)...)
	if rl.keyErr != nil {
		lines = append(lines, s.errorText.Render(ansi.Truncate(errorText(rl.keyErr), w, "…")))
	} else {
		// Unstyled, on a line of its own, so selecting it copies the key alone.
		lines = append(lines, "", rl.key)
		if ansi.StringWidth(rl.key) > w {
			lines = append(lines, s.warn.Render(ansi.Truncate("The window is too narrow for the whole key: press c, or widen it.", w, "…")))
		}
	}
	lines = append(lines, "", s.section.Render("Received"))
	if len(rl.docs) == 0 {
		lines = append(lines, wrapLines(s.faint, "  Nothing yet. Save the file they send you, then press r here and give its path.", w, 2)...)
		return strings.Join(lines, "\n")
	}
	room := rl.ctx.bodyHeight() - len(lines)
	start := max(0, rl.cursor-room+1)
	for i := start; i < len(rl.docs) && i < start+room; i++ {
		doc := rl.docs[i]
		row := receivedRow(s, doc, w, i == rl.cursor)
		if name := rl.names[doc.RelationshipID]; name != "" {
			row = ansi.Truncate(row, w-ansi.StringWidth(name)-3, "…")
			row = pad(row, w-ansi.StringWidth(name)-2) + s.subtle.Render(sanitize.Line(name))
		}
		lines = append(lines, row)
	}
	return strings.Join(lines, "\n")
}

// receivedRow is a received document on one line: when it came and its title.
func receivedRow(s styles, doc *portfolio.Received, width int, selected bool) string {
	when := calendar.DateOf(doc.ReceivedAt.Local()).String()
	line := ansi.Truncate(s.subtle.Render(when)+"  "+sanitize.Line(doc.Title), width-2, "…")
	if selected {
		return s.cursor.Render("▸ ") + s.selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// openReceived renders a received document read-only, off the update loop.
func openReceived(ctx *context, doc *portfolio.Received) tea.Cmd {
	md, width := ctx.md, ctx.width
	return func() tea.Msg {
		note := "Received " + calendar.DateOf(doc.ReceivedAt.Local()).String()
		if doc.FileName != "" {
			note += " as " + sanitize.Line(doc.FileName)
		}
		note += ": read-only, kept encrypted in your vault."
		return renderDoc(md, width, "Shared with you", note, receivedBody(doc))
	}
}

// receivedBody is what the app shows of a received document: Markdown and text as
// they are, an HTML page as its readable text rather than its source, and a PDF,
// which a terminal cannot show, described with the way to save a copy.
func receivedBody(doc *portfolio.Received) string {
	switch doc.MediaType {
	case portfolio.MediaHTML:
		return sanitize.Text(media.HTMLText(doc.Body))
	case portfolio.MediaPDF:
		return fmt.Sprintf("A PDF document, \"%s\", of %s. A terminal cannot show it: press esc, then w on it in the list to save a copy you can open with a PDF reader.\n",
			strings.NewReplacer("*", "\\*", "_", "\\_", "`", "\\`").Replace(sanitize.Line(doc.Title)), byteSize(len(doc.Data)))
	}
	return sanitize.Text(doc.Body)
}
