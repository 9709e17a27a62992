package export

import (
	"errors"
	"fmt"
	"io"
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
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// Exporter takes a document out of the vault, one step at a time: a preview of the
// Markdown as it will be written (with an "include private" toggle), then the
// format, the file and an optional recipient to encrypt to, then the identifier
// scan's findings to confirm. Nothing is written until the last step, and every
// file and crypto step runs as a command.
type Exporter struct {
	ctx  *common.Context
	src  ExportSource
	step exportStep

	includePrivate bool
	// bundle writes a .zip holding the document and the files attached to its
	// records, as the command line's --attachments does.
	bundle   bool
	gen      int // drops a document built before the toggle last changed
	Built    *BuiltDoc
	rendered string
	width    int // the width rendered is for
	vp       viewport.Model

	// Options.
	row       int
	format    int
	path      textinput.Model
	recipient textinput.Model
	password  textinput.Model // a PDF's own password, for readers without age
	contacts  string          // the contacts' names, offered beside "Encrypt to"

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

// ExportSource is what to export: a name for the screen and file, and how to build
// the document, which runs inside a command.
type ExportSource struct {
	title string // "meeting summary"
	// relID, when set, is the relationship whose contact the export offers, and for
	// which a key typed is kept as a contact.
	relID portfolio.ID
	build func(includePrivate bool) (BuiltDoc, error)
	// calendar says build gives an iCalendar file as its markdown, written as it
	// is in the one format calendarFormat.
	calendar bool
}

// calendarFormat is the export screen's name for an iCalendar file, which is not
// a document format.
const calendarFormat render.Format = "ics"

// BuiltDoc is a document ready to preview and write.
type BuiltDoc struct {
	doc      document.Doc
	Markdown string
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
		built    *BuiltDoc
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
		protected bool // a PDF with a password
		// kept says the key typed was kept as a contact, or why not; "" says nothing.
		kept   string
		files  int // the attached files a bundle holds beside the document
		bundle bool
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
	return map[render.Format]string{render.Markdown: "Markdown", render.HTML: "HTML", render.PDF: "PDF", calendarFormat: "iCalendar"}
}

func formatExts() map[render.Format]string {
	return map[render.Format]string{render.Markdown: ".md", render.HTML: ".html", render.PDF: ".pdf", calendarFormat: ".ics"}
}

// Lines above the preview: the title with the toggle, the notes, a blank line.
const previewChrome = 3

func NewExporter(ctx *common.Context, src ExportSource) *Exporter {
	vp := viewport.New(viewport.WithWidth(ctx.Width), viewport.WithHeight(max(ctx.BodyHeight()-previewChrome, 1)))
	vp.MouseWheelEnabled = true
	mk := func(placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholder
		in.CharLimit = limit
		in.SetStyles(ctx.Styles.Input)
		return in
	}
	ex := &Exporter{
		ctx: ctx, src: src, vp: vp,
		path:      mk("where to write it", 4096),
		recipient: mk("optional: a contact's name or their age1… key, to encrypt it to them", 2000),
		password:  mk(fmt.Sprintf("optional, PDF only: a password of %d+ characters to open it", render.MinPDFPassword), 256),
	}
	ex.password.EchoMode = textinput.EchoPassword
	if ctx.Portfolio != nil {
		ex.recipient.SetValue(contactFor(ctx.Portfolio, src.relID))
		ex.contacts = contactNames(ctx.Portfolio)
	}
	return ex
}

func (ex *Exporter) Init() tea.Cmd { return ex.build() }
func (ex *Exporter) Title() string { return "Export " + ex.src.title }

func (ex *Exporter) Typing() bool { return ex.step == stepOptions && ex.row > 0 }

// Loading is true while the document is built, checked or written: keys typed
// meanwhile wait for the step to end (the root keeps them).
func (ex *Exporter) Loading() bool {
	return ex.step == stepBuilding || ex.step == stepChecking || ex.step == stepWriting
}

func (ex *Exporter) Keys() help.KeyMap {
	k := ex.ctx.Keys
	switch ex.step {
	case stepPreview:
		keys := common.HelpKeys{
			Short: []key.Binding{k.Continue, k.IncludePrivate, k.Up, k.Down, k.Back},
			Full:  [][]key.Binding{{k.Continue, k.IncludePrivate, k.Back}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}},
		}
		if ex.hasFiles() {
			keys.Short = slices.Insert(keys.Short, 2, k.IncludeFiles)
			keys.Full[0] = slices.Insert(keys.Full[0], 2, k.IncludeFiles)
		}
		return keys
	case stepOptions:
		write, back, choose := k.Write, k.BackToPreview, k.ChooseFormat
		short := []key.Binding{write, k.NextField}
		if ex.row == 0 {
			short = append(short, choose)
		}
		short = append(short, back)
		return common.HelpKeys{Short: short, Full: [][]key.Binding{{write, k.NextField, k.PrevField, choose, back}}}
	case stepFindings:
		yes, no := k.WriteAnyway, k.WriteNothing
		return common.HelpKeys{Short: []key.Binding{yes, no, k.Up, k.Down}, Full: [][]key.Binding{{yes, no, k.Up, k.Down}}}
	case stepReplace:
		yes, no := k.ReplaceFile, k.OtherName
		return common.HelpKeys{Short: []key.Binding{yes, no}, Full: [][]key.Binding{{yes, no}}}
	case stepDone:
		return common.HelpKeys{Short: []key.Binding{k.Back}, Full: [][]key.Binding{{k.Back}}}
	}
	return common.HelpKeys{Short: []key.Binding{k.Back}, Full: [][]key.Binding{{k.Back}}}
}

// build makes the document as the toggle stands, then its Markdown, the scan's
// findings and the preview, all off the update loop.
func (ex *Exporter) build() tea.Cmd {
	ex.gen++
	gen, src, include := ex.gen, ex.src, ex.includePrivate
	md, width := ex.ctx.MD, ex.ctx.Width
	return func() tea.Msg {
		b, err := src.build(include)
		if err != nil {
			return exportBuildFailedMsg{gen, err}
		}
		if !src.calendar {
			data, err := render.Render(b.doc, render.Markdown)
			if err != nil {
				return exportBuildFailedMsg{gen, err}
			}
			b.Markdown = string(data)
		}
		b.findings = document.Scan(b.doc)
		b.dir = defaultExportDir()
		return exportBuiltMsg{gen: gen, built: &b, width: width, rendered: md.Page(sanitize.Text(b.Markdown), width)}
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

// withExtension gives a path the extension of the format (.zip for a bundle), and
// .age when encrypted, leaving alone a name whose extension is the user's own.
func withExtension(path string, f render.Format, encrypted, bundle bool) string {
	path = strings.TrimSuffix(path, ".age")
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".html", ".htm", ".pdf", ".txt", ".ics", ".zip":
		if bundle {
			path = strings.TrimSuffix(path, ext) + ".zip"
		} else {
			path = strings.TrimSuffix(path, ext) + formatExts()[f]
		}
	}
	if encrypted {
		path += ".age"
	}
	return path
}

func (ex *Exporter) chosenFormat() render.Format { return ex.formats()[ex.format] }

// hasFiles says the document's records keep files a bundle could carry.
func (ex *Exporter) hasFiles() bool {
	return ex.Built != nil && len(ex.Built.doc.Attachments) > 0 && !ex.src.calendar
}

// formats are those the source can be written in.
func (ex *Exporter) formats() []render.Format {
	if ex.src.calendar {
		return []render.Format{calendarFormat}
	}
	return exportFormats()
}

// recipientList splits what was typed into recipients: spaces or commas between.
func (ex *Exporter) recipientList() []string {
	return strings.FieldsFunc(ex.recipient.Value(), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// fixExtension keeps the file name's extension in step with the format and with
// whether a recipient is given.
func (ex *Exporter) fixExtension() {
	v := ex.path.Value()
	if fixed := withExtension(v, ex.chosenFormat(), len(ex.recipientList()) > 0, ex.bundle); fixed != v {
		ex.path.SetValue(fixed)
		ex.path.CursorEnd()
	}
}

// SetSize lays the steps out again and renders the preview for a new width.
func (ex *Exporter) SetSize(width, _ int) tea.Cmd {
	ex.vp.SetWidth(width)
	ex.layout()
	ex.sizeInputs()
	if ex.Built != nil && width != ex.width {
		md, text := ex.ctx.MD, sanitize.Text(ex.Built.Markdown)
		return func() tea.Msg { return exportRenderedMsg{width: width, text: md.Page(text, width)} }
	}
	return nil
}

func (ex *Exporter) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case exportBuiltMsg:
		if msg.gen != ex.gen {
			return common.Nav{}, nil
		}
		first := ex.Built == nil
		ex.Built, ex.width, ex.rendered = msg.built, msg.width, msg.rendered
		if ex.bundle && !ex.hasFiles() {
			// Private records left out again may have been the ones with files.
			ex.bundle = false
			ex.fixExtension()
		}
		ex.vp.SetContent(msg.rendered)
		if first {
			ex.path.SetValue(msg.built.dir + "/" + msg.built.name + ".md")
			ex.fixExtension()
			ex.step = stepPreview
		}
	case exportRenderedMsg:
		if ex.Built != nil {
			ex.rendered, ex.width = msg.text, msg.width
			ex.vp.SetContent(msg.text)
		}
	case exportCheckedMsg:
		ex.full, ex.recipients, ex.typedKey, ex.fileExists = msg.full, msg.recipients, msg.typedKey, msg.exists
		switch {
		case len(ex.Built.findings) > 0:
			ex.step = stepFindings
			ex.layout()
			ex.vp.SetContent(ex.findingsText())
			ex.vp.GotoTop()
		case msg.exists:
			ex.step = stepReplace
		default:
			return common.Nav{}, ex.write(false)
		}
	case exportBuildFailedMsg:
		if msg.gen != ex.gen {
			return common.Nav{}, nil
		}
		if ex.Built == nil {
			// The document could not be made: nothing to preview or write.
			return common.Back(), common.Fail(msg.err)
		}
		// The toggle's rebuild failed: the preview stays as it was, and so does the toggle.
		ex.includePrivate = !ex.includePrivate
		return common.Nav{}, common.Fail(msg.err)
	case exportFailedMsg:
		if msg.exists {
			ex.step = stepReplace
			return common.Nav{}, nil
		}
		ex.step = stepOptions
		return common.Nav{}, tea.Batch(common.Fail(msg.err), ex.focusRow(ex.row))
	case exportWrittenMsg:
		ex.step, ex.written = stepDone, msg
		if msg.kept != "" {
			return common.Nav{}, common.Flash(msg.kept)
		}
		return common.Nav{}, nil
	case tea.KeyPressMsg:
		return ex.handleKey(msg)
	case tea.PasteMsg:
		if ex.step == stepOptions {
			return ex.updateInput(msg)
		}
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		ex.vp, cmd = ex.vp.Update(msg)
		return common.Nav{}, cmd
	}
	return common.Nav{}, nil
}

func (ex *Exporter) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := ex.ctx.Keys
	switch ex.step {
	case stepBuilding, stepChecking, stepWriting:
		// Only esc comes here while busy (the root keeps other keys until the step
		// ends); it cancels a build, but not a check or write already under way.
		if ex.step == stepBuilding && key.Matches(msg, k.Back) {
			return common.Back(), nil
		}
		return common.Nav{}, common.Flash("The file is being checked or written: esc cannot stop it now.")
	case stepPreview:
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), common.Flash("Export cancelled: nothing was written.")
		case key.Matches(msg, k.IncludePrivate):
			ex.includePrivate = !ex.includePrivate
			return common.Nav{}, ex.build()
		case key.Matches(msg, k.IncludeFiles) && ex.hasFiles():
			ex.bundle = !ex.bundle
			ex.fixExtension()
			return common.Nav{}, nil
		case key.Matches(msg, k.Continue):
			ex.step = stepOptions
			return common.Nav{}, ex.focusRow(ex.row)
		case key.Matches(msg, k.Home):
			ex.vp.GotoTop()
			return common.Nav{}, nil
		case key.Matches(msg, k.End):
			ex.vp.GotoBottom()
			return common.Nav{}, nil
		}
		var cmd tea.Cmd
		ex.vp, cmd = ex.vp.Update(msg)
		return common.Nav{}, cmd
	case stepOptions:
		return ex.optionsKey(msg)
	case stepFindings:
		switch {
		case key.Matches(msg, k.Yes):
			if ex.fileExists {
				ex.step = stepReplace
				return common.Nav{}, nil
			}
			return common.Nav{}, ex.write(false)
		case key.Matches(msg, k.No):
			return ex.backToOptions("Nothing was written. Anonymise the entries, then export again.")
		}
		var cmd tea.Cmd
		ex.vp, cmd = ex.vp.Update(msg)
		return common.Nav{}, cmd
	case stepReplace:
		yes, answered := common.Answer(msg, k.ReplaceFile, k.OtherName)
		switch {
		case !answered:
			return common.Nav{}, nil
		case yes:
			return common.Nav{}, ex.write(true)
		}
		return ex.backToOptions("Nothing was written. Choose another name.")
	case stepDone:
		if key.Matches(msg, k.Back, k.Open) {
			// The path goes with the user, in the footer of the screen below.
			return common.Back(), common.Flash("Wrote " + sanitize.Line(ex.written.path) + ".")
		}
	}
	return common.Nav{}, nil
}

