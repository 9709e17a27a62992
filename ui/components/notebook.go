package components

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// Notebook is a screen of pages visited with tab: the mentoring agreement, a
// meeting record by GROW stage, a mentor's session reflection. Only the focused page
// is drawn in full, so many sections fit 80x24. Saving runs the caller's command; a
// failure leaves every page as typed.
type Notebook struct {
	ctx    *common.Context
	title  string
	intro  string
	Banner string // a notice kept in view, such as "private"
	Pages  []Page
	Focus  int
	// Tabs draws page names on one line; otherwise they are a list, for long headings.
	Tabs bool
	EditSession
	saveFn func(nb *Notebook) tea.Cmd
	// Leave replaces the notebook when the user leaves it; nil goes back.
	Leave common.Screen
}

// Page is one page of a notebook.
type Page interface {
	Label() string
	// Filled reports whether the page has anything in it, for the ✓ beside its name.
	Filled() bool
	Focus() tea.Cmd
	Blur()
	Update(msg tea.Msg) tea.Cmd
	View(width, height int) string
	Typing() bool
	// Value is the page's content as text, to tell whether anything changed and to
	// keep as a draft on lock.
	Value() string
	Keys() []key.Binding
}

// rowPage is a page of several rows, such as an agreed action's what, due date
// and goal: tab moves between its rows first, and leaves the page only from its
// last row (shift+tab from its first), as in any form.
type rowPage interface {
	// Tab moves focus a row on (dir 1) or back (-1); ok is false at the page's
	// edge, where the notebook moves to the next or previous page.
	Tab(dir int) (cmd tea.Cmd, ok bool)
	// Enter focuses the first row, or with dir -1 the last, as tab arrives.
	Enter(dir int) tea.Cmd
}

func NewNotebook(ctx *common.Context, title, intro string, pages []Page, save func(*Notebook) tea.Cmd) *Notebook {
	return &Notebook{ctx: ctx, title: title, intro: intro, Pages: pages, saveFn: save}
}

func (nb *Notebook) Init() tea.Cmd {
	nb.Saved = nb.fingerprint()
	return nb.setFocus(nb.Focus)
}

func (nb *Notebook) Title() string { return nb.title }
func (nb *Notebook) Typing() bool  { return !nb.Leaving && nb.Pages[nb.Focus].Typing() }

// SetSize does nothing: the notebook draws from the context's size each frame.
func (nb *Notebook) SetSize(int, int) tea.Cmd { return nil }

func (nb *Notebook) Keys() help.KeyMap {
	k := nb.ctx.Keys
	if nb.Leaving {
		return LeaveKeys(k)
	}
	extra := nb.Pages[nb.Focus].Keys()
	short := append([]key.Binding{k.Save, k.NextField}, extra...)
	short = append(short, k.Back)
	return common.HelpKeys{Short: short, Full: [][]key.Binding{{k.Save, k.NextField, k.PrevField, k.ClearLine, k.Back}, extra}}
}

func (nb *Notebook) setFocus(i int) tea.Cmd {
	nb.Pages[nb.Focus].Blur()
	nb.Focus = (i + len(nb.Pages)) % len(nb.Pages)
	return nb.Pages[nb.Focus].Focus()
}

func (nb *Notebook) fingerprint() string {
	var b strings.Builder
	for _, p := range nb.Pages {
		b.WriteString(p.Value())
		b.WriteByte(0)
	}
	return b.String()
}

func (nb *Notebook) dirty() bool { return nb.fingerprint() != nb.Saved }

// Sections are the text pages as filled in, skipping empty ones.
func (nb *Notebook) Sections() []portfolio.Section {
	var out []portfolio.Section
	for _, p := range nb.Pages {
		if tp, ok := p.(*TextPage); ok && strings.TrimSpace(tp.text.Value()) != "" {
			out = append(out, portfolio.Section{Heading: tp.heading, Body: strings.TrimRight(tp.text.Value(), "\n ")})
		}
	}
	return out
}

func (nb *Notebook) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if n, cmd, ok := nb.finished(msg, nb.ctx, nb.fingerprint(), nb.goAway()); ok {
		return n, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return nb.handleKey(msg)
	}
	return common.Nav{}, nb.Pages[nb.Focus].Update(msg)
}

func (nb *Notebook) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := nb.ctx.Keys
	save := func() tea.Cmd { return nb.startSave(func() tea.Cmd { return nb.saveFn(nb) }) }
	if n, cmd, ok := nb.LeaveKey(msg, k, nb.dirty(), nb.goAway(), save); ok {
		return n, cmd
	}
	switch {
	case key.Matches(msg, k.Save):
		return common.Nav{}, save()
	case key.Matches(msg, k.NextField):
		return common.Nav{}, nb.tab(1)
	case key.Matches(msg, k.PrevField):
		return common.Nav{}, nb.tab(-1)
	}
	return common.Nav{}, nb.Pages[nb.Focus].Update(msg)
}

// tab moves within a page of rows, then to the next or previous page.
func (nb *Notebook) tab(dir int) tea.Cmd {
	if rp, ok := nb.Pages[nb.Focus].(rowPage); ok {
		if cmd, ok := rp.Tab(dir); ok {
			return cmd
		}
	}
	nb.Pages[nb.Focus].Blur()
	nb.Focus = (nb.Focus + dir + len(nb.Pages)) % len(nb.Pages)
	if rp, ok := nb.Pages[nb.Focus].(rowPage); ok {
		return rp.Enter(dir)
	}
	return nb.Pages[nb.Focus].Focus()
}

