package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/sanitize"
)

// labelWidth is the column the fields start at.
const labelWidth = 12

// minWritingLines is the height of text area the support list leaves at least.
const minWritingLines = 8

// editorLayout is the editor drawn as lines: the form, which scrolls to keep the
// focused row in sight, and the lines pinned under it (an identifier warning and
// the support services), which stay in sight.
type editorLayout struct {
	lines                []string
	focusStart, focusEnd int
	pinned               []string
}

func (ed *editor) label(row int, text string, required bool) string {
	s := ed.ctx.styles
	if required {
		text += " *"
	}
	if ed.focus == row && !ed.leaving {
		return s.focusedLabel.Render(pad("▸ "+text, max(labelWidth, ansi.StringWidth(text)+3)))
	}
	st := s.label
	return st.Render(pad("  "+text, max(labelWidth, ansi.StringWidth(text)+3)))
}

// headingLabel is a label on a line of its own, so without padding.
func (ed *editor) headingLabel(row int, text string, required bool) string {
	s := ed.ctx.styles
	if required {
		text += " *"
	}
	if ed.focus == row && !ed.leaving {
		return s.focusedLabel.Render("▸ " + text)
	}
	return s.label.Render("  " + text)
}

// missing reports whether a required part is still empty after a refused save.
func (ed *editor) missing(required bool, value string) bool {
	return ed.tried && required && strings.TrimSpace(value) == ""
}

// layoutBuilder collects the editor's lines, noting where the focused row is.
type layoutBuilder struct {
	ed        *editor
	l         editorLayout
	areaLines int // lines of the open section's text area, when drawn
}

func (b *layoutBuilder) add(row int, lines ...string) {
	if row == b.ed.focus {
		b.l.focusStart, b.l.focusEnd = len(b.l.lines), len(b.l.lines)+len(lines)
	}
	b.l.lines = append(b.l.lines, lines...)
}

// layout draws the editor; without the area it measures what the open section's
// text area may fill.
func (ed *editor) layout(withArea bool) editorLayout {
	b := &layoutBuilder{ed: ed}
	b.add(rowFunctions, ed.functionsLine())
	b.add(rowTemplate, ed.templateLine())
	b.add(rowTitle, ed.label(rowTitle, "Title", false)+ed.title.lineView(ed.ctx.styles))
	if !ed.isGoal() {
		b.add(rowDate, ed.dateLine())
		b.add(rowTags, ed.label(rowTags, "Tags", false)+ed.tags.lineView(ed.ctx.styles))
	}
	b.add(rowLink, ed.linkLine())
	b.l.lines = append(b.l.lines, ed.ruleLine())
	ed.addFields(b)
	ed.addSections(b, withArea)

	b.l.pinned = ed.warningLines()
	if ed.tmpl != nil && ed.tmpl.Signposting && ed.ctx.lib != nil {
		// The full list only when it leaves the writing a fair height.
		room := ed.ctx.bodyHeight() - (len(b.l.lines) - b.areaLines) - len(b.l.pinned) - minWritingLines
		b.l.pinned = append(b.l.pinned, signpostingLines(ed.ctx, ed.ctx.lib.Signposting(), room)...)
	}
	return b.l
}

// functionsLine is the three functions as boxes, the one under the cursor marked.
func (ed *editor) functionsLine() string {
	s := ed.ctx.styles
	var fns []string
	for i, f := range portfolio.AllFunctions {
		box := "[ ]"
		if ed.functions.Has(f) {
			box = "[" + f.Letter() + "]"
		}
		item := box + " " + f.String()
		if ed.functions.Has(f) {
			item = s.function[f].Render(item)
		}
		if ed.focus == rowFunctions && i == ed.fnCursor {
			item = s.selected.Render(ansi.Strip(item))
		}
		fns = append(fns, item)
	}
	line := ed.label(rowFunctions, "Functions", false) + strings.Join(fns, "  ")
	if ed.focus == rowFunctions {
		line += s.faint.Render("  1 2 3 toggle")
	}
	return line
}

