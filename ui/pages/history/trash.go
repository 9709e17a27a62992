package history

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/diff"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// Trash lists the records deleted, newest deletion first: Enter shows one as it was,
// r brings it back with its history, E erases them all after a question.
type Trash struct {
	ctx     *common.Context
	Items   []history.TrashItem
	cursor  int
	loaded  bool
	err     error
	confirm bool // E asked: empty the trash?
	// files counts, by record, the attached files that went to the trash with it;
	// loose, those moved there on their own. Emptying erases both.
	files map[history.ID]int
	loose int
}

type (
	trashMsg struct {
		items []history.TrashItem
		files map[history.ID]int
		loose int
		err   error
	}
	// TrashChangedMsg: a record came back or the trash was emptied (restored is
	// then nil); the root reads its counts again.
	TrashChangedMsg struct {
		restored *history.TrashItem
		erased   int
		files    int
	}
)

func NewTrash(ctx *common.Context) *Trash { return &Trash{ctx: ctx} }

func (t *Trash) Init() tea.Cmd            { return t.load() }
func (t *Trash) Resume() tea.Cmd          { return t.load() }
func (t *Trash) Typing() bool             { return false }
func (t *Trash) Loading() bool            { return !t.loaded }
func (t *Trash) Asking() bool             { return t.confirm }
func (t *Trash) SetSize(int, int) tea.Cmd { return nil }
func (t *Trash) Title() string            { return "Trash" }

func (t *Trash) Keys() help.KeyMap {
	k := t.ctx.Keys
	if t.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.RestoreVersion, k.EmptyTrash, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, {k.Open, k.RestoreVersion, k.EmptyTrash, k.Back}},
	}
}

func (t *Trash) load() tea.Cmd {
	p := t.ctx.Portfolio
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		items, err := history.Trash(p)
		if err != nil {
			return trashMsg{err: err}
		}
		loose, files, err := attachment.InTrash(p)
		return trashMsg{items: items, files: files, loose: len(loose), err: err}
	}
}

func (t *Trash) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case trashMsg:
		t.Items, t.files, t.loose, t.err, t.loaded = msg.items, msg.files, msg.loose, msg.err, true
		t.cursor = min(t.cursor, max(len(t.Items)-1, 0))
	case TrashChangedMsg:
		if it := msg.restored; it != nil {
			return common.Nav{}, tea.Batch(t.load(), common.Flash(fmt.Sprintf("Restored %s “%s” with its history: u undoes.", it.Kind, sanitize.Line(it.Title))))
		}
		return common.Nav{}, tea.Batch(t.load(), common.Flash("Emptied the trash: erased "+erasedText(msg.erased, msg.files)+"."))
	case tea.KeyPressMsg:
		return t.handleKey(msg)
	}
	return common.Nav{}, nil
}

func (t *Trash) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := t.ctx.Keys
	if t.confirm {
		yes, answered := common.Answer(msg, k.Yes, k.No)
		if !answered {
			return common.Nav{}, nil
		}
		t.confirm = false
		if yes {
			p, files := t.ctx.Portfolio, t.fileCount()
			return common.Nav{}, func() tea.Msg {
				n, err := history.EmptyTrash(p)
				if err != nil {
					return common.ErrMsg{Err: err}
				}
				return TrashChangedMsg{erased: n, files: files}
			}
		}
		return common.Nav{}, common.Flash("Kept the trash as it is.")
	}
	n := len(t.Items)
	if c, ok := k.MoveCursor(msg, t.cursor, n); ok {
		t.cursor = c
		return common.Nav{}, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return common.Back(), nil
	case n == 0:
		if key.Matches(msg, k.EmptyTrash) {
			return common.Nav{}, common.Flash("The trash is empty already.")
		}
	case key.Matches(msg, k.Open):
		it := t.Items[t.cursor]
		note := fmt.Sprintf("As it was when deleted on %s. r on the list restores it.", stamp(t.ctx, it.Deleted))
		return common.Push(NewTextView(t.ctx, "In the trash: "+string(it.Kind), note, diff.RecordText(it.Last))), nil
	case key.Matches(msg, k.RestoreVersion):
		it, p := t.Items[t.cursor], t.ctx.Portfolio
		return common.Nav{}, func() tea.Msg {
			if _, err := history.Restore(p, it.ID, 0); err != nil {
				return common.ErrMsg{Err: err}
			}
			return TrashChangedMsg{restored: &it}
		}
	case key.Matches(msg, k.EmptyTrash):
		t.confirm = true
	}
	return common.Nav{}, nil
}

func (t *Trash) View() string {
	s := t.ctx.Styles
	w := t.ctx.Width
	switch {
	case !t.loaded:
		return s.Subtle.Render("  Loading…")
	case t.err != nil:
		return s.ErrorText.Render(ansi.Wrap("  "+common.ErrorText(t.err), w, " "))
	}
	lines := []string{
		s.Subtle.Render(ansi.Truncate("Deleted records, newest first. Each comes back with its history.", w, "…")),
		"",
	}
	if t.confirm {
		q := s.Dialog.Render(s.Warn.Render("Empty the trash?") + "\n" +
			"This erases " + erasedText(len(t.Items), t.fileCount()) + ".\n" +
			s.Warn.Render("It cannot be undone.") + "\n\n" +
			s.Subtle.Render("y empties it · n or esc keeps it"))
		lines = append(lines, q, "")
	}
	if len(t.Items) == 0 {
		return strings.Join(append(lines, s.Faint.Render("  The trash is empty.")), "\n")
	}
	room := t.ctx.BodyHeight() - strings.Count(strings.Join(lines, "\n"), "\n") - 1
	start := max(0, t.cursor-room+1)
	for i := start; i < len(t.Items) && i < start+room; i++ {
		lines = append(lines, t.row(t.Items[i], i == t.cursor, w))
	}
	return strings.Join(lines, "\n")
}

func (t *Trash) row(it history.TrashItem, selected bool, width int) string {
	s := t.ctx.Styles
	kind := common.Pad(s.Subtle.Render(string(it.Kind)), 13)
	right := s.Faint.Render("deleted " + stamp(t.ctx, it.Deleted))
	title := sanitize.Line(it.Title)
	if n := t.files[it.ID]; n > 0 {
		title += s.Faint.Render(" · " + common.Plural(n, "file", "files"))
	}
	line := common.FitRight(kind+title, right, width-2)
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// fileCount is how many files emptying the trash erases besides the records: those
// that went with them and those moved there on their own.
func (t *Trash) fileCount() int {
	n := t.loose
	for _, it := range t.Items {
		n += t.files[it.ID]
	}
	return n
}

// erasedText says what emptying the trash erases: n records with their versions,
// and the attached files.
func erasedText(n, files int) string {
	versions := " and all their versions"
	if n == 1 {
		versions = " and all its versions"
	}
	out := common.Plural(n, "record", "records") + versions
	if files > 0 {
		out += ", and " + common.Plural(files, "attached file", "attached files")
	}
	return out
}
