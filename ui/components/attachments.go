package components

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
	"github.com/foliohq/folio/ui/viewer"
)

// attachmentRows is how many attachments a record's page lists at once.
const attachmentRows = 4

// Attachments is the list of files kept with one record, drawn under its page: the
// selected one opens in the system's viewer, and a file is attached by its path.
// Reading, opening and attaching run as commands; the list holds what they returned.
type Attachments struct {
	ctx    *common.Context
	record portfolio.ID
	// extra is a second record whose files are listed too (the goal page's
	// selected action); toExtra says a file is attached to it, not to record.
	extra   portfolio.ID
	toExtra bool
	names   [2]string // what the prompt calls record and extra
	list    []portfolio.Attachment
	sel     int
	loaded  bool
	busy    string // what a command is doing, shown in place of the keys
	prompt  bool
	input   textinput.Model
	loadErr error
}

// Messages of the attachments' commands, each naming its record.
type (
	AttachmentsMsg struct {
		Record portfolio.ID
		Extra  portfolio.ID
		List   []portfolio.Attachment
		Err    error
	}
	attachedMsg struct {
		record portfolio.ID
		a      portfolio.Attachment
		err    error
	}
	attachmentOpenedMsg struct {
		record portfolio.ID
		name   string
		o      *viewer.Opened
		err    error
	}
	attachmentClosedMsg struct {
		record portfolio.ID
		name   string
	}
)

func NewAttachments(ctx *common.Context, record portfolio.ID) Attachments {
	in := textinput.New()
	in.SetStyles(ctx.Styles.Input)
	in.CharLimit = 4096
	in.Placeholder = "~/Downloads/certificate.pdf"
	return Attachments{ctx: ctx, record: record, input: in}
}

// Record is the record whose files these are.
func (a *Attachments) Record() portfolio.ID { return a.record }

// SetExtra lists the files of a second record too, labelled by kind, and lets a
// file be attached to it (tab at the prompt); "" for none. The prompt names the
// page's record and the extra one as names says ("the goal", "the action").
func (a *Attachments) SetExtra(id portfolio.ID, names [2]string) tea.Cmd {
	a.names = names
	if id == a.extra {
		return nil
	}
	a.extra, a.toExtra = id, id != "" && a.toExtra
	return a.Load()
}

// List is the files as last read.
func (a *Attachments) List() []portfolio.Attachment { return a.list }

// Typing reports whether the path prompt has focus, where letters are text.
func (a *Attachments) Typing() bool { return a.prompt }

// Load reads the record's attachments.
func (a *Attachments) Load() tea.Cmd {
	p, id, extra := a.ctx.Portfolio, a.record, a.extra
	if p == nil || id == "" {
		return nil
	}
	return func() tea.Msg { return ReadAttachments(p, id, extra) }
}

// ReadAttachments reads the attachments of id, and of extra unless it is "", for a
// page whose own command reads its record and may as well read these with it; it
// takes the vault's lock.
func ReadAttachments(p *portfolio.Portfolio, id, extra portfolio.ID) AttachmentsMsg {
	list, err := attachment.Attachments(p, id)
	if err == nil && extra != "" {
		var more []portfolio.Attachment
		more, err = attachment.Attachments(p, extra)
		list = append(list, more...)
	}
	return AttachmentsMsg{Record: id, Extra: extra, List: list, Err: err}
}

// Keys are the bindings the list honours, for a page's help.
func (a *Attachments) Keys() []key.Binding {
	k := a.ctx.Keys
	if a.prompt && a.extra != "" {
		return []key.Binding{k.Done, k.SwitchTarget, k.Cancel}
	}
	if a.prompt {
		return []key.Binding{k.Done, k.Cancel}
	}
	if len(a.list) == 0 {
		return []key.Binding{k.AttachFile}
	}
	return []key.Binding{k.OpenAttachment, k.NextAttachment, k.PrevAttachment, k.AttachFile}
}

