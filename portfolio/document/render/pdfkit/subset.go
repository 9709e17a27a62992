package pdfkit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// errNoOutlines marks a font without TrueType outlines (a glyf table): a PDF can
// embed its subset only by rewriting CFF, which folio does not do.
var errNoOutlines = errors.New("the font has no TrueType outlines")

// subsetTables are the tables a PDF reader needs to draw a TrueType font by glyph
// ID: metrics, outlines and hinting. Shaping tables and cmap are left out, since the
// PDF shows glyph IDs already shaped.
func subsetTables() []string {
	return []string{"cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"}
}

// sfntTables reads the table directory of the font at offset off of data (0 for a
// single font, the member's offset in a collection), checking every table lies
// inside data.
func sfntTables(data []byte, off int) (map[string][]byte, error) {
	if off < 0 || off+12 > len(data) {
		return nil, errors.New("the font's header is cut short")
	}
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	if off+12+16*n > len(data) {
		return nil, errors.New("the font's table directory is cut short")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[off+12+16*i:]
		tag := string(rec[:4])
		start := int(binary.BigEndian.Uint32(rec[8:]))
		length := int(binary.BigEndian.Uint32(rec[12:]))
		if start < 0 || length < 0 || start > len(data) || length > len(data)-start {
			return nil, fmt.Errorf("the font's %q table lies outside the file", tag)
		}
		tables[tag] = data[start : start+length]
	}
	return tables, nil
}

// glyphOffsets reads loca: where each glyph's outline starts and ends in glyf.
func glyphOffsets(tables map[string][]byte) ([]int, error) {
	head, loca, maxp, glyf := tables["head"], tables["loca"], tables["maxp"], tables["glyf"]
	if glyf == nil || loca == nil {
		return nil, errNoOutlines
	}
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("the font's head or maxp table is cut short")
	}
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	offs := make([]int, n+1)
	for i := range offs {
		var o int
		if long {
			if 4*i+4 > len(loca) {
				return nil, errors.New("the font's loca table is cut short")
			}
			o = int(binary.BigEndian.Uint32(loca[4*i:]))
		} else {
			if 2*i+2 > len(loca) {
				return nil, errors.New("the font's loca table is cut short")
			}
			o = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if o > len(glyf) || (i > 0 && o < offs[i-1]) {
			return nil, errors.New("the font's loca table points outside glyf")
		}
		offs[i] = o
	}
	return offs, nil
}

// components lists the glyphs a composite glyph is built from.
func components(g []byte) []uint16 {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	const (
		argsAreWords  = 0x0001
		haveScale     = 0x0008
		moreComps     = 0x0020
		haveXYScale   = 0x0040
		haveTwoByTwo  = 0x0080
		componentHead = 4
	)
	var out []uint16
	for p := 10; p+componentHead <= len(g); {
		flags := binary.BigEndian.Uint16(g[p:])
		out = append(out, binary.BigEndian.Uint16(g[p+2:]))
		p += componentHead
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComps == 0 {
			break
		}
	}
	return out
}

// subsetFont writes a TrueType font holding only the outlines of the glyphs used
// (and the glyphs composites are built from), keeping every glyph's ID so the PDF
// can show glyph IDs through an identity map. Unused glyphs stay as empty entries.
func subsetFont(data []byte, off int, used map[uint16]bool) ([]byte, error) {
	tables, err := sfntTables(data, off)
	if err != nil {
		return nil, err
	}
	offs, err := glyphOffsets(tables)
	if err != nil {
		return nil, err
	}
	glyf := tables["glyf"]
	n := len(offs) - 1
	keep := make([]bool, n)
	queue := []uint16{0} // .notdef is always kept
	for g := range used {
		queue = append(queue, g)
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if int(g) >= n || keep[g] {
			continue
		}
		keep[g] = true
		queue = append(queue, components(glyf[offs[g]:offs[g+1]])...)
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(n+1))
	for g := range n {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if keep[g] {
			newGlyf = append(newGlyf, glyf[offs[g]:offs[g+1]]...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))
	head := slices.Clone(tables["head"])
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	binary.BigEndian.PutUint32(head[8:], 0)  // checksum adjustment, set below
	out := map[string][]byte{"glyf": newGlyf, "loca": newLoca, "head": head, "cmap": emptyCmap()}
	for _, tag := range subsetTables() {
		if _, done := out[tag]; !done && tables[tag] != nil {
			out[tag] = tables[tag]
		}
	}
	return writeSfnt(out), nil
}

// emptyCmap maps no characters (one format 4 subtable with only its closing
// segment): the PDF shows glyphs by ID, but a TrueType font must have a cmap.
func emptyCmap() []byte {
	return []byte{
		0, 0, 0, 1, // version, one subtable
		0, 3, 0, 1, 0, 0, 0, 12, // Windows, Unicode BMP, at 12
		0, 4, 0, 24, 0, 0, // format 4, length, language
		0, 2, 0, 2, 0, 0, 0, 0, // segCountX2, searchRange, entrySelector, rangeShift
		0xFF, 0xFF, 0, 0, 0xFF, 0xFF, // endCode, pad, startCode
		0, 1, 0, 0, // idDelta, idRangeOffset
	}
}

// writeSfnt lays tables out as a TrueType file with its checksums.
func writeSfnt(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	buf := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(buf, 0x00010000)
	binary.BigEndian.PutUint16(buf[4:], uint16(n))
	binary.BigEndian.PutUint16(buf[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(buf[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(buf[10:], uint16(16*n-searchRange))
	headAt := -1
	for i, tag := range tags {
		t := tables[tag]
		rec := buf[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(t))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(buf)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t)))
		if tag == "head" {
			headAt = len(buf)
		}
		buf = append(buf, t...)
		for len(buf)%4 != 0 {
			buf = append(buf, 0)
		}
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(buf[headAt+8:], 0xB1B0AFBA-checksum(buf))
	}
	return buf
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