// templateLine names the template, and what it makes when not an entry.
func (ed *editor) templateLine() string {
	s := ed.ctx.styles
	tmpl := "none"
	switch {
	case ed.tmpl != nil:
		tmpl = sanitize.Line(ed.tmpl.Title)
		if words := kindWords(ed.tmpl); words != "an entry" && ed.spec.edit == nil && ed.tmpl.Link == "" {
			tmpl += s.faint.Render(" · makes " + words)
		}
	case ed.spec.edit != nil && ed.spec.edit.Template != "":
		tmpl = sanitize.Line(ed.spec.edit.Template) + s.faint.Render(" · no longer in your templates; edited as written")
	}
	return ansi.Truncate(ed.label(rowTemplate, "Template", false)+tmpl, ed.ctx.width, "…")
}

// dateLine is the date field with the date it reads as.
func (ed *editor) dateLine() string {
	s := ed.ctx.styles
	hint := ""
	if d, err := calendar.ParseDate(ed.date.value(), ed.ctx.today()); err != nil {
		hint = s.errorText.Render("not a date yet")
	} else if ed.date.fresh {
		// Short, to leave room for saying the date is a default to type over.
		hint = s.subtle.Render(d.Time().Format("Mon 2 Jan 2006") + " · type to replace")
	} else {
		hint = s.subtle.Render(d.Time().Format("Monday 2 January 2006"))
	}
	return ed.label(rowDate, "Date", false) + pad(ed.date.lineView(s), 26) + hint
}

// linkLine says what the entry links to, or what a goal template saves as.
func (ed *editor) linkLine() string {
	link := "none"
	label := "Link"
	switch {
	case ed.isGoal():
		label, link = "Saves as", "a new goal; each line of the action plan becomes a step"
	case ed.spec.reflectOn != nil:
		link = "reflects on: " + sanitize.Line(ed.spec.reflectOn.What)
	case len(ed.links) > 0:
		link = ed.links[ed.link].label
		if len(ed.links) > 1 {
			link = "‹ " + link + " ›"
		}
		if ed.linksAction() {
			label = "Action"
		}
	}
	return ansi.Truncate(ed.label(rowLink, label, false)+link, ed.ctx.width, "…")
}

// ruleLine divides the facts from the writing, saying what * means if it is used.
func (ed *editor) ruleLine() string {
	w := ed.ctx.width
	rule := strings.Repeat("─", w)
	if ed.hasRequired() {
		rule = ansi.Truncate("─── * must be filled "+rule, w, "")
	}
	return ed.ctx.styles.faint.Render(rule)
}

// addFields draws the template's fields, with the focused one's hint.
func (ed *editor) addFields(b *layoutBuilder) {
	s := ed.ctx.styles
	w := ed.ctx.width
	for i, f := range ed.fields {
		row := rowFields + i
		focused := ed.focus == row && !ed.leaving
		lbl := ed.label(row, sanitize.Line(f.def.Label), f.def.Required)
		if ed.missing(f.def.Required, f.value()) {
			lbl = s.errorText.Render(ansi.Strip(lbl))
		}
		lines := f.view(ed.ctx, lbl, focused, w)
		if focused && f.def.Hint != "" {
			lines = append(lines, wrapIndented(s.faint, "  ", sanitize.Line(f.def.Hint), w, 2)...)
		}
		b.add(row, lines...)
	}
}

// addSections draws the sections: closed ones as a line of preview, the open one
// with its prompt, hint and, when withArea, its text area.
func (ed *editor) addSections(b *layoutBuilder, withArea bool) {
	for i := range ed.sections {
		row := ed.sectionRow(i)
		if i != ed.openSection {
			b.add(row, ed.closedSectionLine(i))
			continue
		}
		lines := ed.openSectionHead(i)
		if withArea {
			area := strings.Split(ed.sections[i].area.View(), "\n")
			b.areaLines = len(area)
			lines = append(lines, area...)
		}
		b.add(row, lines...)
	}
}

