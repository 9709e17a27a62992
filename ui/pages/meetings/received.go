package meetings

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	trash "github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/media"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// ReceivedList is where a user looks when someone wants to share with them: the
// vault's public key to give out, and every document received with it, each
// opening read-only. r receives a file here, as 'folio receive' does; e changes a
// document's title and whom it is from.
type ReceivedList struct {
	ctx    *common.Context
	key    string
	keyErr error
	docs   []*portfolio.Received
	names  map[portfolio.ID]string // relationship titles, for the rows
	rels   []relChoice             // relationships a received file may be kept with
	cursor int
	loaded bool
	// confirm: d asked whether to move the selected document to the trash.
	confirm bool
}

// receivedTrashedMsg: a received document went to the trash.
type receivedTrashedMsg struct{ title string }

// Asking: the delete question is open, so u answers it rather than undoing.
func (rl *ReceivedList) Asking() bool { return rl.confirm }

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

func NewReceivedList(ctx *common.Context) *ReceivedList { return &ReceivedList{ctx: ctx} }

func (rl *ReceivedList) Init() tea.Cmd   { return rl.load() }
func (rl *ReceivedList) Resume() tea.Cmd { return rl.load() }
func (rl *ReceivedList) Title() string   { return "Shared with you" }
func (rl *ReceivedList) Typing() bool    { return false }

// SetSize does nothing: the receivedList draws from the context's size each frame.
func (rl *ReceivedList) SetSize(int, int) tea.Cmd { return nil }
func (rl *ReceivedList) Loading() bool            { return !rl.loaded }

func (rl *ReceivedList) Keys() help.KeyMap {
	k := rl.ctx.Keys
	if rl.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.ReceiveFile, k.SaveCopy, k.CopyKey, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.ReceiveFile, k.SaveCopy, k.CopyKey, k.Back}, {k.Edit, k.History, k.Delete}},
	}
}

// load reads the public key, making the key pair the first time (a write to the
// vault), and the documents received.
func (rl *ReceivedList) load() tea.Cmd {
	p := rl.ctx.Portfolio
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		pub, err := share.PublicKey(p)
		names := map[portfolio.ID]string{}
		var rels []relChoice
		for _, r := range mentorship.Relationships(p) {
			names[r.ID] = r.Title()
			rels = append(rels, relChoice{r.ID, r.Title()})
		}
		return receivedLoadedMsg{key: pub, err: err, docs: share.ReceivedDocuments(p, ""), names: names, rels: rels}
	}
}

func (rl *ReceivedList) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case receivedLoadedMsg:
		rl.key, rl.keyErr, rl.docs, rl.names, rl.rels, rl.loaded = msg.key, msg.err, msg.docs, msg.names, msg.rels, true
		rl.cursor = min(rl.cursor, max(len(rl.docs)-1, 0))
	case receivedTrashedMsg:
		return common.Nav{}, tea.Batch(rl.load(), common.Flash("Moved “"+sanitize.Line(msg.title)+"” to the trash: u undoes, T on the dashboard lists the trash."))
	case tea.KeyPressMsg:
		k := rl.ctx.Keys
		if rl.confirm {
			yes, answered := common.Answer(msg, k.Yes, k.No)
			if !answered {
				return common.Nav{}, nil
			}
			rl.confirm = false
			if !yes || len(rl.docs) == 0 {
				return common.Nav{}, common.Flash("Kept the document.")
			}
			p, doc := rl.ctx.Portfolio, rl.docs[rl.cursor]
			return common.Nav{}, func() tea.Msg {
				if _, err := trash.Delete(p, doc.ID, portfolio.KindReceived); err != nil {
					return common.ErrMsg{Err: err}
				}
				return receivedTrashedMsg{doc.Title}
			}
		}
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Edit) && len(rl.docs) > 0:
			return common.Push(receivedEditForm(rl.ctx, rl.docs[rl.cursor], rl.rels)), nil
		case key.Matches(msg, k.Delete) && len(rl.docs) > 0:
			rl.confirm = true
		case key.Matches(msg, k.History) && len(rl.docs) > 0:
			return common.Push(history.NewHistory(rl.ctx, rl.docs[rl.cursor].ID)), nil
		case key.Matches(msg, k.Down):
			rl.cursor = min(rl.cursor+1, max(len(rl.docs)-1, 0))
		case key.Matches(msg, k.Up):
			rl.cursor = max(rl.cursor-1, 0)
		case key.Matches(msg, k.Open):
			if len(rl.docs) > 0 {
				return common.Nav{}, OpenReceived(rl.ctx, rl.docs[rl.cursor])
			}
		case key.Matches(msg, k.ReceiveFile):
			return common.Push(receiveForm(rl.ctx, rl.rels)), nil
		case key.Matches(msg, k.SaveCopy):
			if len(rl.docs) > 0 {
				return common.Push(saveCopyForm(rl.ctx, rl.docs[rl.cursor])), nil
			}
		case key.Matches(msg, k.CopyKey):
			if rl.key != "" {
				// OSC 52: the terminal puts it on the clipboard, where it allows that.
				return common.Nav{}, tea.Batch(tea.SetClipboard(rl.key), common.Flash("Key sent to the clipboard. If pasting gives nothing, select it with shift and the mouse."))
			}
		}
	case components.DocMsg:
		return common.Push(components.NewDocView(rl.ctx, msg)), nil
	}
	return common.Nav{}, nil
}

