package ui

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"folio/portfolio"
)

// entryTemplate shapes a new entry: a free body, or titled sections, each written in
// its own text area. The templates issue will supply more; the editor already
// handles any number of sections.
type entryTemplate struct {
	Name     string   // kept in Entry.Template; "" for free text
	Title    string   // shown in the editor
	Sections []string // headings; none means one free body
}

// entryTemplates lists the templates the editor offers; the first is the default.
var entryTemplates = []entryTemplate{{Title: "Free text"}}

// editorSpec says what the editor is for.
type editorSpec struct {
	edit      *portfolio.Entry  // an entry to change; nil writes a new one
	reflectOn *portfolio.Action // a done action to reflect on; saved linked to it
}

// Rows of the editor, in focus order; sections follow the last.
const (
	rowFunctions = iota
	rowTemplate
	rowTitle
	rowDate
	rowTags
	rowLink
	rowSections
)

// Lines the editor draws above the open section: one per row, and a rule.
const editorMetaLines = rowSections + 1

type editorSection struct {
	heading string
	area    textarea.Model
}

// linkChoice is one answer to "what does this entry belong to?".
type linkChoice struct {
	label    string
	goals    []portfolio.ID
	actions  []portfolio.ID
	fixedOld bool // the links the entry already had
}

type editor struct {
	ctx         *context
	spec        editorSpec
	functions   portfolio.Functions
	fnCursor    int
	template    int
	title       textinput.Model
	date        textinput.Model
	tags        textinput.Model
	links       []linkChoice
	link        int
	sections    []editorSection
	focus       int
	openSection int
	saved       string // fingerprint of the text as last saved or loaded
	saving      bool
	leaving     bool // asked whether to save before leaving
}

type (
	entrySavedMsg      struct{ e *portfolio.Entry }
	entrySaveFailedMsg struct{ err error }
)

func newEditor(ctx *context, spec editorSpec) *editor {
	ed := &editor{ctx: ctx, spec: spec}
	input := func(prompt, placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholder
		in.CharLimit = limit
		in.SetStyles(ctx.styles.input)
		return in
	}
	ed.title = input("Title", "what is this about?", portfolio.MaxTitleRunes)
	ed.date = input("Date", "today, yesterday, 2025-03-14, 14/03/2025", 40)
	ed.tags = input("Tags", "comma separated, e.g. anticoagulation, audit", 2000)
	ed.date.SetValue(ctx.today().String())

	e := spec.edit
	switch {
	case e != nil:
		ed.functions = e.Functions
		ed.title.SetValue(e.Title)
		ed.date.SetValue(e.Date.String())
		ed.tags.SetValue(strings.Join(e.Tags, ", "))
		if e.Body != "" || len(e.Sections) == 0 {
			ed.sections = append(ed.sections, ed.newSection("", e.Body))
		}
		for _, s := range e.Sections {
			ed.sections = append(ed.sections, ed.newSection(s.Heading, s.Body))
		}
		ed.focus = rowTitle
	case spec.reflectOn != nil:
		ed.functions = portfolio.Functions(portfolio.Formative)
		ed.title.SetValue("Reflection: " + spec.reflectOn.What)
		ed.applyTemplate(0)
		ed.focus = rowSections
	default:
		ed.applyTemplate(0)
		ed.focus = rowFunctions
	}
	ed.links = ed.linkChoices()
	ed.resize()
	ed.saved = ed.fingerprint()
	return ed
}

func (ed *editor) newSection(heading, body string) editorSection {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = portfolio.MaxBodyBytes
	// No line cap: the default of 99 lines would silently refuse keystrokes.
	ta.MaxHeight = 0
	ta.SetStyles(ed.ctx.styles.area)
	ta.Placeholder = "Write freely. Markdown works: **bold**, - lists, ## headings."
	if heading != "" {
		ta.Placeholder = ""
	}
	ta.SetValue(body)
	return editorSection{heading: heading, area: ta}
}