// Update handles the attachments' own messages and keys; handled says msg was
// theirs, so the page does nothing more with it.
func (a *Attachments) Update(msg tea.Msg) (handled bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case AttachmentsMsg:
		if msg.Record != a.record || msg.Extra != a.extra {
			return msg.Record == a.record, nil
		}
		a.loaded, a.loadErr = true, msg.Err
		// Oldest first, as the vault lists them; files added in the same instant
		// by name, so the order holds from one reading to the next.
		a.list = slices.Clone(msg.List)
		slices.SortStableFunc(a.list, func(x, y portfolio.Attachment) int {
			if c := x.Added.Compare(y.Added); c != 0 {
				return c
			}
			return cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
		})
		a.sel = min(a.sel, max(len(a.list)-1, 0))
		return true, nil
	case attachedMsg:
		if msg.record != a.record {
			return false, nil
		}
		a.busy = ""
		if msg.err != nil {
			return true, common.Fail(msg.err)
		}
		text := fmt.Sprintf("Attached %s (%s, %s).", sanitize.Line(msg.a.Name), SizeText(msg.a.Size), sanitize.Line(msg.a.MediaType))
		return true, tea.Batch(a.Load(), common.Flash(text))
	case attachmentOpenedMsg:
		if msg.record != a.record {
			return false, nil
		}
		a.busy = ""
		if msg.err != nil {
			return true, common.Fail(msg.err)
		}
		name := sanitize.Line(msg.name)
		if msg.o.Waits() {
			o, rec := msg.o, a.record
			return true, tea.Batch(common.Flash("Showing "+name+"; the copy is wiped when the viewer closes."),
				func() tea.Msg { <-o.Done(); return attachmentClosedMsg{rec, msg.name} })
		}
		return true, common.Flash("Opened " + name + " in the viewer; its copy in memory is wiped when you lock or quit folio.")
	case attachmentClosedMsg:
		if msg.record != a.record {
			return false, nil
		}
		return true, common.Flash("Closed " + sanitize.Line(msg.name) + "; the copy was wiped.")
	case tea.KeyPressMsg:
		return a.handleKey(msg)
	case tea.PasteMsg:
		if a.prompt {
			var cmd tea.Cmd
			a.input, cmd = a.input.Update(msg)
			return true, cmd
		}
	}
	return false, nil
}

func (a *Attachments) handleKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := a.ctx.Keys
	if a.prompt {
		switch {
		case key.Matches(msg, k.SwitchTarget) && a.extra != "":
			a.toExtra = !a.toExtra
			return true, nil
		case key.Matches(msg, k.Cancel):
			a.prompt = false
			a.input.Blur()
			return true, nil
		case key.Matches(msg, k.Done):
			path := strings.TrimSpace(a.input.Value())
			if path == "" {
				return true, common.Flash("Type the path of the file to attach, or esc.")
			}
			a.prompt = false
			a.input.Blur()
			a.input.SetValue("")
			a.busy = "Attaching…"
			return true, a.attach(path)
		}
		var cmd tea.Cmd
		a.input, cmd = a.input.Update(msg)
		return true, cmd
	}
	if a.busy != "" {
		return false, nil
	}
	switch {
	case key.Matches(msg, k.AttachFile) && a.ctx.Portfolio != nil:
		a.prompt = true
		return true, a.input.Focus()
	case key.Matches(msg, k.NextAttachment) && len(a.list) > 0:
		a.sel = (a.sel + 1) % len(a.list)
		return true, nil
	case key.Matches(msg, k.PrevAttachment) && len(a.list) > 0:
		a.sel = (a.sel + len(a.list) - 1) % len(a.list)
		return true, nil
	case key.Matches(msg, k.OpenAttachment):
		if len(a.list) == 0 {
			return true, common.Flash("This record has no attachments: " + k.AttachFile.Help().Key + " attaches a file.")
		}
		a.busy = "Opening…"
		return true, a.open(a.list[a.sel])
	}
	return false, nil
}

