package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/ui/sanitize"
)

// exporter takes a document out of the vault, one step at a time: a preview of the
// Markdown as it will be written (with an "include private" toggle), then the
// format, the file and an optional recipient to encrypt to, then the identifier
// scan's findings to confirm. Nothing is written until the last step, and every
// file and crypto step runs as a command.
type exporter struct {
	ctx  *context
	src  exportSource
	step exportStep

	includePrivate bool
	gen            int // drops a document built before the toggle last changed
	built          *builtDoc
	rendered       string
	width          int // the width rendered is for
	vp             viewport.Model

	// Options.
	row       int
	format    int
	path      textinput.Model
	recipient textinput.Model
	contacts  string // the contacts' names, offered beside "Encrypt to"

	// Checked destination, between the options and the write.
	full       string
	recipients []string
	typedKey   string // the one key typed as a key, not a contact's name
	fileExists bool
	written    exportWrittenMsg
}

type exportStep int

const (
	stepBuilding exportStep = iota
	stepPreview
	stepOptions
	stepChecking
	stepFindings
	stepReplace
	stepWriting
	stepDone
)

// exportSource is what to export: a name for the screen and file, and how to build
// the document, which runs inside a command.
type exportSource struct {
	title string // "meeting summary"
	// relID, when set, is the relationship whose contact the export offers, and for
	// which a key typed is kept as a contact.
	relID portfolio.ID
	build func(includePrivate bool) (builtDoc, error)
}

// builtDoc is a document ready to preview and write.
type builtDoc struct {
	doc      document.Doc
	markdown string
	findings []document.Finding
	// notes say what was left out and why, for the preview.
	notes []string
	// name is the file name without extension, e.g. folio-entries-2026-03-14.
	name string
	// dir is where the file goes by default, as shown (~/Documents).
	dir string
}

type (
	exportBuiltMsg struct {
		gen      int
		built    *builtDoc
		width    int
		rendered string
	}
	// exportBuildFailedMsg: the document could not be made.
	exportBuildFailedMsg struct {
		gen int
		err error
	}
	exportRenderedMsg struct {
		width int
		text  string
	}
	exportCheckedMsg struct {
		full       string
		recipients []string
		typedKey   string
		exists     bool
	}
	exportWrittenMsg struct {
		path      string
		format    render.Format
		size      int
		encrypted bool
		// kept says the key typed was kept as a contact, or why not; "" says nothing.
		kept string
	}
	// exportFailedMsg is a failed check or write: the user is back at the options
	// with everything as typed; exists asks to replace the file.
	exportFailedMsg struct {
		err    error
		exists bool
	}
)

func exportFormats() []render.Format {
	return []render.Format{render.Markdown, render.HTML, render.PDF}
}

func formatLabels() map[render.Format]string {
	return map[render.Format]string{render.Markdown: "Markdown", render.HTML: "HTML", render.PDF: "PDF"}
}

func formatExts() map[render.Format]string {
	return map[render.Format]string{render.Markdown: ".md", render.HTML: ".html", render.PDF: ".pdf"}
}

// Lines above the preview: the title with the toggle, the notes, a blank line.
const previewChrome = 3

func newExporter(ctx *context, src exportSource) *exporter {
	vp := viewport.New(viewport.WithWidth(ctx.width), viewport.WithHeight(max(ctx.bodyHeight()-previewChrome, 1)))
	vp.MouseWheelEnabled = true
	mk := func(placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholder
		in.CharLimit = limit
		in.SetStyles(ctx.styles.input)
		return in
	}
	ex := &exporter{
		ctx: ctx, src: src, vp: vp,
		path:      mk("where to write it", 4096),
		recipient: mk("optional: a contact's name or their age1… key, to encrypt it to them", 2000),
	}
	if ctx.p != nil {
		ex.recipient.SetValue(contactFor(ctx.p, src.relID))
		ex.contacts = contactNames(ctx.p)
	}
	return ex
}

func (ex *exporter) Init() tea.Cmd { return ex.build() }
func (ex *exporter) Title() string { return "Export " + ex.src.title }