// applyTemplate replaces the sections with the template's, keeping text already
// typed in sections of the same heading.
func (ed *editor) applyTemplate(i int) {
	old := map[string]string{}
	for _, s := range ed.sections {
		old[s.heading] = s.area.Value()
	}
	ed.template = i
	t := entryTemplates[i]
	ed.sections = nil
	if len(t.Sections) == 0 {
		ed.sections = append(ed.sections, ed.newSection("", old[""]))
	}
	for _, h := range t.Sections {
		ed.sections = append(ed.sections, ed.newSection(h, old[h]))
	}
	ed.openSection = 0
	ed.resize()
}

func (ed *editor) linkChoices() []linkChoice {
	if ed.spec.reflectOn != nil {
		return nil
	}
	var out []linkChoice
	if e := ed.spec.edit; e != nil && len(e.GoalIDs)+len(e.ActionIDs) > 0 {
		out = append(out, linkChoice{label: fmt.Sprintf("as before (%d links)", len(e.GoalIDs)+len(e.ActionIDs)), goals: e.GoalIDs, actions: e.ActionIDs, fixedOld: true})
	}
	out = append(out, linkChoice{label: "none"})
	p := ed.ctx.p
	if p == nil {
		return out
	}
	for _, g := range p.Goals(portfolio.GoalOpen) {
		out = append(out, linkChoice{label: "goal: " + SanitizeLine(g.Title), goals: []portfolio.ID{g.ID}})
		for _, a := range p.Actions(g.ID) {
			out = append(out, linkChoice{label: "action: " + SanitizeLine(a.What), goals: []portfolio.ID{g.ID}, actions: []portfolio.ID{a.ID}})
		}
	}
	return out
}

func (ed *editor) Init() tea.Cmd { return ed.setFocus(ed.focus) }

func (ed *editor) Title() string {
	switch {
	case ed.spec.edit != nil:
		return "Edit entry"
	case ed.spec.reflectOn != nil:
		return "Reflect on an action"
	}
	return "New entry"
}

func (ed *editor) Typing() bool { return !ed.leaving && ed.focus >= rowTitle && ed.focus != rowLink }

func (ed *editor) Keys() helpKeys {
	k := ed.ctx.keys
	if ed.leaving {
		save := key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save"))
		discard := key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "discard"))
		stay := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "keep editing"))
		return helpKeys{short: []key.Binding{save, discard, stay}, full: [][]key.Binding{{save, discard, stay}}}
	}
	short := []key.Binding{k.Save, k.NextField, k.PrevField}
	switch ed.focus {
	case rowFunctions:
		short = append(short, k.FilterNormative, k.FilterFormative, k.FilterRestorative)
	case rowTemplate, rowLink:
		short = append(short, k.Left, k.Right)
	}
	short = append(short, k.Back)
	return helpKeys{
		short: short,
		full: [][]key.Binding{
			{k.Save, k.NextField, k.PrevField, k.Back},
			{k.FilterNormative, k.FilterFormative, k.FilterRestorative, k.Toggle, k.Left, k.Right},
		},
	}
}

// focusable reports whether a row takes focus in this editor.
func (ed *editor) focusable(row int) bool {
	switch row {
	case rowTemplate:
		return ed.spec.edit == nil && len(entryTemplates) > 1
	case rowLink:
		return len(ed.links) > 1
	}
	return row < rowSections+len(ed.sections)
}

func (ed *editor) setFocus(row int) tea.Cmd {
	ed.title.Blur()
	ed.date.Blur()
	ed.tags.Blur()
	for i := range ed.sections {
		ed.sections[i].area.Blur()
	}
	ed.focus = row
	switch row {
	case rowTitle:
		return ed.title.Focus()
	case rowDate:
		return ed.date.Focus()
	case rowTags:
		return ed.tags.Focus()
	}
	if row >= rowSections {
		ed.openSection = row - rowSections
		ed.resize()
		return ed.sections[ed.openSection].area.Focus()
	}
	return nil
}

