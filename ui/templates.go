package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// Messages about the template library.
type (
	// libraryMsg carries a freshly loaded library; the root keeps it in the context.
	libraryMsg struct{ lib *portfolio.Library }
	// warnMsg is a caution for the footer, cleared by the next key. It never stops
	// anything: the user decides.
	warnMsg struct{ text string }
)

func warn(text string) tea.Cmd { return func() tea.Msg { return warnMsg{text} } }

// loadLibrary reads the built-in templates and the user's own off the update loop,
// so a template file dropped into the folder is offered the next time the picker
// opens, without a restart.
func loadLibrary(ctx *context) tea.Cmd {
	dir := ctx.opts.ConfigDir
	return func() tea.Msg {
		lib, err := portfolio.LoadLibrary(dir)
		if err != nil {
			return errMsg{err}
		}
		return libraryMsg{lib}
	}
}

// freeTemplate is the template for plain text: the library's "free", or a stand-in
// while the library has not loaded, so writing is never blocked on it.
func freeTemplate(lib *portfolio.Library) *portfolio.Template {
	if lib != nil {
		if t, err := lib.Get("free"); err == nil {
			return t
		}
	}
	return &portfolio.Template{Name: "free", Version: 1, Title: "Free reflection", Functions: []string{"formative"}, Kind: portfolio.TemplateKindEntry, Builtin: true}
}

// picker lists the templates to write from: free text first, then the rest by
// name, with the chosen one described below and any broken template files of the
// user's reported under that.
type picker struct {
	ctx    *context
	list   []*portfolio.Template
	cursor int
	offset int
	loaded bool
}

// newPicker opens on the library already loaded (at unlock), so a key pressed at once
// is never lost; Init reloads it to pick up template files added since. Before the
// first load finishes, free text alone is offered.
func newPicker(ctx *context) *picker {
	pk := &picker{ctx: ctx}
	if ctx.lib != nil {
		pk.setLibrary(ctx.lib)
	} else {
		pk.list = []*portfolio.Template{freeTemplate(nil)}
		pk.loaded = true
	}
	return pk
}

func (pk *picker) Init() tea.Cmd { return loadLibrary(pk.ctx) }
func (pk *picker) Title() string { return "Choose a template" }
func (pk *picker) Typing() bool  { return false }

// SetSize does nothing: the picker draws from the context's size each frame.
func (pk *picker) SetSize(int, int) tea.Cmd { return nil }
func (pk *picker) Loading() bool            { return !pk.loaded }

func (pk *picker) Keys() help.KeyMap {
	k := pk.ctx.keys
	choose := k.Choose
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, choose, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {choose, k.Back}},
	}
}

func (pk *picker) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case libraryMsg:
		pk.setLibrary(msg.lib)
	case tea.KeyPressMsg:
		k := pk.ctx.keys
		switch {
		case key.Matches(msg, k.Back):
			return back(), nil
		case key.Matches(msg, k.Up):
			pk.move(-1)
		case key.Matches(msg, k.Down):
			pk.move(1)
		case key.Matches(msg, k.PageUp):
			pk.move(-pk.rows())
		case key.Matches(msg, k.PageDown):
			pk.move(pk.rows())
		case key.Matches(msg, k.Home):
			pk.move(-len(pk.list))
		case key.Matches(msg, k.End):
			pk.move(len(pk.list))
		case key.Matches(msg, k.Open) && pk.loaded && len(pk.list) > 0:
			return replace(newEditor(pk.ctx, editorSpec{template: pk.list[pk.cursor]})), nil
		}
	}
	return nav{}, nil
}

func (pk *picker) setLibrary(lib *portfolio.Library) {
	chosen := ""
	if pk.loaded && len(pk.list) > 0 {
		chosen = pk.list[pk.cursor].Name
	}
	pk.list = pk.list[:0]
	for _, t := range lib.All() {
		if t.Name == "free" {
			pk.list = append([]*portfolio.Template{t}, pk.list...)
		} else {
			pk.list = append(pk.list, t)
		}
	}
	pk.loaded = true
	pk.cursor = 0
	for i, t := range pk.list {
		if t.Name == chosen {
			pk.cursor = i
		}
	}
}

func (pk *picker) move(delta int) {
	if len(pk.list) == 0 {
		return
	}
	pk.cursor = min(max(pk.cursor+delta, 0), len(pk.list)-1)
}

// problems are the library's broken files, each as one line naming file and line.
func (pk *picker) problems() []string {
	lib := pk.ctx.lib
	if lib == nil {
		return nil
	}
	var out []string
	for _, err := range lib.Problems() {
		var te *portfolio.TemplateError
		if errors.As(err, &te) {
			where := filepath.Base(te.File)
			if te.Line > 0 {
				where += ", line " + strconv.Itoa(te.Line)
			}
			out = append(out, sanitize.Line(where+": "+te.Msg))
			continue
		}
		out = append(out, sanitize.Line(err.Error()))
	}
	return out
}