func (ex *exporter) Typing() bool { return ex.step == stepOptions && ex.row > 0 }

// Loading is true while the document is built, checked or written: keys typed
// meanwhile wait for the step to end (the root keeps them).
func (ex *exporter) Loading() bool {
	return ex.step == stepBuilding || ex.step == stepChecking || ex.step == stepWriting
}

func (ex *exporter) Keys() help.KeyMap {
	k := ex.ctx.keys
	switch ex.step {
	case stepPreview:
		return helpKeys{
			short: []key.Binding{k.Continue, k.IncludePrivate, k.Up, k.Down, k.Back},
			full:  [][]key.Binding{{k.Continue, k.IncludePrivate, k.Back}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}},
		}
	case stepOptions:
		write, back, choose := k.Write, k.BackToPreview, k.ChooseFormat
		short := []key.Binding{write, k.NextField}
		if ex.row == 0 {
			short = append(short, choose)
		}
		short = append(short, back)
		return helpKeys{short: short, full: [][]key.Binding{{write, k.NextField, k.PrevField, choose, back}}}
	case stepFindings:
		yes, no := k.WriteAnyway, k.WriteNothing
		return helpKeys{short: []key.Binding{yes, no, k.Up, k.Down}, full: [][]key.Binding{{yes, no, k.Up, k.Down}}}
	case stepReplace:
		yes, no := k.ReplaceFile, k.OtherName
		return helpKeys{short: []key.Binding{yes, no}, full: [][]key.Binding{{yes, no}}}
	case stepDone:
		return helpKeys{short: []key.Binding{k.Back}, full: [][]key.Binding{{k.Back}}}
	}
	return helpKeys{short: []key.Binding{k.Back}, full: [][]key.Binding{{k.Back}}}
}

// build makes the document as the toggle stands, then its Markdown, the scan's
// findings and the preview, all off the update loop.
func (ex *exporter) build() tea.Cmd {
	ex.gen++
	gen, src, include := ex.gen, ex.src, ex.includePrivate
	md, width := ex.ctx.md, ex.ctx.width
	return func() tea.Msg {
		b, err := src.build(include)
		if err != nil {
			return exportBuildFailedMsg{gen, err}
		}
		data, err := render.Render(b.doc, render.Markdown)
		if err != nil {
			return exportBuildFailedMsg{gen, err}
		}
		b.markdown = string(data)
		b.findings = document.Scan(b.doc)
		b.dir = defaultExportDir()
		return exportBuiltMsg{gen: gen, built: &b, width: width, rendered: md.page(sanitize.Text(b.markdown), width)}
	}
}

// defaultExportDir is the Documents folder when the home folder has one, else the
// home folder, written with ~ as the user would type it. It looks at the disk, so
// it runs inside a command.
func defaultExportDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "."
	}
	if st, err := os.Stat(filepath.Join(home, "Documents")); err == nil && st.IsDir() {
		return "~/Documents"
	}
	return "~"
}

// expandPath reads a path as typed: ~ is the home folder, and a relative path is
// made absolute so the user is told exactly where the file went.
func expandPath(path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", fmt.Errorf("%w: type a file name to write the export to", portfolio.ErrInvalid)
	}
	if path == "~" || strings.HasPrefix(path, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		path = filepath.Join(home, strings.TrimPrefix(path, "~"))
	}
	return filepath.Abs(path)
}

// withExtension gives a path the extension of the format, and .age when encrypted,
// leaving alone a name whose extension is the user's own.
func withExtension(path string, f render.Format, encrypted bool) string {
	path = strings.TrimSuffix(path, ".age")
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".html", ".htm", ".pdf", ".txt":
		path = strings.TrimSuffix(path, ext) + formatExts()[f]
	}
	if encrypted {
		path += ".age"
	}
	return path
}

func (ex *exporter) chosenFormat() render.Format { return exportFormats()[ex.format] }