func (ed *editor) moveFocus(dir int) tea.Cmd {
	n := rowSections + len(ed.sections)
	row := ed.focus
	for range n {
		row = (row + dir + n) % n
		if ed.focusable(row) {
			break
		}
	}
	return ed.setFocus(row)
}

// resize gives the open section all the height the other rows leave.
func (ed *editor) resize() {
	w := ed.ctx.width
	h := ed.ctx.bodyHeight() - editorMetaLines - len(ed.sections)
	for i := range ed.sections {
		ed.sections[i].area.SetWidth(max(w-2, 10))
		ed.sections[i].area.SetHeight(max(h, 3))
	}
	ed.title.SetWidth(max(w-labelWidth-1, 10))
	ed.date.SetWidth(24)
	ed.tags.SetWidth(max(w-labelWidth-1, 10))
}

func (ed *editor) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		ed.resize()
		return ed, nil
	case entrySavedMsg:
		ed.saving = false
		ed.saved = ed.fingerprint()
		if ed.spec.edit != nil {
			return ed, tea.Batch(pop, flash("Saved."))
		}
		return ed, tea.Batch(replace(newEntryView(ed.ctx, msg.e.ID)), flash("Saved."))
	case entrySaveFailedMsg:
		ed.saving = false
		return ed, fail(fmt.Errorf("not saved, your text is still here: %w", msg.err))
	case tea.KeyPressMsg:
		return ed.handleKey(msg)
	}
	return ed.updateFocused(msg)
}

func (ed *editor) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := ed.ctx.keys
	if ed.leaving {
		ed.leaving = false
		switch msg.String() {
		case "s", "ctrl+s":
			return ed, ed.save(true)
		case "d":
			return ed, pop
		}
		return ed, nil
	}
	switch {
	case key.Matches(msg, k.Save):
		return ed, ed.save(false)
	case key.Matches(msg, k.Back):
		if ed.dirty() {
			ed.leaving = true
			return ed, nil
		}
		return ed, pop
	case key.Matches(msg, k.NextField):
		return ed, ed.moveFocus(1)
	case key.Matches(msg, k.PrevField):
		return ed, ed.moveFocus(-1)
	}
	switch ed.focus {
	case rowFunctions:
		fns := portfolio.AllFunctions
		switch {
		case key.Matches(msg, k.FilterNormative):
			ed.toggleFunction(portfolio.Normative)
		case key.Matches(msg, k.FilterFormative):
			ed.toggleFunction(portfolio.Formative)
		case key.Matches(msg, k.FilterRestorative):
			ed.toggleFunction(portfolio.Restorative)
		case key.Matches(msg, k.Toggle):
			ed.toggleFunction(fns[ed.fnCursor])
		case key.Matches(msg, k.Left):
			ed.fnCursor = (ed.fnCursor + len(fns) - 1) % len(fns)
		case key.Matches(msg, k.Right):
			ed.fnCursor = (ed.fnCursor + 1) % len(fns)
		case key.Matches(msg, k.Down, k.Open):
			return ed, ed.moveFocus(1)
		}
		return ed, nil
	case rowTemplate, rowLink:
		switch {
		case key.Matches(msg, k.Left, k.Right, k.Toggle):
			dir := 1
			if key.Matches(msg, k.Left) {
				dir = -1
			}
			if ed.focus == rowTemplate {
				ed.applyTemplate((ed.template + dir + len(entryTemplates)) % len(entryTemplates))
			} else {
				ed.link = (ed.link + dir + len(ed.links)) % len(ed.links)
			}
		case key.Matches(msg, k.Down, k.Open):
			return ed, ed.moveFocus(1)
		case key.Matches(msg, k.Up):
			return ed, ed.moveFocus(-1)
		}
		return ed, nil
	case rowTitle, rowDate, rowTags:
		switch msg.String() {
		case "enter", "down":
			return ed, ed.moveFocus(1)
		case "up":
			return ed, ed.moveFocus(-1)
		}
	}
	return ed.updateFocused(msg)
}

