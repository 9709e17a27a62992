package common

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/sanitize"
)

// Spread lays left and right out on one line of width cells.
func Spread(left, right string, width int) string {
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(width-ansi.StringWidth(right)-1, 0), "…")
		gap = max(width-ansi.StringWidth(left)-ansi.StringWidth(right), 0)
	}
	return left + strings.Repeat(" ", gap) + right
}

func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// FitBlock makes text exactly height lines, none wider than width, so a screen can
// never push the status bar off or wrap in the terminal. It is cheaper than a
// lipgloss frame, which matters on every redraw.
func FitBlock(text string, width, height int) string {
	lines := strings.SplitN(text, "\n", height+1)
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if len(l) > width && ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// ErrorText is an error as one sentence for the footer, with the vault's own
// failures worded for the user.
func ErrorText(err error) string {
	switch {
	case errors.Is(err, portfolio.ErrDamaged):
		return "A record in the vault is damaged and could not be read; run 'folio check' to see which. " + err.Error()
	case errors.Is(err, portfolio.ErrInUse):
		return "Another folio has the vault open; close it and try again."
	}
	return sanitize.Line(err.Error())
}

// Pad fills styled s with spaces to width cells.
func Pad(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return ansi.Truncate(s, width, "…")
}

// FitRight draws text truncated so that right fits after it in width cells.
func FitRight(text, right string, width int) string {
	rw := ansi.StringWidth(right)
	room := width - rw - 1
	if room < 4 {
		return ansi.Truncate(text, width, "…")
	}
	text = ansi.Truncate(text, room, "…")
	return text + strings.Repeat(" ", width-ansi.StringWidth(text)-rw) + right
}

// EscapeMarkdown keeps a title's own punctuation from being read as Markdown.
func EscapeMarkdown(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "#", `\#`)
	return r.Replace(s)
}

func ByteSize(n int) string {
	switch {
	case n < 1024:
		return Plural(n, "byte", "bytes")
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// OptionalDate reads a date field that may be left empty.
func OptionalDate(s string, today calendar.Date) (calendar.Date, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return calendar.ParseDate(s, today)
}

// OptionalFutureDate is OptionalDate for a day to come (a target, a due date, the
// next meeting): a date without a year is the next such day, as on the command line.
func OptionalFutureDate(s string, today calendar.Date) (calendar.Date, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return calendar.ParseFutureDate(s, today)
}

// DaysText says how far a date is from today, in words and colour.
func DaysText(s Styles, today, d calendar.Date) string {
	n := int(d - today)
	switch {
	case n == 0:
		return s.Warn.Render("today")
	case n == 1:
		return s.Due.Render("tomorrow")
	case n > 1:
		return s.Subtle.Render(fmt.Sprintf("in %d days", n))
	case n == -1:
		return s.Overdue.Render("yesterday")
	}
	return s.Overdue.Render(fmt.Sprintf("%d days ago", -n))
}

func Sparkline(vals []int) string {
	var b strings.Builder
	for _, v := range vals {
		b.WriteRune([]rune(sparks)[min(max(v, 1), 5)-1])
	}
	return b.String()
}

// WrapLines wraps text to width in style, keeping at most max lines.
func WrapLines(st lipgloss.Style, text string, width, most int) []string {
	if text == "" {
		return nil
	}
	lines := strings.Split(ansi.Wrap(text, width, " "), "\n")
	if most > 0 && len(lines) > most {
		lines = lines[:most]
		lines[most-1] = ansi.Truncate(lines[most-1], width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// LabelWidth is the column the fields start at.
const LabelWidth = 12

// sparks draws scores of 1 to 5 as one character each, rising with the score.
const sparks = "▁▂▄▆█"