// recipientList splits what was typed into recipients: spaces or commas between.
func (ex *exporter) recipientList() []string {
	return strings.FieldsFunc(ex.recipient.Value(), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// fixExtension keeps the file name's extension in step with the format and with
// whether a recipient is given.
func (ex *exporter) fixExtension() {
	v := ex.path.Value()
	if fixed := withExtension(v, ex.chosenFormat(), len(ex.recipientList()) > 0); fixed != v {
		ex.path.SetValue(fixed)
		ex.path.CursorEnd()
	}
}

// SetSize lays the steps out again and renders the preview for a new width.
func (ex *exporter) SetSize(width, _ int) tea.Cmd {
	ex.vp.SetWidth(width)
	ex.layout()
	ex.sizeInputs()
	if ex.built != nil && width != ex.width {
		md, text := ex.ctx.md, sanitize.Text(ex.built.markdown)
		return func() tea.Msg { return exportRenderedMsg{width: width, text: md.page(text, width)} }
	}
	return nil
}

func (ex *exporter) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case exportBuiltMsg:
		if msg.gen != ex.gen {
			return nav{}, nil
		}
		first := ex.built == nil
		ex.built, ex.width, ex.rendered = msg.built, msg.width, msg.rendered
		ex.vp.SetContent(msg.rendered)
		if first {
			ex.path.SetValue(msg.built.dir + "/" + msg.built.name + ".md")
			ex.fixExtension()
			ex.step = stepPreview
		}
	case exportRenderedMsg:
		if ex.built != nil {
			ex.rendered, ex.width = msg.text, msg.width
			ex.vp.SetContent(msg.text)
		}
	case exportCheckedMsg:
		ex.full, ex.recipients, ex.typedKey, ex.fileExists = msg.full, msg.recipients, msg.typedKey, msg.exists
		switch {
		case len(ex.built.findings) > 0:
			ex.step = stepFindings
			ex.layout()
			ex.vp.SetContent(ex.findingsText())
			ex.vp.GotoTop()
		case msg.exists:
			ex.step = stepReplace
		default:
			return nav{}, ex.write(false)
		}
	case exportBuildFailedMsg:
		if msg.gen != ex.gen {
			return nav{}, nil
		}
		if ex.built == nil {
			// The document could not be made: nothing to preview or write.
			return back(), fail(msg.err)
		}
		// The toggle's rebuild failed: the preview stays as it was, and so does the toggle.
		ex.includePrivate = !ex.includePrivate
		return nav{}, fail(msg.err)
	case exportFailedMsg:
		if msg.exists {
			ex.step = stepReplace
			return nav{}, nil
		}
		ex.step = stepOptions
		return nav{}, tea.Batch(fail(msg.err), ex.focusRow(ex.row))
	case exportWrittenMsg:
		ex.step, ex.written = stepDone, msg
		if msg.kept != "" {
			return nav{}, flash(msg.kept)
		}
		return nav{}, nil
	case tea.KeyPressMsg:
		return ex.handleKey(msg)
	case tea.PasteMsg:
		if ex.step == stepOptions {
			return ex.updateInput(msg)
		}
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		ex.vp, cmd = ex.vp.Update(msg)
		return nav{}, cmd
	}
	return nav{}, nil
}

