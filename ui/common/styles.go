package common

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/foliohq/folio/portfolio"
)

// Styles is every style the app draws with, built once per background. Colour only
// ever adds to meaning carried by text, letters or attributes, so the app reads the
// same under NO_COLOR.
type Styles struct {
	isDark bool

	App, Header, Title, Subtle, Faint lipgloss.Style
	Section, Selected, Cursor         lipgloss.Style
	Key, ErrorText, Warn, Ok, Info    lipgloss.Style
	StatusBar, StatusLock             lipgloss.Style
	panel, Dialog                     lipgloss.Style
	Label, FocusedLabel               lipgloss.Style
	Tag, Overdue, Due, Done, Doing    lipgloss.Style
	Bar                               lipgloss.Style
	Function                          map[portfolio.Function]lipgloss.Style
	marks                             map[portfolio.Functions]string // every set, drawn once
	Help                              help.Styles
	Input                             textinput.Styles
	Area                              textarea.Styles
}

func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		text      = ld(lipgloss.Color("#1F1F24"), lipgloss.Color("#E8E6F0"))
		subtle    = ld(lipgloss.Color("#5C5C70"), lipgloss.Color("#A09CB0"))
		faint     = ld(lipgloss.Color("#8A8A9A"), lipgloss.Color("#6E6A80"))
		accent    = ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B9A6FF"))
		barBg     = ld(lipgloss.Color("#E4E1EE"), lipgloss.Color("#2C2A36"))
		barFg     = ld(lipgloss.Color("#1F1F24"), lipgloss.Color("#E8E6F0"))
		red       = ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF8A80"))
		amber     = ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#FFCC66"))
		green     = ld(lipgloss.Color("#1B6E3A"), lipgloss.Color("#7BE0A0"))
		blue      = ld(lipgloss.Color("#1A5FB4"), lipgloss.Color("#8CC4FF"))
		normative = ld(lipgloss.Color("#1A5FB4"), lipgloss.Color("#7DB8FF"))
		formative = ld(lipgloss.Color("#1B6E3A"), lipgloss.Color("#7BE0A0"))
		restore   = ld(lipgloss.Color("#A3368A"), lipgloss.Color("#FF9AD9"))
	)
	fn := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c).Bold(true) }
	s := Styles{
		isDark:       isDark,
		App:          lipgloss.NewStyle().Foreground(text),
		Header:       lipgloss.NewStyle().Foreground(accent).Bold(true),
		Title:        lipgloss.NewStyle().Foreground(text).Bold(true),
		Subtle:       lipgloss.NewStyle().Foreground(subtle),
		Faint:        lipgloss.NewStyle().Foreground(faint),
		Section:      lipgloss.NewStyle().Foreground(accent).Bold(true),
		Selected:     lipgloss.NewStyle().Reverse(true),
		Cursor:       lipgloss.NewStyle().Foreground(accent).Bold(true),
		Key:          lipgloss.NewStyle().Foreground(accent).Bold(true),
		ErrorText:    lipgloss.NewStyle().Foreground(red).Bold(true),
		Warn:         lipgloss.NewStyle().Foreground(amber).Bold(true),
		Ok:           lipgloss.NewStyle().Foreground(green),
		Info:         lipgloss.NewStyle().Foreground(blue),
		StatusBar:    lipgloss.NewStyle().Foreground(barFg).Background(barBg),
		StatusLock:   lipgloss.NewStyle().Foreground(barFg).Background(barBg).Bold(true),
		panel:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(faint).Padding(0, 1),
		Dialog:       lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(accent).Padding(0, 2),
		Label:        lipgloss.NewStyle().Foreground(subtle),
		FocusedLabel: lipgloss.NewStyle().Foreground(accent).Bold(true),
		Tag:          lipgloss.NewStyle().Foreground(blue),
		Overdue:      lipgloss.NewStyle().Foreground(red).Bold(true),
		Due:          lipgloss.NewStyle().Foreground(amber),
		Done:         lipgloss.NewStyle().Foreground(green),
		Doing:        lipgloss.NewStyle().Foreground(amber),
		Bar:          lipgloss.NewStyle().Foreground(accent),
		Function: map[portfolio.Function]lipgloss.Style{
			portfolio.Normative:   fn(normative),
			portfolio.Formative:   fn(formative),
			portfolio.Restorative: fn(restore),
		},
		Help:  help.DefaultStyles(isDark),
		Input: textinput.DefaultStyles(isDark),
		Area:  textarea.DefaultStyles(isDark),
	}
	s.marks = map[portfolio.Functions]string{}
	for fs := range portfolio.Functions(8) {
		out := ""
		for _, f := range portfolio.AllFunctions {
			if fs.Has(f) {
				out += s.Function[f].Render(f.Letter())
			} else {
				out += s.Faint.Render("·")
			}
		}
		s.marks[fs] = out
	}
	// A steady cursor: no redraw twice a second while the user thinks.
	s.Input.Cursor.Blink = false
	s.Area.Cursor.Blink = false
	s.Help.ShortKey = s.Key
	s.Help.FullKey = s.Key
	return s
}

// FunctionMarks draws a set of functions as three fixed columns of letters, each in
// its function's colour, "·" for absent ones: "N·R" reads without colour too.
func (s Styles) FunctionMarks(fs portfolio.Functions) string {
	if m, ok := s.marks[fs&7]; ok {
		return m
	}
	return s.Faint.Render("···")
}

// FunctionName is a function's letter and name in its colour, e.g. "N normative".
func (s Styles) FunctionName(f portfolio.Function) string {
	return s.Function[f].Render(f.Letter() + " " + f.String())
}
