package share

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/validate"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/media"
	"github.com/foliohq/folio/portfolio/mentorship"
)

func TestReceiveRoundTrip(t *testing.T) {
	p, c := testvault.New(t)
	rel, _ := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam"})
	pub, _ := PublicKey(p)
	summary := "# Agenda for 2026-03-20 with Sam\n\n1. Exam nerves — Zoë's question\n"
	for _, armored := range []bool{false, true} {
		// The armoured copy differs, or it would be the same document received twice.
		if armored {
			summary += "2. Rota\n"
			c.Advance(time.Minute) // so the newest is the armoured one
		}
		sealed := testvault.SealTo(t, pub, []byte(summary), armored)
		doc, err := Receive(p, sealed, "agenda.age", rel.ID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Body != summary || doc.Title != "Agenda for 2026-03-20 with Sam" || doc.RelationshipID != rel.ID {
			t.Errorf("received %+v", doc)
		}
	}
	p = testvault.Reopen(t, p, c)
	if got := ReceivedDocuments(p, rel.ID); len(got) != 2 || got[0].Body != summary {
		t.Errorf("received documents after reopen: %+v", got)
	}
}

func TestReceiveRefusesWhatIsNotForThisVault(t *testing.T) {
	p, _ := testvault.New(t)
	if _, err := Receive(p, []byte("x"), "f.age", ""); err == nil || !portfolio.IsBadInput(err) {
		t.Errorf("receive before any key: %v", err)
	}
	PublicKey(p)
	stranger, _ := age.GenerateX25519Identity()
	sealed := testvault.SealTo(t, stranger.Recipient().String(), []byte("not for you"), false)
	if _, err := Receive(p, sealed, "f.age", ""); !errors.Is(err, ErrNotForThisVault) || !portfolio.IsBadInput(err) {
		t.Errorf("receive of another's file: %v", err)
	}
	pub, _ := PublicKey(p)
	binary := testvault.SealTo(t, pub, []byte{0xff, 0xfe, 'x'}, false)
	for name, data := range map[string][]byte{"garbage": []byte("hello, not age"), "not UTF-8": binary, "empty": nil} {
		if _, err := Receive(p, data, name, ""); err == nil || !portfolio.IsBadInput(err) {
			t.Errorf("receive %s: %v", name, err)
		}
	}
	if got := ReceivedDocuments(p, ""); len(got) != 0 {
		t.Errorf("refused files were kept: %+v", got)
	}
}

// A file encrypted with a passphrase (age -p) is named as such: folio receives only
// files encrypted to its key.
func TestReceivePassphraseFileSaysSo(t *testing.T) {
	p, _ := testvault.New(t)
	PublicKey(p)
	r, err := age.NewScryptRecipient("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(10)
	for _, armored := range []bool{false, true} {
		var buf bytes.Buffer
		var dst io.Writer = &buf
		var aw io.WriteCloser
		if armored {
			aw = armor.NewWriter(&buf)
			dst = aw
		}
		w, _ := age.Encrypt(dst, r)
		w.Write([]byte("# Summary\n"))
		w.Close()
		if aw != nil {
			aw.Close()
		}
		_, err := Receive(p, buf.Bytes(), "summary.age", "")
		_, derr := DecryptForVault(p, buf.Bytes(), "summary.age")
		for _, e := range []error{err, derr} {
			if e == nil || !portfolio.IsBadInput(e) || !strings.Contains(e.Error(), "summary.age is encrypted with a passphrase") || !strings.Contains(e.Error(), "encrypted to its key") {
				t.Errorf("armored %v: %v", armored, e)
			}
		}
	}
}

// The same document received again, in either form, is recognised and not kept twice.
func TestReceiveTwiceKeepsOneCopy(t *testing.T) {
	p, _ := testvault.New(t)
	pub, _ := PublicKey(p)
	first, err := Receive(p, testvault.SealTo(t, pub, []byte("# Agenda\n\n1. Nights\n"), false), "agenda.age", "")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p.Path())
	// The same text, armoured and with Windows line ends, is the same document.
	again, err := Receive(p, testvault.SealTo(t, pub, []byte("# Agenda\r\n\r\n1. Nights\r\n"), true), "agenda-copy.age", "")
	if !errors.Is(err, ErrAlreadyReceived) || again == nil || again.ID != first.ID {
		t.Fatalf("a second receive: %+v, %v", again, err)
	}
	if after, _ := os.ReadFile(p.Path()); !bytes.Equal(before, after) || len(ReceivedDocuments(p, "")) != 1 {
		t.Error("receiving the same document again changed the vault")
	}
}

// A received document's title leaves out escape sequences and control characters, so
// it is a title folio accepts anywhere (an archive import included).
func TestReceivedTitleHasNoControls(t *testing.T) {
	for in, want := range map[string]string{
		"# \x1b[2J\x1b]0;x\x07Shared Title\x00\n":    "Shared Title",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ x": "link x",
		"\u009b31mred \u202eevil\u202c":              "31mred \u202eevil\u202c",
		"\x1b":                                       "f.age",
	} {
		if got := receivedTitle(in, "f.age"); got != want {
			t.Errorf("%q: title %q, want %q", in, got, want)
		}
	}
}

// A summary shared as HTML or PDF is kept as that document, titled from itself, with
// its media type, so it can be opened with a program that shows it.
func TestReceiveHTMLAndPDF(t *testing.T) {
	p, c := testvault.New(t)
	pub, _ := PublicKey(p)
	page := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Summary for Sam &amp; Zo&euml;</title></head><body><h1>Other</h1></body></html>\n"
	doc, err := Receive(p, testvault.SealTo(t, pub, []byte(page), false), "summary.html.age", "")
	if err != nil || doc.MediaType != portfolio.MediaHTML || doc.Title != "Summary for Sam & Zoë" || doc.Body != page || doc.Data != nil {
		t.Fatalf("HTML: %+v, %v", doc, err)
	}
	h1 := "<html>\n<body><h1>Agenda <em>for</em>\n March</h1></body></html>"
	if doc, err := Receive(p, testvault.SealTo(t, pub, []byte(h1), false), "agenda.age", ""); err != nil || doc.Title != "Agenda for March" {
		t.Errorf("HTML without a title: %+v, %v", doc, err)
	}
	// As fpdf writes a UTF-8 title: UTF-16BE with a byte-order mark, in a literal.
	pdf := []byte("%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Producer (fpdf) /Title (\xfe\xff\x00S\x00u\x00m\x00 \x00\\(\x00Z\x00\xeb\x00\\)) >>\nendobj\n\x00\xff binary\n%%EOF\n")
	doc, err = Receive(p, testvault.SealTo(t, pub, pdf, true), "summary.pdf.age", "")
	if err != nil || doc.MediaType != portfolio.MediaPDF || doc.Title != "Sum (Zë)" || !bytes.Equal(doc.Data, pdf) || doc.Body != "" {
		t.Fatalf("PDF: %+v, %v", doc, err)
	}
	if _, err := Receive(p, testvault.SealTo(t, pub, pdf, false), "again.age", ""); !errors.Is(err, ErrAlreadyReceived) {
		t.Errorf("the same PDF again: %v", err)
	}
	hexTitle := []byte("%PDF-1.7\n<< /Title <FEFF00480069> >>\n")
	if doc, err := Receive(p, testvault.SealTo(t, pub, hexTitle, false), "hex.age", ""); err != nil || doc.Title != "Hi" {
		t.Errorf("a hex title: %+v, %v", doc, err)
	}
	p = testvault.Reopen(t, p, c)
	var kept *portfolio.Received
	for _, d := range ReceivedDocuments(p, "") {
		if d.MediaType == portfolio.MediaPDF && d.Title == "Sum (Zë)" {
			kept = d
		}
	}
	if kept == nil || !bytes.Equal(kept.Data, pdf) {
		t.Errorf("the PDF after reopening: %+v", kept)
	}
}

// A received document's title, cut by package media, is one the core accepts.
func TestTitleLimitsAgree(t *testing.T) {
	long := strings.Repeat("x", validate.MaxTitleRunes+50)
	got := media.HTMLTitle("<html><title>"+long+"</title></html>", "f.html")
	if utf8.RuneCountInString(got) != validate.MaxTitleRunes {
		t.Errorf("media cuts a title to %d characters; the core allows %d", utf8.RuneCountInString(got), validate.MaxTitleRunes)
	}
}
