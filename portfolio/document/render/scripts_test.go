package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render/pdfkit"
)

// scriptNames are names in the scripts the embedded fonts draw, each on a line of
// its own in scriptsDoc.
var scriptNames = []string{
	"Siân Ŵyn ap Gwilym", "Ελένη Παπαδοπούλου", "Пётр Иванов", "Nguyễn Thị Minh Khai",
	"محمد عبد الله", "דוד בן גוריון", "अंकिता शर्मा",
}

// scriptsDoc holds names in every script people write them in, with what the
// embedded fonts cannot draw (CJK, emoji) among them.
func scriptsDoc() document.Doc {
	items := append(slices.Clone(scriptNames), "山田 はなこ", "🙂")
	return document.Doc{
		Title: "Meeting: mentor to Siân Ŵyn, José (decomposed: Jose\u0301), Ελένη, Пётр, محمد",
		Sections: []document.Section{{Heading: "People", Blocks: []document.Block{
			{Kind: document.BlockList, Items: items},
			{Kind: document.BlockParagraph, Text: "قالت المرشدة: راجعنا ١٢ دواءً في 3 زيارات، والخطوة التالية مراجعة الجرعات مع الصيدلي قبل نهاية الشهر."},
		}}},
	}
}

// Every script the embedded fonts cover prints, shaped, and reads back as it was
// written; what they cannot draw (with no system fonts to fall back on) is named
// at the top of the PDF, never silently lost.
func TestPDFNamesInEveryScript(t *testing.T) {
	d := scriptsDoc()
	out, err := RenderPDF(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf := readPDF(t, out)
	golden(t, "scripts.pdf.txt", []byte(pdf.text))
	lines := strings.Split(pdf.text, "\n")
	for _, name := range scriptNames {
		if !slices.Contains(lines, name) {
			t.Errorf("no line reads %q:\n%s", name, pdf.text)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(pdf.text), " "), "José (decomposed: José)") {
		t.Errorf("accents written as combining marks are not composed:\n%s", pdf.text)
	}
	for face, want := range map[string]string{"NotoSansArabic-Regular": "محمد عبد الله", "NotoSansHebrew-Regular": "דוד בן גוריון", "NotoSansDevanagari-Regular": "शर्मा", "NotoSans-Regular": "ễ"} {
		if !strings.Contains(pdf.byFont[face], want) {
			t.Errorf("%q is not drawn in %s: %q", want, face, pdf.byFont[face])
		}
	}
	missing := missingGlyphs(d, pdfkit.NewFonts(nil))
	for _, r := range "山田はなこ🙂" {
		if r != ' ' && !slices.Contains(missing, r) {
			t.Errorf("%q is not reported as missing", r)
		}
	}
	for _, name := range scriptNames {
		for _, r := range name {
			if slices.Contains(missing, r) {
				t.Errorf("%q is reported missing but is drawn", r)
			}
		}
	}
	for _, script := range []string{"Han", "Hiragana", "emoji and symbols"} {
		if !strings.Contains(pdf.text, script) {
			t.Errorf("the notice does not name %s:\n%s", script, pdf.text)
		}
	}
	for _, script := range []string{"Arabic", "Hebrew", "Devanagari", "Latin"} {
		if strings.Contains(pdf.text, script) {
			t.Errorf("the notice names %s, which is drawn", script)
		}
	}
	if strings.Contains(pdf.text, "?") {
		t.Error("a character became a silent ?")
	}
}

// The notice speaks of one character as one.
func TestMissingNoticeOfOne(t *testing.T) {
	got := MissingNotice([]rune{0x1F642})
	if !strings.Contains(got, "cannot draw 1 character (emoji and symbols: U+1F642): no embedded or installed font has it; it is shown as") {
		t.Errorf("notice: %s", got)
	}
	if MissingNotice(nil) != "" {
		t.Error("a notice with nothing missing")
	}
}
