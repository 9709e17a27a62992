package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// notebook is a screen of pages visited with tab: the mentoring agreement, a
// meeting record by GROW stage, a mentor's session reflection. Only the focused page
// is drawn in full, so many sections fit 80x24. Saving runs the caller's command; a
// failure leaves every page as typed.
type notebook struct {
	ctx    *context
	title  string
	intro  string
	banner string // a notice kept in view, such as "private"
	pages  []page
	focus  int
	// tabs draws page names on one line; otherwise they are a list, for long headings.
	tabs bool
	editSession
	saveFn func(nb *notebook) tea.Cmd
	// leave replaces the notebook when the user leaves it; nil goes back.
	leave screen
}

// page is one page of a notebook.
type page interface {
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

func newNotebook(ctx *context, title, intro string, pages []page, save func(*notebook) tea.Cmd) *notebook {
	return &notebook{ctx: ctx, title: title, intro: intro, pages: pages, saveFn: save}
}

func (nb *notebook) Init() tea.Cmd {
	nb.saved = nb.fingerprint()
	return nb.setFocus(nb.focus)
}

func (nb *notebook) Title() string { return nb.title }
func (nb *notebook) Typing() bool  { return !nb.leaving && nb.pages[nb.focus].Typing() }

// SetSize does nothing: the notebook draws from the context's size each frame.
func (nb *notebook) SetSize(int, int) tea.Cmd { return nil }

func (nb *notebook) Keys() help.KeyMap {
	k := nb.ctx.keys
	if nb.leaving {
		return leaveKeys(k)
	}
	extra := nb.pages[nb.focus].Keys()
	short := append([]key.Binding{k.Save, k.NextField}, extra...)
	short = append(short, k.Back)
	return helpKeys{short: short, full: [][]key.Binding{{k.Save, k.NextField, k.PrevField, k.ClearLine, k.Back}, extra}}
}

func (nb *notebook) setFocus(i int) tea.Cmd {
	nb.pages[nb.focus].Blur()
	nb.focus = (i + len(nb.pages)) % len(nb.pages)
	return nb.pages[nb.focus].Focus()
}

func (nb *notebook) fingerprint() string {
	var b strings.Builder
	for _, p := range nb.pages {
		b.WriteString(p.Value())
		b.WriteByte(0)
	}
	return b.String()
}

func (nb *notebook) dirty() bool { return nb.fingerprint() != nb.saved }

// sections are the text pages as filled in, skipping empty ones.
func (nb *notebook) sections() []portfolio.Section {
	var out []portfolio.Section
	for _, p := range nb.pages {
		if tp, ok := p.(*textPage); ok && strings.TrimSpace(tp.text.value()) != "" {
			out = append(out, portfolio.Section{Heading: tp.heading, Body: strings.TrimRight(tp.text.value(), "\n ")})
		}
	}
	return out
}

func (nb *notebook) Update(msg tea.Msg) (nav, tea.Cmd) {
	if n, cmd, ok := nb.finished(msg, nb.ctx, nb.fingerprint(), nb.goAway()); ok {
		return n, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return nb.handleKey(msg)
	}
	return nav{}, nb.pages[nb.focus].Update(msg)
}

func (nb *notebook) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := nb.ctx.keys
	save := func() tea.Cmd { return nb.startSave(func() tea.Cmd { return nb.saveFn(nb) }) }
	if n, cmd, ok := nb.leaveKey(msg, k, nb.dirty(), nb.goAway(), save); ok {
		return n, cmd
	}
	switch {
	case key.Matches(msg, k.Save):
		return nav{}, save()
	case key.Matches(msg, k.NextField):
		return nav{}, nb.tab(1)
	case key.Matches(msg, k.PrevField):
		return nav{}, nb.tab(-1)
	}
	return nav{}, nb.pages[nb.focus].Update(msg)
}

// tab moves within a page of rows, then to the next or previous page.
func (nb *notebook) tab(dir int) tea.Cmd {
	if rp, ok := nb.pages[nb.focus].(rowPage); ok {
		if cmd, ok := rp.Tab(dir); ok {
			return cmd
		}
	}
	nb.pages[nb.focus].Blur()
	nb.focus = (nb.focus + dir + len(nb.pages)) % len(nb.pages)
	if rp, ok := nb.pages[nb.focus].(rowPage); ok {
		return rp.Enter(dir)
	}
	return nb.pages[nb.focus].Focus()
}