func (ex *exporter) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := ex.ctx.keys
	switch ex.step {
	case stepBuilding, stepChecking, stepWriting:
		// Only esc comes here while busy (the root keeps other keys until the step
		// ends); it cancels a build, but not a check or write already under way.
		if ex.step == stepBuilding && key.Matches(msg, k.Back) {
			return back(), nil
		}
		return nav{}, flash("The file is being checked or written: esc cannot stop it now.")
	case stepPreview:
		switch {
		case key.Matches(msg, k.Back):
			return back(), flash("Export cancelled: nothing was written.")
		case key.Matches(msg, k.IncludePrivate):
			ex.includePrivate = !ex.includePrivate
			return nav{}, ex.build()
		case key.Matches(msg, k.Continue):
			ex.step = stepOptions
			return nav{}, ex.focusRow(ex.row)
		case key.Matches(msg, k.Home):
			ex.vp.GotoTop()
			return nav{}, nil
		case key.Matches(msg, k.End):
			ex.vp.GotoBottom()
			return nav{}, nil
		}
		var cmd tea.Cmd
		ex.vp, cmd = ex.vp.Update(msg)
		return nav{}, cmd
	case stepOptions:
		return ex.optionsKey(msg)
	case stepFindings:
		switch {
		case key.Matches(msg, k.Yes):
			if ex.fileExists {
				ex.step = stepReplace
				return nav{}, nil
			}
			return nav{}, ex.write(false)
		case key.Matches(msg, k.No):
			return ex.backToOptions("Nothing was written. Anonymise the entries, then export again.")
		}
		var cmd tea.Cmd
		ex.vp, cmd = ex.vp.Update(msg)
		return nav{}, cmd
	case stepReplace:
		if key.Matches(msg, k.Yes) {
			return nav{}, ex.write(true)
		}
		return ex.backToOptions("Nothing was written. Choose another name.")
	case stepDone:
		if key.Matches(msg, k.Back, k.Open) {
			// The path goes with the user, in the footer of the screen below.
			return back(), flash("Wrote " + sanitize.Line(ex.written.path) + ".")
		}
	}
	return nav{}, nil
}

func (ex *exporter) backToOptions(note string) (nav, tea.Cmd) {
	ex.step = stepOptions
	ex.layout()
	ex.vp.SetContent(ex.rendered)
	return nav{}, tea.Batch(flash(note), ex.focusRow(ex.row))
}

func (ex *exporter) optionsKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := ex.ctx.keys
	switch {
	case key.Matches(msg, k.Back):
		ex.blur()
		ex.step = stepPreview
		return nav{}, nil
	case key.Matches(msg, k.Save):
		return nav{}, ex.check()
	case key.Matches(msg, k.NextField, k.ArrowDown):
		return nav{}, ex.focusRow(ex.row + 1)
	case key.Matches(msg, k.PrevField, k.ArrowUp):
		return nav{}, ex.focusRow(ex.row - 1)
	case key.Matches(msg, k.Enter):
		if ex.row == 2 {
			return nav{}, ex.check()
		}
		return nav{}, ex.focusRow(ex.row + 1)
	}
	if ex.row == 0 {
		switch {
		case key.Matches(msg, k.Left):
			ex.format = (ex.format + len(exportFormats()) - 1) % len(exportFormats())
			ex.fixExtension()
		case key.Matches(msg, k.Right, k.Toggle):
			ex.format = (ex.format + 1) % len(exportFormats())
			ex.fixExtension()
		}
		return nav{}, nil
	}
	return ex.updateInput(msg)
}

func (ex *exporter) updateInput(msg tea.Msg) (nav, tea.Cmd) {
	var cmd tea.Cmd
	switch ex.row {
	case 1:
		ex.path, cmd = ex.path.Update(msg)
	case 2:
		before := len(ex.recipientList()) > 0
		ex.recipient, cmd = ex.recipient.Update(msg)
		if now := len(ex.recipientList()) > 0; now != before {
			ex.fixExtension()
		}
	}
	return nav{}, cmd
}

func (ex *exporter) blur() {
	ex.path.Blur()
	ex.recipient.Blur()
}

func (ex *exporter) focusRow(r int) tea.Cmd {
	ex.blur()
	ex.row = (r + 3) % 3
	ex.sizeInputs()
	switch ex.row {
	case 1:
		return ex.path.Focus()
	case 2:
		return ex.recipient.Focus()
	}
	return nil
}

// Width of the options' label column.
const exportLabelW = 14

func (ex *exporter) sizeInputs() {
	w := max(ex.ctx.width-exportLabelW-1, 10)
	ex.path.SetWidth(w)
	ex.recipient.SetWidth(w)
}

