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
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/sanitize"
)

// Messages about the template library.
type (
	// libraryMsg carries a freshly loaded library; the root keeps it in the context.
	libraryMsg struct{ lib *fill.Library }
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
		lib, err := fill.LoadLibrary(dir)
		if err != nil {
			return errMsg{err}
		}
		return libraryMsg{lib}
	}
}

// freeTemplate is the template for plain text: the library's "free", or a stand-in
// while the library has not loaded, so writing is never blocked on it.
func freeTemplate(lib *fill.Library) *fill.Template {
	if lib != nil {
		if t, err := lib.Get("free"); err == nil {
			return t
		}
	}
	return &fill.Template{Name: "free", Version: 1, Title: "Free reflection", Functions: []string{"formative"}, Kind: fill.TemplateKindEntry, Builtin: true}
}

// picker lists the templates to write from: free text first, then the rest by
// name, with the chosen one described below and any broken template files of the
// user's reported under that.
type picker struct {
	ctx    *context
	all    []*fill.Template // the library, free text first
	list   []*fill.Template // those the filter matches
	filter string
	cursor int
	offset int
	loaded bool
	// want is a template to put the cursor on once the library has loaded.
	want string
}

// newPicker opens on the library already loaded (at unlock), so a key pressed at once
// is never lost; Init reloads it to pick up template files added since. Before the
// first load finishes, free text alone is offered.
func newPicker(ctx *context) *picker {
	pk := &picker{ctx: ctx}
	if ctx.lib != nil {
		pk.setLibrary(ctx.lib)
	} else {
		pk.all = []*fill.Template{freeTemplate(nil)}
		pk.list = pk.all
		pk.loaded = true
	}
	return pk
}

// newPickerFor opens the picker filtered by filter, with the cursor on the
// template named want: the revalidation screen opens it on a missing record.
func newPickerFor(ctx *context, filter, want string) *picker {
	pk := newPicker(ctx)
	pk.filter, pk.want = filter, want
	pk.applyFilter()
	return pk
}

func (pk *picker) Init() tea.Cmd { return loadLibrary(pk.ctx) }
func (pk *picker) Title() string { return "Choose a template" }

// Typing reports a filter being typed: then every letter is part of it. With no
// filter the app's own keys (q, ?, /) work; any other letter starts one.
func (pk *picker) Typing() bool { return pk.filter != "" }

// SetSize does nothing: the picker draws from the context's size each frame.
func (pk *picker) SetSize(int, int) tea.Cmd { return nil }
func (pk *picker) Loading() bool            { return !pk.loaded }

func (pk *picker) Keys() help.KeyMap {
	k := pk.ctx.keys
	choose := k.Choose
	back := k.Back
	if pk.filter != "" {
		back = k.ClearFilterText
	}
	return helpKeys{
		short: []key.Binding{k.ArrowUp, k.ArrowDown, choose, back},
		full:  [][]key.Binding{{k.ArrowUp, k.ArrowDown, k.PageUp, k.PageDown, k.Home, k.End}, {choose, k.ClearFilterText, k.Back}},
	}
}

func (pk *picker) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case libraryMsg:
		pk.setLibrary(msg.lib)
	case tea.PasteMsg:
		pk.setFilter(pk.filter + sanitize.Line(msg.Content))
	case tea.KeyPressMsg:
		k := pk.ctx.keys
		switch {
		case key.Matches(msg, k.Back) && pk.filter != "":
			pk.setFilter("")
		case key.Matches(msg, k.Back):
			return back(), nil
		case key.Matches(msg, k.ClearLine):
			pk.setFilter("")
		case key.Matches(msg, k.ClearField):
			r := []rune(pk.filter)
			pk.setFilter(string(r[:max(len(r)-1, 0)]))
		case key.Matches(msg, k.ArrowUp):
			pk.move(-1)
		case key.Matches(msg, k.ArrowDown):
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
		case key.Matches(msg, k.Open):
			return nav{}, flash("No template matches; esc clears the filter.")
		case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
			pk.setFilter(pk.filter + msg.Text)
		}
	}
	return nav{}, nil
}

