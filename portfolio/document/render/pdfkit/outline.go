package pdfkit

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// A font whose outlines pdfkit cannot subset (CFF, as in most .otf fonts and Noto
// Sans CJK) is not embedded: each glyph it draws becomes a form XObject holding
// the glyph's outline as a filled path, drawn where the shaped glyph goes. The
// run's text is kept twice over, so copy, search and pdftotext still give it: the
// run is marked content with its text as ActualText, and inside it the glyphs are
// shown as invisible text (render mode 3) in a small TrueType font of empty glyphs
// with the same advances, whose ToUnicode maps each to its characters. Viewers
// that read ActualText (Acrobat, poppler, MuPDF) copy the run as written; those
// that do not still read the invisible glyphs, and the invisible glyphs give the
// text its place on the page, which poppler needs to use ActualText at all.

// drawOutlines draws a run of a font drawn as paths, with its invisible text.
func (d *Doc) drawOutlines(r run, pen, base float64) {
	face := r.font.load()
	if face == nil {
		return
	}
	d.out("/Span <</ActualText %s>> BDC", text(runText(r)))
	x := pen
	for _, g := range r.glyphs {
		if n, ok := d.glyphObject(r.font, g.id); ok {
			d.out("q %s 0 0 %s %s %s cm /G%d Do Q", num(r.size), num(r.size), num(x+g.dx), num(base+g.dy), n)
		}
		x += g.advance
	}
	shadow := d.textFont(r.font)
	tr := r
	tr.font = shadow
	tr.glyphs = slices.Clone(r.glyphs)
	for i, g := range tr.glyphs {
		tr.glyphs[i].id = shadow.textGlyph(r.font, g.id)
	}
	d.out("BT 3 Tr")
	d.drawRun(tr, pen, base, true)
	d.out("0 Tr ET")
	d.out("EMC")
}

// runText is a run's characters in reading order, as its glyphs stand for them
// (without the spaces a line's end drops).
func runText(r run) string {
	var b strings.Builder
	last := -1
	order := slices.Clone(r.glyphs)
	slices.SortStableFunc(order, func(a, b glyph) int { return a.cluster - b.cluster })
	for _, g := range order {
		if g.cluster == last {
			continue
		}
		last = g.cluster
		t := []rune(g.text)
		if r.rtl {
			slices.Reverse(t) // clusterText gave it in visual order
		}
		b.WriteString(string(t))
	}
	return b.String()
}

// glyphObject numbers the XObject of a glyph drawn as a path; false when the glyph
// draws nothing (a space).
func (d *Doc) glyphObject(f *fontFile, g uint16) (int, bool) {
	k := glyphKey{f, g}
	if n, ok := d.glyphs[k]; ok {
		return n, n > 0
	}
	if d.glyphs == nil {
		d.glyphs = map[glyphKey]int{}
	}
	if len(glyphPath(f, g)) == 0 {
		d.glyphs[k] = 0
		return 0, false
	}
	d.glyphOrder = append(d.glyphOrder, k)
	d.glyphs[k] = len(d.glyphOrder)
	return len(d.glyphOrder), true
}

// outline reads a glyph's outline; a damaged one is no outline.
func outline(f *fontFile, g uint16) (o font.GlyphOutline) {
	face := f.load()
	if face == nil {
		return o
	}
	defer func() {
		if recover() != nil {
			o = font.GlyphOutline{}
		}
	}()
	o, _ = face.GlyphDataOutline(fontGID(g))
	return o
}

// glyphPath is a glyph's outline as PDF path operators in font units, filled by
// the non-zero winding rule as both TrueType and CFF outlines are.
func glyphPath(f *fontFile, g uint16) []byte {
	o := outline(f, g)
	var b bytes.Buffer
	var cur font.SegmentPoint
	pt := func(p font.SegmentPoint) string { return num(float64(p.X)) + " " + num(float64(p.Y)) }
	for _, s := range o.Segments {
		a := s.Args
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if b.Len() > 0 {
				b.WriteString("h\n")
			}
			fmt.Fprintf(&b, "%s m\n", pt(a[0]))
			cur = a[0]
		case ot.SegmentOpLineTo:
			fmt.Fprintf(&b, "%s l\n", pt(a[0]))
			cur = a[0]
		case ot.SegmentOpQuadTo:
			// A quadratic curve is the cubic with control points two thirds of
			// the way to its one.
			c1 := font.SegmentPoint{X: cur.X + 2*(a[0].X-cur.X)/3, Y: cur.Y + 2*(a[0].Y-cur.Y)/3}
			c2 := font.SegmentPoint{X: a[1].X + 2*(a[0].X-a[1].X)/3, Y: a[1].Y + 2*(a[0].Y-a[1].Y)/3}
			fmt.Fprintf(&b, "%s %s %s c\n", pt(c1), pt(c2), pt(a[1]))
			cur = a[1]
		case ot.SegmentOpCubeTo:
			fmt.Fprintf(&b, "%s %s %s c\n", pt(a[0]), pt(a[1]), pt(a[2]))
			cur = a[2]
		}
	}
	if b.Len() == 0 {
		return nil
	}
	b.WriteString("h f\n")
	return b.Bytes()
}

