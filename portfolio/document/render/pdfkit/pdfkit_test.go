package pdfkit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"

	"github.com/foliohq/folio/portfolio/document/render/internal/fonttest"
)

// layoutOne lays s out on one wide line in the regular style.
func layoutOne(t *testing.T, fc *Fonts, s string) line {
	t.Helper()
	lines := fc.layout([]Span{{Text: s}}, 10, 1e5, 1e5)
	if len(lines) != 1 {
		t.Fatalf("%q took %d lines", s, len(lines))
	}
	return lines[0]
}

// Arabic letters take their joined forms, and lam-alef its ligature: the glyphs
// drawn are not the isolated letters a character-by-character writer would show.
func TestArabicIsJoined(t *testing.T) {
	fc := NewFonts(nil)
	l := layoutOne(t, fc, "محمد")
	if len(l.runs) != 1 || !l.rtl || !l.runs[0].rtl || l.runs[0].font.name != "NotoSansArabic-Regular" {
		t.Fatalf("runs %+v", l.runs)
	}
	face := fc.face(l.runs[0].font)
	isolated := map[uint16]bool{}
	for _, r := range "محمد" {
		g, _ := face.NominalGlyph(r)
		isolated[uint16(g)] = true
	}
	joined := 0
	for _, g := range l.runs[0].glyphs {
		if !isolated[g.id] {
			joined++
		}
	}
	if joined < 3 {
		t.Errorf("only %d of %d glyphs are joined forms", joined, len(l.runs[0].glyphs))
	}
	if la := layoutOne(t, fc, "لا"); len(la.runs[0].glyphs) != 1 || la.runs[0].glyphs[0].text != "ال" {
		t.Errorf("lam-alef is not one ligature glyph standing for its two letters: %+v", la.runs[0].glyphs)
	}
}

// Runs are drawn in visual order: in a left-to-right line a Hebrew name sits
// between its neighbours; in a right-to-left line the first words are rightmost.
func TestBidiOrder(t *testing.T) {
	fc := NewFonts(nil)
	texts := func(l line) []string {
		var out []string
		for _, r := range l.runs {
			out = append(out, strings.TrimSpace(r.text))
		}
		return slices.DeleteFunc(out, func(s string) bool { return s == "" })
	}
	if got := texts(layoutOne(t, fc, "Mentor דוד לוי today")); !slices.Equal(got, []string{"Mentor", "דוד לוי", "today"}) {
		t.Errorf("left-to-right line: %q", got)
	}
	l := layoutOne(t, fc, "שלום Anna ולהתראות")
	if got := texts(l); !l.rtl || !slices.Equal(got, []string{"ולהתראות", "Anna", "שלום"}) {
		t.Errorf("right-to-left line (rtl %v): %q", l.rtl, got)
	}
}

// Long text breaks between words, never inside one, and keeps its spaces.
func TestWrapKeepsWords(t *testing.T) {
	fc := NewFonts(nil)
	text := "مرحبا بالعالم هذا نص عربي طويل يجب أن يلتف على عدة أسطر"
	lines := fc.layout([]Span{{Text: text}}, 10, 120, 120)
	if len(lines) < 2 {
		t.Fatalf("%d lines, want the text wrapped", len(lines))
	}
	var joined []string
	for _, l := range lines {
		if l.width > 120.01 {
			t.Errorf("a line is %.1f pt wide, over 120", l.width)
		}
		joined = append(joined, strings.TrimSpace(l.text))
	}
	if got := strings.Join(joined, " "); got != text {
		t.Errorf("the lines read %q", got)
	}
}