// attach reads the file at path into the vault, with the record.
func (a *Attachments) attach(path string) tea.Cmd {
	p, id, to := a.ctx.Portfolio, a.record, a.record
	if a.toExtra && a.extra != "" {
		to = a.extra
	}
	home, _ := os.UserHomeDir()
	return func() tea.Msg {
		// A name that really has quotes or backslashes in it is taken as typed.
		if _, err := os.Lstat(path); err != nil {
			path = typedPath(path, home)
		}
		st, err := os.Stat(path)
		switch {
		case err != nil:
			return attachedMsg{record: id, err: fmt.Errorf("cannot attach %s: %w", path, unwrapPath(err))}
		case st.IsDir():
			return attachedMsg{record: id, err: fmt.Errorf("cannot attach %s: it is a folder; type the path of a file in it", path)}
		case !st.Mode().IsRegular():
			return attachedMsg{record: id, err: fmt.Errorf("cannot attach %s: it is not a regular file", path)}
		case st.Size() > portfolio.MaxAttachmentSize:
			return attachedMsg{record: id, err: fmt.Errorf("cannot attach %s: it is larger than %d MiB, the most folio keeps", path, portfolio.MaxAttachmentSize>>20)}
		}
		f, err := os.Open(path)
		if err != nil {
			return attachedMsg{record: id, err: fmt.Errorf("cannot attach %s: %w", path, unwrapPath(err))}
		}
		defer f.Close()
		att, err := attachment.Attach(p, to, filepath.Base(path), f)
		return attachedMsg{record: id, a: att, err: err}
	}
}

