package ui

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/sanitize"
)

// editorSpec says what the editor is for.
type editorSpec struct {
	edit      *portfolio.Entry  // an entry to change; nil writes a new one
	reflectOn *portfolio.Action // a done action to reflect on; saved linked to it
	template  *fill.Template    // the template a new entry fills; nil means free text
}

// Rows of the editor, in focus order; the template's fields follow the last, then
// its sections.
const (
	rowFunctions = iota
	rowTemplate
	rowTitle
	rowDate
	rowTags
	rowLink
	rowFields
)

type editorSection struct {
	heading  string
	prompt   string
	hint     string
	required bool
	area     textarea.Model
}

// linkChoice is one answer to "what does this entry belong to?".
type linkChoice struct {
	label   string
	goals   []portfolio.ID
	actions []portfolio.ID
}

type editor struct {
	ctx  *context
	spec editorSpec
	// tmpl is the template the entry is filled against; nil for an old entry whose
	// template is gone or that never had one, which is edited as it was written.
	tmpl        *fill.Template
	functions   portfolio.Functions
	fnCursor    int
	title       *field
	date        *field
	tags        *field
	links       []linkChoice
	link        int
	fields      []*editorField
	kept        []portfolio.FieldValue // an old entry's values for fields its template no longer has
	sections    []editorSection
	focus       int
	openSection int
	// editSession keeps the fingerprint of the text as last saved or loaded and
	// whether a save runs, and asks the question on leaving that every form asks.
	editSession
	tried bool // a save was refused, so empty required parts are marked

	// Likely patient identifiers in the text, from the last scan; the ones the user
	// dismissed stay quiet until the text changes what is found.
	findings  []identFinding
	dismissed map[string]bool
	scanned   string // the text the last scan was asked for
	scanGen   int
}

type (
	entrySavedMsg struct {
		saved    fill.Saved
		findings []identFinding
	}
	entrySaveFailedMsg struct{ err error }
)

func newEditor(ctx *context, spec editorSpec) *editor {
	ed := &editor{ctx: ctx, spec: spec, dismissed: map[string]bool{}}
	st := ctx.styles
	ed.title = newLineField(st, "Title", "", "what is this about?", portfolio.MaxTitleRunes)
	// The date starts as today, a default the first key typed replaces.
	ed.date = newLineField(st, "Date", ctx.today().String(), "today, yesterday, 2025-03-14, 14/03/2025", 40)
	ed.date.replaces = true
	ed.tags = newLineField(st, "Tags", "", "comma separated, e.g. anticoagulation, audit", 2000)

	switch e := spec.edit; {
	case e != nil:
		ed.loadEntry(e)
		ed.focus = rowTitle
	default:
		t := spec.template
		if t == nil && spec.reflectOn != nil {
			t = reflectionTemplate(ctx.lib)
		}
		if t == nil {
			t = freeTemplate(ctx.lib)
		}
		ed.tmpl = t
		fresh := fill.NewEntry(t)
		// The template's functions are ticked, as the picker listed them; free text
		// still opens on the functions row, since there the user most often changes them.
		ed.functions = fresh.Functions
		freeText := len(t.Sections)+len(t.Fields) == 0 && spec.reflectOn == nil
		ed.setSections(fresh.Sections, "")
		for _, f := range t.Fields {
			ed.fields = append(ed.fields, newEditorField(ctx, f, nil))
		}
		switch {
		case spec.reflectOn != nil:
			ed.functions = ed.functions.With(portfolio.Formative)
			ed.title.input.SetValue("Reflection: " + spec.reflectOn.What)
			ed.focus = ed.firstRow()
		case ed.functions.Empty() || freeText:
			ed.focus = rowFunctions
		default:
			ed.focus = rowTitle
		}
	}
	ed.links = ed.linkChoices()
	ed.resize()
	ed.saved = ed.fingerprint()
	return ed
}

// reflectionTemplate is the library's template for reflecting on a done action.
func reflectionTemplate(lib *fill.Library) *fill.Template {
	if lib == nil {
		return nil
	}
	if t, err := lib.Get("reflection-after-implementation"); err == nil && t.Link == fill.TemplateLinkAction {
		return t
	}
	for _, t := range lib.All() {
		if t.Link == fill.TemplateLinkAction {
			return t
		}
	}
	return nil
}

