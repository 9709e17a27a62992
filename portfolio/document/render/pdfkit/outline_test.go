package pdfkit

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"github.com/foliohq/folio/portfolio/document/render/internal/fonttest"
)

// streams inflates every stream of a PDF pdfkit wrote, each with its dictionary.
func streams(t *testing.T, pdf []byte) [][2]string {
	t.Helper()
	var out [][2]string
	re := regexp.MustCompile(`(?s)obj\n(<<[^\n]*>>)\nstream\n`)
	for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
		dict := string(pdf[m[2]:m[3]])
		end := bytes.Index(pdf[m[1]:], []byte("\nendstream"))
		r, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+end]))
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{dict, string(data)})
	}
	return out
}

// A font with CFF outlines is not embedded: each glyph it draws is a filled path
// in a form XObject, drawn at the shaped glyph's place, and the run carries its
// text as ActualText around invisible glyphs that map back to it.
func TestCFFGlyphsDrawnAsPaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "boxes.otf"), fonttest.CFFBoxes("山田 はなこ"), 0o600); err != nil {
		t.Fatal(err)
	}
	fc := NewFonts([]string{dir})
	if !fc.Drawable('山') || fc.Drawable('🙂') {
		t.Fatalf("山 %v, 🙂 %v; want only 山", fc.Drawable('山'), fc.Drawable('🙂'))
	}
	d := New(fc, 210, 297, 20, 26)
	d.AddPage()
	d.SetXY(20, 20)
	d.Cell(170, 6, "Yamada 山田はなこ")
	var out bytes.Buffer
	if err := d.Output(&out); err != nil {
		t.Fatal(err)
	}
	pdf := out.Bytes()
	if bytes.Contains(pdf, []byte("+boxes /Encoding")) {
		t.Error("the CFF font is embedded")
	}
	ss := streams(t, pdf)
	var page, form string
	forms := 0
	for _, s := range ss {
		dict, data := s[0], s[1]
		switch {
		case strings.Contains(dict, "/Subtype /Form"):
			forms++
			form = dict + "\n" + data
		case strings.Contains(data, "BT"):
			page = data
		}
	}
	// 山田はなこ: five characters, one square glyph each, but each glyph its own
	// form (the boxes font gives every character its own glyph).
	if forms != 5 {
		t.Errorf("%d glyph forms, want 5", forms)
	}
	// The square's outline, in font units, scaled by the form's matrix.
	for _, want := range []string{"100 0 m", "900 0 l", "900 700 l", "100 700 l", "h f", "/BBox [100 0 900 700]", "/Matrix [0.001 0 0 0.001 0 0]"} {
		if !strings.Contains(form, want) {
			t.Errorf("the glyph form has no %q:\n%s", want, form)
		}
	}
	// The segmenter gives Han and Hiragana runs of their own: one span each.
	spans := regexp.MustCompile(`/Span <</ActualText (<FEFF[0-9A-F]*>)>> BDC\n((?s:.*?))EMC`).FindAllStringSubmatch(page, -1)
	if len(spans) != 2 {
		t.Fatalf("%d ActualText spans, want 2:\n%s", len(spans), page)
	}
	if spans[0][1] != text("山田") || spans[1][1] != text("はなこ") {
		t.Errorf("ActualText %s %s, want %s %s", spans[0][1], spans[1][1], text("山田"), text("はなこ"))
	}
	// The first glyph is drawn where the shaped glyph goes: after "Yamada ", at the
	// baseline the text uses, 10 points high; the next a square's advance on.
	pen := 20*ptPerMM + fc.Width("Yamada 山", Regular, 10) - 10 // the line drops a trailing space
	base := (297 - (20 + 3 + 0.3*10/ptPerMM)) * ptPerMM
	for i, want := range []string{"q 10 0 0 10 " + num(pen) + " " + num(base) + " cm /G1 Do Q", "q 10 0 0 10 " + num(pen+10) + " " + num(base) + " cm /G2 Do Q"} {
		if !strings.Contains(spans[0][2], want) {
			t.Errorf("glyph %d is not drawn by %q:\n%s", i+1, want, spans[0][2])
		}
	}
	for _, sp := range spans {
		if !strings.Contains(sp[2], "BT 3 Tr") || !strings.Contains(sp[2], "0 Tr ET") || !strings.Contains(sp[2], "1 0 0 1 "+num(pen)) && sp[1] == text("山田") {
			t.Errorf("the span has no invisible text where the glyphs are:\n%s", sp[2])
		}
	}
	if got := strings.Count(page, " Do Q"); got != 5 {
		t.Errorf("%d glyphs drawn, want 5", got)
	}
	if latin := page[:strings.Index(page, "/Span")]; strings.Contains(latin, "Tr") || !strings.Contains(latin, "TJ") {
		t.Errorf("the Latin text is not drawn as visible text:\n%s", latin)
	}
	var cmap string
	for _, s := range ss {
		if data := s[1]; strings.Contains(data, "beginbfchar") && strings.Contains(data, "<5C71>") {
			cmap = data
		}
	}
	for _, want := range []string{"<0001> <5C71>", "<0002> <7530>", "<0005> <3053>"} {
		if !strings.Contains(cmap, want) {
			t.Errorf("the invisible font's ToUnicode has no %s:\n%s", want, cmap)
		}
	}
}

