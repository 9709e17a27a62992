package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render/internal/fonttest"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// japaneseMeeting is the summary of a meeting with a Japanese mentor, whose
// notes name a Welsh and an Arabic colleague and hold an emoji.
func japaneseMeeting(t *testing.T) document.Doc {
	t.Helper()
	p, _ := testvault.New(t)
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "山田 はなこ", Start: calendar.MakeDate(2026, 1, 1), IntervalDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{
		RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 2, 20), Shared: true,
		Notes: []portfolio.Section{{Heading: "Goal", Body: "Review with Siân Ŵyn ap Gwilym\n\nand with محمد عبد الله 🙂"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.MeetingSummary(p, rel.ID, m.ID, document.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// cffFontDir is a font folder holding one font, in CFF outlines as Noto Sans CJK
// is, that draws the Japanese name.
func cffFontDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "NotoSansCJK-Boxes.otf"), fonttest.CFFBoxes("山田 はなこ"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A Japanese name drawn by a CFF font (as paths, since such a font cannot be
// subset) prints: pdftotext gives it back beside the Welsh and Arabic names, the
// notice names only the emoji no font draws, and the page has ink where the name is.
func TestPDFJapaneseFromCFFFont(t *testing.T) {
	out, err := renderPDF(japaneseMeeting(t), []string{cffFontDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "meeting.pdf")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	extract, err := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := dropBidiMarks(string(extract))
	for _, name := range []string{"Siân Ŵyn ap Gwilym", "محمد عبد الله", "山田 はなこ"} {
		if !strings.Contains(text, name) {
			t.Errorf("pdftotext has no %q:\n%s", name, text)
		}
	}
	if !strings.Contains(text, "U+1F642") {
		t.Errorf("the notice does not name the emoji:\n%s", text)
	}
	for _, script := range []string{"Han", "Hiragana"} {
		if strings.Contains(text, script) {
			t.Errorf("the notice names %s, which is drawn:\n%s", script, text)
		}
	}
	img := pageImage(t, path, pageDPI)
	found := 0
	for _, w := range wordBoxes(t, path) {
		if strings.ContainsAny(w.Text, "山田はなこ") {
			found++
			if got := ink(img, pageDPI, w.XMin, w.YMin, w.XMax, w.YMax); got < 0.3 {
				t.Errorf("the word %q at (%.0f, %.0f) has too little ink (%.3f) for its glyphs", w.Text, w.XMin, w.YMin, got)
			}
		}
	}
	if found == 0 {
		t.Error("no Japanese word on the page")
	}
}