// footLines are the lines under the list: the chosen template and any problems.
func (pk *picker) footLines() []string {
	s := pk.ctx.styles
	w := pk.ctx.width
	var out []string
	out = append(out, s.faint.Render(strings.Repeat("─", w)))
	if len(pk.list) > 0 {
		t := pk.list[pk.cursor]
		out = append(out, wrapLines(s.subtle, sanitize.Line(t.Description), w, 2)...)
		out = append(out, s.faint.Render(ansi.Truncate(pk.source(t)+" · makes "+kindWords(t), w, "…")))
	}
	if probs := pk.problems(); len(probs) > 0 {
		n := plural(len(probs), "template file", "template files")
		out = append(out, s.warn.Render(ansi.Truncate("! "+n+" could not be used; the others loaded. In "+sanitize.Line(shortPath(pk.ctx.lib.Dir()))+":", w, "…")))
		for i, p := range probs {
			if i == 3 && len(probs) > 4 {
				out = append(out, s.warn.Render(fmt.Sprintf("  and %d more; 'folio templates' lists them all", len(probs)-3)))
				break
			}
			out = append(out, s.warn.Render(ansi.Truncate("  "+p, w, "…")))
		}
	}
	return out
}

func (pk *picker) source(t *portfolio.Template) string {
	switch {
	case t.Builtin:
		return "built-in"
	case pk.ctx.lib != nil && pk.ctx.lib.Replaces(t.Name):
		return "your template " + sanitize.Line(shortPath(t.File)) + ", in place of the built-in"
	}
	return "your template " + sanitize.Line(shortPath(t.File))
}

// kindWords says what saving a template makes.
func kindWords(t *portfolio.Template) string {
	switch {
	case t.Kind == portfolio.TemplateKindGoal:
		return "a goal with its action plan"
	case t.Link == portfolio.TemplateLinkAction:
		return "a reflection on a done action"
	case t.Kind == portfolio.TemplateKindEntry || t.Kind == "":
		return "an entry"
	}
	name := strings.ReplaceAll(strings.ReplaceAll(t.Kind, "_", " "), "cpd", "CPD")
	if !strings.HasSuffix(name, "record") {
		name += " record"
	}
	if strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// rows is how many templates the list shows at once.
func (pk *picker) rows() int {
	return max(pk.ctx.bodyHeight()-1-len(pk.footLines()), 3)
}

func (pk *picker) View() string {
	s := pk.ctx.styles
	w := pk.ctx.width
	if !pk.loaded {
		return s.subtle.Render("  Loading templates…")
	}
	rows := pk.rows()
	if pk.cursor < pk.offset {
		pk.offset = pk.cursor
	}
	if pk.cursor >= pk.offset+rows {
		pk.offset = pk.cursor - rows + 1
	}
	nameW := 0
	for _, t := range pk.list {
		nameW = max(nameW, len(t.Name))
	}
	nameW = min(nameW, w/3)
	lines := []string{s.subtle.Render(ansi.Truncate("  Pick what to write: each shows its Proctor functions (N F R); + marks your own.", w, "…"))}
	for i := pk.offset; i < min(pk.offset+rows, len(pk.list)); i++ {
		t := pk.list[i]
		fs, _ := portfolio.ParseFunctions(t.Functions)
		mark := "  "
		if !t.Builtin {
			mark = " +" // the user's own: "+" reads without colour
		}
		name := pad(ansi.Truncate(t.Name, nameW, "…"), nameW)
		rest := ansi.Truncate(sanitize.Line(t.Title), max(w-nameW-10, 1), "…")
		if i == pk.cursor {
			lines = append(lines, s.cursor.Render("▸")+mark[1:]+" "+s.functionMarks(fs)+" "+s.selected.Render(name)+"  "+s.title.Render(rest))
			continue
		}
		lines = append(lines, " "+mark[1:]+" "+s.functionMarks(fs)+" "+name+"  "+rest)
	}
	for len(lines) < rows+1 {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, pk.footLines()...), "\n")
}

// wrapIndented wraps text to width under an indent, keeping at most most lines.
func wrapIndented(st lipgloss.Style, indent, text string, width, most int) []string {
	lines := wrapLines(st, text, max(width-ansi.StringWidth(indent), 10), most)
	for i, l := range lines {
		lines[i] = indent + l
	}
	return lines
}

// wrapLines wraps text to width in style, keeping at most max lines.
func wrapLines(st lipgloss.Style, text string, width, most int) []string {
	if text == "" {
		return nil
	}
	lines := strings.Split(ansi.Wrap(text, width, " "), "\n")
	if most > 0 && len(lines) > most {
		lines = lines[:most]
		lines[most-1] = ansi.Truncate(lines[most-1], width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}