// check reads the destination as typed and the recipients, and looks whether a file
// is already there, before the findings are shown and anything is written.
func (ex *exporter) check() tea.Cmd {
	ex.blur()
	ex.step = stepChecking
	path, typed, p := ex.path.Value(), ex.recipient.Value(), ex.ctx.p
	return func() tea.Msg {
		full, err := expandPath(path)
		if err != nil {
			return exportFailedMsg{err: err}
		}
		recipients, typedKey, err := typedRecipients(p, typed)
		if err != nil {
			return exportFailedMsg{err: err}
		}
		if len(recipients) > 0 {
			if _, err := parseRecipients(recipients); err != nil {
				return exportFailedMsg{err: err}
			}
		}
		st, err := os.Stat(full)
		if err == nil && st.IsDir() {
			return exportFailedMsg{err: fmt.Errorf("%w: %s is a folder; add a file name", portfolio.ErrInvalid, full)}
		}
		if st, err := os.Stat(filepath.Dir(full)); err != nil || !st.IsDir() {
			return exportFailedMsg{err: fmt.Errorf("%w: there is no folder %s to write in", portfolio.ErrInvalid, filepath.Dir(full))}
		}
		return exportCheckedMsg{full: full, recipients: recipients, typedKey: typedKey, exists: err == nil}
	}
}

// write renders the chosen format, encrypts it when there are recipients and
// writes it with mode 0600, complete or not at all.
func (ex *exporter) write(overwrite bool) tea.Cmd {
	ex.step = stepWriting
	doc, format, full, recipients := ex.built.doc, ex.chosenFormat(), ex.full, ex.recipients
	p, relID, typedKey := ex.ctx.p, ex.src.relID, ex.typedKey
	return func() tea.Msg {
		data, err := render.Render(doc, format)
		if err != nil {
			return exportFailedMsg{err: err}
		}
		if len(recipients) > 0 {
			to, err := parseRecipients(recipients)
			if err != nil {
				return exportFailedMsg{err: err}
			}
			if data, err = to.Encrypt(data, false); err != nil {
				return exportFailedMsg{err: err}
			}
		}
		if err := interchange.WriteFileAtomic(full, data, overwrite); err != nil {
			return exportFailedMsg{err: err, exists: errors.Is(err, interchange.ErrFileExists)}
		}
		var kept string
		if len(recipients) > 0 {
			kept = rememberKey(p, relID, typedKey)
		}
		return exportWrittenMsg{path: full, format: format, size: len(data), encrypted: len(recipients) > 0, kept: kept}
	}
}

// Lines above the findings: what they are and the question.
const findingsChrome = 3

// layout sizes the viewport for the step: it shows the preview, or the findings.
func (ex *exporter) layout() {
	chrome := previewChrome
	if ex.step == stepFindings {
		chrome = findingsChrome
	}
	ex.vp.SetHeight(max(ex.ctx.bodyHeight()-chrome, 1))
}

func (ex *exporter) findingsText() string {
	s := ex.ctx.styles
	w := ex.ctx.width
	var lines []string
	for _, f := range ex.built.findings {
		what := fmt.Sprintf("%s: %q", f.Kind.Description(), f.Text)
		lines = append(lines, wrapLines(s.warn, "• "+sanitize.Line(what), w, 2)...)
		lines = append(lines, s.subtle.Render(ansi.Truncate("  in "+sanitize.Line(f.Where), w, "…")))
	}
	return strings.Join(lines, "\n")
}

func (ex *exporter) View() string {
	s := ex.ctx.styles
	w := ex.ctx.width
	switch ex.step {
	case stepBuilding:
		return s.subtle.Render("  Building the document…")
	case stepPreview:
		return ex.previewHead() + "\n\n" + ex.vp.View()
	case stepFindings:
		n := len(ex.built.findings)
		head := []string{
			s.warn.Render(ansi.Truncate("⚠ This export may identify someone: "+plural(n, "thing", "things")+" to check.", w, "…")),
			s.subtle.Render(ansi.Truncate("y writes it anyway to "+sanitize.Line(shortPath(ex.full))+" · n or esc writes nothing", w, "…")),
			"",
		}
		return strings.Join(head, "\n") + "\n" + ex.vp.View()
	case stepReplace:
		q := s.dialog.Render(s.warn.Render("A file is already there:") + "\n" + sanitize.Line(shortPath(ex.full)) + "\n\n" +
			s.key.Render("y") + " replace it   " + s.key.Render("n") + " choose another name")
		return q + "\n" + ex.optionsView()
	case stepDone:
		return ex.doneView()
	}
	out := ex.optionsView()
	if ex.step == stepChecking || ex.step == stepWriting {
		out += "\n\n" + s.subtle.Render("  Writing…")
	}
	return out
}

