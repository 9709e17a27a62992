package entries

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio/identify"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// identFinding is a likely patient identifier and the part of the entry it is in.
type identFinding struct {
	where string // "Title", a section heading or a field label
	f     identify.Finding
}

// key names a finding apart from where it sits, so dismissing it survives typing
// elsewhere in the text.
func (f identFinding) key() string { return f.where + "\x00" + string(f.f.Kind) + "\x00" + f.f.Text }

type identScanMsg struct {
	gen   int
	found []identFinding
}

// textPart is a piece of the entry to scan, with the name to report it under.
// colleague marks a field the template says holds a colleague's details (the peer
// of a peer discussion): a name, email or phone there is how a colleague is reached,
// not a patient's identifier, as the command line and the documents also treat it.
type textPart struct {
	where, text string
	colleague   bool
}

// textParts are the title, fields and sections as they stand.
func (ed *Editor) textParts() []textPart {
	parts := []textPart{{where: "Title", text: ed.title.Value()}}
	for _, f := range ed.Fields {
		if f.Typed() {
			parts = append(parts, textPart{f.Def.Label, f.Value(), f.Def.Colleague})
		}
	}
	for _, s := range ed.Sections {
		where := s.Heading
		if where == "" {
			where = "Reflection"
		}
		parts = append(parts, textPart{where: where, text: s.area.Value()})
	}
	return parts
}

func scanParts(parts []textPart) []identFinding {
	var out []identFinding
	for _, p := range parts {
		for _, f := range identify.Find(p.text) {
			if p.colleague && f.Kind.Contact() {
				continue
			}
			out = append(out, identFinding{where: p.where, f: f})
		}
	}
	return out
}

// scan looks for identifiers in the text off the update loop, when the text has
// changed since the last look. Results of an older scan are dropped.
func (ed *Editor) scan() tea.Cmd {
	fp := ed.fingerprint()
	if fp == ed.scanned {
		return nil
	}
	ed.scanned = fp
	ed.scanGen++
	gen, parts := ed.scanGen, ed.textParts()
	return func() tea.Msg { return identScanMsg{gen: gen, found: scanParts(parts)} }
}

// VisibleFindings are the findings the user has not dismissed.
func (ed *Editor) VisibleFindings() []identFinding {
	var out []identFinding
	for _, f := range ed.findings {
		if !ed.dismissed[f.key()] {
			out = append(out, f)
		}
	}
	return out
}

// identifierList says what was found and where, grouped by the part it is in:
// `What happened: a title and name ("Mr Smith", line 1, column 1), an NHS number
// ("943 476 5919", line 1, column 27)`.
func identifierList(found []identFinding) string {
	var parts []string
	for i := 0; i < len(found); {
		where := found[i].where
		var items []string
		for ; i < len(found) && found[i].where == where; i++ {
			f := found[i].f
			items = append(items, fmt.Sprintf("%s (%q, line %d, column %d)", f.Kind.Description(), f.Text, f.Line, f.Column))
		}
		parts = append(parts, where+": "+strings.Join(items, ", "))
	}
	return sanitize.Line(strings.Join(parts, "; "))
}

// identifierNote is the caution given on save.
func identifierNote(found []identFinding) string {
	return "It may hold patient identifiers. " + identifierList(found) + "."
}

// WarningLines draws the gentle warning about identifiers in the text while editing.
func (ed *Editor) WarningLines() []string {
	found := ed.VisibleFindings()
	if len(found) == 0 {
		return nil
	}
	s := ed.ctx.Styles
	text := "⚠ Likely patient identifiers (" + ed.ctx.Keys.HideWarning.Help().Key + " hides this): " + identifierList(found) + "."
	// Up to five lines: every finding named, even the last (often a date of birth).
	return common.WrapLines(s.Warn, text, ed.ctx.Width, 5)
}
