package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"folio/portfolio"
)

// identFinding is a likely patient identifier and the part of the entry it is in.
type identFinding struct {
	where string // "Title", a section heading or a field label
	f     portfolio.Finding
}

// String says what was found and where: `Description, line 2, column 5: an NHS number ("943 476 5919")`.
func (f identFinding) String() string { return SanitizeLine(f.where + ", " + f.f.String()) }

// key names a finding apart from where it sits, so dismissing it survives typing
// elsewhere in the text.
func (f identFinding) key() string { return f.where + "\x00" + string(f.f.Kind) + "\x00" + f.f.Text }

type identScanMsg struct {
	gen   int
	found []identFinding
}

// textPart is a piece of the entry to scan, with the name to report it under.
type textPart struct{ where, text string }

// textParts are the title, fields and sections as they stand.
func (ed *editor) textParts() []textPart {
	parts := []textPart{{"Title", ed.title.Value()}}
	for _, f := range ed.fields {
		if f.typed() {
			parts = append(parts, textPart{f.def.Label, f.value()})
		}
	}
	for _, s := range ed.sections {
		where := s.heading
		if where == "" {
			where = "Reflection"
		}
		parts = append(parts, textPart{where, s.area.Value()})
	}
	return parts
}

func scanParts(parts []textPart) []identFinding {
	var out []identFinding
	for _, p := range parts {
		for _, f := range portfolio.FindIdentifiers(p.text) {
			out = append(out, identFinding{where: p.where, f: f})
		}
	}
	return out
}

// scan looks for identifiers in the text off the update loop, when the text has
// changed since the last look. Results of an older scan are dropped.
func (ed *editor) scan() tea.Cmd {
	fp := ed.fingerprint()
	if fp == ed.scanned {
		return nil
	}
	ed.scanned = fp
	ed.scanGen++
	gen, parts := ed.scanGen, ed.textParts()
	return func() tea.Msg { return identScanMsg{gen: gen, found: scanParts(parts)} }
}

// visibleFindings are the findings the user has not dismissed.
func (ed *editor) visibleFindings() []identFinding {
	var out []identFinding
	for _, f := range ed.findings {
		if !ed.dismissed[f.key()] {
			out = append(out, f)
		}
	}
	return out
}

// identifierNote is the caution given on save: what was found and where, the
// first in full and a count of the rest.
func identifierNote(found []identFinding) string {
	if len(found) == 0 {
		return ""
	}
	more := ""
	if len(found) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(found)-1)
	}
	return "Check for patient identifiers: " + found[0].String() + more + "."
}

// warningLines draws the gentle warning about identifiers in the text while editing.
func (ed *editor) warningLines() []string {
	found := ed.visibleFindings()
	if len(found) == 0 {
		return nil
	}
	s := ed.ctx.styles
	text := "⚠ Likely patient identifier: " + strings.TrimSuffix(identifierNote(found)[len("Check for patient identifiers: "):], ".") +
		". Anonymise it if so; " + dismissKey.Help().Key + " hides this."
	return wrapLines(s.warn, text, ed.ctx.width, 2)
}