func (ed *editor) toggleFunction(f portfolio.Function) {
	if ed.functions.Has(f) {
		ed.functions = ed.functions.Without(f)
	} else {
		ed.functions = ed.functions.With(f)
	}
}

// updateFocused passes keys, paste and blinks to the focused text field.
func (ed *editor) updateFocused(msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case ed.focus == rowTitle:
		ed.title, cmd = ed.title.Update(msg)
	case ed.focus == rowDate:
		ed.date, cmd = ed.date.Update(msg)
	case ed.focus == rowTags:
		ed.tags, cmd = ed.tags.Update(msg)
	case ed.focus >= rowSections:
		i := ed.focus - rowSections
		ed.sections[i].area, cmd = ed.sections[i].area.Update(msg)
	}
	return ed, cmd
}

func (ed *editor) fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00%d\x00%d\x00%s\x00%s\x00%s", ed.functions, ed.template, ed.link, ed.title.Value(), ed.date.Value(), ed.tags.Value())
	for _, s := range ed.sections {
		b.WriteString("\x00" + s.heading + "\x00" + s.area.Value())
	}
	return b.String()
}

func (ed *editor) dirty() bool { return ed.fingerprint() != ed.saved }

// build makes the entry from the fields. It checks what the user can fix here, so
// the message names the field; the domain checks the rest.
func (ed *editor) build() (portfolio.Entry, error) {
	var e portfolio.Entry
	if ed.spec.edit != nil {
		e = *ed.spec.edit
	}
	if ed.functions.Empty() {
		return e, errors.New("choose at least one function: on the Functions row press 1, 2 or 3")
	}
	e.Functions = ed.functions
	e.Title = strings.TrimSpace(ed.title.Value())
	if e.Title == "" {
		return e, errors.New("give the entry a title")
	}
	d, err := portfolio.ParseDate(ed.date.Value(), ed.ctx.today())
	if err != nil {
		return e, err
	}
	e.Date = d
	tags, err := portfolio.ParseTags(ed.tags.Value())
	if err != nil {
		return e, err
	}
	e.Tags = tags
	e.Body, e.Sections = "", nil
	for _, s := range ed.sections {
		if s.heading == "" {
			e.Body = s.area.Value()
		} else {
			e.Sections = append(e.Sections, portfolio.Section{Heading: s.heading, Body: s.area.Value()})
		}
	}
	if ed.spec.edit == nil {
		t := entryTemplates[ed.template]
		e.Template = t.Name
	}
	if len(ed.links) > 0 {
		choice := ed.links[ed.link]
		e.GoalIDs, e.ActionIDs = choice.goals, choice.actions
	}
	return e, nil
}

func (ed *editor) save(fromLeave bool) tea.Cmd {
	if ed.saving {
		return nil
	}
	e, err := ed.build()
	if err != nil {
		return fail(err)
	}
	ed.saving = true
	p, spec := ed.ctx.p, ed.spec
	return func() tea.Msg {
		var saved *portfolio.Entry
		var err error
		switch {
		case spec.edit != nil:
			saved, err = p.UpdateEntry(e)
		case spec.reflectOn != nil:
			_, saved, err = p.CompleteAction(spec.reflectOn.ID, &e)
		default:
			saved, err = p.AddEntry(e)
		}
		if err != nil {
			return entrySaveFailedMsg{err}
		}
		return entrySavedMsg{saved}
	}
}

