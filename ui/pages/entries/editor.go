package entries

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/outcomes"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/sanitize"
)

// EditorSpec says what the editor is for.
type EditorSpec struct {
	edit      *portfolio.Entry  // an entry to change; nil writes a new one
	ReflectOn *portfolio.Action // a done action to reflect on; saved linked to it
	template  *fill.Template    // the template a new entry fills; nil means free text
}

// Rows of the editor, in focus order; the template's fields follow the last, then
// its sections, then the outcomes the entry is mapped to (OutcomesRow).
const (
	rowFunctions = iota
	rowTemplate
	RowTitle
	rowDate
	rowTags
	rowLink
	RowFields
)

type editorSection struct {
	Heading  string
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

type Editor struct {
	ctx  *common.Context
	spec EditorSpec
	// Tmpl is the template the entry is filled against; nil for an old entry whose
	// template is gone or that never had one, which is edited as it was written.
	Tmpl        *fill.Template
	Functions   portfolio.Functions
	fnCursor    int
	title       *components.Field
	date        *components.Field
	tags        *components.Field
	outcomes    *components.Field
	links       []linkChoice
	link        int
	Fields      []*components.EditorField
	kept        []portfolio.FieldValue // an old entry's values for fields its template no longer has
	Sections    []editorSection
	Focus       int
	openSection int
	// editSession keeps the fingerprint of the text as last saved or loaded and
	// whether a save runs, and asks the question on leaving that every form asks.
	components.EditSession
	tried bool // a save was refused, so empty required parts are marked

	// Likely patient identifiers in the text, from the last scan; the ones the user
	// dismissed stay quiet until the text changes what is found.
	findings  []identFinding
	dismissed map[string]bool
	scanned   string // the text the last scan was asked for
	scanGen   int
}

type (
	EntrySavedMsg struct {
		saved    fill.Saved
		findings []identFinding
	}
	entrySaveFailedMsg struct{ err error }
)

func NewEditor(ctx *common.Context, spec EditorSpec) *Editor {
	ed := &Editor{ctx: ctx, spec: spec, dismissed: map[string]bool{}}
	st := ctx.Styles
	ed.title = components.NewLineField(st, "Title", "", "what is this about?", validate.MaxTitleRunes)
	// The date starts as today, a default the first key typed replaces.
	ed.date = components.NewLineField(st, "Date", ctx.Today().String(), "today, yesterday, 2025-03-14, 14/03/2025", 40)
	ed.date.Replaces = true
	ed.tags = components.NewLineField(st, "Tags", "", "comma separated, e.g. anticoagulation, audit", 2000)
	ed.outcomes = components.NewLineField(st, "Outcomes", "", "framework outcomes, e.g. gphc:1, gphc:5 (see c on the dashboard)", 2000)

	switch e := spec.edit; {
	case e != nil:
		ed.loadEntry(e)
		ed.Focus = RowTitle
	default:
		t := spec.template
		if t == nil && spec.ReflectOn != nil {
			t = reflectionTemplate(ctx.Lib)
		}
		if t == nil {
			t = freeTemplate(ctx.Lib)
		}
		ed.Tmpl = t
		fresh := fill.NewEntry(t)
		// The template's functions are ticked, as the picker listed them; free text
		// still opens on the functions row, since there the user most often changes them.
		ed.Functions = fresh.Functions
		freeText := len(t.Sections)+len(t.Fields) == 0 && spec.ReflectOn == nil
		ed.setSections(fresh.Sections, "")
		for _, f := range t.Fields {
			ed.Fields = append(ed.Fields, components.NewEditorField(ctx, f, nil))
		}
		switch {
		case spec.ReflectOn != nil:
			ed.Functions = ed.Functions.With(portfolio.Formative)
			ed.title.Input.SetValue("Reflection: " + spec.ReflectOn.What)
			ed.Focus = ed.firstRow()
		case ed.Functions.Empty() || freeText:
			ed.Focus = rowFunctions
		default:
			ed.Focus = RowTitle
		}
	}
	ed.links = ed.linkChoices()
	ed.resize()
	ed.Saved = ed.fingerprint()
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
func (ed *Editor) loadEntry(e *portfolio.Entry) {
	ed.Functions = e.Functions
	ed.title.Input.SetValue(e.Title)
	ed.date.Input.SetValue(e.Date.String())
	ed.tags.Input.SetValue(strings.Join(e.Tags, ", "))
	var refs []string
	for _, o := range e.Outcomes {
		refs = append(refs, o.String())
	}
	ed.outcomes.Input.SetValue(strings.Join(refs, ", "))
	if e.Template != "" && ed.ctx.Lib != nil {
		if t, err := ed.ctx.Lib.Get(e.Template); err == nil && t.Kind != fill.TemplateKindGoal {
			ed.Tmpl = t
		}
	}
	if ed.Tmpl == nil {
		ed.setSections(e.Sections, e.Body)
		ed.kept = e.Fields
		return
	}
	ed.setSections(fill.EditSections(ed.Tmpl, e), e.Body)
	for _, f := range ed.Tmpl.Fields {
		v, _ := e.Field(f.Name)
		ed.Fields = append(ed.Fields, components.NewEditorField(ed.ctx, f, v.Values))
	}
	for _, v := range e.Fields {
		if _, ok := ed.fieldDef(v.Name); !ok {
			ed.kept = append(ed.kept, v)
		}
	}
}

func (ed *Editor) fieldDef(name string) (fill.TemplateField, bool) {
	if ed.Tmpl != nil {
		for _, f := range ed.Tmpl.Fields {
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
func (ed *Editor) setSections(secs []portfolio.Section, body string) {
	ed.Sections = nil
	if body != "" || len(secs) == 0 {
		ed.Sections = append(ed.Sections, ed.newSection(portfolio.Section{Body: body}))
	}
	for _, s := range secs {
		ed.Sections = append(ed.Sections, ed.newSection(s))
	}
}

func (ed *Editor) newSection(sec portfolio.Section) editorSection {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = validate.MaxBodyBytes
	// No line cap: the default of 99 lines would silently refuse keystrokes.
	ta.MaxHeight = 0
	ta.SetStyles(ed.ctx.Styles.Area)
	if sec.Heading == "" {
		ta.Placeholder = "Write freely. Markdown works: **bold**, - lists, ## headings."
	} else {
		ta.Placeholder = ""
	}
	ta.SetValue(sec.Body)
	out := editorSection{Heading: sec.Heading, area: ta}
	if ed.Tmpl != nil {
		for _, ts := range ed.Tmpl.Sections {
			if strings.EqualFold(strings.TrimSpace(ts.Heading), strings.TrimSpace(sec.Heading)) {
				out.prompt, out.hint, out.required = ts.Prompt, ts.Hint, ts.Required
			}
		}
	}
	return out
}

// isGoal reports whether saving makes a goal, which has no date, tags or links.
func (ed *Editor) isGoal() bool {
	return ed.Tmpl != nil && ed.Tmpl.Kind == fill.TemplateKindGoal && ed.spec.edit == nil
}

// linksAction reports whether the entry must reflect on exactly one action.
func (ed *Editor) linksAction() bool {
	return ed.Tmpl != nil && ed.Tmpl.Link == fill.TemplateLinkAction && ed.spec.edit == nil
}

func (ed *Editor) linkChoices() []linkChoice {
	if ed.spec.ReflectOn != nil || ed.isGoal() {
		return nil
	}
	var out []linkChoice
	if e := ed.spec.edit; e != nil && len(e.GoalIDs)+len(e.ActionIDs) > 0 {
		out = append(out, linkChoice{label: fmt.Sprintf("as before (%d links)", len(e.GoalIDs)+len(e.ActionIDs)), goals: e.GoalIDs, actions: e.ActionIDs})
	}
	if !ed.linksAction() {
		out = append(out, linkChoice{label: "none"})
	}
	p := ed.ctx.Portfolio
	if p == nil {
		return out
	}
	for _, g := range goals.List(p, portfolio.GoalOpen) {
		if !ed.linksAction() {
			out = append(out, linkChoice{label: "goal: " + sanitize.Line(g.Title), goals: []portfolio.ID{g.ID}})
		}
		for _, a := range goals.Actions(p, g.ID) {
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
func (ed *Editor) Init() tea.Cmd { return tea.Batch(ed.setFocus(ed.Focus), ed.scan()) }

func (ed *Editor) Title() string {
	switch {
	case ed.spec.edit != nil:
		return "Edit entry"
	case ed.spec.ReflectOn != nil:
		return "Reflect on an action"
	case ed.isGoal():
		return "New goal"
	}
	return "New entry"
}

func (ed *Editor) Typing() bool {
	if ed.Leaving {
		return false
	}
	switch {
	case ed.Focus == RowTitle, ed.Focus == rowDate, ed.Focus == rowTags, ed.Focus == ed.OutcomesRow():
		return true
	case ed.isField(ed.Focus):
		return ed.Fields[ed.Focus-RowFields].Typed()
	}
	return ed.Focus >= ed.SectionRow(0)
}

func (ed *Editor) Keys() help.KeyMap {
	k := ed.ctx.Keys
	if ed.Leaving {
		return components.LeaveKeys(k)
	}
	short := []key.Binding{k.Save, k.NextField, k.PrevField}
	switch {
	case ed.Focus == rowFunctions:
		short = append(short, k.FilterNormative, k.FilterFormative, k.FilterRestorative)
	case ed.Focus == rowDate:
		short = append(short, k.ClearLine)
	case ed.Focus == rowLink:
		short = append(short, k.Left, k.Right)
	case ed.isField(ed.Focus) && !ed.Fields[ed.Focus-RowFields].Typed():
		if ed.Fields[ed.Focus-RowFields].Def.Multiple {
			short = append(short, k.Toggle)
		} else {
			short = append(short, k.Left, k.Right)
		}
	}
	if len(ed.VisibleFindings()) > 0 {
		short = append(short, k.HideWarning)
	}
	short = append(short, k.Back)
	return common.HelpKeys{
		Short: short,
		Full: [][]key.Binding{
			{k.Save, k.NextField, k.PrevField, k.Back, k.HideWarning, k.ClearLine},
			{k.FilterNormative, k.FilterFormative, k.FilterRestorative, k.Toggle, k.Left, k.Right},
		},
	}
}

func (ed *Editor) SectionRow(i int) int { return RowFields + len(ed.Fields) + i }
func (ed *Editor) isField(row int) bool { return row >= RowFields && row < RowFields+len(ed.Fields) }
func (ed *Editor) RowCount() int        { return ed.OutcomesRow() + 1 }

// OutcomesRow is the row of the outcomes the entry is mapped to, after its text,
// so the rows before the text stay as they were.
func (ed *Editor) OutcomesRow() int { return ed.SectionRow(len(ed.Sections)) }

// firstRow is the first row to write in: the first field or section.
func (ed *Editor) firstRow() int { return RowFields }

// focusable reports whether a row takes focus in this editor.
func (ed *Editor) focusable(row int) bool {
	switch row {
	case rowTemplate:
		return false // chosen in the picker, before writing
	case rowDate, rowTags, ed.OutcomesRow():
		return !ed.isGoal()
	case rowLink:
		return len(ed.links) > 1
	}
	return row < ed.RowCount()
}

func (ed *Editor) setFocus(row int) tea.Cmd {
	ed.title.Blur()
	ed.date.Blur()
	ed.tags.Blur()
	ed.outcomes.Blur()
	for _, f := range ed.Fields {
		if f.Typed() {
			f.Text.Blur()
		}
	}
	for i := range ed.Sections {
		ed.Sections[i].area.Blur()
	}
	ed.Focus = row
	var cmd tea.Cmd
	switch {
	case row == RowTitle:
		cmd = ed.title.Focus()
	case row == rowDate:
		cmd = ed.date.Focus()
	case row == rowTags:
		cmd = ed.tags.Focus()
	case row == ed.OutcomesRow():
		cmd = ed.outcomes.Focus()
	case ed.isField(row):
		if f := ed.Fields[row-RowFields]; f.Typed() {
			cmd = f.Text.Focus()
		}
	case row >= ed.SectionRow(0):
		ed.openSection = row - ed.SectionRow(0)
		cmd = ed.Sections[ed.openSection].area.Focus()
	}
	ed.resize()
	return cmd
}

func (ed *Editor) moveFocus(dir int) tea.Cmd {
	n := ed.RowCount()
	row := ed.Focus
	for range n {
		row = (row + dir + n) % n
		if ed.focusable(row) {
			break
		}
	}
	return ed.setFocus(row)
}

// resize gives the open section all the height the other lines leave.
func (ed *Editor) resize() {
	w := ed.ctx.Width
	for i := range ed.Sections {
		// Text wraps at a reading width, however wide the window.
		ed.Sections[i].area.SetWidth(max(min(w, common.ReadingWidth)-2, 10))
	}
	ed.title.Input.SetWidth(max(w-common.LabelWidth-1, 10))
	ed.date.Input.SetWidth(24)
	ed.tags.Input.SetWidth(max(w-common.LabelWidth-1, 10))
	ed.outcomes.Input.SetWidth(max(w-common.LabelWidth-1, 10))
	for _, f := range ed.Fields {
		if f.Typed() {
			f.Text.Input.SetWidth(24)
			if f.Def.Type == fill.FieldText {
				f.Text.Input.SetWidth(max(w-common.LabelWidth-1, 10))
			}
		}
	}
	if len(ed.Sections) == 0 {
		return
	}
	l := ed.layout(false)
	h := ed.ctx.BodyHeight() - len(l.lines) - len(l.pinned) - ed.dialogLines()
	ed.Sections[ed.openSection].area.SetHeight(max(h, 3))
}

func (ed *Editor) dialogLines() int {
	if ed.Leaving {
		return components.LeaveDialogLines
	}
	return 0
}

func (ed *Editor) SetSize(int, int) tea.Cmd { ed.resize(); return nil }

func (ed *Editor) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case identScanMsg:
		if msg.gen == ed.scanGen {
			ed.findings = msg.found
			ed.resize()
		}
		return common.Nav{}, nil
	case LibraryMsg:
		return common.Nav{}, nil
	case EntrySavedMsg:
		ed.Saving = false
		ed.Saved = ed.fingerprint()
		var next common.Nav
		note := "Saved."
		switch out := msg.saved; {
		case ed.spec.edit != nil:
			next = common.Back()
		case out.Goal != nil:
			note = fmt.Sprintf("Goal saved with %s.", common.Plural(len(out.Actions), "action", "actions"))
			next = common.Replace(ed.ctx.Pages.GoalView(ed.ctx, out.Goal.ID, ""))
		default:
			next = common.Replace(NewEntryView(ed.ctx, out.Entry.ID))
		}
		if len(msg.findings) > 0 {
			return next, warn(note + " " + identifierNote(msg.findings))
		}
		return next, common.Flash(note)
	case entrySaveFailedMsg:
		ed.Saving = false
		var tp *fill.TemplateProblems
		if errors.As(msg.err, &tp) {
			ed.tried = true
			return common.Nav{}, common.Fail(fmt.Errorf("not saved yet, your text is still here: %s", tp.Error()))
		}
		return common.Nav{}, common.Fail(fmt.Errorf("not saved, your text is still here: %w", msg.err))
	case tea.KeyPressMsg:
		s, cmd := ed.handleKey(msg)
		return s, tea.Batch(cmd, ed.scan())
	case tea.PasteMsg:
		s, cmd := ed.updateFocused(msg)
		return s, tea.Batch(cmd, ed.scan())
	}
	return ed.updateFocused(msg)
}

func (ed *Editor) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := ed.ctx.Keys
	if n, cmd, ok := ed.LeaveKey(msg, k, ed.dirty(), common.Back(), ed.save); ok {
		ed.resize()
		return n, cmd
	}
	switch {
	case key.Matches(msg, k.Save):
		return common.Nav{}, ed.save()
	case key.Matches(msg, k.HideWarning):
		for _, f := range ed.findings {
			ed.dismissed[f.key()] = true
		}
		ed.resize()
		return common.Nav{}, nil
	case key.Matches(msg, k.NextField):
		return common.Nav{}, ed.moveFocus(1)
	case key.Matches(msg, k.PrevField):
		return common.Nav{}, ed.moveFocus(-1)
	}
	if cmd, used := ed.rowKey(msg); used {
		return common.Nav{}, cmd
	}
	return ed.updateFocused(msg)
}

// rowKey takes the keys of the focused row when it is a choice rather than text:
// the functions, the link, a choice or rating field; used is false for a key the
// row's text field should have.
func (ed *Editor) rowKey(msg tea.KeyPressMsg) (cmd tea.Cmd, used bool) {
	k := ed.ctx.Keys
	switch {
	case ed.Focus == rowFunctions:
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
	case ed.Focus == rowLink:
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
	case ed.isField(ed.Focus) && !ed.Fields[ed.Focus-RowFields].Typed():
		f := ed.Fields[ed.Focus-RowFields]
		move, used := f.HandleKey(msg, k)
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
	case ed.Focus < ed.SectionRow(0), ed.Focus == ed.OutcomesRow():
		switch {
		case key.Matches(msg, k.Enter, k.ArrowDown):
			return ed.moveFocus(1), true
		case key.Matches(msg, k.ArrowUp):
			return ed.moveFocus(-1), true
		}
	}
	return nil, false
}

func (ed *Editor) toggleFunction(f portfolio.Function) {
	if ed.Functions.Has(f) {
		ed.Functions = ed.Functions.Without(f)
	} else {
		ed.Functions = ed.Functions.With(f)
	}
}

// updateFocused passes keys, paste and blinks to the focused text field.
func (ed *Editor) updateFocused(msg tea.Msg) (common.Nav, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case ed.Focus == RowTitle:
		cmd = ed.title.Update(msg, ed.ctx.Keys)
	case ed.Focus == rowDate:
		cmd = ed.date.Update(msg, ed.ctx.Keys)
	case ed.Focus == rowTags:
		cmd = ed.tags.Update(msg, ed.ctx.Keys)
	case ed.Focus == ed.OutcomesRow():
		cmd = ed.outcomes.Update(msg, ed.ctx.Keys)
	case ed.isField(ed.Focus):
		if f := ed.Fields[ed.Focus-RowFields]; f.Typed() {
			cmd = f.Text.Update(msg, ed.ctx.Keys)
		}
	case ed.Focus >= ed.SectionRow(0):
		i := ed.Focus - ed.SectionRow(0)
		ed.Sections[i].area, cmd = ed.Sections[i].area.Update(msg)
	}
	return common.Nav{}, cmd
}

func (ed *Editor) fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00%d\x00%s\x00%s\x00%s\x00%s", ed.Functions, ed.link, ed.title.Value(), ed.date.Value(), ed.tags.Value(), ed.outcomes.Value())
	for _, f := range ed.Fields {
		b.WriteString("\x00" + f.Def.Name + "\x00" + f.Value())
	}
	for _, s := range ed.Sections {
		b.WriteString("\x00" + s.Heading + "\x00" + s.area.Value())
	}
	return b.String()
}

func (ed *Editor) dirty() bool { return ed.fingerprint() != ed.Saved }

// entryText returns the entry's parts as they stand, with the free body under "".
func (ed *Editor) entryText() (body string, secs []portfolio.Section) {
	for _, s := range ed.Sections {
		if s.Heading == "" {
			body = s.area.Value()
		} else {
			secs = append(secs, portfolio.Section{Heading: s.Heading, Body: s.area.Value()})
		}
	}
	return body, secs
}

// build makes the entry from the fields. It checks what the user can fix here, so
// the message names the field; the domain checks the rest.
func (ed *Editor) build() (portfolio.Entry, error) {
	var e portfolio.Entry
	switch {
	case ed.spec.edit != nil:
		e = *ed.spec.edit
	default:
		e = fill.NewEntry(ed.Tmpl)
	}
	if ed.Functions.Empty() {
		return e, errors.New("choose at least one function: on the Functions row press 1, 2 or 3")
	}
	e.Functions = ed.Functions
	e.Title = strings.TrimSpace(ed.title.Value())
	if e.Title == "" {
		return e, errors.New("give the entry a title")
	}
	if !ed.isGoal() {
		d, err := calendar.ParseDate(ed.date.Value(), ed.ctx.Today())
		if err != nil {
			return e, err
		}
		e.Date = d
		tags, err := validate.ParseTags(ed.tags.Value())
		if err != nil {
			return e, err
		}
		e.Tags = tags
		if e.Outcomes, err = parseOutcomes(ed.outcomes.Value()); err != nil {
			return e, err
		}
	}
	e.Body, e.Sections = ed.entryText()
	e.Fields = nil
	for _, f := range ed.Fields {
		if _, err := fill.SetField(ed.Tmpl, &e, f.Def.Name, f.Value(), ed.ctx.Today()); err != nil {
			return e, errors.New(strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": "))
		}
	}
	if ed.Tmpl != nil && ed.spec.edit != nil {
		e.TemplateVersion = ed.Tmpl.Version
		if ed.Tmpl.Kind != fill.TemplateKindEntry {
			e.RecordKind = portfolio.RecordKind(ed.Tmpl.Kind)
		}
	}
	switch {
	case ed.spec.ReflectOn != nil:
		e.ActionIDs = []portfolio.ID{ed.spec.ReflectOn.ID}
		if g := ed.spec.ReflectOn.GoalID; g != "" {
			e.GoalIDs = []portfolio.ID{g}
		}
	case len(ed.links) > 0:
		choice := ed.links[ed.link]
		e.GoalIDs, e.ActionIDs = choice.goals, choice.actions
	}
	return e, nil
}

func (ed *Editor) save() tea.Cmd {
	if ed.Saving {
		return nil
	}
	e, err := ed.build()
	if err != nil {
		return common.Fail(err)
	}
	if ed.spec.edit != nil && ed.Tmpl != nil {
		// An edit is checked against the template as it is now; values of fields
		// it no longer has are kept, not judged.
		if err := fill.CheckEntry(ed.Tmpl, &e); err != nil {
			ed.tried = true
			return common.Fail(fmt.Errorf("not saved yet, your text is still here: %s", err.Error()))
		}
	}
	e.Fields = append(e.Fields, ed.kept...)
	ed.Saving = true
	p, spec, t, dir := ed.ctx.Portfolio, ed.spec, ed.Tmpl, ed.ctx.Opts.ConfigDir
	parts := ed.textParts()
	return func() tea.Msg {
		var out fill.Saved
		var err error
		// Outcomes are checked against the frameworks, which are files the user may
		// have added to, so only here, off the update loop.
		if e.Outcomes, err = resolveOutcomes(dir, e.Outcomes); err != nil {
			return entrySaveFailedMsg{err}
		}
		switch {
		case spec.edit != nil:
			out.Entry, err = p.UpdateEntry(e)
		case spec.ReflectOn != nil && t.Link != fill.TemplateLinkAction:
			// No reflection template to hand: the action is still marked done.
			if err = fill.CheckEntry(t, &e); err == nil {
				_, out.Entry, err = goals.CompleteAction(p, spec.ReflectOn.ID, &e)
			}
		default:
			out, err = fill.SaveFromTemplate(p, t, e)
		}
		if err != nil {
			return entrySaveFailedMsg{err}
		}
		return EntrySavedMsg{saved: out, findings: scanParts(parts)}
	}
}

// parseOutcomes reads the Outcomes row: FRAMEWORK:ID, comma separated. It checks
// the form; whether the framework has the outcome is resolveOutcomes' question.
func parseOutcomes(s string) ([]portfolio.OutcomeRef, error) {
	var out []portfolio.OutcomeRef
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		ref, err := portfolio.ParseOutcomeRef(part)
		if err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": "))
		}
		out = append(out, ref)
	}
	return out, nil
}