func (nb *Notebook) goAway() common.Nav {
	if nb.Leave != nil {
		return common.Replace(nb.Leave)
	}
	return common.Back()
}

// Draft keeps the notebook's text when the app locks. It is kept private: a
// session reflection or meeting notes must never turn into an entry that is
// proposed for an agenda.
func (nb *Notebook) Draft() (portfolio.Entry, bool) {
	if !nb.dirty() {
		return portfolio.Entry{}, false
	}
	var body strings.Builder
	for _, p := range nb.Pages {
		if v := strings.TrimSpace(p.Value()); v != "" {
			body.WriteString("## " + p.Label() + "\n\n" + v + "\n\n")
		}
	}
	return portfolio.Entry{
		Title:     "Draft: " + nb.title,
		Body:      body.String(),
		Functions: portfolio.Functions(portfolio.Formative),
		Tags:      []string{"draft"},
		Sharing:   portfolio.SharingPrivate,
	}, true
}

// tabLines lays the page names out in lines of width cells, whole names only, so
// a notebook with long headings (the restorative ones) shows every page.
func tabLines(tabs []string, sep string, width int) []string {
	var lines []string
	cur := ""
	for _, t := range tabs {
		switch {
		case cur == "":
			cur = t
		case ansi.StringWidth(cur+sep+t) <= width:
			cur += sep + t
		default:
			lines = append(lines, cur)
			cur = t
		}
	}
	if cur != "" {
		lines = append(lines, ansi.Truncate(cur, width, "…"))
	}
	return lines
}

func (nb *Notebook) View() string {
	s := nb.ctx.Styles
	w := nb.ctx.Width
	var lines []string
	if nb.intro != "" {
		for _, l := range strings.Split(ansi.Wrap(nb.intro, w, " "), "\n") {
			lines = append(lines, s.Subtle.Render(l))
		}
	}
	if nb.Banner != "" {
		// Two lines at most: the support services of a restorative meeting run long.
		lines = append(lines, common.WrapLines(s.Warn, nb.Banner, w, 2)...)
	}
	if nb.Tabs {
		var tabs []string
		for i, p := range nb.Pages {
			name := " " + p.Label() + " "
			if p.Filled() {
				name = " ✓" + p.Label() + " "
			}
			if i == nb.Focus {
				tabs = append(tabs, s.Selected.Render(name))
			} else {
				tabs = append(tabs, s.Subtle.Render(name))
			}
		}
		lines = append(lines, tabLines(tabs, s.Faint.Render("·"), w)...)
	} else {
		for i, p := range nb.Pages {
			mark := s.Faint.Render("·")
			if p.Filled() {
				mark = s.Ok.Render("✓")
			}
			if i == nb.Focus {
				lines = append(lines, s.Cursor.Render("▸ ")+mark+" "+s.FocusedLabel.Render(p.Label()))
			} else {
				lines = append(lines, "  "+mark+" "+s.Label.Render(p.Label()))
			}
		}
	}
	lines = append(lines, "")
	room := nb.ctx.BodyHeight() - len(lines)
	out := strings.Join(lines, "\n") + "\n" + nb.Pages[nb.Focus].View(w, room)
	if nb.Leaving {
		k := nb.ctx.Keys
		return LeaveDialog(s, k) + "\n" + out
	}
	return out
}

// TextPage is one written section: a heading, its prompt and a text area.
type TextPage struct {
	ctx      *common.Context
	heading  string
	prompt   string
	required bool
	text     *Field
}

func NewTextPage(ctx *common.Context, heading, prompt, body string, required bool) *TextPage {
	text := newTextField(ctx.Styles, heading, body, "")
	text.SetWidth(ctx.Width, 0)
	return &TextPage{ctx: ctx, heading: heading, prompt: prompt, required: required, text: text}
}

func (tp *TextPage) Label() string {
	if tp.required {
		return tp.heading + " *"
	}
	return tp.heading
}
func (tp *TextPage) Filled() bool        { return strings.TrimSpace(tp.text.Value()) != "" }
func (tp *TextPage) Focus() tea.Cmd      { return tp.text.Focus() }
func (tp *TextPage) Blur()               { tp.text.Blur() }
func (tp *TextPage) Typing() bool        { return true }
func (tp *TextPage) Value() string       { return tp.text.Value() }
func (tp *TextPage) Keys() []key.Binding { return nil }

func (tp *TextPage) Update(msg tea.Msg) tea.Cmd {
	return tp.text.Update(msg, tp.ctx.Keys)
}

func (tp *TextPage) View(width, height int) string {
	s := tp.ctx.Styles
	var lines []string
	if tp.prompt != "" {
		wrapped := strings.Split(ansi.Wrap(sanitize.Line(tp.prompt), width, " "), "\n")
		if len(wrapped) > 3 {
			wrapped = wrapped[:3]
			wrapped[2] = ansi.Truncate(wrapped[2], width-1, "") + "…"
		}
		for _, l := range wrapped {
			lines = append(lines, s.Subtle.Render(l))
		}
	}
	tp.text.SetWidth(width, 0)
	tp.text.area.SetHeight(max(height-len(lines), 3))
	return strings.Join(append(lines, tp.text.area.View()), "\n")
}