// glyphBBox bounds a glyph's outline by its points, in font units.
func glyphBBox(f *fontFile, g uint16) [4]float64 {
	box := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, s := range outline(f, g).Segments {
		for _, p := range s.ArgsSlice() {
			box[0], box[1] = min(box[0], float64(p.X)), min(box[1], float64(p.Y))
			box[2], box[3] = max(box[2], float64(p.X)), max(box[3], float64(p.Y))
		}
	}
	return [4]float64{math.Floor(box[0]), math.Floor(box[1]), math.Ceil(box[2]), math.Ceil(box[3])}
}

// writeGlyph writes a glyph's form XObject, in font units scaled to one unit of
// type size by its matrix.
func (d *Doc) writeGlyph(w *pdfWriter, n int, k glyphKey) {
	upem := float64(k.font.load().Upem())
	s := strconv.FormatFloat(1/upem, 'f', -1, 64)
	b := glyphBBox(k.font, k.id)
	w.stream(n, glyphPath(k.font, k.id), fmt.Sprintf(" /Type /XObject /Subtype /Form /BBox [%s %s %s %s] /Matrix [%s 0 0 %s 0 0]",
		num(b[0]), num(b[1]), num(b[2]), num(b[3]), s, s))
}

// textFont is the invisible font that carries f's glyphs as text.
func (d *Doc) textFont(f *fontFile) *fontFile {
	for _, g := range d.fontOrder {
		if g.text == f {
			return g
		}
	}
	t := &fontFile{name: f.name + "-Text", text: f, ids: map[uint16]uint16{}, adv: []float64{0}}
	d.fontID(t)
	return t
}

// textGlyph is the invisible glyph standing for g of the drawn font f, numbered
// in the order first used, with g's advance.
func (t *fontFile) textGlyph(f *fontFile, g uint16) uint16 {
	if id, ok := t.ids[g]; ok {
		return id
	}
	id := uint16(len(t.adv))
	t.ids[g] = id
	t.adv = append(t.adv, math.Round(f.advance(g)))
	return id
}

// emptyFont is a TrueType font of n glyphs with these advances (in a 1000-unit
// em) and no outlines: the invisible text's font.
func emptyFont(adv []float64) []byte {
	n := len(adv)
	be := func(b []byte, vs ...int) []byte {
		for _, v := range vs {
			b = append(b, byte(v>>8), byte(v))
		}
		return b
	}
	// Glyph 0 is a glyph of no contours, so the glyf table is not empty; the
	// others are empty, as a space is.
	glyf := be(nil, 0, 0, 0, 0, 0, 0)
	loca := make([]byte, 0, 4*(n+1))
	for i := range n + 1 {
		off := len(glyf)
		if i == 0 {
			off = 0
		}
		loca = append(loca, byte(off>>24), byte(off>>16), byte(off>>8), byte(off))
	}
	head := be(nil, 1, 0, 1, 0, 0, 0, 0x5F0F, 0x3CF5, 0, 1000)
	head = append(head, make([]byte, 16)...)
	head = be(head, 0, 0, 1000, 1000, 0, 8, 2, 1, 0)
	hhea := be(nil, 1, 0, 880, 0xFFFF-119, 0)
	hhea = be(hhea, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0, n)
	maxp := be(nil, 1, 0, n, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
	var hmtx []byte
	for _, a := range adv {
		hmtx = be(hmtx, int(a), 0)
	}
	post := be(nil, 3, 0)
	post = append(post, make([]byte, 28)...)
	return writeSfnt(map[string][]byte{"glyf": glyf, "loca": loca, "head": head, "hhea": hhea, "hmtx": hmtx, "maxp": maxp, "post": post, "cmap": emptyCmap()})
}
