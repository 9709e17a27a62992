package components

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
)

// Form is a small screen of labelled fields for goals, actions and reviews: one-line
// inputs, multi-line areas and choices. Submitting runs the caller's save as a
// command; a failure leaves every field as typed.
//
// It is not a huh form: huh ends a form on submit (StateCompleted, after which
// Update ignores every message), so a save that fails in the vault could not
// leave the user editing what they typed; it saves with enter on the last field
// rather than ctrl+s from any field, and quits on esc without asking about
// unsaved text.
type Form struct {
	ctx    *common.Context
	title  string
	Intro  string
	Fields []*Field
	focus  int
	EditSession
	Submit func(v FormValues) tea.Cmd
	LabelW int // the label column's width when wider than labelWidth
}

// FormValues are the fields' values by label.
type FormValues map[string]string

func NewForm(ctx *common.Context, title, intro string, submit func(FormValues) tea.Cmd) *Form {
	return &Form{ctx: ctx, title: title, Intro: intro, Submit: submit}
}

func (f *Form) Line(label, value, placeholder string, limit int) *Form {
	f.Fields = append(f.Fields, NewLineField(f.ctx.Styles, label, value, placeholder, limit))
	return f
}

func (f *Form) Text(label, value, placeholder string) *Form {
	f.Fields = append(f.Fields, newTextField(f.ctx.Styles, label, value, placeholder))
	return f
}

func (f *Form) Choice(label string, choices []string, chosen int) *Form {
	f.Fields = append(f.Fields, NewChoiceField(label, choices, chosen))
	return f
}

// WithDateHint shows under the last field what date its text reads as.
func (f *Form) WithDateHint() *Form {
	f.Fields[len(f.Fields)-1].WithDateHint(f.ctx.Today(), "no date")
	return f
}

// WithFutureDateHint is WithDateHint for a day to come (see Field.WithFutureDateHint).
func (f *Form) WithFutureDateHint() *Form {
	f.Fields[len(f.Fields)-1].WithFutureDateHint(f.ctx.Today(), "no date")
	return f
}

func (f *Form) Init() tea.Cmd {
	f.resize()
	f.Saved = f.fingerprint()
	return f.setFocus(0)
}

func (f *Form) Title() string { return f.title }

func (f *Form) Typing() bool {
	return !f.Leaving && f.Fields[f.focus].typing()
}

func (f *Form) Keys() help.KeyMap {
	k := f.ctx.Keys
	if f.Leaving {
		return LeaveKeys(k)
	}
	short := []key.Binding{k.Save, k.NextField, k.PrevField}
	switch fl := f.Fields[f.focus]; {
	case fl.kind == fieldChoice:
		short = append(short, k.Left, k.Right)
	case fl.kind == fieldLine && fl.Replaces:
		short = append(short, k.ClearLine)
	}
	short = append(short, k.Back)
	return common.HelpKeys{Short: short, Full: [][]key.Binding{{k.Save, k.NextField, k.PrevField, k.Left, k.Right, k.ClearLine, k.Back}}}
}

func (f *Form) setFocus(i int) tea.Cmd {
	for _, fl := range f.Fields {
		fl.Blur()
	}
	f.focus = (i + len(f.Fields)) % len(f.Fields)
	return f.Fields[f.focus].Focus()
}

// labelCol is the width of the label column.
func (f *Form) labelCol() int { return max(f.LabelW, common.LabelWidth) }

func (f *Form) resize() {
	w := f.ctx.Width
	lines := 2 // intro and spacing
	areas := 0
	for _, fl := range f.Fields {
		if fl.kind == fieldText {
			areas++
			lines++ // its label
		} else {
			lines++
		}
	}
	areaHeight := 3
	if areas > 0 {
		areaHeight = max((f.ctx.BodyHeight()-lines-2)/areas, 3)
	}
	for _, fl := range f.Fields {
		fl.SetWidth(w, f.labelCol())
		if fl.kind == fieldText {
			fl.area.SetHeight(min(areaHeight, 10))
		}
	}
}

