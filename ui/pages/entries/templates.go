package entries

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
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// Messages about the template library.
type (
	// LibraryMsg carries a freshly loaded library; the root keeps it in the context.
	LibraryMsg struct{ Lib *fill.Library }
	// WarnMsg is a caution for the footer, cleared by the next key. It never stops
	// anything: the user decides.
	WarnMsg struct{ Text string }
)

func warn(text string) tea.Cmd { return func() tea.Msg { return WarnMsg{text} } }

// LoadLibrary reads the built-in templates and the user's own off the update loop,
// so a template file dropped into the folder is offered the next time the picker
// opens, without a restart.
func LoadLibrary(ctx *common.Context) tea.Cmd {
	dir := ctx.Opts.ConfigDir
	return func() tea.Msg {
		lib, err := fill.LoadLibrary(dir)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return LibraryMsg{lib}
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

// Picker lists the templates to write from: free text first, then the rest by
// name, with the chosen one described below and any broken template files of the
// user's reported under that.
type Picker struct {
	ctx    *common.Context
	all    []*fill.Template // the library, free text first
	List   []*fill.Template // those the filter matches
	filter string
	Cursor int
	offset int
	loaded bool
	// want is a template to put the cursor on once the library has loaded.
	want string
}

// NewPicker opens on the library already loaded (at unlock); Init reloads it to
// pick up template files added since. Before the first load finishes, free text
// alone is shown and the picker says it is loading, so the root holds the keys
// typed meanwhile and hands them over once the whole list is there: a down
// pressed on the one-line list would otherwise move nothing and be lost.
func NewPicker(ctx *common.Context) *Picker {
	pk := &Picker{ctx: ctx}
	if ctx.Lib != nil {
		pk.SetLibrary(ctx.Lib)
	} else {
		pk.all = []*fill.Template{freeTemplate(nil)}
		pk.List = pk.all
	}
	return pk
}

// libraryFailedMsg ends a picker's wait for a library that could not be read: it
// offers free text alone, and the root is told the error.
type libraryFailedMsg struct{ err error }

// NewPickerFor opens the picker filtered by filter, with the cursor on the
// template named want: the revalidation screen opens it on a missing record.
func NewPickerFor(ctx *common.Context, filter, want string) *Picker {
	pk := NewPicker(ctx)
	pk.filter, pk.want = filter, want
	pk.applyFilter()
	return pk
}

func (pk *Picker) Init() tea.Cmd {
	load := LoadLibrary(pk.ctx)
	return func() tea.Msg {
		msg := load()
		if e, ok := msg.(common.ErrMsg); ok {
			return libraryFailedMsg{e.Err}
		}
		return msg
	}
}
func (pk *Picker) Title() string { return "Choose a template" }

// Typing reports a filter being typed: then every letter is part of it. With no
// filter the app's own keys (q, ?, /) work; any other letter starts one.
func (pk *Picker) Typing() bool { return pk.filter != "" }

// SetSize does nothing: the picker draws from the context's size each frame.
func (pk *Picker) SetSize(int, int) tea.Cmd { return nil }
func (pk *Picker) Loading() bool            { return !pk.loaded }

func (pk *Picker) Keys() help.KeyMap {
	k := pk.ctx.Keys
	choose := k.Choose
	back := k.Back
	if pk.filter != "" {
		back = k.ClearFilterText
	}
	return common.HelpKeys{
		Short: []key.Binding{k.ArrowUp, k.ArrowDown, choose, back},
		Full:  [][]key.Binding{{k.ArrowUp, k.ArrowDown, k.PageUp, k.PageDown, k.Home, k.End}, {choose, k.ClearFilterText, k.Back}},
	}
}

func (pk *Picker) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case LibraryMsg:
		pk.SetLibrary(msg.Lib)
	case libraryFailedMsg:
		pk.loaded = true
		err := msg.err
		return common.Nav{}, func() tea.Msg { return common.ErrMsg{Err: err} }
	case tea.PasteMsg:
		pk.setFilter(pk.filter + sanitize.Line(msg.Content))
	case tea.KeyPressMsg:
		k := pk.ctx.Keys
		switch {
		case key.Matches(msg, k.Back) && pk.filter != "":
			pk.setFilter("")
		case key.Matches(msg, k.Back):
			return common.Back(), nil
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
			pk.move(-len(pk.List))
		case key.Matches(msg, k.End):
			pk.move(len(pk.List))
		case key.Matches(msg, k.Open) && pk.loaded && len(pk.List) > 0:
			return common.Replace(NewEditor(pk.ctx, EditorSpec{template: pk.List[pk.Cursor]})), nil
		case key.Matches(msg, k.Open):
			return common.Nav{}, common.Flash("No template matches; esc clears the filter.")
		case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
			pk.setFilter(pk.filter + msg.Text)
		}
	}
	return common.Nav{}, nil
}

func (pk *Picker) SetLibrary(lib *fill.Library) {
	chosen := ""
	if pk.loaded && len(pk.List) > 0 {
		chosen = pk.List[pk.Cursor].Name
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
func (pk *Picker) setFilter(f string) {
	chosen := ""
	if len(pk.List) > 0 {
		chosen = pk.List[pk.Cursor].Name
	}
	pk.filter = f
	pk.applyFilter()
	pk.cursorTo(chosen)
}

// applyFilter keeps the templates whose name, title or description hold every
// word of the filter, in any case.
func (pk *Picker) applyFilter() {
	words := strings.Fields(strings.ToLower(pk.filter))
	pk.List = nil
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
			pk.List = append(pk.List, t)
		}
	}
	pk.Cursor, pk.offset = 0, 0
}

