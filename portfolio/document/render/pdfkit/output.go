package pdfkit

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
)

// pdfWriter lays objects out with their cross-reference table.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets []int // by object number; 0 is the free head
}

func (w *pdfWriter) reserve() int {
	w.offsets = append(w.offsets, -1)
	return len(w.offsets) - 1
}

func (w *pdfWriter) object(n int, dict string) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, dict)
}

// stream writes a compressed stream object; extra goes into its dictionary.
func (w *pdfWriter) stream(n int, data []byte, extra string) {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	_, _ = zw.Write(data)
	_ = zw.Close()
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<</Filter /FlateDecode /Length %d%s>>\nstream\n", n, z.Len(), extra)
	w.buf.Write(z.Bytes())
	w.buf.WriteString("\nendstream\nendobj\n")
}

// text is a PDF text string: UTF-16 with a byte-order mark, in hex.
func text(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// advance is a glyph's advance in thousandths of the type size, as PDF widths are.
func (f *fontFile) advance(g uint16) float64 {
	if f.text != nil {
		if int(g) < len(f.adv) {
			return f.adv[g]
		}
		return 0
	}
	face := f.load()
	if face == nil {
		return 0
	}
	return float64(face.HorizontalAdvance(fontGID(g))) * 1000 / float64(face.Upem())
}

// Output writes the document. Footers are drawn now, when the page count is known.
func (d *Doc) Output(out io.Writer) error {
	if len(d.pages) == 0 {
		d.AddPage()
	}
	d.drawFooters()
	var w pdfWriter
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	w.offsets = []int{0}
	catalog, pages, info, resources := w.reserve(), w.reserve(), w.reserve(), w.reserve()
	fontObjs := make([]int, len(d.fontOrder))
	for i := range fontObjs {
		fontObjs[i] = w.reserve()
		for range 4 { // descendant, descriptor, font file, ToUnicode
			w.reserve()
		}
	}
	glyphObjs := make([]int, len(d.glyphOrder))
	for i := range glyphObjs {
		glyphObjs[i] = w.reserve()
	}
	var kids []string
	for _, p := range d.pages {
		po, co := w.reserve(), w.reserve()
		kids = append(kids, fmt.Sprintf("%d 0 R", po))
		w.object(po, fmt.Sprintf("<</Type /Page /Parent %d 0 R /Resources %d 0 R /Contents %d 0 R>>", pages, resources, co))
		w.stream(co, p.content.Bytes(), "")
	}
	cat := fmt.Sprintf("<</Type /Catalog /Pages %d 0 R", pages)
	if d.info.Lang != "" {
		cat += " /Lang " + text(d.info.Lang)
	}
	w.object(catalog, cat+">>")
	w.object(pages, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %.2f %.2f]>>",
		strings.Join(kids, " "), len(d.pages), d.pageW*ptPerMM, d.pageH*ptPerMM))
	w.object(info, d.infoDict())
	w.object(resources, resourcesDict(fontObjs, glyphObjs))
	for i, k := range d.glyphOrder {
		d.writeGlyph(&w, glyphObjs[i], k)
	}
	for i, f := range d.fontOrder {
		if err := d.writeFont(&w, fontObjs[i], f); err != nil {
			return err
		}
	}
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets))
	for _, o := range w.offsets[1:] {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&w.buf, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets), catalog, info, xref)
	_, err := out.Write(w.buf.Bytes())
	return err
}

// drawFooters draws each page's footer, now that the page count is known.
func (d *Doc) drawFooters() {
	if d.footer == nil {
		return
	}
	d.inFooter = true
	for i, p := range d.pages {
		d.cur = p
		d.footer(i+1, len(d.pages))
	}
	d.inFooter = false
}