func (f *Form) Values() FormValues {
	v := FormValues{}
	for _, fl := range f.Fields {
		v[fl.Label] = fl.Value()
	}
	return v
}

func (f *Form) fingerprint() string {
	var b strings.Builder
	for _, fl := range f.Fields {
		fmt.Fprintf(&b, "%s\x00%s\x00%d\x00%s\x00", fl.Label, fl.Input.Value(), fl.Choice, fl.area.Value())
	}
	return b.String()
}

func (f *Form) dirty() bool { return f.fingerprint() != f.Saved }

func (f *Form) SetSize(int, int) tea.Cmd { f.resize(); return nil }

func (f *Form) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if n, cmd, ok := f.finished(msg, f.ctx, f.fingerprint(), common.Back()); ok {
		return n, cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return f.handleKey(msg)
	}
	return f.updateFocused(msg)
}

func (f *Form) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := f.ctx.Keys
	if n, cmd, ok := f.LeaveKey(msg, k, f.dirty(), common.Back(), f.doSubmit); ok {
		return n, cmd
	}
	fl := f.Fields[f.focus]
	switch {
	case key.Matches(msg, k.Save):
		return common.Nav{}, f.doSubmit()
	case key.Matches(msg, k.NextField):
		return common.Nav{}, f.setFocus(f.focus + 1)
	case key.Matches(msg, k.PrevField):
		return common.Nav{}, f.setFocus(f.focus - 1)
	}
	switch fl.kind {
	case fieldChoice:
		switch {
		case fl.Choose(msg, k):
		case key.Matches(msg, k.Down):
			return common.Nav{}, f.setFocus(f.focus + 1)
		case key.Matches(msg, k.Up):
			return common.Nav{}, f.setFocus(f.focus - 1)
		case key.Matches(msg, k.Open):
			return common.Nav{}, f.enterOrSubmit()
		}
		return common.Nav{}, nil
	case fieldLine:
		switch {
		case key.Matches(msg, k.Enter):
			return common.Nav{}, f.enterOrSubmit()
		case key.Matches(msg, k.ArrowDown):
			return common.Nav{}, f.setFocus(f.focus + 1)
		case key.Matches(msg, k.ArrowUp):
			return common.Nav{}, f.setFocus(f.focus - 1)
		}
	}
	return f.updateFocused(msg)
}

// enterOrSubmit moves to the next field, or submits from the last one.
func (f *Form) enterOrSubmit() tea.Cmd {
	if f.focus == len(f.Fields)-1 {
		return f.doSubmit()
	}
	return f.setFocus(f.focus + 1)
}

func (f *Form) doSubmit() tea.Cmd {
	return f.startSave(func() tea.Cmd { return f.Submit(f.Values()) })
}

func (f *Form) updateFocused(msg tea.Msg) (common.Nav, tea.Cmd) {
	return common.Nav{}, f.Fields[f.focus].Update(msg, f.ctx.Keys)
}

// Draft keeps the form's text as a draft entry when the app locks.
func (f *Form) Draft() (portfolio.Entry, bool) {
	if !f.dirty() {
		return portfolio.Entry{}, false
	}
	var body strings.Builder
	for _, fl := range f.Fields {
		v := f.Values()[fl.Label]
		if strings.TrimSpace(v) != "" {
			fmt.Fprintf(&body, "## %s\n\n%s\n\n", fl.Label, v)
		}
	}
	return portfolio.Entry{
		Title:     "Draft: " + f.title,
		Body:      body.String(),
		Functions: portfolio.Functions(portfolio.Formative),
		Tags:      []string{"draft"},
	}, true
}

func (f *Form) View() string {
	s := f.ctx.Styles
	w := f.ctx.Width
	var lines []string
	if f.Intro != "" {
		lines = append(lines, s.Subtle.Render(ansi.Truncate(f.Intro, w, "…")), "")
	}
	for i, fl := range f.Fields {
		lines = append(lines, fl.View(s, f.labelCol(), i == f.focus && !f.Leaving)...)
	}
	out := strings.Join(lines, "\n")
	if f.Leaving {
		k := f.ctx.Keys
		return LeaveDialog(s, k) + "\n" + out
	}
	return out
}
