package clienv

import (
	"fmt"
	"slices"
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

// NoEmptyItems refuses a list flag (--tag, --topic) given an empty value, as a
// script's empty variable gives it, or a comma-separated list with an empty item
// when commas separate: it was dropped without a word.
func NoEmptyItems(flag string, values []string, commas bool) error {
	for _, v := range values {
		items := []string{v}
		if commas {
			items = strings.Split(v, ",")
		}
		for _, it := range items {
			if strings.TrimLeft(strings.TrimSpace(it), "# \t") == "" {
				return Usagef("--%s has an empty value; give it one, or leave it out", flag)
			}
		}
	}
	return nil
}

// StrayBoolValue refuses a word given after a boolean flag with a space
// (--discuss maybe): such a flag takes a value only after "=", so the word was read
// as an argument. raw is the command line; args are the arguments cobra kept.
func StrayBoolValue(raw, args []string, names ...string) error {
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] == "--" {
			return nil
		}
		for _, n := range names {
			if raw[i] == "--"+n && slices.Contains(args, raw[i+1]) {
				return Usagef("--%s takes no separate value (%q): give --%s to set it or --%s=false to clear it", n, raw[i+1], n, n)
			}
		}
	}
	return nil
}
