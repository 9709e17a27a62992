package entries

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/sanitize"
)

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

func (ed *Editor) label(row int, text string, required bool) string {
	s := ed.ctx.Styles
	if required {
		text += " *"
	}
	if ed.Focus == row && !ed.Leaving {
		return s.FocusedLabel.Render(common.Pad("▸ "+text, max(common.LabelWidth, ansi.StringWidth(text)+3)))
	}
	st := s.Label
	return st.Render(common.Pad("  "+text, max(common.LabelWidth, ansi.StringWidth(text)+3)))
}

// headingLabel is a label on a line of its own, so without padding.
func (ed *Editor) headingLabel(row int, text string, required bool) string {
	s := ed.ctx.Styles
	if required {
		text += " *"
	}
	if ed.Focus == row && !ed.Leaving {
		return s.FocusedLabel.Render("▸ " + text)
	}
	return s.Label.Render("  " + text)
}

// missing reports whether a required part is still empty after a refused save.
func (ed *Editor) missing(required bool, value string) bool {
	return ed.tried && required && strings.TrimSpace(value) == ""
}

// layoutBuilder collects the editor's lines, noting where the focused row is.
type layoutBuilder struct {
	ed        *Editor
	l         editorLayout
	areaLines int // lines of the open section's text area, when drawn
}

func (b *layoutBuilder) add(row int, lines ...string) {
	if row == b.ed.Focus {
		b.l.focusStart, b.l.focusEnd = len(b.l.lines), len(b.l.lines)+len(lines)
	}
	b.l.lines = append(b.l.lines, lines...)
}

// layout draws the editor; without the area it measures what the open section's
// text area may fill.
func (ed *Editor) layout(withArea bool) editorLayout {
	b := &layoutBuilder{ed: ed}
	b.add(rowFunctions, ed.functionsLine())
	b.add(rowTemplate, ed.templateLine())
	b.add(RowTitle, ed.label(RowTitle, "Title", false)+ed.title.LineView(ed.ctx.Styles))
	if !ed.isGoal() {
		b.add(rowDate, ed.dateLine())
		b.add(rowTags, ed.label(rowTags, "Tags", false)+ed.tags.LineView(ed.ctx.Styles))
	}
	b.add(rowLink, ed.linkLine())
	b.l.lines = append(b.l.lines, ed.ruleLine())
	ed.addFields(b)
	ed.addSections(b, withArea)
	if !ed.isGoal() {
		b.add(ed.OutcomesRow(), ed.label(ed.OutcomesRow(), "Outcomes", false)+ed.outcomes.LineView(ed.ctx.Styles))
	}

	b.l.pinned = ed.WarningLines()
	if ed.Tmpl != nil && ed.Tmpl.Signposting && ed.ctx.Lib != nil {
		// The full list only when it leaves the writing a fair height.
		room := ed.ctx.BodyHeight() - (len(b.l.lines) - b.areaLines) - len(b.l.pinned) - minWritingLines
		b.l.pinned = append(b.l.pinned, signpostingLines(ed.ctx, ed.ctx.Lib.Signposting(), room)...)
	}
	return b.l
}

// functionsLine is the three functions as boxes, the one under the cursor marked.
func (ed *Editor) functionsLine() string {
	s := ed.ctx.Styles
	var fns []string
	for i, f := range portfolio.AllFunctions {
		box := "[ ]"
		if ed.Functions.Has(f) {
			box = "[" + f.Letter() + "]"
		}
		item := box + " " + f.String()
		if ed.Functions.Has(f) {
			item = s.Function[f].Render(item)
		}
		if ed.Focus == rowFunctions && i == ed.fnCursor {
			item = s.Selected.Render(ansi.Strip(item))
		}
		fns = append(fns, item)
	}
	line := ed.label(rowFunctions, "Functions", false) + strings.Join(fns, "  ")
	if ed.Focus == rowFunctions {
		line += s.Faint.Render("  1 2 3 toggle")
	}
	return line
}

// templateLine names the template, and what it makes when not an entry.
func (ed *Editor) templateLine() string {
	s := ed.ctx.Styles
	tmpl := "none"
	switch {
	case ed.Tmpl != nil:
		tmpl = sanitize.Line(ed.Tmpl.Title)
		if words := kindWords(ed.Tmpl); words != "an entry" && ed.spec.edit == nil && ed.Tmpl.Link == "" {
			tmpl += s.Faint.Render(" · makes " + words)
		}
	case ed.spec.edit != nil && ed.spec.edit.Template != "":
		tmpl = sanitize.Line(ed.spec.edit.Template) + s.Faint.Render(" · no longer in your templates; edited as written")
	}
	return ansi.Truncate(ed.label(rowTemplate, "Template", false)+tmpl, ed.ctx.Width, "…")
}

// dateLine is the date field with the date it reads as.
func (ed *Editor) dateLine() string {
	s := ed.ctx.Styles
	hint := ""
	if d, err := calendar.ParseDate(ed.date.Value(), ed.ctx.Today()); err != nil {
		hint = s.ErrorText.Render("not a date yet")
	} else if ed.date.Fresh {
		// Short, to leave room for saying the date is a default to type over.
		hint = s.Subtle.Render(d.Time().Format("Mon 2 Jan 2006") + " · type to replace")
	} else {
		hint = s.Subtle.Render(d.Time().Format("Monday 2 January 2006"))
	}
	return ed.label(rowDate, "Date", false) + common.Pad(ed.date.LineView(s), 26) + hint
}

