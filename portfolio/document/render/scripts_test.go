package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/document"
)

// Names in every script people write them in. Latin with accents, Greek and
// Cyrillic print; what the embedded fonts cannot draw (Arabic, Hebrew, CJK, emoji,
// Vietnamese's stacked accents) is named at the top of the PDF, never silently lost.
func TestPDFNamesInEveryScript(t *testing.T) {
	d := document.Doc{
		Title: "Meeting: mentor to Siân Ŵyn, José (decomposed: Jose\u0301), Ελένη, Пётр",
		Sections: []document.Section{{Heading: "People", Blocks: []document.Block{
			{Kind: document.BlockList, Items: []string{"محمد", "דוד", "山田 はなこ", "Nguyễn", "🙂"}},
		}}},
	}
	out, err := Render(d, PDF)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(readPDF(t, out).text), " ")
	for _, want := range []string{"Siân Ŵyn", "José (decomposed: José)", "Ελένη", "Пётр"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	missing := MissingGlyphs(d)
	for _, r := range "محمدדוד山田はなこễ🙂" {
		if r != ' ' && !slices.Contains(missing, r) {
			t.Errorf("%q is not reported as missing", r)
		}
	}
	for _, r := range "SiânŴyJoséΕλένηПётр" {
		if slices.Contains(missing, r) {
			t.Errorf("%q is reported missing but is drawn", r)
		}
	}
	for _, script := range []string{"Arabic", "Hebrew", "Han", "Hiragana", "Latin", "emoji and symbols"} {
		if !strings.Contains(text, script) {
			t.Errorf("the notice does not name %s:\n%s", script, text)
		}
	}
	if strings.Contains(text, "?") {
		t.Error("a character became a silent ?")
	}
}
