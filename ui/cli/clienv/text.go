package clienv

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio/identify"
	"github.com/foliohq/folio/ui/sanitize"
)

// WarnIdentifiers points out likely patient identifiers in what was saved, by line
// of the text given, without stopping anything.
func (s *Session) WarnIdentifiers(text string) {
	s.WarnFindings(identify.Find(text))
}

// WarnFindings is WarnIdentifiers for findings already made.
func (s *Session) WarnFindings(found []identify.Finding) {
	if len(found) == 0 {
		return
	}
	var parts []string
	for _, f := range found {
		parts = append(parts, f.String())
	}
	fmt.Fprintf(s.Stderr, "folio: saved, but it may identify a patient: %s. Reflections can be read by others one day; consider anonymising it.\n", sanitize.Text(strings.Join(parts, "; ")))
}

// TitleFromBody takes the first non-blank line of a body as the title (without a
// Markdown heading mark), and returns the body without it.
func TitleFromBody(body string) (title, rest string) {
	lines := strings.SplitAfter(body, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "#") {
			t = strings.TrimSpace(strings.TrimLeft(t, "#"))
			return t, strings.TrimLeft(strings.Join(lines[i+1:], ""), "\n")
		}
		return t, body
	}
	return "", body
}

// SplitCommas splits each value at commas: a flag given as --tag a,b or twice.
func SplitCommas(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}
