package ui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	ics "github.com/arran4/golang-ical"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/pages/export"
	"github.com/foliohq/folio/ui/pages/meetings"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
)

// writeExportTo goes from the preview to a written file at path, in the format
// reached by pressing right formatSteps times, with no identifier findings.
func (d *driver) writeExportTo(path string, formatSteps int) {
	d.t.Helper()
	d.keys("enter")
	d.expect("▸ Format", "File", "Encrypt to")
	for range formatSteps {
		d.keys("right")
	}
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(path)
	d.keys("ctrl+s")
	d.expect("✓ Wrote the")
}

// readExport reads a written export and checks it is private to the user.
func readExport(t *testing.T, path string) []byte {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("the export was not written: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// previewText is the Markdown the export screen previews, all of it: the screen
// shows only its top.
func (d *driver) previewText() string {
	d.t.Helper()
	ex, ok := d.app.top().(*export.Exporter)
	if !ok || ex.Built == nil {
		d.t.Fatalf("no export preview: the app shows %T", d.app.top())
	}
	return ex.Built.Markdown
}

// markAll marks every entry in the list, top to bottom.
func (d *driver) markAll() {
	d.t.Helper()
	en := d.app.top().(*entriespkg.Entries)
	for range en.List.Items() {
		d.keys("space")
	}
	d.expect(common.Plural(len(en.List.Items()), "marked", "marked"))
}

func TestExportSelectionToMarkdownAndPDF(t *testing.T) {
	d := seededDriver(t)
	dir := t.TempDir()
	d.keys("e")
	d.expect("Audit of warfarin INR checks")
	d.keys("space", "space") // the two newest
	d.expect("2 marked · x exports", "✓ Audit of warfarin INR checks", "✓ Difficult conversation")
	d.keys("x")
	d.expect("Export entries", "Reflective entries", "[ ] include private", "Balance by function", "Difficult conversation about a dispensing error")
	if md := d.previewText(); !strings.Contains(md, "Audit of warfarin INR checks") || strings.Contains(md, "Learning the DOAC dosing rules") {
		t.Errorf("the preview is not of the marked entries:\n%s", md)
	}

	md := filepath.Join(dir, "summary.md")
	d.writeExportTo(md, 0)
	d.expect("as Markdown", "not encrypted")
	text := string(readExport(t, md))
	for _, want := range []string{"# Reflective entries", "Audit of warfarin INR checks", "raised at the team huddle", "Difficult conversation about a dispensing error"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "DOAC dosing") {
		t.Errorf("an unmarked entry was exported:\n%s", text)
	}
	d.keys("esc")
	d.expect("Entries", "Wrote ", "2 marked")

	// The marks stay for a second export, as PDF.
	pdf := filepath.Join(dir, "summary.pdf")
	d.keys("x")
	d.expect("Export entries")
	d.writeExportTo(pdf, 2)
	d.expect("as PDF")
	if data := readExport(t, pdf); !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("the PDF starts %q", data[:min(len(data), 16)])
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the folder holds %d files, want the two exports only", len(entries))
	}
}

// seedIdentifier adds an entry naming a patient, dated today so it lists first.
func seedIdentifier(t *testing.T, opts common.Options) {
	t.Helper()
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.AddEntry(portfolio.Entry{Title: "Counselling on the ward", Functions: portfolio.Functions(portfolio.Normative),
		Date: calendar.DateOf(opts.Now()), Body: "Saw Mr Smith, NHS 943 476 5919, about his inhaler."}); err != nil {
		t.Fatal(err)
	}
}

func TestExportRefusedAtFindingsWritesNothing(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seedIdentifier(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	dir := t.TempDir()
	path := filepath.Join(dir, "ward.md")

	d.keys("e")
	d.expect("Counselling on the ward")
	d.keys("x") // nothing marked: the entry under the cursor
	d.expect("Export entries", "2 possible identifiers to check before writing")
	d.keys("enter", "tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(path)
	d.keys("ctrl+s")
	d.expect("This export may identify someone: 2 things to check.", `a title and name: "Mr Smith"`,
		`an NHS number: "943 476 5919"`, "in Entries › Counselling on the ward")
	d.keys("n")
	d.expect("Nothing was written.", "▸ File")
	// Esc refuses too.
	d.keys("ctrl+s")
	d.expect("This export may identify someone")
	d.keys("esc")
	d.expect("Nothing was written.")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused export left %d files behind", len(entries))
	}
	// Cancelling from the preview writes nothing either.
	d.keys("esc", "esc")
	d.expect("Export cancelled: nothing was written.", "Counselling on the ward")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a cancelled export left %d files behind", len(entries))
	}

	// Confirming writes it, as the user decided.
	d.keys("x", "enter", "tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(path)
	d.keys("ctrl+s")
	d.expect("This export may identify someone")
	d.keys("y")
	d.expect("✓ Wrote the entries as Markdown")
	if text := readExport(t, path); !bytes.Contains(text, []byte("Mr Smith")) {
		t.Errorf("the confirmed export lacks the entry:\n%s", text)
	}
	// A second write to the same file asks before replacing it.
	d.keys("esc", "x", "enter", "tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(path)
	d.keys("ctrl+s", "y")
	d.expect("A file is already there:")
	// A key that is not y or n leaves the question open.
	d.keys("x")
	d.expect("A file is already there:")
	d.keys("n")
	d.expect("Nothing was written. Choose another name.")
}

// seedSessionReflection adds a mentor relationship with a held meeting and the
// mentor's private reflection on it.
func seedSessionReflection(t *testing.T, p *portfolio.Portfolio) {
	t.Helper()
	r, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Alex Kim"})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: r.ID, Date: p.Today() - 1, Notes: []portfolio.Section{{Heading: "Goal", Body: "Plan a move."}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mentorship.AddSessionReflection(p, m.ID, portfolio.Entry{Body: "SECRET-MENTOR-NOTE: I gave advice too soon."}); err != nil {
		t.Fatal(err)
	}
}

func TestExportLeavesPrivateOutUnlessTicked(t *testing.T) {
	d := unlockMentoring(t)
	seedSessionReflection(t, d.app.ctx.Portfolio)
	dir := t.TempDir()
	d.keys("e")
	d.expect("PRIVATE worry about my manager", "Session reflection: Alex Kim")
	d.markAll()
	d.keys("x")
	d.expect("1 private entry left out (p includes it)", "1 mentor's reflection never exported")
	md := d.previewText()
	if !strings.Contains(md, "Exam nerves before the mock") {
		t.Errorf("the preview lacks a marked entry:\n%s", md)
	}
	for _, leak := range []string{"PRIVATE worry", "SECRET-MENTOR-NOTE"} {
		if strings.Contains(md, leak) {
			t.Errorf("the preview shows %q:\n%s", leak, md)
		}
	}
	plain := filepath.Join(dir, "without.md")
	d.writeExportTo(plain, 0)
	text := string(readExport(t, plain))
	if !strings.Contains(text, "I freeze in timed papers.") {
		t.Errorf("the export lacks a shareable entry:\n%s", text)
	}
	for _, leak := range []string{"PRIVATE worry", "Not for anyone.", "SECRET-MENTOR-NOTE", "Session reflection"} {
		if strings.Contains(text, leak) {
			t.Errorf("the export without private items has %q", leak)
		}
	}

	// Ticked, the private entry goes in; the mentor's reflection still never does.
	d.keys("esc", "x", "p")
	d.expect("[x] include private", "1 mentor's reflection never exported")
	if strings.Contains(d.screen(), "private entry left out") {
		t.Errorf("ticking did not include the private entry:\n%s", d.screen())
	}
	d.keys("enter")
	d.expect("Private items: included")
	d.keys("esc")
	withPrivate := filepath.Join(dir, "with.md")
	d.writeExportTo(withPrivate, 0)
	text = string(readExport(t, withPrivate))
	if !strings.Contains(text, "PRIVATE worry about my manager") || !strings.Contains(text, "Not for anyone.") {
		t.Errorf("the ticked export lacks the private entry:\n%s", text)
	}
	if strings.Contains(text, "SECRET-MENTOR-NOTE") || strings.Contains(text, "Session reflection") {
		t.Errorf("a session reflection went into an export:\n%s", text)
	}
}

func TestExportEncryptedToRecipient(t *testing.T) {
	d := seededDriver(t)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	d.keys("e", "x")
	d.expect("Export entries", "Audit of warfarin INR checks")
	d.keys("enter", "tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(filepath.Join(dir, "shared.md"))
	d.keys("tab")
	// A bad recipient is told, nothing is written, and the text stays.
	d.typeText("age1notakey")
	d.keys("ctrl+s")
	d.expect(`"age1notakey" is not an age recipient`, "▸ Encrypt to  age1notakey")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed export left %d files", len(entries))
	}
	d.keys("esc") // dismisses the error
	d.send(keyMsg("ctrl+u"))
	d.typeText(id.Recipient().String())
	d.expect("shared.md.age", "Encrypted with age")
	d.keys("ctrl+s")
	d.expect("✓ Wrote the entries as Markdown", "Encrypted with age")

	data := readExport(t, filepath.Join(dir, "shared.md.age"))
	if bytes.Contains(data, []byte("warfarin")) {
		t.Fatal("the encrypted export holds plaintext")
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatalf("the export does not decrypt with the recipient's identity: %v", err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(plain, []byte("# Reflective entries")) || !bytes.Contains(plain, []byte("Audit of warfarin INR checks")) {
		t.Errorf("decrypted export:\n%s", plain)
	}
}

// A meeting summary exports from the agenda builder (the planned meeting) and from
// the relationship (a held meeting), as the command line builds it.
func TestExportMeetingSummaries(t *testing.T) {
	d := unlockMentoring(t)
	dir := t.TempDir()
	d.keys("m", "enter", "p")
	d.expect("Agenda with Sam Okafor", "Exam nerves before the mock")
	ab := d.app.top().(*meetings.AgendaBuilder)
	for i, r := range ab.Rows {
		if r.Title == "Exam nerves before the mock" {
			ab.Cursor = i
		}
	}
	d.keys("space", "x")
	d.expect("Export meeting summary", "Planned meeting", "Agenda", "Exam nerves before the mock")
	if md := d.previewText(); strings.Contains(md, "PRIVATE worry") {
		t.Errorf("the preview of the meeting summary has a private entry:\n%s", md)
	}
	planned := filepath.Join(dir, "planned.md")
	d.writeExportTo(planned, 0)
	text := string(readExport(t, planned))
	for _, want := range []string{"Planned meeting", "Exam nerves before the mock (entry of", "I freeze in timed papers."} {
		if !strings.Contains(text, want) {
			t.Errorf("the planned meeting's summary lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "PRIVATE worry") {
		t.Error("a private entry went into the meeting summary")
	}
	// The agenda was saved before the export.
	r := mentorship.Relationships(d.app.ctx.Portfolio)[0]
	if up := mentorship.Stats(d.app.ctx.Portfolio, r.ID).Upcoming; up == nil || len(up.Agenda) != 1 {
		t.Fatalf("the agenda was not saved: %+v", up)
	}

	d.keys("esc", "esc")
	d.expect("mentored by Sam Okafor", "held")
	rv := d.app.top().(*mentoringpkg.RelationshipView)
	for i, m := range rv.Data.Meetings {
		if m.Held {
			rv.Cursor = i
		}
	}
	d.keys("x")
	d.expect("Export meeting summary", "Held meeting (1:1), covering")
	if md := d.previewText(); !strings.Contains(md, "Book the mock exam") {
		t.Errorf("the held meeting's summary lacks what was agreed:\n%s", md)
	}
}

func TestReceivedDocumentShowsInItsRelationship(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	pub, err := share.PublicKey(p)
	if err != nil {
		t.Fatal(err)
	}
	to, err := share.ParseRecipients([]string{pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := to.Encrypt([]byte("# Notes from Sam\n\nRECEIVED-BODY: keep **going**.\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	rel := mentorship.Relationships(p)[0]
	if _, err := share.Receive(p, data, "sam.md.age", rel.ID); err != nil {
		t.Fatal(err)
	}

	d.keys("m")
	d.expect("1 document shared with you")
	d.keys("enter")
	d.expect("mentored by Sam Okafor", "Shared with you", "Notes from Sam")
	rv := d.app.top().(*mentoringpkg.RelationshipView)
	for range rv.Data.Rows() {
		d.keys("down")
	}
	d.keys("enter")
	d.expect("Received ", "as sam.md.age: read-only", "RECEIVED-BODY: keep going.")

	// The list in the mentoring area has it too, with the key to give out.
	d.keys("esc", "esc", "i")
	d.expect("Your sharing key", pub, "Notes from Sam", "mentored by Sam Okafor")
	d.keys("enter")
	d.expect("RECEIVED-BODY: keep going.")
}

// A PDF for a reader without age is protected with a password of its own: it
// opens with the password and not without, and a password on another format is
// refused with nothing written.
func TestExportPDFWithPassword(t *testing.T) {
	d := seededDriver(t)
	dir := t.TempDir()
	const password = "correct-horse-battery"
	d.keys("e", "x")
	d.expect("Export entries", "Audit of warfarin INR checks")
	d.keys("enter", "tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(filepath.Join(dir, "shared.md"))
	d.keys("tab", "tab")
	d.typeText(password)
	d.expect("▸ Password", "Protected with the password")
	if ex := d.app.top().(*export.Exporter); strings.Contains(ex.View(), password) {
		t.Fatal("the password is shown as typed")
	}
	d.keys("ctrl+s")
	d.expect("a password protects a PDF")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused export left %d files", len(entries))
	}
	d.keys("esc") // dismisses the error
	d.keys("tab") // round to the format
	d.keys("right", "right")
	d.expect("shared.pdf")
	d.keys("ctrl+s")
	d.expect("✓ Wrote the entries as PDF", "Protected with the password")

	data := readExport(t, filepath.Join(dir, "shared.pdf"))
	if !bytes.Contains(data, []byte("/Encrypt")) {
		t.Fatal("the PDF is not encrypted")
	}
	open := func(pw string) error {
		conf := model.NewDefaultConfiguration()
		conf.UserPW, conf.OwnerPW = pw, pw
		return api.Decrypt(bytes.NewReader(data), io.Discard, conf)
	}
	if err := open("wrong-horse-battery"); err == nil {
		t.Error("the PDF opened with the wrong password")
	}
	if err := open(password); err != nil {
		t.Errorf("the PDF does not open with its password: %v", err)
	}
}

// The mentoring area offers the relationship's calendar: an iCalendar file of its
// planned meeting and open actions that a calendar app reads, with private titles
// unless names and words are asked for.
func TestExportCalendarFromRelationship(t *testing.T) {
	d := unlockMentoring(t)
	dir := t.TempDir()
	d.keys("m", "enter")
	d.expect("mentored by Sam Okafor")
	d.keys("C")
	d.expect("Export calendar", "BEGIN:VCALENDAR")
	if md := d.previewText(); strings.Contains(md, "Sam Okafor") || strings.Contains(md, "Book the mock exam") {
		t.Errorf("the calendar has names and words without being asked:\n%s", md)
	}
	d.keys("p")
	d.expect("Due: Book the mock exam")
	path := filepath.Join(dir, "mentoring.ics")
	d.writeExportTo(path, 0)
	d.expect("as iCalendar")
	cal, err := ics.ParseCalendar(bytes.NewReader(readExport(t, path)))
	if err != nil {
		t.Fatalf("the calendar does not parse: %v", err)
	}
	events := cal.Events()
	if len(events) == 0 {
		t.Fatal("no events in the calendar")
	}
	found := false
	for _, e := range events {
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil && strings.Contains(p.Value, "Book the mock exam") {
			found = true
		}
	}
	if !found {
		t.Error("no event has the action's words, though they were asked for")
	}
}