func (rl *ReceivedList) View() string {
	s := rl.ctx.Styles
	w := rl.ctx.Width
	if !rl.loaded {
		return s.Subtle.Render("  Loading…")
	}
	lines := []string{s.Section.Render("Your sharing key")}
	lines = append(lines, common.WrapLines(s.Subtle, "Give it to whoever shares a summary with you: they encrypt it to this key, and only this vault can open it. c copies it.", w, 3)...)
	if rl.keyErr != nil {
		lines = append(lines, s.ErrorText.Render(ansi.Truncate(common.ErrorText(rl.keyErr), w, "…")))
	} else {
		// Unstyled, on a line of its own, so selecting it copies the key alone.
		lines = append(lines, "", rl.key)
		if ansi.StringWidth(rl.key) > w {
			lines = append(lines, s.Warn.Render(ansi.Truncate("The window is too narrow for the whole key: press c, or widen it.", w, "…")))
		}
	}
	lines = append(lines, "", s.Section.Render("Received"))
	if rl.confirm && len(rl.docs) > 0 {
		lines = append(lines, s.Dialog.Render(s.Warn.Render("Move “"+sanitize.Line(rl.docs[rl.cursor].Title)+"” to the trash?")+"\n\n"+
			s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it")))
	}
	if len(rl.docs) == 0 {
		lines = append(lines, common.WrapLines(s.Faint, "  Nothing yet. Save the file they send you, then press r here and give its path.", w, 2)...)
		return strings.Join(lines, "\n")
	}
	room := max(rl.ctx.BodyHeight()-strings.Count(strings.Join(lines, "\n"), "\n")-1, 1)
	start := max(0, rl.cursor-room+1)
	for i := start; i < len(rl.docs) && i < start+room; i++ {
		doc := rl.docs[i]
		row := ReceivedRow(s, doc, w, i == rl.cursor)
		if name := rl.names[doc.RelationshipID]; name != "" {
			row = ansi.Truncate(row, w-ansi.StringWidth(name)-3, "…")
			row = common.Pad(row, w-ansi.StringWidth(name)-2) + s.Subtle.Render(sanitize.Line(name))
		}
		lines = append(lines, row)
	}
	return strings.Join(lines, "\n")
}

// ReceivedRow is a received document on one line: when it came and its title.
func ReceivedRow(s common.Styles, doc *portfolio.Received, width int, selected bool) string {
	when := calendar.DateOf(doc.ReceivedAt.Local()).String()
	line := ansi.Truncate(s.Subtle.Render(when)+"  "+sanitize.Line(doc.Title), width-2, "…")
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// OpenReceived renders a received document read-only, off the update loop.
func OpenReceived(ctx *common.Context, doc *portfolio.Received) tea.Cmd {
	md, width := ctx.MD, ctx.Width
	return func() tea.Msg {
		note := "Received " + calendar.DateOf(doc.ReceivedAt.Local()).String()
		if doc.FileName != "" {
			note += " as " + sanitize.Line(doc.FileName)
		}
		note += ": read-only, kept encrypted in your vault."
		return components.RenderDoc(md, width, "Shared with you", note, receivedBody(doc))
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
			strings.NewReplacer("*", "\\*", "_", "\\_", "`", "\\`").Replace(sanitize.Line(doc.Title)), common.ByteSize(len(doc.Data)))
	}
	return sanitize.Text(doc.Body)
}