// The subset keeps the outlines of the glyphs used, and of the glyphs composites
// are built from, byte for byte, keeps every glyph's ID, and drops the rest.
func TestSubset(t *testing.T) {
	data, err := notoFonts.ReadFile("fonts/NotoSans-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := sfntTables(data, 0)
	origOffs, err := glyphOffsets(orig)
	if err != nil {
		t.Fatal(err)
	}
	used := map[uint16]bool{}
	var composite uint16
	for _, r := range "Nguyễn ŵ" {
		g, _ := face.NominalGlyph(r)
		used[uint16(g)] = true
		if len(components(orig["glyf"][origOffs[g]:origOffs[g+1]])) > 0 {
			composite = uint16(g)
		}
	}
	sub, err := subsetFont(data, 0, used)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > len(data)/4 {
		t.Errorf("the subset is %d bytes of %d", len(sub), len(data))
	}
	if _, err := font.ParseTTF(bytes.NewReader(sub)); err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	tables, _ := sfntTables(sub, 0)
	offs, err := glyphOffsets(tables)
	if err != nil || len(offs) != len(origOffs) {
		t.Fatalf("glyph IDs changed: %d glyphs, was %d (%v)", len(offs)-1, len(origOffs)-1, err)
	}
	outline := func(tabs map[string][]byte, offs []int, g uint16) []byte { return tabs["glyf"][offs[g]:offs[g+1]] }
	keep := map[uint16]bool{}
	for g := range used {
		keep[g] = true
	}
	if composite == 0 {
		t.Fatal("no composite glyph among the test's characters")
	}
	for _, c := range components(outline(orig, origOffs, composite)) {
		keep[c] = true
	}
	for g := range keep {
		if a, b := outline(orig, origOffs, g), outline(tables, offs, g); !bytes.Equal(a, b[:len(a)]) {
			t.Errorf("glyph %d differs in the subset", g)
		}
	}
	dropped := 0
	for g := range uint16(len(offs) - 1) {
		if !keep[g] && g != 0 && len(outline(tables, offs, g)) > 0 {
			t.Errorf("unused glyph %d kept", g)
		}
		if !keep[g] && len(outline(orig, origOffs, g)) > 0 {
			dropped++
		}
	}
	if dropped == 0 {
		t.Error("nothing dropped")
	}
	if checksum(sub) != 0xB1B0AFBA {
		t.Errorf("the font's checksum is %08x", checksum(sub))
	}
}

// A script no embedded font has is drawn by a TrueType font in the system's font
// folders; files there that are not fonts are skipped, not fatal.
func TestSystemFontFallback(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "boxes.ttf"), fonttest.Boxes("山田"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, junk := range map[string][]byte{"empty.ttf": nil, "junk.ttf": []byte("not a font at all, not at all"), "cut.ttc": []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x09")} {
		if err := os.WriteFile(filepath.Join(dir, name), junk, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if NewFonts(nil).Drawable('山') {
		t.Fatal("山 drawable with no system fonts")
	}
	fc := NewFonts([]string{dir, filepath.Join(dir, "absent")})
	if !fc.Drawable('山') || fc.Drawable('🙂') {
		t.Fatalf("山 %v, 🙂 %v; want only 山", fc.Drawable('山'), fc.Drawable('🙂'))
	}
	d := New(fc, 210, 297, 20, 26)
	d.AddPage()
	d.MultiCell(170, 6, d.Plain("Yamada 山田"), Start, false)
	var out bytes.Buffer
	if err := d.Output(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("+boxes /Encoding /Identity-H")) {
		t.Error("the system font is not embedded")
	}
}

// The same document gives the same bytes: nothing depends on map order or the clock.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cjk.otf"), fonttest.CFFBoxes("山田 はなこ"), 0o600); err != nil {
		t.Fatal(err)
	}
	render := func() []byte {
		d := New(NewFonts([]string{dir}), 210, 297, 20, 26)
		d.SetFooter(func(p, n int) { d.SetY(280); d.MultiCell(170, 5, d.Plain("page 山田"), Center, false) })
		d.AddPage()
		d.MultiCell(170, 6, []Span{{Text: "Siân محمد דוד अंकिता 山田 はなこ 田山 "}, {Text: "bold", Style: Bold}}, Start, false)
		var out bytes.Buffer
		if err := d.Output(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	if !bytes.Equal(render(), render()) {
		t.Error("two renderings differ")
	}
}

// Font files come from disk: whatever their bytes, reading and subsetting them
// fails cleanly or succeeds, never panics.
func FuzzSubset(f *testing.F) {
	f.Add(fonttest.Boxes("山田"))
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Add([]byte{0, 1, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, off := range memberOffsets(data) {
			_, _ = sfntTables(data, off)
			_, _ = subsetFont(data, off, map[uint16]bool{1: true, 2: true})
		}
	})
}

// Rect takes the top-left corner and the size in millimetres from the top of the
// page, as the cursor does; in PDF space (points from the bottom) its rectangle
// starts at the bottom edge and goes up by its height. A rectangle drawn a height too
// low put table rows' boxes under their text.
func TestRectCoversItsArea(t *testing.T) {
	d := New(NewFonts(nil), 210, 297, 20, 26)
	d.AddPage()
	d.Rect(10, 20, 30, 5, "D")
	got := d.cur.content.String()
	want := fmt.Sprintf("%s %s %s %s re S", num(10*ptPerMM), num((297-20-5)*ptPerMM), num(30*ptPerMM), num(5*ptPerMM))
	if !strings.Contains(got, want) {
		t.Errorf("Rect(10, 20, 30, 5) drew %q, want the rectangle %q", got, want)
	}
}
