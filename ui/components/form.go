package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
)

// form is a small screen of labelled fields for goals, actions and reviews: one-line
// inputs, multi-line areas and choices. Submitting runs the caller's save as a
// command; a failure leaves every field as typed.
//
// It is not a huh form: huh ends a form on submit (StateCompleted, after which
// Update ignores every message), so a save that fails in the vault could not
// leave the user editing what they typed; it saves with enter on the last field
// rather than ctrl+s from any field, and quits on esc without asking about
// unsaved text.
type form struct {
	ctx    *context
	title  string
	intro  string
	fields []*field
	focus  int
	editSession
	submit func(v formValues) tea.Cmd
	labelW int // the label column's width when wider than labelWidth
}

// formValues are the fields' values by label.
type formValues map[string]string

func newForm(ctx *context, title, intro string, submit func(formValues) tea.Cmd) *form {
	return &form{ctx: ctx, title: title, intro: intro, submit: submit}
}

func (f *form) line(label, value, placeholder string, limit int) *form {
	f.fields = append(f.fields, newLineField(f.ctx.styles, label, value, placeholder, limit))
	return f
}

func (f *form) text(label, value, placeholder string) *form {
	f.fields = append(f.fields, newTextField(f.ctx.styles, label, value, placeholder))
	return f
}

func (f *form) choice(label string, choices []string, chosen int) *form {
	f.fields = append(f.fields, newChoiceField(label, choices, chosen))
	return f
}

// withDateHint shows under the last field what date its text reads as.
func (f *form) withDateHint() *form {
	f.fields[len(f.fields)-1].withDateHint(f.ctx.today(), "no date")
	return f
}

func (f *form) Init() tea.Cmd {
	f.resize()
	f.saved = f.fingerprint()
	return f.setFocus(0)
}

func (f *form) Title() string { return f.title }

func (f *form) Typing() bool {
	return !f.leaving && f.fields[f.focus].typing()
}

func (f *form) Keys() help.KeyMap {
	k := f.ctx.keys
	if f.leaving {
		return leaveKeys(k)
	}
	short := []key.Binding{k.Save, k.NextField, k.PrevField}
	switch fl := f.fields[f.focus]; {
	case fl.kind == fieldChoice:
		short = append(short, k.Left, k.Right)
	case fl.kind == fieldLine && fl.replaces:
		short = append(short, k.ClearLine)
	}
	short = append(short, k.Back)
	return helpKeys{short: short, full: [][]key.Binding{{k.Save, k.NextField, k.PrevField, k.Left, k.Right, k.ClearLine, k.Back}}}
}

func (f *form) setFocus(i int) tea.Cmd {
	for _, fl := range f.fields {
		fl.blur()
	}
	f.focus = (i + len(f.fields)) % len(f.fields)
	return f.fields[f.focus].focus()
}

// labelCol is the width of the label column.
func (f *form) labelCol() int { return max(f.labelW, labelWidth) }

func (f *form) resize() {
	w := f.ctx.width
	lines := 2 // intro and spacing
	areas := 0
	for _, fl := range f.fields {
		if fl.kind == fieldText {
			areas++
			lines++ // its label
		} else {
			lines++
		}
	}
	areaHeight := 3
	if areas > 0 {
		areaHeight = max((f.ctx.bodyHeight()-lines-2)/areas, 3)
	}
	for _, fl := range f.fields {
		fl.setWidth(w, f.labelCol())
		if fl.kind == fieldText {
			fl.area.SetHeight(min(areaHeight, 10))
		}
	}
}

func (f *form) values() formValues {
	v := formValues{}
	for _, fl := range f.fields {
		v[fl.label] = fl.value()
	}
	return v
}

func (f *form) fingerprint() string {
	var b strings.Builder
	for _, fl := range f.fields {
		fmt.Fprintf(&b, "%s\x00%s\x00%d\x00%s\x00", fl.label, fl.input.Value(), fl.choice, fl.area.Value())
	}
	return b.String()
}

func (f *form) dirty() bool { return f.fingerprint() != f.saved }

func (f *form) SetSize(int, int) tea.Cmd { f.resize(); return nil }

func (f *form) Update(msg tea.Msg) (nav, tea.Cmd) {
	if n, cmd, ok := f.finished(msg, f.ctx, f.fingerprint(), back()); ok {
		return n, cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return f.handleKey(msg)
	}
	return f.updateFocused(msg)
}

func (f *form) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := f.ctx.keys
	if n, cmd, ok := f.leaveKey(msg, k, f.dirty(), back(), f.doSubmit); ok {
		return n, cmd
	}
	fl := f.fields[f.focus]
	switch {
	case key.Matches(msg, k.Save):
		return nav{}, f.doSubmit()
	case key.Matches(msg, k.NextField):
		return nav{}, f.setFocus(f.focus + 1)
	case key.Matches(msg, k.PrevField):
		return nav{}, f.setFocus(f.focus - 1)
	}
	switch fl.kind {
	case fieldChoice:
		switch {
		case fl.choose(msg, k):
		case key.Matches(msg, k.Down):
			return nav{}, f.setFocus(f.focus + 1)
		case key.Matches(msg, k.Up):
			return nav{}, f.setFocus(f.focus - 1)
		case key.Matches(msg, k.Open):
			return nav{}, f.enterOrSubmit()
		}
		return nav{}, nil
	case fieldLine:
		switch {
		case key.Matches(msg, k.Enter):
			return nav{}, f.enterOrSubmit()
		case key.Matches(msg, k.ArrowDown):
			return nav{}, f.setFocus(f.focus + 1)
		case key.Matches(msg, k.ArrowUp):
			return nav{}, f.setFocus(f.focus - 1)
		}
	}
	return f.updateFocused(msg)
}

// enterOrSubmit moves to the next field, or submits from the last one.
func (f *form) enterOrSubmit() tea.Cmd {
	if f.focus == len(f.fields)-1 {
		return f.doSubmit()
	}
	return f.setFocus(f.focus + 1)
}

func (f *form) doSubmit() tea.Cmd {
	return f.startSave(func() tea.Cmd { return f.submit(f.values()) })
}

func (f *form) updateFocused(msg tea.Msg) (nav, tea.Cmd) {
	return nav{}, f.fields[f.focus].update(msg, f.ctx.keys)
}

// Draft keeps the form's text as a draft entry when the app locks.
func (f *form) Draft() (portfolio.Entry, bool) {
	if !f.dirty() {
		return portfolio.Entry{}, false
	}
	var body strings.Builder
	for _, fl := range f.fields {
		v := f.values()[fl.label]
		if strings.TrimSpace(v) != "" {
			fmt.Fprintf(&body, "## %s\n\n%s\n\n", fl.label, v)
		}
	}
	return portfolio.Entry{
		Title:     "Draft: " + f.title,
		Body:      body.String(),
		Functions: portfolio.Functions(portfolio.Formative),
		Tags:      []string{"draft"},
	}, true
}

func (f *form) View() string {
	s := f.ctx.styles
	w := f.ctx.width
	var lines []string
	if f.intro != "" {
		lines = append(lines, s.subtle.Render(ansi.Truncate(f.intro, w, "…")), "")
	}
	for i, fl := range f.fields {
		lines = append(lines, fl.view(s, f.labelCol(), i == f.focus && !f.leaving)...)
	}
	out := strings.Join(lines, "\n")
	if f.leaving {
		k := f.ctx.keys
		return leaveDialog(s, k) + "\n" + out
	}
	return out
}
