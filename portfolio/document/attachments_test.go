package document

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// The revalidation pack lists the files of the records it prints (name, size, type
// and record) in an appendix, and those of records it leaves out, not at all.
func TestRevalidationPackListsAttachments(t *testing.T) {
	p, _ := testvault.New(t)
	rules, _ := revalidation.LoadRules("")
	cpd := mustAdd(t, p, portfolio.Entry{Title: "Inhaler technique", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordPlannedCPD})
	private := mustAdd(t, p, portfolio.Entry{Title: "Private account", Date: calendar.MakeDate(2026, 2, 1), RecordKind: portfolio.RecordReflectiveAccount, Sharing: portfolio.SharingPrivate})
	if d, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false); strings.Contains(docText(d), "Attached files") || len(d.Attachments) != 0 {
		t.Error("an appendix with no files to list")
	}
	if _, err := attachment.Attach(p, cpd.ID, "certificate.pdf", strings.NewReader("%PDF-1.4\ncertificate of completion")); err != nil {
		t.Fatal(err)
	}
	if _, err := attachment.Attach(p, private.ID, "private-notes.txt", strings.NewReader("private")); err != nil {
		t.Fatal(err)
	}
	d, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	text := docText(d)
	if !strings.Contains(text, "Attached files") || !strings.Contains(text, "certificate.pdf") || !strings.Contains(text, "34 B") ||
		!strings.Contains(text, "application/pdf") {
		t.Errorf("the appendix lacks the certificate:\n%s", text)
	}
	if strings.Contains(text, "private-notes.txt") {
		t.Error("the appendix lists a file of a record left out")
	}
	if len(d.Attachments) != 1 || d.Attachments[0].Name != "certificate.pdf" {
		t.Errorf("the document carries %v", d.Attachments)
	}
	d, _ = RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, true)
	if len(d.Attachments) != 2 {
		t.Errorf("with --include-private: %d files", len(d.Attachments))
	}
}

// A meeting summary lists the files of the meeting, the relationship and the
// entries it prints; the identifier scan reads their names.
func TestMeetingSummaryListsAttachments(t *testing.T) {
	f := newMentoringFixture(t)
	if _, err := attachment.Attach(f.p, f.next.ID, "agenda-notes.txt", strings.NewReader("notes")); err != nil {
		t.Fatal(err)
	}
	if _, err := attachment.Attach(f.p, f.shareable.ID, "audit NHS 943 476 5919.pdf", strings.NewReader("%PDF-1.4\naudit")); err != nil {
		t.Fatal(err)
	}
	if _, err := attachment.Attach(f.p, f.unshared.ID, "unshared.txt", strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	d, err := MeetingSummary(f.p, f.rel.ID, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := docText(d)
	for _, want := range []string{"agenda-notes.txt", "this meeting", "audit NHS 943 476 5919.pdf", "Shareable reflection"} {
		if !strings.Contains(text, want) {
			t.Errorf("the appendix lacks %q", want)
		}
	}
	if strings.Contains(text, "unshared.txt") || len(d.Attachments) != 2 {
		t.Errorf("the summary carries %d files: %v", len(d.Attachments), d.Attachments)
	}
	found := false
	for _, fd := range Scan(d) {
		found = found || strings.Contains(fd.String(), "943")
	}
	if !found {
		t.Error("the identifier scan does not read attached files' names")
	}
}