// linkLine says what the entry links to, or what a goal template saves as.
func (ed *Editor) linkLine() string {
	link := "none"
	label := "Link"
	switch {
	case ed.isGoal():
		label, link = "Saves as", "a new goal; each line of the action plan becomes a step"
	case ed.spec.ReflectOn != nil:
		link = "reflects on: " + sanitize.Line(ed.spec.ReflectOn.What)
	case len(ed.links) > 0:
		link = ed.links[ed.link].label
		if len(ed.links) > 1 {
			link = "‹ " + link + " ›"
		}
		if ed.linksAction() {
			label = "Action"
		}
	}
	return ansi.Truncate(ed.label(rowLink, label, false)+link, ed.ctx.Width, "…")
}

// ruleLine divides the facts from the writing, saying what * means if it is used.
func (ed *Editor) ruleLine() string {
	w := ed.ctx.Width
	rule := strings.Repeat("─", w)
	if ed.hasRequired() {
		rule = ansi.Truncate("─── * must be filled "+rule, w, "")
	}
	return ed.ctx.Styles.Faint.Render(rule)
}

// addFields draws the template's fields, with the focused one's hint.
func (ed *Editor) addFields(b *layoutBuilder) {
	s := ed.ctx.Styles
	w := ed.ctx.Width
	for i, f := range ed.Fields {
		row := RowFields + i
		focused := ed.Focus == row && !ed.Leaving
		lbl := ed.label(row, sanitize.Line(f.Def.Label), f.Def.Required)
		if ed.missing(f.Def.Required, f.Value()) {
			lbl = s.ErrorText.Render(ansi.Strip(lbl))
		}
		lines := f.View(ed.ctx, lbl, focused, w)
		if focused && f.Def.Hint != "" {
			lines = append(lines, wrapIndented(s.Faint, "  ", sanitize.Line(f.Def.Hint), w, 2)...)
		}
		b.add(row, lines...)
	}
}

// addSections draws the sections: closed ones as a line of preview, the open one
// with its prompt, hint and, when withArea, its text area.
func (ed *Editor) addSections(b *layoutBuilder, withArea bool) {
	for i := range ed.Sections {
		row := ed.SectionRow(i)
		if i != ed.openSection {
			b.add(row, ed.closedSectionLine(i))
			continue
		}
		lines := ed.openSectionHead(i)
		if withArea {
			area := strings.Split(ed.Sections[i].area.View(), "\n")
			b.areaLines = len(area)
			lines = append(lines, area...)
		}
		b.add(row, lines...)
	}
}

func sectionHeading(sec editorSection) string {
	if sec.Heading == "" {
		return "Reflection"
	}
	return sec.Heading
}

// closedSectionLine is a section not being written: its label and first words.
func (ed *Editor) closedSectionLine(i int) string {
	s := ed.ctx.Styles
	sec := ed.Sections[i]
	row := ed.SectionRow(i)
	lbl := ed.label(row, sanitize.Line(sectionHeading(sec)), sec.required)
	preview := sanitize.Line(strings.TrimSpace(sec.area.Value()))
	switch {
	case ed.missing(sec.required, sec.area.Value()):
		lbl = s.ErrorText.Render(ansi.Strip(lbl))
		preview = s.ErrorText.Render("still empty")
	case preview == "" && sec.prompt != "":
		preview = s.Faint.Render(sanitize.Line(sec.prompt))
	}
	return ansi.Truncate(lbl+preview, ed.ctx.Width, "…")
}

// openSectionHead is the open section's heading, prompt and hint.
func (ed *Editor) openSectionHead(i int) []string {
	s := ed.ctx.Styles
	w := ed.ctx.Width
	sec := ed.Sections[i]
	row := ed.SectionRow(i)
	lbl := ed.headingLabel(row, sanitize.Line(sectionHeading(sec)), sec.required)
	if ed.missing(sec.required, sec.area.Value()) {
		lbl = s.ErrorText.Render(ansi.Strip(ed.label(row, sanitize.Line(sectionHeading(sec)), sec.required)))
	}
	lines := []string{ansi.Truncate(lbl, w, "…")}
	if sec.prompt != "" {
		lines = append(lines, wrapIndented(s.Subtle, "  ", sanitize.Line(sec.prompt), w, 3)...)
	}
	if sec.hint != "" {
		lines = append(lines, wrapIndented(s.Faint, "  ", sanitize.Line(sec.hint), w, 2)...)
	}
	return lines
}

func (ed *Editor) hasRequired() bool {
	for _, f := range ed.Fields {
		if f.Def.Required {
			return true
		}
	}
	for _, s := range ed.Sections {
		if s.required {
			return true
		}
	}
	return false
}

// signpostingLines lists the support services: in full when there are room lines
// for it, else each service's name and number, run together.
func signpostingLines(ctx *common.Context, sp fill.Signposting, room int) []string {
	s := ctx.Styles
	w := ctx.Width
	var full []string
	full = append(full, s.Faint.Render(ansi.Truncate("─── Support "+strings.Repeat("─", w), w, "")))
	full = append(full, common.WrapLines(s.Subtle, sanitize.Line(sp.Intro), w, 2)...)
	for _, svc := range sp.Services {
		full = append(full, s.Info.Render(ansi.Truncate("• "+sanitize.Line(fill.ServiceLine(svc)), w, "…")))
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
	return common.WrapLines(s.Info, "Support, free and confidential: "+strings.Join(names, " · "), w, 3)
}

func (ed *Editor) View() string {
	s := ed.ctx.Styles
	l := ed.layout(true)
	height := ed.ctx.BodyHeight() - len(l.pinned) - ed.dialogLines()
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
	if ed.Leaving {
		return components.LeaveDialog(s, ed.ctx.Keys) + "\n" + out
	}
	return out
}