// loadEntry fills the editor from an entry being changed. Its sections are lined
// up with its template as the template is now, keeping any the template dropped;
// fields the template dropped are kept as they were.
func (ed *editor) loadEntry(e *portfolio.Entry) {
	ed.functions = e.Functions
	ed.title.input.SetValue(e.Title)
	ed.date.input.SetValue(e.Date.String())
	ed.tags.input.SetValue(strings.Join(e.Tags, ", "))
	if e.Template != "" && ed.ctx.lib != nil {
		if t, err := ed.ctx.lib.Get(e.Template); err == nil && t.Kind != fill.TemplateKindGoal {
			ed.tmpl = t
		}
	}
	if ed.tmpl == nil {
		ed.setSections(e.Sections, e.Body)
		ed.kept = e.Fields
		return
	}
	ed.setSections(fill.EditSections(ed.tmpl, e), e.Body)
	for _, f := range ed.tmpl.Fields {
		v, _ := e.Field(f.Name)
		ed.fields = append(ed.fields, newEditorField(ed.ctx, f, v.Values))
	}
	for _, v := range e.Fields {
		if _, ok := ed.fieldDef(v.Name); !ok {
			ed.kept = append(ed.kept, v)
		}
	}
}

func (ed *editor) fieldDef(name string) (fill.TemplateField, bool) {
	if ed.tmpl != nil {
		for _, f := range ed.tmpl.Fields {
			if f.Name == name {
				return f, true
			}
		}
	}
	return fill.TemplateField{}, false
}

// setSections makes one text area per section, with the template's prompt, hint
// and required mark where it has the heading. A free body, or an entry with no
// sections at all, gets an area of its own first.
func (ed *editor) setSections(secs []portfolio.Section, body string) {
	ed.sections = nil
	if body != "" || len(secs) == 0 {
		ed.sections = append(ed.sections, ed.newSection(portfolio.Section{Body: body}))
	}
	for _, s := range secs {
		ed.sections = append(ed.sections, ed.newSection(s))
	}
}

func (ed *editor) newSection(sec portfolio.Section) editorSection {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = portfolio.MaxBodyBytes
	// No line cap: the default of 99 lines would silently refuse keystrokes.
	ta.MaxHeight = 0
	ta.SetStyles(ed.ctx.styles.area)
	if sec.Heading == "" {
		ta.Placeholder = "Write freely. Markdown works: **bold**, - lists, ## headings."
	} else {
		ta.Placeholder = ""
	}
	ta.SetValue(sec.Body)
	out := editorSection{heading: sec.Heading, area: ta}
	if ed.tmpl != nil {
		for _, ts := range ed.tmpl.Sections {
			if strings.EqualFold(strings.TrimSpace(ts.Heading), strings.TrimSpace(sec.Heading)) {
				out.prompt, out.hint, out.required = ts.Prompt, ts.Hint, ts.Required
			}
		}
	}
	return out
}

// isGoal reports whether saving makes a goal, which has no date, tags or links.
func (ed *editor) isGoal() bool {
	return ed.tmpl != nil && ed.tmpl.Kind == fill.TemplateKindGoal && ed.spec.edit == nil
}

// linksAction reports whether the entry must reflect on exactly one action.
func (ed *editor) linksAction() bool {
	return ed.tmpl != nil && ed.tmpl.Link == fill.TemplateLinkAction && ed.spec.edit == nil
}