func (nb *notebook) goAway() nav {
	if nb.leave != nil {
		return replace(nb.leave)
	}
	return back()
}

// Draft keeps the notebook's text when the app locks. It is kept private: a
// session reflection or meeting notes must never turn into an entry that is
// proposed for an agenda.
func (nb *notebook) Draft() (portfolio.Entry, bool) {
	if !nb.dirty() {
		return portfolio.Entry{}, false
	}
	var body strings.Builder
	for _, p := range nb.pages {
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

func (nb *notebook) View() string {
	s := nb.ctx.styles
	w := nb.ctx.width
	var lines []string
	if nb.intro != "" {
		for _, l := range strings.Split(ansi.Wrap(nb.intro, w, " "), "\n") {
			lines = append(lines, s.subtle.Render(l))
		}
	}
	if nb.banner != "" {
		lines = append(lines, s.warn.Render(ansi.Truncate(nb.banner, w, "…")))
	}
	if nb.tabs {
		var tabs []string
		for i, p := range nb.pages {
			name := " " + p.Label() + " "
			if p.Filled() {
				name = " ✓" + p.Label() + " "
			}
			if i == nb.focus {
				tabs = append(tabs, s.selected.Render(name))
			} else {
				tabs = append(tabs, s.subtle.Render(name))
			}
		}
		lines = append(lines, ansi.Truncate(strings.Join(tabs, s.faint.Render("·")), w, "…"))
	} else {
		for i, p := range nb.pages {
			mark := s.faint.Render("·")
			if p.Filled() {
				mark = s.ok.Render("✓")
			}
			if i == nb.focus {
				lines = append(lines, s.cursor.Render("▸ ")+mark+" "+s.focusedLabel.Render(p.Label()))
			} else {
				lines = append(lines, "  "+mark+" "+s.label.Render(p.Label()))
			}
		}
	}
	lines = append(lines, "")
	room := nb.ctx.bodyHeight() - len(lines)
	out := strings.Join(lines, "\n") + "\n" + nb.pages[nb.focus].View(w, room)
	if nb.leaving {
		k := nb.ctx.keys
		return leaveDialog(s, k) + "\n" + out
	}
	return out
}

// textPage is one written section: a heading, its prompt and a text area.
type textPage struct {
	ctx      *context
	heading  string
	prompt   string
	required bool
	text     *field
}

func newTextPage(ctx *context, heading, prompt, body string, required bool) *textPage {
	text := newTextField(ctx.styles, heading, body, "")
	text.setWidth(ctx.width, 0)
	return &textPage{ctx: ctx, heading: heading, prompt: prompt, required: required, text: text}
}

func (tp *textPage) Label() string {
	if tp.required {
		return tp.heading + " *"
	}
	return tp.heading
}
func (tp *textPage) Filled() bool        { return strings.TrimSpace(tp.text.value()) != "" }
func (tp *textPage) Focus() tea.Cmd      { return tp.text.focus() }
func (tp *textPage) Blur()               { tp.text.blur() }
func (tp *textPage) Typing() bool        { return true }
func (tp *textPage) Value() string       { return tp.text.value() }
func (tp *textPage) Keys() []key.Binding { return nil }

func (tp *textPage) Update(msg tea.Msg) tea.Cmd {
	return tp.text.update(msg, tp.ctx.keys)
}

func (tp *textPage) View(width, height int) string {
	s := tp.ctx.styles
	var lines []string
	if tp.prompt != "" {
		wrapped := strings.Split(ansi.Wrap(sanitize.Line(tp.prompt), width, " "), "\n")
		if len(wrapped) > 3 {
			wrapped = wrapped[:3]
			wrapped[2] = ansi.Truncate(wrapped[2], width-1, "") + "…"
		}
		for _, l := range wrapped {
			lines = append(lines, s.subtle.Render(l))
		}
	}
	tp.text.setWidth(width, 0)
	tp.text.area.SetHeight(max(height-len(lines), 3))
	return strings.Join(append(lines, tp.text.area.View()), "\n")
}