func (pk *Picker) cursorTo(name string) {
	for i, t := range pk.List {
		if t.Name == name {
			pk.Cursor = i
		}
	}
}

func (pk *Picker) move(delta int) {
	if len(pk.List) == 0 {
		return
	}
	pk.Cursor = min(max(pk.Cursor+delta, 0), len(pk.List)-1)
}

// problems are the library's broken files, each as one line naming file and line.
func (pk *Picker) problems() []string {
	lib := pk.ctx.Lib
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
func (pk *Picker) footLines() []string {
	s := pk.ctx.Styles
	w := pk.ctx.Width
	var out []string
	out = append(out, s.Faint.Render(strings.Repeat("─", w)))
	if len(pk.List) > 0 {
		t := pk.List[pk.Cursor]
		out = append(out, common.WrapLines(s.Subtle, sanitize.Line(t.Description), w, 2)...)
		out = append(out, s.Faint.Render(ansi.Truncate(pk.source(t)+" · makes "+kindWords(t), w, "…")))
	}
	if probs := pk.problems(); len(probs) > 0 {
		n := common.Plural(len(probs), "template file", "template files")
		out = append(out, s.Warn.Render(ansi.Truncate("! "+n+" could not be used; the others loaded. In "+sanitize.Line(common.ShortPath(pk.ctx.Lib.Dir()))+":", w, "…")))
		for i, p := range probs {
			if i == 3 && len(probs) > 4 {
				out = append(out, s.Warn.Render(fmt.Sprintf("  and %d more; 'folio templates' lists them all", len(probs)-3)))
				break
			}
			out = append(out, s.Warn.Render(ansi.Truncate("  "+p, w, "…")))
		}
	}
	return out
}

func (pk *Picker) source(t *fill.Template) string {
	switch {
	case t.Builtin:
		return "built-in"
	case pk.ctx.Lib != nil && pk.ctx.Lib.Replaces(t.Name):
		return "your template " + sanitize.Line(common.ShortPath(t.File)) + ", in place of the built-in"
	}
	return "your template " + sanitize.Line(common.ShortPath(t.File))
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
func (pk *Picker) rows() int {
	return max(pk.ctx.BodyHeight()-1-len(pk.footLines()), 3)
}

func (pk *Picker) View() string {
	s := pk.ctx.Styles
	w := pk.ctx.Width
	if !pk.loaded {
		return s.Subtle.Render("  Loading templates…")
	}
	rows := pk.rows()
	if pk.Cursor < pk.offset {
		pk.offset = pk.Cursor
	}
	if pk.Cursor >= pk.offset+rows {
		pk.offset = pk.Cursor - rows + 1
	}
	nameW := 0
	for _, t := range pk.List {
		nameW = max(nameW, len(t.Name))
	}
	nameW = min(nameW, w/3)
	lines := []string{pk.headLine()}
	for i := pk.offset; i < min(pk.offset+rows, len(pk.List)); i++ {
		t := pk.List[i]
		fs, _ := portfolio.ParseFunctions(t.Functions)
		mark := "  "
		if !t.Builtin {
			mark = " +" // the user's own: "+" reads without colour
		}
		name := common.Pad(ansi.Truncate(t.Name, nameW, "…"), nameW)
		rest := ansi.Truncate(sanitize.Line(t.Title), max(w-nameW-10, 1), "…")
		if i == pk.Cursor {
			lines = append(lines, s.Cursor.Render("▸")+mark[1:]+" "+s.FunctionMarks(fs)+" "+s.Selected.Render(name)+"  "+s.Title.Render(rest))
			continue
		}
		lines = append(lines, " "+mark[1:]+" "+s.FunctionMarks(fs)+" "+name+"  "+rest)
	}
	if len(pk.List) == 0 {
		lines = append(lines, s.Subtle.Render("  No template matches \""+sanitize.Line(pk.filter)+"\"; esc clears the filter."))
	}
	for len(lines) < rows+1 {
		lines = append(lines, "")
	}
	foot := pk.footLines()
	if below := len(pk.List) - (pk.offset + rows); below > 0 {
		// The rule under the list says more are below, which a list cut at the
		// window's foot otherwise hides.
		more := fmt.Sprintf("── ↓ %d more ", below)
		foot[0] = s.Faint.Render(more + strings.Repeat("─", max(w-ansi.StringWidth(more), 0)))
	}
	return strings.Join(append(lines, foot...), "\n")
}

// headLine is the filter as typed, or how to filter, and how many templates show.
func (pk *Picker) headLine() string {
	s := pk.ctx.Styles
	w := pk.ctx.Width
	count := common.Plural(len(pk.all), "template", "templates")
	if pk.filter != "" {
		count = fmt.Sprintf("%d of %d", len(pk.List), len(pk.all))
	}
	left := s.Subtle.Render("  Type to filter. Functions N F R; + marks your own.")
	if pk.filter != "" {
		left = s.Label.Render("  Filter: ") + sanitize.Line(pk.filter) + s.Cursor.Render("▏")
	}
	return common.Spread(left, s.Subtle.Render(count), w)
}

// wrapIndented wraps text to width under an indent, keeping at most most lines.
func wrapIndented(st lipgloss.Style, indent, text string, width, most int) []string {
	lines := common.WrapLines(st, text, max(width-ansi.StringWidth(indent), 10), most)
	for i, l := range lines {
		lines[i] = indent + l
	}
	return lines
}