func (ex *exporter) previewHead() string {
	s := ex.ctx.styles
	w := ex.ctx.width
	box := "[ ]"
	if ex.includePrivate {
		box = s.warn.Render("[x]")
	}
	toggle := box + " include private " + s.key.Render("p")
	title := s.title.Render(sanitize.Line(ex.built.doc.Title))
	notes := slices.Clone(ex.built.notes)
	if len(notes) > 0 {
		notes[0] = sentenceCase(notes[0])
	}
	if n := len(ex.built.findings); n > 0 {
		notes = append(notes, s.warn.Render(plural(n, "possible identifier", "possible identifiers")+" to check before writing"))
	}
	if len(notes) == 0 {
		notes = append(notes, "As it will be written. Enter chooses the format and file.")
	}
	return spread(title, toggle, w) + "\n" + s.subtle.Render(ansi.Truncate(strings.Join(notes, s.faint.Render(" · ")), w, "…"))
}

// sentenceCase starts s with a capital, for a note that may come first.
func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (ex *exporter) optionsView() string {
	s := ex.ctx.styles
	w := ex.ctx.width
	label := func(i int, name string) string {
		if i == ex.row && ex.step == stepOptions {
			return s.focusedLabel.Render(pad("▸ "+name, exportLabelW))
		}
		return s.label.Render(pad("  "+name, exportLabelW))
	}
	var opts []string
	for i, f := range exportFormats() {
		if i == ex.format {
			opts = append(opts, s.selected.Render(" "+formatLabels()[f]+" "))
		} else {
			opts = append(opts, s.subtle.Render(" "+formatLabels()[f]+" "))
		}
	}
	private := "left out"
	if ex.includePrivate {
		private = "included"
	}
	encrypt := "Not encrypted: keep the file somewhere private."
	if len(ex.recipientList()) > 0 {
		encrypt = "Encrypted with age: only the holder of that key can read it."
	}
	lines := []string{s.title.Render(ansi.Truncate(sanitize.Line(ex.built.doc.Title), w, "…"))}
	lines = append(lines, wrapLines(s.subtle, "Private items: "+private+" (esc goes back to the preview, where p changes it). A mentor's own reflections never go in.", w, 2)...)
	lines = append(lines,
		"",
		label(0, "Format")+strings.Join(opts, " "),
		label(1, "File")+ex.path.View(),
		label(2, "Encrypt to")+ex.recipient.View(),
	)
	if ex.contacts != "" {
		lines = append(lines, s.subtle.Render(ansi.Truncate(pad("", exportLabelW)+"contacts: "+sanitize.Line(ex.contacts), w, "…")))
	}
	lines = append(lines, "")
	lines = append(lines, wrapLines(s.subtle, encrypt+" The file is written with mode 0600, whole or not at all, and an existing file is replaced only if you say so.", w, 3)...)
	return strings.Join(lines, "\n")
}

func (ex *exporter) doneView() string {
	s := ex.ctx.styles
	w := ex.ctx.width
	m := ex.written
	lines := []string{
		s.ok.Render("✓ Wrote the " + ex.src.title + " as " + formatLabels()[m.format] + " (" + byteSize(m.size) + "):"),
		"",
		// The path on a line of its own, whole, so it can be copied.
		sanitize.Line(m.path),
		"",
	}
	if m.encrypted {
		lines = append(lines, wrapLines(s.subtle, "Encrypted with age: only the holder of the key can open it, with age -d or folio receive.", w, 2)...)
	} else {
		lines = append(lines, wrapLines(s.warn, "It is not encrypted: keep it somewhere private, and delete it once shared.", w, 2)...)
	}
	lines = append(lines, "", s.subtle.Render("esc goes back."))
	return strings.Join(lines, "\n")
}

func byteSize(n int) string {
	switch {
	case n < 1024:
		return plural(n, "byte", "bytes")
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