func (ex *Exporter) backToOptions(note string) (common.Nav, tea.Cmd) {
	ex.step = stepOptions
	ex.layout()
	ex.vp.SetContent(ex.rendered)
	return common.Nav{}, tea.Batch(common.Flash(note), ex.focusRow(ex.row))
}

func (ex *Exporter) optionsKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := ex.ctx.Keys
	switch {
	case key.Matches(msg, k.Back):
		ex.blur()
		ex.step = stepPreview
		return common.Nav{}, nil
	case key.Matches(msg, k.Save):
		return common.Nav{}, ex.check()
	case key.Matches(msg, k.NextField, k.ArrowDown):
		return common.Nav{}, ex.focusRow(ex.row + 1)
	case key.Matches(msg, k.PrevField, k.ArrowUp):
		return common.Nav{}, ex.focusRow(ex.row - 1)
	case key.Matches(msg, k.Enter):
		if ex.row >= 2 {
			return common.Nav{}, ex.check()
		}
		return common.Nav{}, ex.focusRow(ex.row + 1)
	}
	if ex.row == 0 {
		switch {
		case key.Matches(msg, k.Left):
			ex.format = (ex.format + len(ex.formats()) - 1) % len(ex.formats())
			ex.fixExtension()
		case key.Matches(msg, k.Right, k.Toggle):
			ex.format = (ex.format + 1) % len(ex.formats())
			ex.fixExtension()
		}
		return common.Nav{}, nil
	}
	return ex.updateInput(msg)
}