// resolveOutcomes checks each outcome against the frameworks as loaded now and
// spells it as its framework does. It reads the user's framework files.
func resolveOutcomes(dir string, refs []portfolio.OutcomeRef) ([]portfolio.OutcomeRef, error) {
	if len(refs) == 0 {
		return refs, nil
	}
	fws, err := outcomes.LoadFrameworks(dir)
	if err != nil {
		return nil, err
	}
	out := make([]portfolio.OutcomeRef, 0, len(refs))
	for _, r := range refs {
		got, err := fws.Resolve(r.String())
		if err != nil {
			return nil, fmt.Errorf("not saved yet, your text is still here: %w", err)
		}
		out = append(out, got)
	}
	return out, nil
}

// Draft is the unsaved text as an entry to keep when the app locks: a new entry
// tagged "draft", so the original of an edited entry stays as it was. Fields that
// would not pass validation are made to: a missing function becomes formative (the
// learning function), a bad date today, a missing title "Untitled"; a field value
// that cannot be read yet is kept as a line of the body.
func (ed *Editor) Draft() (portfolio.Entry, bool) {
	if !ed.dirty() {
		return portfolio.Entry{}, false
	}
	e := portfolio.Entry{Functions: ed.Functions, Title: strings.TrimSpace(ed.title.Value())}
	if d, err := calendar.ParseDate(ed.date.Value(), ed.ctx.Today()); err == nil {
		e.Date = d
	}
	e.Tags, _ = validate.ParseTags(ed.tags.Value())
	e.Outcomes, _ = parseOutcomes(ed.outcomes.Value())
	e.Body, e.Sections = ed.entryText()
	if ed.Tmpl != nil {
		e.Template, e.TemplateVersion = ed.Tmpl.Name, ed.Tmpl.Version
	}
	for _, f := range ed.Fields {
		if _, err := fill.SetField(ed.Tmpl, &e, f.Def.Name, f.Value(), ed.ctx.Today()); err != nil {
			e.Body = strings.TrimSpace(e.Body + "\n\n" + f.Def.Label + ": " + f.Value())
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
	if utf8.RuneCountInString(e.Title) > validate.MaxTitleRunes {
		e.Title = string([]rune(e.Title)[:validate.MaxTitleRunes])
	}
	e.Tags = append(e.Tags, "draft")
	if ed.spec.ReflectOn != nil {
		e.ActionIDs = []portfolio.ID{ed.spec.ReflectOn.ID}
		if g := ed.spec.ReflectOn.GoalID; g != "" {
			e.GoalIDs = []portfolio.ID{g}
		}
	}
	return e, true
}
