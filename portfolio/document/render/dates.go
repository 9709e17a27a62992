package render

import (
	htmltemplate "html/template"
	"regexp"
	"strings"
)

// A date is never split across lines: "28 November 2026" wrapping after "November"
// reads as two facts, and a browser breaks "2027-05-31" at a hyphen. datePattern
// finds the dates folio writes (long, short and ISO) and the same forms in the
// user's text; keeping them whole changes no character of the text.
var datePattern = regexp.MustCompile(`\b(\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?|\d{4}-\d{2}-\d{2})\b`)

// nowrap escapes text for HTML and sets each date in it in a span that does not
// wrap.
func nowrap(s string) htmltemplate.HTML {
	esc := htmltemplate.HTMLEscapeString(s)
	return htmltemplate.HTML(datePattern.ReplaceAllString(esc, `<span class="date">$0</span>`)) // #nosec: escaped above; dates are digits and letters
}

// noBreakDates joins the words of each date with no-break spaces, which the PDF's
// line breaking does not break at. (It breaks at spaces only, so ISO dates hold.)
func noBreakDates(s string) string {
	if !strings.ContainsRune(s, ' ') {
		return s
	}
	return datePattern.ReplaceAllStringFunc(s, func(d string) string {
		return strings.ReplaceAll(d, " ", "\u00a0")
	})
}
