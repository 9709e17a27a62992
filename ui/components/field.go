package components

import (
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/common"
)

// fieldKind is what a field holds.
type fieldKind int

const (
	fieldLine   fieldKind = iota // one line of text
	fieldText                    // a text area
	fieldChoice                  // one of a few words, chosen with ←/→
)

// Field is the one input the forms and the meeting record's pages are built of: a
// labelled line (with an optional live hint, such as the date it reads as), a text
// area or a choice. It keeps its own state and draws itself in a label column;
// the form or page around it decides which field has focus.
type Field struct {
	Label   string
	kind    fieldKind
	Input   textinput.Model
	area    textarea.Model
	choices []string
	Choice  int
	Hint    func(string) string // a note shown after a line, e.g. the date read
	// Replaces marks a line whose value is a default to overwrite, such as today's
	// date: on focus its text is as if selected, and the first character typed or
	// pasted replaces it rather than being added to it.
	Replaces bool
	Fresh    bool // the value is still selected: the next text replaces it
}

func NewLineField(st common.Styles, label, value, placeholder string, limit int) *Field {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetStyles(st.Input)
	in.SetValue(value)
	return &Field{Label: label, kind: fieldLine, Input: in}
}

func newTextField(st common.Styles, label, value, placeholder string) *Field {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = validate.MaxBodyBytes
	ta.MaxHeight = 0
	ta.Placeholder = placeholder
	ta.SetStyles(st.Area)
	ta.SetValue(value)
	return &Field{Label: label, kind: fieldText, area: ta}
}

func NewChoiceField(label string, choices []string, chosen int) *Field {
	return &Field{Label: label, kind: fieldChoice, choices: choices, Choice: chosen}
}

// dateHint says what date a line's text reads as, relative to today; empty is
// what an empty line says.
//
// A line with a date hint holds a default to overwrite, so setting one also makes
// the line replace its text on the first key: see withDateHint.
func dateHint(parse func(string, calendar.Date) (calendar.Date, error), today calendar.Date, empty string) func(string) string {
	return func(v string) string {
		if strings.TrimSpace(v) == "" {
			return empty
		}
		d, err := parse(v, today)
		if err != nil {
			return "not a date yet"
		}
		return d.Time().Format("Monday 2 January 2006")
	}
}

// WithDateHint gives a line the date hint, and makes its value a default that
// typing replaces.
func (fl *Field) WithDateHint(today calendar.Date, empty string) *Field {
	fl.Hint = dateHint(calendar.ParseDate, today, empty)
	fl.Replaces = true
	return fl
}

// WithFutureDateHint is WithDateHint for a day to come, read as
// common.OptionalFutureDate reads it, so the hint names the date that is saved.
func (fl *Field) WithFutureDateHint(today calendar.Date, empty string) *Field {
	fl.Hint = dateHint(calendar.ParseFutureDate, today, empty)
	fl.Replaces = true
	return fl
}

// WithDateHintBy is WithDateHint for a date read by parse, the parser its save
// uses, so the hint names the date that is saved.
func (fl *Field) WithDateHintBy(parse func(string, calendar.Date) (calendar.Date, error), today calendar.Date, empty string) *Field {
	fl.Hint = dateHint(parse, today, empty)
	fl.Replaces = true
	return fl
}

// hintWidth is the width of a line that has a hint after it.
const hintWidth = 26

func (fl *Field) Focus() tea.Cmd {
	switch fl.kind {
	case fieldLine:
		fl.Fresh = fl.Replaces && fl.Input.Value() != ""
		return fl.Input.Focus()
	case fieldText:
		return fl.area.Focus()
	}
	return nil
}

func (fl *Field) Blur() {
	fl.Fresh = false
	fl.Input.Blur()
	fl.area.Blur()
}

// typing reports whether letters go into the field.
func (fl *Field) typing() bool { return fl.kind != fieldChoice }

func (fl *Field) Value() string {
	switch fl.kind {
	case fieldLine:
		return fl.Input.Value()
	case fieldText:
		return fl.area.Value()
	}
	return fl.choices[fl.Choice]
}

// Choose moves a choice on for ←, → or space, and reports whether it took the key.
func (fl *Field) Choose(msg tea.KeyPressMsg, k common.KeyMap) bool {
	if fl.kind != fieldChoice {
		return false
	}
	switch {
	case key.Matches(msg, k.Left):
		fl.Choice = (fl.Choice + len(fl.choices) - 1) % len(fl.choices)
	case key.Matches(msg, k.Right, k.Toggle):
		fl.Choice = (fl.Choice + 1) % len(fl.choices)
	default:
		return false
	}
	return true
}

// Update passes keys, paste and blinks to a line or area. The clear key empties
// a line; text typed into a line whose default is still selected replaces it.
func (fl *Field) Update(msg tea.Msg, k common.KeyMap) tea.Cmd {
	var cmd tea.Cmd
	switch fl.kind {
	case fieldLine:
		if m, ok := msg.(tea.KeyPressMsg); ok && key.Matches(m, k.ClearLine) {
			fl.Input.SetValue("")
			fl.Fresh = false
			return nil
		}
		fl.replaceIfFresh(msg)
		fl.Input, cmd = fl.Input.Update(msg)
	case fieldText:
		fl.area, cmd = fl.area.Update(msg)
	}
	return cmd
}

// replaceIfFresh empties a line whose default is selected when text comes in;
// any other key (an arrow, backspace) keeps the value for editing.
func (fl *Field) replaceIfFresh(msg tea.Msg) {
	if !fl.Fresh {
		return
	}
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		fl.Fresh = false
		if m.Text != "" && m.Mod&^tea.ModShift == 0 {
			fl.Input.SetValue("")
		}
	case tea.PasteMsg:
		fl.Fresh = false
		fl.Input.SetValue("")
	}
}

// LineView draws a line's text: a selected default shows as selected.
func (fl *Field) LineView(s common.Styles) string {
	if fl.Fresh && fl.Input.Focused() {
		return s.Selected.Render(fl.Input.Value())
	}
	return fl.Input.View()
}

// SetWidth fits the field to width cells beside a label column of labelCol.
func (fl *Field) SetWidth(width, labelCol int) {
	switch fl.kind {
	case fieldLine:
		fl.Input.SetWidth(max(width-labelCol-2, 10))
		if fl.Hint != nil {
			fl.Input.SetWidth(hintWidth)
		}
	case fieldText:
		fl.area.SetWidth(max(min(width, common.ReadingWidth)-2, 10))
	}
}

// View draws the field under its label, which takes labelCol cells and is marked
// when the field has focus.
func (fl *Field) View(s common.Styles, labelCol int, focused bool) []string {
	lbl := s.Label.Render(common.Pad("  "+fl.Label, labelCol))
	if focused {
		lbl = s.FocusedLabel.Render(common.Pad("▸ "+fl.Label, labelCol))
	}
	switch fl.kind {
	case fieldLine:
		line := lbl + fl.LineView(s)
		if fl.Hint != nil {
			hint := fl.Hint(fl.Input.Value())
			if fl.Fresh && focused {
				hint = "type to replace it"
			}
			line = common.Pad(line, labelCol+hintWidth+2) + s.Subtle.Render(hint)
		}
		return []string{line}
	case fieldText:
		return []string{lbl, fl.area.View()}
	}
	var opts []string
	for j, c := range fl.choices {
		if j == fl.Choice {
			opts = append(opts, s.Selected.Render(" "+c+" "))
		} else {
			opts = append(opts, s.Subtle.Render(" "+c+" "))
		}
	}
	return []string{lbl + strings.Join(opts, " ")}
}