func (ed *editor) linkChoices() []linkChoice {
	if ed.spec.reflectOn != nil || ed.isGoal() {
		return nil
	}
	var out []linkChoice
	if e := ed.spec.edit; e != nil && len(e.GoalIDs)+len(e.ActionIDs) > 0 {
		out = append(out, linkChoice{label: fmt.Sprintf("as before (%d links)", len(e.GoalIDs)+len(e.ActionIDs)), goals: e.GoalIDs, actions: e.ActionIDs})
	}
	if !ed.linksAction() {
		out = append(out, linkChoice{label: "none"})
	}
	p := ed.ctx.p
	if p == nil {
		return out
	}
	for _, g := range p.Goals(portfolio.GoalOpen) {
		if !ed.linksAction() {
			out = append(out, linkChoice{label: "goal: " + sanitize.Line(g.Title), goals: []portfolio.ID{g.ID}})
		}
		for _, a := range p.Actions(g.ID) {
			if ed.linksAction() && a.ReflectionID != "" {
				continue // already reflected on
			}
			out = append(out, linkChoice{label: "action: " + sanitize.Line(a.What), goals: []portfolio.ID{g.ID}, actions: []portfolio.ID{a.ID}})
		}
	}
	if len(out) == 0 {
		out = append(out, linkChoice{label: "no action to reflect on yet: add one to a goal first"})
	}
	return out
}

// Init focuses the first row to write in, and looks for identifiers already in an
// entry being changed.
func (ed *editor) Init() tea.Cmd { return tea.Batch(ed.setFocus(ed.focus), ed.scan()) }

func (ed *editor) Title() string {
	switch {
	case ed.spec.edit != nil:
		return "Edit entry"
	case ed.spec.reflectOn != nil:
		return "Reflect on an action"
	case ed.isGoal():
		return "New goal"
	}
	return "New entry"
}

func (ed *editor) Typing() bool {
	if ed.leaving {
		return false
	}
	switch {
	case ed.focus == rowTitle, ed.focus == rowDate, ed.focus == rowTags:
		return true
	case ed.isField(ed.focus):
		return ed.fields[ed.focus-rowFields].typed()
	}
	return ed.focus >= ed.sectionRow(0)
}

func (ed *editor) Keys() help.KeyMap {
	k := ed.ctx.keys
	if ed.leaving {
		return leaveKeys(k)
	}
	short := []key.Binding{k.Save, k.NextField, k.PrevField}
	switch {
	case ed.focus == rowFunctions:
		short = append(short, k.FilterNormative, k.FilterFormative, k.FilterRestorative)
	case ed.focus == rowDate:
		short = append(short, k.ClearLine)
	case ed.focus == rowLink:
		short = append(short, k.Left, k.Right)
	case ed.isField(ed.focus) && !ed.fields[ed.focus-rowFields].typed():
		if ed.fields[ed.focus-rowFields].def.Multiple {
			short = append(short, k.Toggle)
		} else {
			short = append(short, k.Left, k.Right)
		}
	}
	if len(ed.visibleFindings()) > 0 {
		short = append(short, k.HideWarning)
	}
	short = append(short, k.Back)
	return helpKeys{
		short: short,
		full: [][]key.Binding{
			{k.Save, k.NextField, k.PrevField, k.Back, k.HideWarning, k.ClearLine},
			{k.FilterNormative, k.FilterFormative, k.FilterRestorative, k.Toggle, k.Left, k.Right},
		},
	}
}

func (ed *editor) sectionRow(i int) int { return rowFields + len(ed.fields) + i }
func (ed *editor) isField(row int) bool { return row >= rowFields && row < rowFields+len(ed.fields) }
func (ed *editor) rowCount() int        { return ed.sectionRow(len(ed.sections)) }

// firstRow is the first row to write in: the first field or section.
func (ed *editor) firstRow() int { return rowFields }

// focusable reports whether a row takes focus in this editor.
func (ed *editor) focusable(row int) bool {
	switch row {
	case rowTemplate:
		return false // chosen in the picker, before writing
	case rowDate, rowTags:
		return !ed.isGoal()
	case rowLink:
		return len(ed.links) > 1
	}
	return row < ed.rowCount()
}

func (ed *editor) setFocus(row int) tea.Cmd {
	ed.title.blur()
	ed.date.blur()
	ed.tags.blur()
	for _, f := range ed.fields {
		if f.typed() {
			f.text.blur()
		}
	}
	for i := range ed.sections {
		ed.sections[i].area.Blur()
	}
	ed.focus = row
	var cmd tea.Cmd
	switch {
	case row == rowTitle:
		cmd = ed.title.focus()
	case row == rowDate:
		cmd = ed.date.focus()
	case row == rowTags:
		cmd = ed.tags.focus()
	case ed.isField(row):
		if f := ed.fields[row-rowFields]; f.typed() {
			cmd = f.text.focus()
		}
	case row >= ed.sectionRow(0):
		ed.openSection = row - ed.sectionRow(0)
		cmd = ed.sections[ed.openSection].area.Focus()
	}
	ed.resize()
	return cmd
}