func (pk *picker) setLibrary(lib *fill.Library) {
	chosen := ""
	if pk.loaded && len(pk.list) > 0 {
		chosen = pk.list[pk.cursor].Name
	}
	if pk.want != "" {
		chosen, pk.want = pk.want, ""
	}
	pk.all = nil
	for _, t := range lib.All() {
		if t.Name == "free" {
			pk.all = append([]*fill.Template{t}, pk.all...)
		} else {
			pk.all = append(pk.all, t)
		}
	}
	pk.loaded = true
	pk.applyFilter()
	pk.cursorTo(chosen)
}

// setFilter changes the filter, keeping the cursor on the same template when it
// still matches.
func (pk *picker) setFilter(f string) {
	chosen := ""
	if len(pk.list) > 0 {
		chosen = pk.list[pk.cursor].Name
	}
	pk.filter = f
	pk.applyFilter()
	pk.cursorTo(chosen)
}

// applyFilter keeps the templates whose name, title or description hold every
// word of the filter, in any case.
func (pk *picker) applyFilter() {
	words := strings.Fields(strings.ToLower(pk.filter))
	pk.list = nil
	for _, t := range pk.all {
		hay := strings.ToLower(t.Name + " " + t.Title + " " + t.Description)
		match := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				match = false
				break
			}
		}
		if match {
			pk.list = append(pk.list, t)
		}
	}
	pk.cursor, pk.offset = 0, 0
}

func (pk *picker) cursorTo(name string) {
	for i, t := range pk.list {
		if t.Name == name {
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
		var te *fill.TemplateError
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

func (pk *picker) source(t *fill.Template) string {
	switch {
	case t.Builtin:
		return "built-in"
	case pk.ctx.lib != nil && pk.ctx.lib.Replaces(t.Name):
		return "your template " + sanitize.Line(shortPath(t.File)) + ", in place of the built-in"
	}
	return "your template " + sanitize.Line(shortPath(t.File))
}

// kindWords says what saving a template makes.
func kindWords(t *fill.Template) string {
	switch {
	case t.Kind == fill.TemplateKindGoal:
		return "a goal with its action plan"
	case t.Link == fill.TemplateLinkAction:
		return "a reflection on a done action"
	case t.Kind == fill.TemplateKindEntry || t.Kind == "":
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
	lines := []string{pk.headLine()}
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
	if len(pk.list) == 0 {
		lines = append(lines, s.subtle.Render("  No template matches \""+sanitize.Line(pk.filter)+"\"; esc clears the filter."))
	}
	for len(lines) < rows+1 {
		lines = append(lines, "")
	}
	foot := pk.footLines()
	if below := len(pk.list) - (pk.offset + rows); below > 0 {
		// The rule under the list says more are below, which a list cut at the
		// window's foot otherwise hides.
		more := fmt.Sprintf("── ↓ %d more ", below)
		foot[0] = s.faint.Render(more + strings.Repeat("─", max(w-ansi.StringWidth(more), 0)))
	}
	return strings.Join(append(lines, foot...), "\n")
}

// headLine is the filter as typed, or how to filter, and how many templates show.
func (pk *picker) headLine() string {
	s := pk.ctx.styles
	w := pk.ctx.width
	count := plural(len(pk.all), "template", "templates")
	if pk.filter != "" {
		count = fmt.Sprintf("%d of %d", len(pk.list), len(pk.all))
	}
	left := s.subtle.Render("  Type to filter. Functions N F R; + marks your own.")
	if pk.filter != "" {
		left = s.label.Render("  Filter: ") + sanitize.Line(pk.filter) + s.cursor.Render("▏")
	}
	return spread(left, s.subtle.Render(count), w)
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
