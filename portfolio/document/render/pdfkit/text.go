package pdfkit

import (
	"slices"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Span is text in one style; a paragraph is a list of them, and "\n" in a span
// breaks the line.
type Span struct {
	Text   string
	Style  Style
	Strike bool
}

// glyph is one shaped glyph, positioned relative to the pen, in points.
type glyph struct {
	id       uint16
	dx, dy   float64
	advance  float64
	cluster  int    // the index of its cluster's first character
	text     string // the characters of its cluster
	clusterN int    // glyphs in the cluster
}

// run is glyphs of one font and style, in the order they are drawn (left to right).
type run struct {
	font   *fontFile
	size   float64
	glyphs []glyph
	width  float64 // points
	strike bool
	rtl    bool
	text   string // the run's characters in reading order
}

// line is one line of laid-out text: its runs in visual order.
type line struct {
	runs  []run
	width float64 // points
	rtl   bool    // the paragraph reads right to left
	text  string  // the line's characters in reading order
}

// fontmap resolves the face for a character in one style, for go-text's
// segmenter; characters nothing draws were replaced before shaping.
type fontmap struct {
	fc    *Fonts
	style Style
}

func (m fontmap) ResolveFace(r rune) *font.Face {
	if f := m.fc.fontFor(m.style, r); f != nil {
		if face := m.fc.face(f); face != nil {
			return face
		}
	}
	return m.fc.face(m.fc.chains[m.style][0])
}

// direction is the paragraph's base direction: that of its first strong
// character (Unicode's bidirectional algorithm, rules P2 and P3).
func direction(text []rune) di.Direction {
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko):
			return di.DirectionRTL
		case unicode.IsLetter(r):
			return di.DirectionLTR
		}
	}
	return di.DirectionLTR
}

// layout shapes spans in size points and breaks them into lines: the first at
// most first points wide, the others at most width. Every "\n" starts a new line.
func (fc *Fonts) layout(spans []Span, size, first, width float64) []line {
	var lines []line
	var para []Span
	flush := func() {
		avail := width
		if len(lines) == 0 {
			avail = first
		}
		lines = append(lines, fc.paragraph(para, size, avail, width)...)
		para = para[:0]
	}
	for _, s := range spans {
		for i, part := range strings.Split(s.Text, "\n") {
			if i > 0 {
				flush()
			}
			if part != "" {
				para = append(para, Span{Text: part, Style: s.Style, Strike: s.Strike})
			}
		}
	}
	flush()
	return lines
}

// paragraph lays out one paragraph: bidi runs, scripts and fonts split, each piece
// shaped by HarfBuzz's rules, then the lines broken where Unicode allows.
func (fc *Fonts) paragraph(spans []Span, size, first, width float64) []line {
	var text []rune
	type styled struct {
		start, end int
		style      Style
		strike     bool
	}
	var ranges []styled
	for _, s := range spans {
		start := len(text)
		text = append(text, []rune(s.Text)...)
		ranges = append(ranges, styled{start, len(text), s.Style, s.Strike})
	}
	if len(text) == 0 {
		return []line{{}}
	}
	dir := direction(text)
	var seg shaping.Segmenter
	var shaper shaping.HarfbuzzShaper
	var outs []shaping.Output
	strikes := map[int]bool{} // by first rune of an output
	for _, r := range ranges {
		in := shaping.Input{
			Text: text, RunStart: r.start, RunEnd: r.end,
			Direction: dir, Size: fixed.Int26_6(size * 64), Language: language.NewLanguage("en"),
		}
		for _, piece := range seg.Split(in, fontmap{fc, r.style}) {
			out := shaper.Shape(piece)
			strikes[out.Runes.Offset] = r.strike
			outs = append(outs, out)
		}
	}
	var wrapper shaping.LineWrapper
	wrapper.Prepare(shaping.WrapConfig{Direction: dir, BreakPolicy: shaping.WhenNecessary}, text, shaping.NewSliceIterator(outs))
	var lines []line
	avail := first
	start := 0
	for {
		wl, done := wrapper.WrapNextLineF(fixed.Int26_6(avail * 64))
		l := line{rtl: dir == di.DirectionRTL}
		end := wl.NextLine
		l.text = string(text[start:end])
		start = end
		ordered := slices.Clone([]shaping.Output(wl.Line))
		slices.SortFunc(ordered, func(a, b shaping.Output) int { return int(a.VisualIndex - b.VisualIndex) })
		for _, o := range ordered {
			rn := fc.run(o, text, size)
			rn.strike = strikeOf(strikes, o.Runes.Offset)
			l.runs = append(l.runs, rn)
		}
		trimSpaces(l.runs, l.rtl)
		for _, rn := range l.runs {
			l.width += rn.width
		}
		lines = append(lines, l)
		avail = width
		if done || len(wl.Line) == 0 {
			break
		}
	}
	return lines
}