func (ed *editor) moveFocus(dir int) tea.Cmd {
	n := ed.rowCount()
	row := ed.focus
	for range n {
		row = (row + dir + n) % n
		if ed.focusable(row) {
			break
		}
	}
	return ed.setFocus(row)
}

// resize gives the open section all the height the other lines leave.
func (ed *editor) resize() {
	w := ed.ctx.width
	for i := range ed.sections {
		// Text wraps at a reading width, however wide the window.
		ed.sections[i].area.SetWidth(max(min(w, readingWidth)-2, 10))
	}
	ed.title.input.SetWidth(max(w-labelWidth-1, 10))
	ed.date.input.SetWidth(24)
	ed.tags.input.SetWidth(max(w-labelWidth-1, 10))
	for _, f := range ed.fields {
		if f.typed() {
			f.text.input.SetWidth(24)
			if f.def.Type == fill.FieldText {
				f.text.input.SetWidth(max(w-labelWidth-1, 10))
			}
		}
	}
	if len(ed.sections) == 0 {
		return
	}
	l := ed.layout(false)
	h := ed.ctx.bodyHeight() - len(l.lines) - len(l.pinned) - ed.dialogLines()
	ed.sections[ed.openSection].area.SetHeight(max(h, 3))
}

func (ed *editor) dialogLines() int {
	if ed.leaving {
		return leaveDialogLines
	}
	return 0
}

func (ed *editor) SetSize(int, int) tea.Cmd { ed.resize(); return nil }

func (ed *editor) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case identScanMsg:
		if msg.gen == ed.scanGen {
			ed.findings = msg.found
			ed.resize()
		}
		return nav{}, nil
	case libraryMsg:
		return nav{}, nil
	case entrySavedMsg:
		ed.saving = false
		ed.saved = ed.fingerprint()
		var next nav
		note := "Saved."
		switch out := msg.saved; {
		case ed.spec.edit != nil:
			next = back()
		case out.Goal != nil:
			note = fmt.Sprintf("Goal saved with %s.", plural(len(out.Actions), "action", "actions"))
			next = replace(newGoalView(ed.ctx, out.Goal.ID, ""))
		default:
			next = replace(newEntryView(ed.ctx, out.Entry.ID))
		}
		if len(msg.findings) > 0 {
			return next, warn(note + " " + identifierNote(msg.findings))
		}
		return next, flash(note)
	case entrySaveFailedMsg:
		ed.saving = false
		var tp *fill.TemplateProblems
		if errors.As(msg.err, &tp) {
			ed.tried = true
			return nav{}, fail(fmt.Errorf("not saved yet, your text is still here: %s", tp.Error()))
		}
		return nav{}, fail(fmt.Errorf("not saved, your text is still here: %w", msg.err))
	case tea.KeyPressMsg:
		s, cmd := ed.handleKey(msg)
		return s, tea.Batch(cmd, ed.scan())
	case tea.PasteMsg:
		s, cmd := ed.updateFocused(msg)
		return s, tea.Batch(cmd, ed.scan())
	}
	return ed.updateFocused(msg)
}

func (ed *editor) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := ed.ctx.keys
	if n, cmd, ok := ed.leaveKey(msg, k, ed.dirty(), back(), ed.save); ok {
		ed.resize()
		return n, cmd
	}
	switch {
	case key.Matches(msg, k.Save):
		return nav{}, ed.save()
	case key.Matches(msg, k.HideWarning):
		for _, f := range ed.findings {
			ed.dismissed[f.key()] = true
		}
		ed.resize()
		return nav{}, nil
	case key.Matches(msg, k.NextField):
		return nav{}, ed.moveFocus(1)
	case key.Matches(msg, k.PrevField):
		return nav{}, ed.moveFocus(-1)
	}
	if cmd, used := ed.rowKey(msg); used {
		return nav{}, cmd
	}
	return ed.updateFocused(msg)
}