// infoDict is the document information dictionary: the title, creator and
// producer that are set, and the creation date if there is one.
func (d *Doc) infoDict() string {
	var inf strings.Builder
	inf.WriteString("<<")
	for _, kv := range [][2]string{{"Title", d.info.Title}, {"Creator", d.info.Creator}, {"Producer", d.info.Producer}} {
		if kv[1] != "" {
			fmt.Fprintf(&inf, "/%s %s ", kv[0], text(kv[1]))
		}
	}
	if !d.info.Created.IsZero() {
		date := d.info.Created.UTC().Format("D:20060102150405Z")
		fmt.Fprintf(&inf, "/CreationDate (%s) /ModDate (%s)", date, date)
	}
	inf.WriteString(">>")
	return inf.String()
}

// resourcesDict is the resource dictionary every page shares: the fonts as /F1...
// and the drawn glyphs as /G1..., by their object numbers.
func resourcesDict(fontObjs, glyphObjs []int) string {
	var res strings.Builder
	res.WriteString("<</Font <<")
	for i, n := range fontObjs {
		fmt.Fprintf(&res, "/F%d %d 0 R ", i+1, n)
	}
	res.WriteString(">>")
	if len(glyphObjs) > 0 {
		res.WriteString(" /XObject <<")
		for i, n := range glyphObjs {
			fmt.Fprintf(&res, "/G%d %d 0 R ", i+1, n)
		}
		res.WriteString(">>")
	}
	res.WriteString(" >>")
	return res.String()
}

// writeFont embeds f as a composite font showing glyph IDs (Identity-H with an
// identity CIDToGIDMap), subset to the glyphs used, with a ToUnicode map so the
// text can be copied and searched.
func (d *Doc) writeFont(w *pdfWriter, n int, f *fontFile) error {
	if f.text != nil {
		f.data = emptyFont(f.adv)
	}
	used := d.used[f]
	gids := make([]uint16, 0, len(used))
	for g := range used {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	keep := make(map[uint16]bool, len(gids))
	for _, g := range gids {
		keep[g] = true
	}
	sub, err := subsetFont(f.data, f.offset, keep)
	if err != nil {
		return fmt.Errorf("cannot embed the font %s: %w", f.name, err)
	}
	h := fnv.New32a()
	h.Write([]byte(f.name))
	for _, g := range gids {
		_ = binary.Write(h, binary.BigEndian, g)
	}
	sum := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + sum%26)
		sum /= 26
	}
	name := string(tag) + "+" + strings.Map(func(r rune) rune {
		if r > ' ' && r < 127 && !strings.ContainsRune("()<>[]{}/%#", r) {
			return r
		}
		return -1
	}, f.name)
	face := f.load()
	upem := float64(face.Upem())
	scale := func(v float64) int { return int(v * 1000 / upem) }
	ext, _ := face.FontHExtents()
	head, _ := sfntTables(f.data, f.offset)
	var bbox [4]int
	if hd := head["head"]; len(hd) >= 44 {
		for i := range bbox {
			bbox[i] = scale(float64(int16(binary.BigEndian.Uint16(hd[36+2*i:]))))
		}
	}
	var widths strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&widths, "%d [%d] ", g, int(f.advance(g)+0.5))
	}
	desc, file, cmap := n+2, n+3, n+4
	w.object(n, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, n+1, cmap))
	w.object(n+1, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 1000 /W [%s]>>", name, desc, widths.String()))
	w.object(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R>>",
		name, bbox[0], bbox[1], bbox[2], bbox[3], scale(float64(ext.Ascender)), scale(float64(ext.Descender)), scale(float64(ext.Ascender)), file))
	w.stream(file, sub, fmt.Sprintf(" /Length1 %d", len(sub)))
	w.stream(cmap, toUnicode(gids, used), "")
	return nil
}

// toUnicode is the CMap from glyph IDs to the text each glyph stands for.
func toUnicode(gids []uint16, text map[uint16]string) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for _, g := range gids {
		t := text[g]
		if t == "" {
			continue
		}
		var hex strings.Builder
		for _, u := range utf16.Encode([]rune(t)) {
			fmt.Fprintf(&hex, "%04X", u)
		}
		entries = append(entries, fmt.Sprintf("<%04X> <%s>", g, hex.String()))
	}
	for len(entries) > 0 {
		k := min(100, len(entries))
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", k, strings.Join(entries[:k], "\n"))
		entries = entries[k:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
