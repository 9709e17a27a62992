package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// fieldKind is what a field holds.
type fieldKind int

const (
	fieldLine   fieldKind = iota // one line of text
	fieldText                    // a text area
	fieldChoice                  // one of a few words, chosen with ←/→
)

// field is the one input the forms and the meeting record's pages are built of: a
// labelled line (with an optional live hint, such as the date it reads as), a text
// area or a choice. It keeps its own state and draws itself in a label column;
// the form or page around it decides which field has focus.
type field struct {
	label   string
	kind    fieldKind
	input   textinput.Model
	area    textarea.Model
	choices []string
	choice  int
	hint    func(string) string // a note shown after a line, e.g. the date read
	// replaces marks a line whose value is a default to overwrite, such as today's
	// date: on focus its text is as if selected, and the first character typed or
	// pasted replaces it rather than being added to it.
	replaces bool
	fresh    bool // the value is still selected: the next text replaces it
}

func newLineField(st styles, label, value, placeholder string, limit int) *field {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetStyles(st.input)
	in.SetValue(value)
	return &field{label: label, kind: fieldLine, input: in}
}

func newTextField(st styles, label, value, placeholder string) *field {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = portfolio.MaxBodyBytes
	ta.MaxHeight = 0
	ta.Placeholder = placeholder
	ta.SetStyles(st.area)
	ta.SetValue(value)
	return &field{label: label, kind: fieldText, area: ta}
}

func newChoiceField(label string, choices []string, chosen int) *field {
	return &field{label: label, kind: fieldChoice, choices: choices, choice: chosen}
}

// dateHint says what date a line's text reads as, relative to today; empty is
// what an empty line says.
//
// A line with a date hint holds a default to overwrite, so setting one also makes
// the line replace its text on the first key: see withDateHint.
func dateHint(today calendar.Date, empty string) func(string) string {
	return func(v string) string {
		if strings.TrimSpace(v) == "" {
			return empty
		}
		d, err := calendar.ParseDate(v, today)
		if err != nil {
			return "not a date yet"
		}
		return d.Time().Format("Monday 2 January 2006")
	}
}

// withDateHint gives a line the date hint, and makes its value a default that
// typing replaces.
func (fl *field) withDateHint(today calendar.Date, empty string) *field {
	fl.hint = dateHint(today, empty)
	fl.replaces = true
	return fl
}

// hintWidth is the width of a line that has a hint after it.
const hintWidth = 26

func (fl *field) focus() tea.Cmd {
	switch fl.kind {
	case fieldLine:
		fl.fresh = fl.replaces && fl.input.Value() != ""
		return fl.input.Focus()
	case fieldText:
		return fl.area.Focus()
	}
	return nil
}

func (fl *field) blur() {
	fl.fresh = false
	fl.input.Blur()
	fl.area.Blur()
}

// typing reports whether letters go into the field.
func (fl *field) typing() bool { return fl.kind != fieldChoice }

func (fl *field) value() string {
	switch fl.kind {
	case fieldLine:
		return fl.input.Value()
	case fieldText:
		return fl.area.Value()
	}
	return fl.choices[fl.choice]
}

// choose moves a choice on for ←, → or space, and reports whether it took the key.
func (fl *field) choose(msg tea.KeyPressMsg, k keyMap) bool {
	if fl.kind != fieldChoice {
		return false
	}
	switch {
	case key.Matches(msg, k.Left):
		fl.choice = (fl.choice + len(fl.choices) - 1) % len(fl.choices)
	case key.Matches(msg, k.Right, k.Toggle):
		fl.choice = (fl.choice + 1) % len(fl.choices)
	default:
		return false
	}
	return true
}

// update passes keys, paste and blinks to a line or area. The clear key empties
// a line; text typed into a line whose default is still selected replaces it.
func (fl *field) update(msg tea.Msg, k keyMap) tea.Cmd {
	var cmd tea.Cmd
	switch fl.kind {
	case fieldLine:
		if m, ok := msg.(tea.KeyPressMsg); ok && key.Matches(m, k.ClearLine) {
			fl.input.SetValue("")
			fl.fresh = false
			return nil
		}
		fl.replaceIfFresh(msg)
		fl.input, cmd = fl.input.Update(msg)
	case fieldText:
		fl.area, cmd = fl.area.Update(msg)
	}
	return cmd
}

// replaceIfFresh empties a line whose default is selected when text comes in;
// any other key (an arrow, backspace) keeps the value for editing.
func (fl *field) replaceIfFresh(msg tea.Msg) {
	if !fl.fresh {
		return
	}
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		fl.fresh = false
		if m.Text != "" && m.Mod&^tea.ModShift == 0 {
			fl.input.SetValue("")
		}
	case tea.PasteMsg:
		fl.fresh = false
		fl.input.SetValue("")
	}
}

// lineView draws a line's text: a selected default shows as selected.
func (fl *field) lineView(s styles) string {
	if fl.fresh && fl.input.Focused() {
		return s.selected.Render(fl.input.Value())
	}
	return fl.input.View()
}

// setWidth fits the field to width cells beside a label column of labelCol.
func (fl *field) setWidth(width, labelCol int) {
	switch fl.kind {
	case fieldLine:
		fl.input.SetWidth(max(width-labelCol-2, 10))
		if fl.hint != nil {
			fl.input.SetWidth(hintWidth)
		}
	case fieldText:
		fl.area.SetWidth(max(min(width, readingWidth)-2, 10))
	}
}

// view draws the field under its label, which takes labelCol cells and is marked
// when the field has focus.
func (fl *field) view(s styles, labelCol int, focused bool) []string {
	lbl := s.label.Render(pad("  "+fl.label, labelCol))
	if focused {
		lbl = s.focusedLabel.Render(pad("▸ "+fl.label, labelCol))
	}
	switch fl.kind {
	case fieldLine:
		line := lbl + fl.lineView(s)
		if fl.hint != nil {
			hint := fl.hint(fl.input.Value())
			if fl.fresh && focused {
				hint = "type to replace it"
			}
			line = pad(line, labelCol+hintWidth+2) + s.subtle.Render(hint)
		}
		return []string{line}
	case fieldText:
		return []string{lbl, fl.area.View()}
	}
	var opts []string
	for j, c := range fl.choices {
		if j == fl.choice {
			opts = append(opts, s.selected.Render(" "+c+" "))
		} else {
			opts = append(opts, s.subtle.Render(" "+c+" "))
		}
	}
	return []string{lbl + strings.Join(opts, " ")}
}