// strikeOf finds whether the output a cut run came from was struck through: the
// nearest output starting at or before it.
func strikeOf(strikes map[int]bool, offset int) bool {
	best, found := -1, false
	for at, s := range strikes {
		if at <= offset && at > best {
			best, found = at, s
		}
	}
	return found
}

// run turns a shaped output into drawable glyphs.
func (fc *Fonts) run(o shaping.Output, text []rune, size float64) run {
	rn := run{font: fc.byFace[o.Face], size: size, rtl: o.Direction.Progression() == di.TowardTopLeft}
	rn.text = string(text[o.Runes.Offset : o.Runes.Offset+o.Runes.Count])
	for _, g := range o.Glyphs {
		end := min(g.TextIndex()+g.RunesCount(), len(text))
		pg := glyph{
			id:       uint16(g.GlyphID),
			dx:       float64(g.XOffset) / 64,
			dy:       float64(g.YOffset) / 64,
			advance:  float64(g.Advance) / 64,
			cluster:  g.TextIndex(),
			text:     clusterText(text[g.TextIndex():end], rn.rtl),
			clusterN: g.GlyphsCount(),
		}
		rn.glyphs = append(rn.glyphs, pg)
		rn.width += pg.advance
	}
	return rn
}

// Width is how wide s is in a style at a size, in points, laid out on one line.
func (fc *Fonts) Width(s string, style Style, size float64) float64 {
	lines := fc.layout([]Span{{Text: strings.ReplaceAll(s, "\n", " "), Style: style}}, size, 1e6, 1e6)
	w := 0.0
	for _, l := range lines {
		w = max(w, l.width)
	}
	return w
}

// clusterText is the text a glyph stands for. In a right-to-left run, text that
// one glyph draws (a lam-alef ligature) is given in visual order, as poppler and
// pdf.js read it: they put a run's glyphs back into reading order character by
// character, so a logical-order "لا" would come out as "ال".
func clusterText(rs []rune, rtl bool) string {
	if !rtl || len(rs) < 2 {
		return string(rs)
	}
	rev := slices.Clone(rs)
	slices.Reverse(rev)
	return string(rev)
}

// trimSpaces drops the spaces a line ends with (the wrapper gives them no width),
// so a copied line does not end in blanks: at the right end of a left-to-right
// line, at the left end of a right-to-left one.
func trimSpaces(runs []run, rtl bool) {
	blank := func(g glyph) bool { return strings.TrimSpace(g.text) == "" && g.advance == 0 }
	if rtl {
		for i := range runs {
			gs := runs[i].glyphs
			for len(gs) > 0 && blank(gs[0]) {
				gs = gs[1:]
			}
			runs[i].glyphs = gs
			if len(gs) > 0 {
				return
			}
		}
		return
	}
	for i := len(runs) - 1; i >= 0; i-- {
		gs := runs[i].glyphs
		for len(gs) > 0 && blank(gs[len(gs)-1]) {
			gs = gs[:len(gs)-1]
		}
		runs[i].glyphs = gs
		if len(gs) > 0 {
			return
		}
	}
}