func sectionHeading(sec editorSection) string {
	if sec.heading == "" {
		return "Reflection"
	}
	return sec.heading
}

// closedSectionLine is a section not being written: its label and first words.
func (ed *editor) closedSectionLine(i int) string {
	s := ed.ctx.styles
	sec := ed.sections[i]
	row := ed.sectionRow(i)
	lbl := ed.label(row, sanitize.Line(sectionHeading(sec)), sec.required)
	preview := sanitize.Line(strings.TrimSpace(sec.area.Value()))
	switch {
	case ed.missing(sec.required, sec.area.Value()):
		lbl = s.errorText.Render(ansi.Strip(lbl))
		preview = s.errorText.Render("still empty")
	case preview == "" && sec.prompt != "":
		preview = s.faint.Render(sanitize.Line(sec.prompt))
	}
	return ansi.Truncate(lbl+preview, ed.ctx.width, "…")
}

// openSectionHead is the open section's heading, prompt and hint.
func (ed *editor) openSectionHead(i int) []string {
	s := ed.ctx.styles
	w := ed.ctx.width
	sec := ed.sections[i]
	row := ed.sectionRow(i)
	lbl := ed.headingLabel(row, sanitize.Line(sectionHeading(sec)), sec.required)
	if ed.missing(sec.required, sec.area.Value()) {
		lbl = s.errorText.Render(ansi.Strip(ed.label(row, sanitize.Line(sectionHeading(sec)), sec.required)))
	}
	lines := []string{ansi.Truncate(lbl, w, "…")}
	if sec.prompt != "" {
		lines = append(lines, wrapIndented(s.subtle, "  ", sanitize.Line(sec.prompt), w, 3)...)
	}
	if sec.hint != "" {
		lines = append(lines, wrapIndented(s.faint, "  ", sanitize.Line(sec.hint), w, 2)...)
	}
	return lines
}

func (ed *editor) hasRequired() bool {
	for _, f := range ed.fields {
		if f.def.Required {
			return true
		}
	}
	for _, s := range ed.sections {
		if s.required {
			return true
		}
	}
	return false
}

// signpostingLines lists the support services: in full when there are room lines
// for it, else each service's name and number, run together.
func signpostingLines(ctx *context, sp fill.Signposting, room int) []string {
	s := ctx.styles
	w := ctx.width
	var full []string
	full = append(full, s.faint.Render(ansi.Truncate("─── Support "+strings.Repeat("─", w), w, "")))
	full = append(full, wrapLines(s.subtle, sanitize.Line(sp.Intro), w, 2)...)
	for _, svc := range sp.Services {
		full = append(full, s.info.Render(ansi.Truncate("• "+sanitize.Line(fill.ServiceLine(svc)), w, "…")))
	}
	if len(full) <= room {
		return full
	}
	var names []string
	for _, svc := range sp.Services {
		n := svc.Name
		if svc.Phone != "" {
			n += " " + svc.Phone
		}
		names = append(names, sanitize.Line(n))
	}
	return wrapLines(s.info, "Support, free and confidential: "+strings.Join(names, " · "), w, 3)
}

func (ed *editor) View() string {
	s := ed.ctx.styles
	l := ed.layout(true)
	height := ed.ctx.bodyHeight() - len(l.pinned) - ed.dialogLines()
	lines := l.lines
	if len(lines) > height && height > 0 {
		// Scroll the form so the focused row is in sight, its start first.
		off := max(l.focusEnd-height, 0)
		off = min(off, l.focusStart)
		lines = lines[off:min(off+height, len(lines))]
	}
	for len(lines) < height && len(l.pinned) > 0 {
		lines = append(lines, "")
	}
	out := strings.Join(append(lines, l.pinned...), "\n")
	if ed.leaving {
		return leaveDialog(s, ed.ctx.keys) + "\n" + out
	}
	return out
}