// Of a family's weights side by side in a folder, regular text takes the regular
// one though the bold sorts first, and bold text the bold.
func TestSystemFontWeight(t *testing.T) {
	dir := t.TempDir()
	for name, weight := range map[string]int{"NotoSansCJK-Bold.otf": 700, "NotoSansCJK-Regular.otf": 400} {
		if err := os.WriteFile(filepath.Join(dir, name), fonttest.CFFBoxesOfWeight("山田", weight), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fc := NewFonts([]string{dir})
	for s, want := range map[Style]string{Regular: "NotoSansCJK-Regular", Italic: "NotoSansCJK-Regular", Bold: "NotoSansCJK-Bold", BoldItalic: "NotoSansCJK-Bold"} {
		got := "nothing"
		if f := fc.fontFor(s, '山'); f != nil {
			got = f.name
		}
		if got != want {
			t.Errorf("style %d draws 山 with %s, want %s", s, got, want)
		}
	}
}

// A system font's outlines come from disk: whatever its bytes, reading its
// coverage and drawing its glyphs as paths fails cleanly or succeeds, never panics.
func FuzzOutlines(f *testing.F) {
	f.Add(fonttest.CFFBoxes("山田 "))
	f.Add(fonttest.CFFBoxesOfWeight("山", 700))
	f.Add(fonttest.Boxes("山田"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, off := range memberOffsets(data) {
			ff := &fontFile{name: "fuzz", data: data, offset: off, outlines: true}
			_ = ff.hasOutline('山')
			for g := range uint16(4) {
				_ = glyphPath(ff, g)
				_ = glyphBBox(ff, g)
			}
			ff.scan()
		}
	})
}

// A font on disk is trusted no further than its bytes: a table said to run past
// the end of the file is refused before the parser allocates its length, and a
// cmap mapping every number up to 2³² is read only as far as Unicode goes.
func TestDamagedSystemFont(t *testing.T) {
	data := fonttest.CFFBoxes("山")
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		if rec := data[12+16*i:]; string(rec[:4]) == "hmtx" {
			binary.BigEndian.PutUint32(rec[12:], 0x7FFFFFF0)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if face := (&fontFile{name: "long", data: data, outlines: true}).load(); face != nil {
		t.Error("a font whose hmtx runs past its end loads")
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("loading it allocated %d MB", grew>>20)
	}

	data = fonttest.Boxes("山")
	tables, err := sfntTables(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	binary.BigEndian.PutUint32(tables["cmap"][32:], 0xFFFFFFFF) // the one group's last character
	f := &fontFile{name: "wide", data: data, outlines: true}
	f.scan()
	if len(f.cover) == 0 || len(f.cover) > unicode.MaxRune+1 || f.cover[len(f.cover)-1] > unicode.MaxRune {
		t.Errorf("the cover holds %d characters", len(f.cover))
	}
}