// rowKey takes the keys of the focused row when it is a choice rather than text:
// the functions, the link, a choice or rating field; used is false for a key the
// row's text field should have.
func (ed *editor) rowKey(msg tea.KeyPressMsg) (cmd tea.Cmd, used bool) {
	k := ed.ctx.keys
	switch {
	case ed.focus == rowFunctions:
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
			return ed.moveFocus(1), true
		}
		return nil, true
	case ed.focus == rowLink:
		switch {
		case key.Matches(msg, k.Left, k.Right, k.Toggle):
			dir := 1
			if key.Matches(msg, k.Left) {
				dir = -1
			}
			ed.link = (ed.link + dir + len(ed.links)) % len(ed.links)
		case key.Matches(msg, k.Down, k.Open):
			return ed.moveFocus(1), true
		case key.Matches(msg, k.Up):
			return ed.moveFocus(-1), true
		}
		return nil, true
	case ed.isField(ed.focus) && !ed.fields[ed.focus-rowFields].typed():
		f := ed.fields[ed.focus-rowFields]
		move, used := f.handleKey(msg, k)
		switch {
		case move != 0:
			return ed.moveFocus(move), true
		case used:
			return nil, true
		case key.Matches(msg, k.Down, k.Open):
			return ed.moveFocus(1), true
		case key.Matches(msg, k.Up):
			return ed.moveFocus(-1), true
		}
		return nil, true
	case ed.focus < ed.sectionRow(0):
		switch {
		case key.Matches(msg, k.Enter, k.ArrowDown):
			return ed.moveFocus(1), true
		case key.Matches(msg, k.ArrowUp):
			return ed.moveFocus(-1), true
		}
	}
	return nil, false
}

func (ed *editor) toggleFunction(f portfolio.Function) {
	if ed.functions.Has(f) {
		ed.functions = ed.functions.Without(f)
	} else {
		ed.functions = ed.functions.With(f)
	}
}

// updateFocused passes keys, paste and blinks to the focused text field.
func (ed *editor) updateFocused(msg tea.Msg) (nav, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case ed.focus == rowTitle:
		cmd = ed.title.update(msg, ed.ctx.keys)
	case ed.focus == rowDate:
		cmd = ed.date.update(msg, ed.ctx.keys)
	case ed.focus == rowTags:
		cmd = ed.tags.update(msg, ed.ctx.keys)
	case ed.isField(ed.focus):
		if f := ed.fields[ed.focus-rowFields]; f.typed() {
			cmd = f.text.update(msg, ed.ctx.keys)
		}
	case ed.focus >= ed.sectionRow(0):
		i := ed.focus - ed.sectionRow(0)
		ed.sections[i].area, cmd = ed.sections[i].area.Update(msg)
	}
	return nav{}, cmd
}

func (ed *editor) fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00%d\x00%s\x00%s\x00%s", ed.functions, ed.link, ed.title.value(), ed.date.value(), ed.tags.value())
	for _, f := range ed.fields {
		b.WriteString("\x00" + f.def.Name + "\x00" + f.value())
	}
	for _, s := range ed.sections {
		b.WriteString("\x00" + s.heading + "\x00" + s.area.Value())
	}
	return b.String()
}

func (ed *editor) dirty() bool { return ed.fingerprint() != ed.saved }

// entryText returns the entry's parts as they stand, with the free body under "".
func (ed *editor) entryText() (body string, secs []portfolio.Section) {
	for _, s := range ed.sections {
		if s.heading == "" {
			body = s.area.Value()
		} else {
			secs = append(secs, portfolio.Section{Heading: s.heading, Body: s.area.Value()})
		}
	}
	return body, secs
}

