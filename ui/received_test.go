package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/pages/meetings"
)

// sharedFile writes plain, encrypted to the vault's sharing key, to a file in a
// temporary folder and returns its path.
func sharedFile(t *testing.T, d *driver, name string, plain []byte) string {
	t.Helper()
	pub, err := share.PublicKey(d.app.ctx.Portfolio)
	if err != nil {
		t.Fatal(err)
	}
	to, err := share.ParseRecipients([]string{pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := to.Encrypt(plain, false)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// receive opens "Shared with you" and receives the file at path with r.
func (d *driver) receive(path string) {
	d.t.Helper()
	if _, ok := d.app.top().(*meetings.ReceivedList); !ok {
		d.keys("m", "i")
	}
	d.expect("Your sharing key")
	d.keys("r")
	d.expect("Receive a file")
	d.typeText(path)
	d.keys("enter", "enter")
}

// Receiving the same file twice says it is held already, and keeps one copy.
func TestReceivingTheSameFileTwiceKeepsOne(t *testing.T) {
	d := seededDriver(t)
	path := sharedFile(t, d, "sam.md.age", []byte("# Notes from Sam\n\nKeep going.\n"))
	d.receive(path)
	d.expect("Kept \"Notes from Sam\"")
	d.receive(path)
	d.expect("You have \"Notes from Sam\" already")
	if s := d.screen(); strings.Contains(s, "already received") {
		t.Fatalf("a second receipt is shown as an error:\n%s", s)
	}
	if n := len(share.ReceivedDocuments(d.app.ctx.Portfolio, "")); n != 1 {
		t.Fatalf("%d documents kept, want 1", n)
	}
}

// A received HTML page reads as text, not as its source.
func TestReceivedHTMLShowsAsText(t *testing.T) {
	d := seededDriver(t)
	page := "<!doctype html><html><head><title>Feedback</title><style>p{color:red}</style></head>" +
		"<body><h1>Feedback from Sam</h1><p>Your counselling was <em>clear</em>.</p></body></html>"
	d.receive(sharedFile(t, d, "feedback.html.age", []byte(page)))
	d.expect("Kept \"Feedback\"")
	d.keys("enter")
	d.expect("Feedback from Sam", "Your counselling was clear.")
	for _, src := range []string{"<p>", "color:red", "doctype"} {
		if strings.Contains(d.screen(), src) {
			t.Fatalf("the page shows its source (%q):\n%s", src, d.screen())
		}
	}
}

// A received PDF is described, and w saves the bytes as sent to a new file that only
// the user can read; an existing file is never replaced.
func TestReceivedPDFIsDescribedAndSavedAsACopy(t *testing.T) {
	d := seededDriver(t)
	pdf := []byte("%PDF-1.4\n1 0 obj << /Title (Placement report) >> endobj\n%%EOF\n")
	d.receive(sharedFile(t, d, "report.pdf.age", pdf))
	d.expect("Kept \"Placement report\"")
	d.keys("enter")
	d.expect("A PDF document", "Placement report", "bytes", "save a copy")
	if strings.Contains(d.screen(), "%PDF") {
		t.Fatalf("the PDF's bytes are on screen:\n%s", d.screen())
	}
	d.keys("esc")

	out := filepath.Join(t.TempDir(), "report.pdf")
	d.keys("w")
	d.expect("Save a copy", "Placement report")
	d.typeText(out)
	d.keys("enter")
	d.expect("Saved a copy of \"Placement report\"")
	got, err := os.ReadFile(out)
	if err != nil || string(got) != string(pdf) {
		t.Fatalf("the copy: %q, %v", got, err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copy's mode: %v, %v", fi.Mode(), err)
	}

	// Again to the same path: refused, the file untouched.
	if err := os.WriteFile(out, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.keys("w")
	d.typeText(out)
	d.keys("enter")
	d.expect("already")
	if got, _ := os.ReadFile(out); string(got) != "mine" {
		t.Fatalf("an existing file was replaced: %q", got)
	}
}