// typedPath reads a path as typed or pasted at the prompt: a file dropped on the
// terminal arrives quoted ('/home/me/GPhC certificate.pdf' ), with its spaces
// escaped (GPhC\ certificate.pdf) or as a file:// address, and ~ is the home folder.
func typedPath(path, home string) string {
	path = strings.TrimSpace(path)
	if len(path) >= 2 && (path[0] == '\'' || path[0] == '"') && path[len(path)-1] == path[0] {
		path = path[1 : len(path)-1]
	} else if u, err := url.Parse(path); err == nil && u.Scheme == "file" && (u.Host == "" || u.Host == "localhost") && u.Path != "" {
		path = filepath.FromSlash(u.Path)
	} else if filepath.Separator == '/' && strings.Contains(path, "\\") {
		// Where \ is no separator, it escapes the next character, as a shell would.
		var b strings.Builder
		for i := 0; i < len(path); i++ {
			if path[i] == '\\' && i+1 < len(path) {
				i++
			}
			b.WriteByte(path[i])
		}
		path = b.String()
	}
	if home != "" {
		if path == "~" {
			return home
		}
		if rest, ok := strings.CutPrefix(path, "~/"); ok {
			return filepath.Join(home, rest)
		}
	}
	return path
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// open copies the attachment out of the vault into a private folder in memory and
// starts the viewer on it.
func (a *Attachments) open(att portfolio.Attachment) tea.Cmd {
	p, id, v := a.ctx.Portfolio, a.record, a.ctx.Viewer
	return func() tea.Msg {
		if v == nil || p == nil {
			return attachmentOpenedMsg{record: id, err: errors.New("there is no viewer to open attachments with")}
		}
		r, err := attachment.OpenAttachment(p, att)
		if err != nil {
			return attachmentOpenedMsg{record: id, err: err}
		}
		var rc io.ReadCloser = r
		defer rc.Close()
		o, err := v.Open(att.Name, rc)
		return attachmentOpenedMsg{record: id, name: att.Name, o: o, err: err}
	}
}

// View draws the list in width columns: a heading, up to attachmentRows files
// around the selected one, and the prompt when it is open; nothing for a record
// with no files and nothing under way. Names and media types come from the vault
// and are shown inert.
// EmptyHint is one faint line for a page with room for it, shown where the list
// would be once the record is read and has no file: otherwise the attach key is
// only in help. It is "" while there is a list, a prompt or news to show instead.
func (a *Attachments) EmptyHint(width int) string {
	if !a.loaded || len(a.list) > 0 || a.prompt || a.busy != "" || a.loadErr != nil {
		return ""
	}
	return ansi.Truncate(a.ctx.Styles.Faint.Render("No files attached · "+a.ctx.Keys.AttachFile.Help().Key+" attaches one"), width, "…")
}

func (a *Attachments) View(width int) string {
	if len(a.list) == 0 && !a.prompt && a.busy == "" && a.loadErr == nil {
		return ""
	}
	s := a.ctx.Styles
	k := a.ctx.Keys
	var lines []string
	head := s.Section.Render(fmt.Sprintf("Attachments (%d)", len(a.list)))
	switch {
	case a.busy != "":
		head += "  " + s.Subtle.Render(a.busy)
	case a.loadErr != nil:
		head += "  " + s.ErrorText.Render("cannot be read: "+common.ErrorText(a.loadErr))
	case len(a.list) == 0:
		head = s.Section.Render("Attachments") + "  " + s.Subtle.Render("none · "+k.AttachFile.Help().Key+" attaches a file")
	default:
		head += "  " + s.Subtle.Render(k.OpenAttachment.Help().Key+" open · "+k.PrevAttachment.Help().Key+" "+k.NextAttachment.Help().Key+" choose · "+k.AttachFile.Help().Key+" attach")
	}
	lines = append(lines, ansi.Truncate(head, width, "…"))
	first := 0
	if len(a.list) > attachmentRows {
		first = min(max(a.sel-attachmentRows/2, 0), len(a.list)-attachmentRows)
	}
	shown := a.list[first:min(first+attachmentRows, len(a.list))]
	// Columns: name, size, media type; the name gets what the others leave.
	nameW, typeW := 0, 0
	for _, att := range shown {
		nameW = max(nameW, ansi.StringWidth(sanitize.Line(att.Name)))
		typeW = max(typeW, ansi.StringWidth(sanitize.Line(att.MediaType)))
	}
	const sizeW = 9
	kindW := 0
	if a.extra != "" {
		kindW = 7
	}
	nameW = max(min(nameW, width-2-2-kindW-sizeW-2-typeW), 8)
	for i, att := range shown {
		name := ansi.Truncate(sanitize.Line(att.Name), nameW, "…")
		name += strings.Repeat(" ", max(nameW-ansi.StringWidth(name), 0))
		size := SizeText(att.Size)
		info := strings.Repeat(" ", max(sizeW-len(size), 0)) + size + "  " + sanitize.Line(att.MediaType)
		if a.extra != "" {
			info = fmt.Sprintf("%-6s ", att.Kind) + info
		}
		var line string
		if first+i == a.sel {
			line = s.Cursor.Render("› ") + s.Selected.Render(name) + "  " + s.Subtle.Render(info)
		} else {
			line = "  " + name + "  " + s.Subtle.Render(info)
		}
		lines = append(lines, ansi.Truncate(line, width, "…"))
	}
	if n := len(a.list) - attachmentRows; n > 0 {
		lines = append(lines, s.Faint.Render(fmt.Sprintf("  %d of %d", a.sel+1, len(a.list))))
	}
	if a.prompt {
		a.input.SetWidth(max(width-22, 10))
		label := "Attach the file at: "
		if a.extra != "" {
			to := a.names[0]
			if a.toExtra {
				to = a.names[1]
			}
			lines = append(lines, s.Subtle.Render(ansi.Truncate("Attaching to "+to+" ("+k.SwitchTarget.Help().Key+" switches)", width, "…")))
		}
		lines = append(lines, ansi.Truncate(label+a.input.View(), width, ""))
	}
	return strings.Join(lines, "\n")
}

// SizeText is a file size for people: bytes, KiB or MiB.
func SizeText(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
}
