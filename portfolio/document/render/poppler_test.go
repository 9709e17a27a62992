package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// These tests read the PDF with poppler-utils (pdftotext, pdftoppm), as a reader's
// viewer would: .ci/run installs them.

func poppler(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: install poppler-utils (.ci/run does)", name)
	}
	return p
}

// scriptsPDF writes scriptsDoc's PDF to a temporary file.
func scriptsPDF(t *testing.T) string {
	t.Helper()
	out, err := RenderPDF(scriptsDoc(), nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scripts.pdf")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// dropBidiMarks removes the direction marks pdftotext puts around runs.
func dropBidiMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// A viewer's text extraction gives every name back in reading order: Arabic and
// Hebrew right to left with their spaces, Devanagari's vowel signs after their
// consonants, accents composed.
func TestPDFTextReadsInOrder(t *testing.T) {
	path := scriptsPDF(t)
	out, err := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(dropBidiMarks(string(out)), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, name := range scriptNames {
		if !lines[name] {
			t.Errorf("pdftotext has no line %q:\n%s", name, out)
		}
	}
}

// pdfWord is a word as pdftotext -bbox places it, in points from the top left.
type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

func wordBoxes(t *testing.T, path string) []pdfWord {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdftotext"), "-bbox", "-f", "1", "-l", "1", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var words []pdfWord
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "word" {
			var w pdfWord
			if err := dec.DecodeElement(&w, &se); err == nil {
				words = append(words, w)
			}
		}
	}
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
	return words
}

// pageImage renders page 1 in grey at dpi with pdftoppm.
func pageImage(t *testing.T, path string, dpi int) *image.Gray {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	cmd := exec.Command(poppler(t, "pdftoppm"), "-r", fmt.Sprint(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile", path, prefix)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	data, err := os.ReadFile(prefix + ".pgm")
	if err != nil {
		t.Fatal(err)
	}
	// The header: P5, width, height and the largest value, each followed by one
	// whitespace byte.
	var fields []int
	n := 0
	for len(fields) < 4 && n < len(data) {
		start := n
		for n < len(data) && !unicode.IsSpace(rune(data[n])) {
			n++
		}
		v := 0
		if len(fields) > 0 {
			fmt.Sscan(string(data[start:n]), &v)
		} else if string(data[start:n]) != "P5" {
			t.Fatal("not a binary PGM")
		}
		fields = append(fields, v)
		n++
	}
	w, h := fields[1], fields[2]
	if len(fields) != 4 || fields[3] != 255 {
		t.Fatal("not an 8-bit PGM")
	}
	pix := data[n:]
	if len(pix) != w*h {
		t.Fatalf("PGM of %dx%d holds %d bytes", w, h, len(pix))
	}
	return &image.Gray{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}
}

// ink is the share of pixels in a box given in points that are not near white
// (grey text drawn small is anti-aliased light).
func ink(img *image.Gray, dpi int, x0, y0, x1, y1 float64) float64 {
	s := float64(dpi) / 72
	r := image.Rect(int(x0*s), int(y0*s), int(x1*s+1), int(y1*s+1)).Intersect(img.Rect)
	dark, all := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			all++
			if img.GrayAt(x, y).Y < 192 {
				dark++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(dark) / float64(all)
}

const pageDPI = 60

// The page as a viewer draws it: every word of every name has ink where the text
// layer says it is, the right-to-left paragraph ends at the right margin, and the
// page matches the stored image within a tolerance, so a name drawn as empty
// boxes, unjoined letters or in the wrong order shows.
func TestPDFPageImage(t *testing.T) {
	path := scriptsPDF(t)
	img := pageImage(t, path, pageDPI)
	words := wordBoxes(t, path)
	found := map[string]bool{}
	for _, w := range words {
		found[w.Text] = true
		if strings.ContainsRune(w.Text, substitute) {
			continue
		}
		if got := ink(img, pageDPI, w.XMin, w.YMin, w.XMax, w.YMax); got < 0.03 {
			t.Errorf("the word %q at (%.0f, %.0f) has no ink (%.3f)", w.Text, w.XMin, w.YMin, got)
		}
	}
	for _, name := range scriptNames {
		for _, word := range strings.Fields(name) {
			// pdftotext gives a right-to-left word in drawing order.
			rev := []rune(word)
			for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
				rev[i], rev[j] = rev[j], rev[i]
			}
			if !found[word] && !found[string(rev)] {
				t.Errorf("no word %q on the page", word)
			}
		}
	}
	// The Arabic paragraph is aligned right: its last word ends at the margin.
	right := 0.0
	for _, w := range words {
		if strings.ContainsAny(w.Text, "المرشدة") {
			right = max(right, w.XMax)
		}
	}
	if margin := (pageW - 20) / ptToMM; right < margin-3 || right > margin+1 {
		t.Errorf("the right-to-left paragraph ends at %.1f pt, want the margin at %.1f", right, margin)
	}
	compareImage(t, img, "scripts-page1.png")
}

// compareImage matches img against a stored PNG, tile by tile so that one name
// drawn wrong cannot hide in a whole page: a pixel differs when its grey differs by
// more than a quarter, and a tile fails when over 8% of its pixels do (anti-aliasing
// varies a little between poppler releases). go test -update stores it anew.
func compareImage(t *testing.T, img *image.Gray, name string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("the page is %v, the stored image %v", img.Bounds(), want.Bounds())
	}
	const tile = 24
	b := img.Bounds()
	var bad []string
	for ty := b.Min.Y; ty < b.Max.Y; ty += tile {
		for tx := b.Min.X; tx < b.Max.X; tx += tile {
			differ, all := 0, 0
			for y := ty; y < min(ty+tile, b.Max.Y); y++ {
				for x := tx; x < min(tx+tile, b.Max.X); x++ {
					all++
					g := color.GrayModel.Convert(want.At(x, y)).(color.Gray).Y
					if d := int(g) - int(img.GrayAt(x, y).Y); d > 64 || d < -64 {
						differ++
					}
				}
			}
			if float64(differ) > 0.08*float64(all) {
				bad = append(bad, fmt.Sprintf("(%d,%d)", tx, ty))
			}
		}
	}
	if len(bad) > 0 {
		got := filepath.Join(t.TempDir(), name)
		var buf bytes.Buffer
		_ = png.Encode(&buf, img)
		_ = os.WriteFile(got, buf.Bytes(), 0o644)
		t.Errorf("the page differs from %s in the %d-pixel tiles at %s (the page is in %s); run go test -update and review it",
			path, tile, strings.Join(bad, " "), got)
	}
}