func (ex *Exporter) updateInput(msg tea.Msg) (common.Nav, tea.Cmd) {
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
	case 3:
		ex.password, cmd = ex.password.Update(msg)
	}
	return common.Nav{}, cmd
}

func (ex *Exporter) blur() {
	ex.path.Blur()
	ex.recipient.Blur()
	ex.password.Blur()
}

func (ex *Exporter) focusRow(r int) tea.Cmd {
	ex.blur()
	ex.row = (r + 4) % 4
	ex.sizeInputs()
	switch ex.row {
	case 1:
		return ex.path.Focus()
	case 2:
		return ex.recipient.Focus()
	case 3:
		return ex.password.Focus()
	}
	return nil
}

// Width of the options' label column.
const exportLabelW = 14

func (ex *Exporter) sizeInputs() {
	w := max(ex.ctx.Width-exportLabelW-1, 10)
	ex.path.SetWidth(w)
	ex.recipient.SetWidth(w)
	ex.password.SetWidth(w)
}

// check reads the destination as typed and the recipients, and looks whether a file
// is already there, before the findings are shown and anything is written.
func (ex *Exporter) check() tea.Cmd {
	ex.blur()
	ex.step = stepChecking
	path, typed, p := ex.path.Value(), ex.recipient.Value(), ex.ctx.Portfolio
	password, format, bundle := ex.password.Value(), ex.chosenFormat(), ex.bundle
	return func() tea.Msg {
		full, err := expandPath(path)
		if err != nil {
			return exportFailedMsg{err: err}
		}
		if bundle && password != "" {
			// The password locks a PDF alone, not the files beside it in the .zip.
			return exportFailedMsg{err: fmt.Errorf("%w: a password protects a PDF alone, not the files in a bundle; clear the password, or encrypt the bundle to a recipient", portfolio.ErrInvalid)}
		}
		recipients, typedKey, err := typedRecipients(p, typed)
		if err != nil {
			return exportFailedMsg{err: err}
		}
		if password != "" {
			// As the command line: a password is the PDF's own lock, for a reader
			// without age, so it goes with a PDF and without a recipient.
			switch {
			case format != render.PDF:
				return exportFailedMsg{err: fmt.Errorf("%w: a password protects a PDF; choose PDF or clear the password", portfolio.ErrInvalid)}
			case len(recipients) > 0:
				return exportFailedMsg{err: fmt.Errorf("%w: choose a recipient (age) or a PDF password, not both", portfolio.ErrInvalid)}
			}
			if err := render.CheckPDFPassword(password); err != nil {
				return exportFailedMsg{err: err}
			}
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
func (ex *Exporter) write(overwrite bool) tea.Cmd {
	ex.step = stepWriting
	doc, format, full, recipients := ex.Built.doc, ex.chosenFormat(), ex.full, ex.recipients
	p, relID, typedKey := ex.ctx.Portfolio, ex.src.relID, ex.typedKey
	password, calendar := ex.password.Value(), ex.Built.Markdown
	if ex.bundle {
		return writeBundle(p, doc, format, full, recipients, overwrite, relID, typedKey)
	}
	return func() tea.Msg {
		var data []byte
		var err error
		if format == calendarFormat {
			data = []byte(calendar)
		} else if data, err = render.Render(doc, format); err != nil {
			return exportFailedMsg{err: err}
		}
		if password != "" {
			if data, err = render.EncryptPDF(data, password); err != nil {
				return exportFailedMsg{err: err}
			}
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
		return exportWrittenMsg{path: full, format: format, size: len(data), encrypted: len(recipients) > 0, protected: password != "", kept: kept}
	}
}

// Lines above the findings: what they are and the question.
const findingsChrome = 3

// layout sizes the viewport for the step: it shows the preview, or the findings.
func (ex *Exporter) layout() {
	chrome := previewChrome
	if ex.step == stepFindings {
		chrome = findingsChrome
	}
	ex.vp.SetHeight(max(ex.ctx.BodyHeight()-chrome, 1))
}

func (ex *Exporter) findingsText() string {
	s := ex.ctx.Styles
	w := ex.ctx.Width
	var lines []string
	for _, f := range ex.Built.findings {
		what := fmt.Sprintf("%s: %q", f.Kind.Description(), f.Text)
		lines = append(lines, common.WrapLines(s.Warn, "• "+sanitize.Line(what), w, 2)...)
		lines = append(lines, s.Subtle.Render(ansi.Truncate("  in "+sanitize.Line(f.Where), w, "…")))
	}
	return strings.Join(lines, "\n")
}

func (ex *Exporter) View() string {
	s := ex.ctx.Styles
	w := ex.ctx.Width
	switch ex.step {
	case stepBuilding:
		return s.Subtle.Render("  Building the document…")
	case stepPreview:
		return ex.previewHead() + "\n\n" + ex.vp.View()
	case stepFindings:
		n := len(ex.Built.findings)
		head := []string{
			s.Warn.Render(ansi.Truncate("⚠ This export may identify someone: "+common.Plural(n, "thing", "things")+" to check.", w, "…")),
			s.Subtle.Render(ansi.Truncate("y writes it anyway to "+sanitize.Line(common.ShortPath(ex.full))+" · n or esc writes nothing", w, "…")),
			"",
		}
		return strings.Join(head, "\n") + "\n" + ex.vp.View()
	case stepReplace:
		q := s.Dialog.Render(s.Warn.Render("A file is already there:") + "\n" + sanitize.Line(common.ShortPath(ex.full)) + "\n\n" +
			s.Key.Render("y") + " replace it   " + s.Key.Render("n") + " choose another name")
		return q + "\n" + ex.optionsView()
	case stepDone:
		return ex.doneView()
	}
	out := ex.optionsView()
	if ex.step == stepChecking || ex.step == stepWriting {
		out += "\n\n" + s.Subtle.Render("  Writing…")
	}
	return out
}

func (ex *Exporter) previewHead() string {
	s := ex.ctx.Styles
	w := ex.ctx.Width
	box := "[ ]"
	if ex.includePrivate {
		box = s.Warn.Render("[x]")
	}
	toggle := box + " include private " + s.Key.Render("p")
	if ex.hasFiles() {
		files := "[ ]"
		if ex.bundle {
			files = s.Warn.Render("[x]")
		}
		n := len(ex.Built.doc.Attachments)
		toggle = files + " " + common.Plural(n, "attached file", "attached files") + " (.zip) " + s.Key.Render(ex.ctx.Keys.IncludeFiles.Help().Key) + "  " + toggle
	}
	title := s.Title.Render(sanitize.Line(ex.Built.doc.Title))
	notes := slices.Clone(ex.Built.notes)
	if len(notes) > 0 {
		notes[0] = sentenceCase(notes[0])
	}
	if n := len(ex.Built.findings); n > 0 {
		notes = append(notes, s.Warn.Render(common.Plural(n, "possible identifier", "possible identifiers")+" to check before writing"))
	}
	if len(notes) == 0 {
		notes = append(notes, "As it will be written. Enter chooses the format and file.")
	}
	return common.Spread(title, toggle, w) + "\n" + s.Subtle.Render(ansi.Truncate(strings.Join(notes, s.Faint.Render(" · ")), w, "…"))
}

// sentenceCase starts s with a capital, for a note that may come first.
func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (ex *Exporter) optionsView() string {
	s := ex.ctx.Styles
	w := ex.ctx.Width
	label := func(i int, name string) string {
		if i == ex.row && ex.step == stepOptions {
			return s.FocusedLabel.Render(common.Pad("▸ "+name, exportLabelW))
		}
		return s.Label.Render(common.Pad("  "+name, exportLabelW))
	}
	var opts []string
	for i, f := range ex.formats() {
		if i == ex.format {
			opts = append(opts, s.Selected.Render(" "+formatLabels()[f]+" "))
		} else {
			opts = append(opts, s.Subtle.Render(" "+formatLabels()[f]+" "))
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
	if ex.password.Value() != "" {
		encrypt = "Protected with the password: any PDF reader opens it after asking for it."
	}
	if ex.bundle {
		encrypt = "A .zip of the document and " + common.Plural(len(ex.Built.doc.Attachments), "attached file", "attached files") + " (esc, then a, leaves them out). " + encrypt
	}
	lines := []string{s.Title.Render(ansi.Truncate(sanitize.Line(ex.Built.doc.Title), w, "…"))}
	lines = append(lines, common.WrapLines(s.Subtle, "Private items: "+private+" (esc goes back to the preview, where p changes it). A mentor's own reflections never go in.", w, 2)...)
	lines = append(lines,
		"",
		label(0, "Format")+strings.Join(opts, " "),
		label(1, "File")+ex.path.View(),
		label(2, "Encrypt to")+ex.recipient.View(),
		label(3, "Password")+ex.password.View(),
	)
	if ex.contacts != "" {
		lines = append(lines, s.Subtle.Render(ansi.Truncate(common.Pad("", exportLabelW)+"contacts: "+sanitize.Line(ex.contacts), w, "…")))
	}
	lines = append(lines, "")
	lines = append(lines, common.WrapLines(s.Subtle, encrypt+" The file is written with mode 0600, whole or not at all, and an existing file is replaced only if you say so.", w, 3)...)
	return strings.Join(lines, "\n")
}

func (ex *Exporter) doneView() string {
	s := ex.ctx.Styles
	w := ex.ctx.Width
	m := ex.written
	what := "✓ Wrote the " + ex.src.title + " as " + formatLabels()[m.format]
	if m.bundle {
		what += " with " + common.Plural(m.files, "attached file", "attached files") + " in a .zip"
	}
	lines := append(common.WrapLines(s.Ok, what+" ("+common.ByteSize(m.size)+"):", w, 2),
		"",
		// The path on a line of its own, whole, so it can be copied.
		sanitize.Line(m.path),
		"",
	)
	switch {
	case m.encrypted:
		lines = append(lines, common.WrapLines(s.Subtle, "Encrypted with age: only the holder of the key can open it, with age -d or folio receive.", w, 2)...)
	case m.protected:
		lines = append(lines, common.WrapLines(s.Subtle, "Protected with the password (AES-256): any PDF reader opens it after asking. Give the password by another way than the file.", w, 2)...)
	default:
		lines = append(lines, common.WrapLines(s.Warn, "It is not encrypted: keep it somewhere private, and delete it once shared.", w, 2)...)
	}
	if m.bundle && m.files > 0 {
		lines = append(lines, common.WrapLines(s.Subtle, "folio checked the document for identifiers, not the attached files: look through them before sending.", w, 2)...)
	}
	lines = append(lines, "", s.Subtle.Render("esc goes back."))
	return strings.Join(lines, "\n")
}

// writeBundle writes the .zip of the document and its records' files, through age
// when there are recipients, complete or not at all: the files stream from the
// vault into the pending file, never whole in memory.
func writeBundle(p *portfolio.Portfolio, doc document.Doc, format render.Format, full string, recipients []string, overwrite bool, relID portfolio.ID, typedKey string) tea.Cmd {
	return func() tea.Msg {
		data, err := render.Render(doc, format)
		if err != nil {
			return exportFailedMsg{err: err}
		}
		var to share.Recipients
		if len(recipients) > 0 {
			if to, err = parseRecipients(recipients); err != nil {
				return exportFailedMsg{err: err}
			}
		}
		pr, pw := io.Pipe()
		go func() {
			pw.CloseWithError(document.WriteBundle(pw, p, doc, document.BundleDocName(full, formatExts()[format]), data, to, len(recipients) > 0, false))
		}()
		err = interchange.WriteStreamAtomic(full, pr, overwrite)
		pr.Close()
		if err != nil {
			return exportFailedMsg{err: err, exists: errors.Is(err, interchange.ErrFileExists)}
		}
		size := 0
		if st, err := os.Stat(full); err == nil {
			size = int(st.Size())
		}
		var kept string
		if len(recipients) > 0 {
			kept = rememberKey(p, relID, typedKey)
		}
		return exportWrittenMsg{path: full, format: format, size: size, encrypted: len(recipients) > 0, kept: kept, files: len(doc.Attachments), bundle: true}
	}
}
