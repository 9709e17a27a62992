package components

import (
	"slices"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// EditorField is one structured value of a template in the editor: a line of text
// for text, date and hours; a list to pick from for a choice; 1 to 5 for a rating.
// Whatever it holds, value gives it as text for fill.SetField to read, so the
// editor and the command line accept the same things.
type EditorField struct {
	Def    fill.TemplateField
	Text   *Field // the line a date, hours or text field is typed in
	chosen []bool // a choice's options, in order
	cursor int    // the option under the cursor of a multiple choice
	rating int    // 0 when not given
}

func NewEditorField(ctx *common.Context, def fill.TemplateField, values []string) *EditorField {
	f := &EditorField{Def: def, chosen: make([]bool, len(def.Choices))}
	switch def.Type {
	case fill.FieldChoice:
		for i, c := range def.Choices {
			f.chosen[i] = slices.Contains(values, c)
		}
	case fill.FieldRating:
		if len(values) == 1 {
			f.rating, _ = strconv.Atoi(values[0])
		}
	default:
		placeholder := ""
		switch def.Type {
		case fill.FieldDate:
			placeholder = "e.g. 2026-03-14, 14/03/2026, in 6 weeks"
		case fill.FieldHours:
			placeholder = "e.g. 1.5 or 90 min"
		}
		f.Text = NewLineField(ctx.Styles, def.Label, strings.Join(values, " "), placeholder, validate.MaxTitleRunes)
		// A date kept from before is typed over, as the entry's own date is.
		f.Text.Replaces = def.Type == fill.FieldDate
	}
	return f
}

// Typed reports whether the field takes letters as text.
func (f *EditorField) Typed() bool {
	return f.Def.Type != fill.FieldChoice && f.Def.Type != fill.FieldRating
}

func (f *EditorField) Value() string {
	switch f.Def.Type {
	case fill.FieldChoice:
		var out []string
		for i, c := range f.Def.Choices {
			if f.chosen[i] {
				out = append(out, c)
			}
		}
		return strings.Join(out, "\n")
	case fill.FieldRating:
		if f.rating == 0 {
			return ""
		}
		return strconv.Itoa(f.rating)
	}
	return f.Text.Value()
}

// expanded reports whether the field lists its options on lines of their own: a
// multiple choice does while it has focus.
func (f *EditorField) expanded(focused bool) bool {
	return focused && f.Def.Type == fill.FieldChoice && f.Def.Multiple
}

func (f *EditorField) choose(i int) {
	if i < 0 || i >= len(f.chosen) {
		return
	}
	if f.Def.Multiple {
		f.chosen[i] = !f.chosen[i]
		return
	}
	was := f.chosen[i]
	clear(f.chosen)
	f.chosen[i] = !was
}

// step moves a single choice or a rating by dir.
func (f *EditorField) step(dir int) {
	switch f.Def.Type {
	case fill.FieldRating:
		f.rating = min(max(f.rating+dir, 1), 5)
	case fill.FieldChoice:
		n := len(f.chosen)
		cur := slices.Index(f.chosen, true)
		next := (cur + dir + n) % n
		if cur < 0 && dir < 0 {
			next = n - 1
		}
		clear(f.chosen)
		f.chosen[next] = true
	}
}

// HandleKey takes the keys a choice or rating understands. It returns a focus move
// (-1 or 1) when the key leaves the field, and whether it used the key.
func (f *EditorField) HandleKey(msg tea.KeyPressMsg, k common.KeyMap) (move int, used bool) {
	digit := -1
	if t := msg.Text; len(t) == 1 && t[0] >= '0' && t[0] <= '9' {
		digit = int(t[0] - '0')
	}
	clearKey := key.Matches(msg, k.ClearField)
	if f.Def.Type == fill.FieldRating {
		switch {
		case digit >= 1 && digit <= 5:
			f.rating = digit
		case digit == 0 || clearKey:
			f.rating = 0
		case key.Matches(msg, k.Left):
			f.step(-1)
		case key.Matches(msg, k.Right, k.Toggle):
			f.step(1)
		default:
			return 0, false
		}
		return 0, true
	}
	if f.Def.Multiple {
		switch {
		case digit >= 1:
			f.choose(digit - 1)
		case key.Matches(msg, k.Toggle, k.Open):
			f.choose(f.cursor)
		case key.Matches(msg, k.Down):
			if f.cursor == len(f.chosen)-1 {
				return 1, true
			}
			f.cursor++
		case key.Matches(msg, k.Up):
			if f.cursor == 0 {
				return -1, true
			}
			f.cursor--
		default:
			return 0, false
		}
		return 0, true
	}
	switch {
	case digit >= 1:
		f.choose(digit - 1)
	case clearKey:
		clear(f.chosen)
	case key.Matches(msg, k.Left):
		f.step(-1)
	case key.Matches(msg, k.Right, k.Toggle):
		f.step(1)
	default:
		return 0, false
	}
	return 0, true
}

// note is what the field's text reads as, shown after it: the date in words, the
// hours as a number, or that it cannot be read yet.
func (f *EditorField) note(ctx *common.Context) (string, bool) {
	if !f.Typed() || f.Def.Type == fill.FieldText {
		return "", true
	}
	v := strings.TrimSpace(f.Text.Value())
	if v == "" {
		return "", true
	}
	got, err := fill.ParseFieldValue(&f.Def, v, ctx.Today())
	if err != nil {
		if f.Def.Type == fill.FieldDate {
			return "not a date yet", false
		}
		return "not a number of hours yet", false
	}
	if f.Def.Type == fill.FieldDate {
		d, _ := calendar.ParseDate(got[0], ctx.Today())
		return d.Time().Format("Monday 2 January 2006"), true
	}
	return got[0] + " h", true
}

// View draws the field after its label, in width cells; a focused multiple choice
// adds one line per option.
func (f *EditorField) View(ctx *common.Context, label string, focused bool, width int) []string {
	s := ctx.Styles
	room := max(width-ansi.StringWidth(label), 8)
	switch f.Def.Type {
	case fill.FieldRating:
		var b strings.Builder
		for n := 1; n <= 5; n++ {
			item := " " + strconv.Itoa(n) + " "
			if n == f.rating {
				item = s.Selected.Render("[" + strconv.Itoa(n) + "]")
			}
			b.WriteString(item + " ")
		}
		if !focused && f.rating == 0 {
			return []string{label + s.Faint.Render("not given")}
		}
		line := label + b.String()
		if focused {
			line += s.Faint.Render(" ← → or 1-5")
		}
		return []string{ansi.Truncate(line, width, "…")}
	case fill.FieldChoice:
		if f.expanded(focused) {
			n := 0
			for _, c := range f.chosen {
				if c {
					n++
				}
			}
			lines := []string{ansi.Truncate(label+s.Faint.Render(common.Plural(n, "chosen", "chosen")+" · space or a number picks"), width, "…")}
			for i, c := range f.Def.Choices {
				box := "[ ] "
				if f.chosen[i] {
					box = "[x] "
				}
				line := ansi.Truncate(box+sanitize.Line(c), max(width-4, 8), "…")
				if i == f.cursor {
					lines = append(lines, s.Cursor.Render("  ▸ ")+s.Selected.Render(line))
				} else {
					lines = append(lines, "    "+line)
				}
			}
			return lines
		}
		if !f.Def.Multiple {
			if line, ok := f.inlineChoices(ctx, focused, room); ok {
				return []string{label + line}
			}
		}
		v := strings.ReplaceAll(f.Value(), "\n", "; ")
		switch {
		case v == "" && f.Def.Multiple:
			v = s.Faint.Render("none chosen yet")
		case v == "":
			v = s.Faint.Render("‹ none chosen ›")
		case !f.Def.Multiple:
			v = "‹ " + sanitize.Line(v) + " ›"
		default:
			v = sanitize.Line(v)
		}
		return []string{label + ansi.Truncate(v, room, "…")}
	}
	text := f.Text.LineView(s)
	line := label + text
	if note, ok := f.note(ctx); note != "" {
		st := s.Subtle
		if !ok {
			st = s.ErrorText
		}
		if f.Text.Fresh {
			note = "type to replace it"
		}
		line = common.Pad(label+common.Pad(text, 26), ansi.StringWidth(label)+28) + st.Render(note)
	}
	return []string{ansi.Truncate(line, width, "")}
}

// inlineChoices draws a single choice's options on one line when they fit, the
// chosen one in brackets so it reads without colour.
func (f *EditorField) inlineChoices(ctx *common.Context, focused bool, room int) (string, bool) {
	s := ctx.Styles
	var parts []string
	width := 0
	for i, c := range f.Def.Choices {
		c = sanitize.Line(c)
		item := " " + c + " "
		if f.chosen[i] {
			item = s.Selected.Render("[" + c + "]")
		} else if !focused {
			item = s.Faint.Render(item)
		}
		parts = append(parts, item)
		width += ansi.StringWidth(c) + 3
	}
	if width > room {
		return "", false
	}
	return strings.Join(parts, " "), true
}