// build makes the entry from the fields. It checks what the user can fix here, so
// the message names the field; the domain checks the rest.
func (ed *editor) build() (portfolio.Entry, error) {
	var e portfolio.Entry
	switch {
	case ed.spec.edit != nil:
		e = *ed.spec.edit
	default:
		e = fill.NewEntry(ed.tmpl)
	}
	if ed.functions.Empty() {
		return e, errors.New("choose at least one function: on the Functions row press 1, 2 or 3")
	}
	e.Functions = ed.functions
	e.Title = strings.TrimSpace(ed.title.value())
	if e.Title == "" {
		return e, errors.New("give the entry a title")
	}
	if !ed.isGoal() {
		d, err := calendar.ParseDate(ed.date.value(), ed.ctx.today())
		if err != nil {
			return e, err
		}
		e.Date = d
		tags, err := portfolio.ParseTags(ed.tags.value())
		if err != nil {
			return e, err
		}
		e.Tags = tags
	}
	e.Body, e.Sections = ed.entryText()
	e.Fields = nil
	for _, f := range ed.fields {
		if _, err := fill.SetField(ed.tmpl, &e, f.def.Name, f.value(), ed.ctx.today()); err != nil {
			return e, errors.New(strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": "))
		}
	}
	if ed.tmpl != nil && ed.spec.edit != nil {
		e.TemplateVersion = ed.tmpl.Version
		if ed.tmpl.Kind != fill.TemplateKindEntry {
			e.RecordKind = portfolio.RecordKind(ed.tmpl.Kind)
		}
	}
	switch {
	case ed.spec.reflectOn != nil:
		e.ActionIDs = []portfolio.ID{ed.spec.reflectOn.ID}
		if g := ed.spec.reflectOn.GoalID; g != "" {
			e.GoalIDs = []portfolio.ID{g}
		}
	case len(ed.links) > 0:
		choice := ed.links[ed.link]
		e.GoalIDs, e.ActionIDs = choice.goals, choice.actions
	}
	return e, nil
}

func (ed *editor) save() tea.Cmd {
	if ed.saving {
		return nil
	}
	e, err := ed.build()
	if err != nil {
		return fail(err)
	}
	if ed.spec.edit != nil && ed.tmpl != nil {
		// An edit is checked against the template as it is now; values of fields
		// it no longer has are kept, not judged.
		if err := fill.CheckEntry(ed.tmpl, &e); err != nil {
			ed.tried = true
			return fail(fmt.Errorf("not saved yet, your text is still here: %s", err.Error()))
		}
	}
	e.Fields = append(e.Fields, ed.kept...)
	ed.saving = true
	p, spec, t := ed.ctx.p, ed.spec, ed.tmpl
	parts := ed.textParts()
	return func() tea.Msg {
		var out fill.Saved
		var err error
		switch {
		case spec.edit != nil:
			out.Entry, err = p.UpdateEntry(e)
		case spec.reflectOn != nil && t.Link != fill.TemplateLinkAction:
			// No reflection template to hand: the action is still marked done.
			if err = fill.CheckEntry(t, &e); err == nil {
				_, out.Entry, err = p.CompleteAction(spec.reflectOn.ID, &e)
			}
		default:
			out, err = fill.SaveFromTemplate(p, t, e)
		}
		if err != nil {
			return entrySaveFailedMsg{err}
		}
		return entrySavedMsg{saved: out, findings: scanParts(parts)}
	}
}

// Draft is the unsaved text as an entry to keep when the app locks: a new entry
// tagged "draft", so the original of an edited entry stays as it was. Fields that
// would not pass validation are made to: a missing function becomes formative (the
// learning function), a bad date today, a missing title "Untitled"; a field value
// that cannot be read yet is kept as a line of the body.
func (ed *editor) Draft() (portfolio.Entry, bool) {
	if !ed.dirty() {
		return portfolio.Entry{}, false
	}
	e := portfolio.Entry{Functions: ed.functions, Title: strings.TrimSpace(ed.title.value())}
	if d, err := calendar.ParseDate(ed.date.value(), ed.ctx.today()); err == nil {
		e.Date = d
	}
	e.Tags, _ = portfolio.ParseTags(ed.tags.value())
	e.Body, e.Sections = ed.entryText()
	if ed.tmpl != nil {
		e.Template, e.TemplateVersion = ed.tmpl.Name, ed.tmpl.Version
	}
	for _, f := range ed.fields {
		if _, err := fill.SetField(ed.tmpl, &e, f.def.Name, f.value(), ed.ctx.today()); err != nil {
			e.Body = strings.TrimSpace(e.Body + "\n\n" + f.def.Label + ": " + f.value())
		}
	}
	e.Fields = append(e.Fields, ed.kept...)
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