// Draft is the unsaved text as an entry to keep when the app locks: a new entry
// tagged "draft", so the original of an edited entry stays as it was. Fields that
// would not pass validation are made to: a missing function becomes formative (the
// learning function), a bad date today, a missing title "Untitled".
func (ed *editor) Draft() (portfolio.Entry, bool) {
	if !ed.dirty() {
		return portfolio.Entry{}, false
	}
	e, err := ed.build()
	if err != nil {
		// Build again field by field, forgiving what it refused.
		e = portfolio.Entry{Functions: ed.functions, Title: strings.TrimSpace(ed.title.Value())}
		if d, err := portfolio.ParseDate(ed.date.Value(), ed.ctx.today()); err == nil {
			e.Date = d
		}
		e.Tags, _ = portfolio.ParseTags(ed.tags.Value())
		for _, s := range ed.sections {
			if s.heading == "" {
				e.Body = s.area.Value()
			} else {
				e.Sections = append(e.Sections, portfolio.Section{Heading: s.heading, Body: s.area.Value()})
			}
		}
	}
	if e.Functions.Empty() {
		e.Functions = portfolio.Functions(portfolio.Formative)
	}
	if e.Title == "" {
		e.Title = "Untitled"
	}
	e.Title = "Draft: " + e.Title
	if utf8.RuneCountInString(e.Title) > portfolio.MaxTitleRunes {
		e.Title = string([]rune(e.Title)[:portfolio.MaxTitleRunes])
	}
	e.Tags = append(e.Tags, "draft")
	if ed.spec.reflectOn != nil {
		e.ActionIDs = []portfolio.ID{ed.spec.reflectOn.ID}
		if g := ed.spec.reflectOn.GoalID; g != "" {
			e.GoalIDs = []portfolio.ID{g}
		}
	}
	return e, true
}

// labelWidth is the column the fields start at.
const labelWidth = 12

func (ed *editor) View() string {
	s := ed.ctx.styles
	w := ed.ctx.width
	label := func(row int, text string) string {
		if ed.focus == row && !ed.leaving {
			return s.focusedLabel.Render(pad("▸ "+text, labelWidth))
		}
		return s.label.Render(pad("  "+text, labelWidth))
	}
	var lines []string

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
	fnLine := label(rowFunctions, "Functions") + strings.Join(fns, "  ")
	if ed.focus == rowFunctions {
		fnLine += s.faint.Render("  1 2 3 toggle")
	}
	lines = append(lines, fnLine)

	tmpl := entryTemplates[ed.template].Title
	if e := ed.spec.edit; e != nil && e.Template != "" {
		tmpl = SanitizeLine(e.Template)
	}
	if ed.focusable(rowTemplate) {
		tmpl = "‹ " + tmpl + " ›"
	}
	lines = append(lines, label(rowTemplate, "Template")+tmpl)
	lines = append(lines, label(rowTitle, "Title")+ed.title.View())

	dateHint := ""
	if d, err := portfolio.ParseDate(ed.date.Value(), ed.ctx.today()); err != nil {
		dateHint = s.errorText.Render("not a date yet")
	} else {
		dateHint = s.subtle.Render(d.Time().Format("Monday 2 January 2006"))
	}
	lines = append(lines, label(rowDate, "Date")+pad(ed.date.View(), 26)+dateHint)
	lines = append(lines, label(rowTags, "Tags")+ed.tags.View())

	link := "none"
	switch {
	case ed.spec.reflectOn != nil:
		link = "reflects on: " + SanitizeLine(ed.spec.reflectOn.What)
	case len(ed.links) > 0:
		link = ed.links[ed.link].label
		if len(ed.links) > 1 {
			link = "‹ " + link + " ›"
		}
	}
	lines = append(lines, label(rowLink, "Link")+link)
	lines = append(lines, s.faint.Render(strings.Repeat("─", w)))

	for i, sec := range ed.sections {
		heading := sec.heading
		if heading == "" {
			heading = "Reflection"
		}
		if i == ed.openSection {
			lines = append(lines, label(rowSections+i, SanitizeLine(heading)))
			lines = append(lines, sec.area.View())
			continue
		}
		preview := SanitizeLine(strings.TrimSpace(sec.area.Value()))
		lines = append(lines, label(rowSections+i, SanitizeLine(heading))+s.faint.Render(preview))
	}
	out := strings.Join(lines, "\n")
	if ed.leaving {
		dialog := s.dialog.Render(s.warn.Render("You have unsaved changes.") + "\n\n" +
			s.key.Render("s") + " save   " + s.key.Render("d") + " discard   " + s.key.Render("esc") + " keep editing")
		return dialog + "\n" + out
	}
	return out
}
