package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/foliohq/folio/portfolio"
)

// styles is every style the app draws with, built once per background. Colour only
// ever adds to meaning carried by text, letters or attributes, so the app reads the
// same under NO_COLOR.
type styles struct {
	isDark bool

	app, header, title, subtle, faint lipgloss.Style
	section, selected, cursor         lipgloss.Style
	key, errorText, warn, ok, info    lipgloss.Style
	statusBar, statusLock             lipgloss.Style
	panel, dialog                     lipgloss.Style
	label, focusedLabel               lipgloss.Style
	tag, overdue, due, done, doing    lipgloss.Style
	bar                               lipgloss.Style
	function                          map[portfolio.Function]lipgloss.Style
	marks                             map[portfolio.Functions]string // every set, drawn once
	help                              help.Styles
	input                             textinput.Styles
	area                              textarea.Styles
}

func newStyles(isDark bool) styles {
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
	s := styles{
		isDark:       isDark,
		app:          lipgloss.NewStyle().Foreground(text),
		header:       lipgloss.NewStyle().Foreground(accent).Bold(true),
		title:        lipgloss.NewStyle().Foreground(text).Bold(true),
		subtle:       lipgloss.NewStyle().Foreground(subtle),
		faint:        lipgloss.NewStyle().Foreground(faint),
		section:      lipgloss.NewStyle().Foreground(accent).Bold(true),
		selected:     lipgloss.NewStyle().Reverse(true),
		cursor:       lipgloss.NewStyle().Foreground(accent).Bold(true),
		key:          lipgloss.NewStyle().Foreground(accent).Bold(true),
		errorText:    lipgloss.NewStyle().Foreground(red).Bold(true),
		warn:         lipgloss.NewStyle().Foreground(amber).Bold(true),
		ok:           lipgloss.NewStyle().Foreground(green),
		info:         lipgloss.NewStyle().Foreground(blue),
		statusBar:    lipgloss.NewStyle().Foreground(barFg).Background(barBg),
		statusLock:   lipgloss.NewStyle().Foreground(barFg).Background(barBg).Bold(true),
		panel:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(faint).Padding(0, 1),
		dialog:       lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(accent).Padding(0, 2),
		label:        lipgloss.NewStyle().Foreground(subtle),
		focusedLabel: lipgloss.NewStyle().Foreground(accent).Bold(true),
		tag:          lipgloss.NewStyle().Foreground(blue),
		overdue:      lipgloss.NewStyle().Foreground(red).Bold(true),
		due:          lipgloss.NewStyle().Foreground(amber),
		done:         lipgloss.NewStyle().Foreground(green),
		doing:        lipgloss.NewStyle().Foreground(amber),
		bar:          lipgloss.NewStyle().Foreground(accent),
		function: map[portfolio.Function]lipgloss.Style{
			portfolio.Normative:   fn(normative),
			portfolio.Formative:   fn(formative),
			portfolio.Restorative: fn(restore),
		},
		help:  help.DefaultStyles(isDark),
		input: textinput.DefaultStyles(isDark),
		area:  textarea.DefaultStyles(isDark),
	}
	s.marks = map[portfolio.Functions]string{}
	for fs := range portfolio.Functions(8) {
		out := ""
		for _, f := range portfolio.AllFunctions {
			if fs.Has(f) {
				out += s.function[f].Render(f.Letter())
			} else {
				out += s.faint.Render("·")
			}
		}
		s.marks[fs] = out
	}
	// A steady cursor: no redraw twice a second while the user thinks.
	s.input.Cursor.Blink = false
	s.area.Cursor.Blink = false
	s.help.ShortKey = s.key
	s.help.FullKey = s.key
	return s
}

// functionMarks draws a set of functions as three fixed columns of letters, each in
// its function's colour, "·" for absent ones: "N·R" reads without colour too.
func (s styles) functionMarks(fs portfolio.Functions) string {
	if m, ok := s.marks[fs&7]; ok {
		return m
	}
	return s.faint.Render("···")
}

// functionName is a function's letter and name in its colour, e.g. "N normative".
func (s styles) functionName(f portfolio.Function) string {
	return s.function[f].Render(f.Letter() + " " + f.String())
}
