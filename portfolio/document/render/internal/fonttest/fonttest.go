// Package fonttest builds tiny fonts for tests: each character given is drawn as
// a filled square, so a test can have a "system font" for a script the embedded
// fonts lack without shipping a real one. Boxes has TrueType outlines, CFFBoxes
// CFF outlines, as most .otf fonts (Noto Sans CJK among them) have.
package fonttest

import (
	"encoding/binary"
	"slices"
	"unicode"
)

// uniq is the characters of s, sorted, each once: the fonts' glyphs 1 to n.
func uniq(s string) []rune {
	var rs []rune
	for _, r := range s {
		if !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return rs
}

// Boxes is a TrueType font drawing each of chars as a square, 1000 units wide;
// a space among them is empty, 250 units wide.
func Boxes(chars string) []byte {
	rs := uniq(chars)
	n := len(rs) + 1 // glyph 0 is .notdef, empty
	glyf, loca := glyfTables(rs)
	tables := map[string][]byte{
		"cmap": cmapTable(rs), "glyf": glyf, "head": headTable(), "hhea": hheaTable(n),
		"hmtx": hmtxTable(rs), "loca": loca, "maxp": maxpTable(n), "post": postTable(),
	}
	return sfnt(0x00010000, tables)
}

// u16 and u32 append v to b, big-endian, as every table of a font is laid out.
func u16(b []byte, v int) []byte { return binary.BigEndian.AppendUint16(b, uint16(v)) }
func u32(b []byte, v int) []byte { return binary.BigEndian.AppendUint32(b, uint32(v)) }

// glyfTables are the glyf table, holding the square for each of rs but a space,
// which is empty, and the loca table of where each glyph starts (long offsets).
func glyfTables(rs []rune) (glyf, loca []byte) {
	var square []byte
	square = u16(square, 1) // one contour
	for _, v := range []int{100, 0, 900, 700} {
		square = u16(square, v)
	}
	square = u16(square, 3) // its last point
	square = u16(square, 0) // no instructions
	square = append(square, 1, 1, 1, 1)
	for _, v := range []int{100, 0, 800, 0, 0, 700, 0, -700} { // x deltas, then y
		square = u16(square, v)
	}
	loca = u32(loca, 0)
	loca = u32(loca, 0)
	for _, r := range rs {
		if unicode.IsSpace(r) {
			loca = u32(loca, len(glyf))
			continue
		}
		glyf = append(glyf, square...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		loca = u32(loca, len(glyf))
	}
	return glyf, loca
}

// headTable is the font header: 1000 units to the em, bounds (0, 0) to (1000,
// 800), long loca offsets.
func headTable() []byte {
	head := u32(nil, 0x00010000)
	head = u32(head, 0x00010000)
	head = u32(head, 0)
	head = u32(head, 0x5F0F3CF5)
	head = u16(head, 0)
	head = u16(head, 1000)
	head = append(head, make([]byte, 16)...)
	for _, v := range []int{0, 0, 1000, 800} {
		head = u16(head, v)
	}
	head = u16(head, 0)
	head = u16(head, 8)
	head = u16(head, 2)
	head = u16(head, 1) // long loca
	return u16(head, 0)
}

// hheaTable is the horizontal header of n glyphs, each with its own metrics.
func hheaTable(n int) []byte {
	hhea := u32(nil, 0x00010000)
	for _, v := range []int{800, 0xFFFF - 199, 0, 1000, 0, 0, 900, 1, 0, 0, 0, 0, 0, 0, 0} {
		hhea = u16(hhea, v)
	}
	return u16(hhea, n)
}

// maxpTable is the TrueType maximum profile of n glyphs of one four-point contour.
func maxpTable(n int) []byte {
	maxp := u32(nil, 0x00010000)
	maxp = u16(maxp, n)
	for _, v := range []int{4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0} {
		maxp = u16(maxp, v)
	}
	return maxp
}

// hmtxTable is each glyph's advance and left side bearing: .notdef, then each of
// rs, 1000 units wide or 250 for a space.
func hmtxTable(rs []rune) []byte {
	var hmtx []byte
	for i := range len(rs) + 1 {
		if i > 0 && unicode.IsSpace(rs[i-1]) {
			hmtx = u16(hmtx, 250)
		} else {
			hmtx = u16(hmtx, 1000)
		}
		if i == 0 {
			hmtx = u16(hmtx, 0)
		} else {
			hmtx = u16(hmtx, 100)
		}
	}
	return hmtx
}

// cmapTable maps each of rs to its glyph, 1 to n, in one format 12 subtable
// (Windows, full Unicode).
func cmapTable(rs []rune) []byte {
	cmap := u16(nil, 0)
	cmap = u16(cmap, 1)
	cmap = u16(cmap, 3)
	cmap = u16(cmap, 10)
	cmap = u32(cmap, 12)
	cmap = u16(cmap, 12)
	cmap = u16(cmap, 0)
	cmap = u32(cmap, 16+12*len(rs))
	cmap = u32(cmap, 0)
	cmap = u32(cmap, len(rs))
	for i, r := range rs {
		cmap = u32(cmap, int(r))
		cmap = u32(cmap, int(r))
		cmap = u32(cmap, i+1)
	}
	return cmap
}

// postTable is a version 3 post table: no glyph names.
func postTable() []byte {
	return append(u32(nil, 0x00030000), make([]byte, 28)...)
}

// sfnt lays tables out as a font file of the given version (0x00010000 for
// TrueType outlines, "OTTO" for CFF).
func sfnt(version int, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	out := u32(nil, version)
	out = u16(out, len(tags))
	out = u16(out, 128)
	out = u16(out, 3)
	out = u16(out, 16*len(tags)-128)
	offset := 12 + 16*len(tags)
	var body []byte
	for _, t := range tags {
		out = append(out, t...)
		out = u32(out, 0)
		out = u32(out, offset+len(body))
		out = u32(out, len(tables[t]))
		body = append(body, tables[t]...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	return append(out, body...)
}

// CFFBoxes is an OpenType font with CFF outlines drawing each of chars as a
// square from (100, 0) to (900, 700), 1000 units wide: the same glyphs as Boxes.
func CFFBoxes(chars string) []byte { return CFFBoxesOfWeight(chars, 0) }

// CFFBoxesOfWeight is CFFBoxes with an OS/2 table giving its weight (400
// regular, 700 bold); 0 leaves the table out.
func CFFBoxesOfWeight(chars string, weight int) []byte {
	ttf := Boxes(chars)
	tables := map[string][]byte{}
	for _, tag := range []string{"cmap", "head", "hhea", "hmtx", "post"} {
		tables[tag] = table(ttf, tag)
	}
	n := len(uniq(chars)) + 1
	tables["maxp"] = binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint32(nil, 0x00005000), uint16(n))
	tables["CFF "] = cffTable(uniq(chars))
	if weight > 0 {
		os2 := make([]byte, 78) // version 0
		binary.BigEndian.PutUint16(os2[2:], 1000)
		binary.BigEndian.PutUint16(os2[4:], uint16(weight))
		binary.BigEndian.PutUint16(os2[6:], 5) // normal width
		tables["OS/2"] = os2
	}
	return sfnt(0x4F54544F, tables)
}

// table finds a table of a font Boxes wrote.
func table(font []byte, tag string) []byte {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		rec := font[12+16*i:]
		if string(rec[:4]) == tag {
			off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
			return font[off : off+length]
		}
	}
	return nil
}

// cffTable is a CFF table (Adobe's technical note 5176) of glyph 0, empty, then
// a glyph for each of rs: the square, or nothing for a space, as Type 2
// charstrings (note 5177).
func cffTable(rs []rune) []byte {
	index := func(items [][]byte) []byte {
		out := binary.BigEndian.AppendUint16(nil, uint16(len(items)))
		if len(items) == 0 {
			return out
		}
		out = append(out, 4) // offsets of four bytes
		off := 1
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		for _, it := range items {
			off += len(it)
			out = binary.BigEndian.AppendUint32(out, uint32(off))
		}
		for _, it := range items {
			out = append(out, it...)
		}
		return out
	}
	// A number as a charstring or DICT operand, for -107..107.
	small := func(v int) byte { return byte(v + 139) }
	// Operands of two bytes, for 108..1131 and -1131..-108.
	word := func(v int) []byte {
		if v >= 0 {
			return []byte{byte((v-108)>>8 + 247), byte((v - 108) & 0xFF)}
		}
		return []byte{byte((-v-108)>>8 + 251), byte((-v - 108) & 0xFF)}
	}
	var square []byte
	square = append(square, small(100), small(0), 21) // rmoveto
	square = append(square, word(800)...)
	square = append(square, 6) // hlineto
	square = append(square, word(700)...)
	square = append(square, 7) // vlineto
	square = append(square, word(-800)...)
	square = append(square, 6, 14) // hlineto, endchar
	glyphs := [][]byte{{14}}
	for _, r := range rs {
		if unicode.IsSpace(r) {
			glyphs = append(glyphs, []byte{14})
			continue
		}
		glyphs = append(glyphs, square)
	}
	charstrings := index(glyphs)
	// The Top DICT points at the CharStrings and an empty Private DICT, by
	// offsets of five bytes (operand 29) so its size does not depend on them.
	long := func(v int) []byte { return binary.BigEndian.AppendUint32([]byte{29}, uint32(v)) }
	header := []byte{1, 0, 4, 4}
	names := index([][]byte{[]byte("Boxes")})
	topLen := 5 + 1 + 5 + 5 + 1 + 2
	topIndexLen := 2 + 1 + 8 + topLen
	strs, gsubrs := index(nil), index(nil)
	charstringsAt := len(header) + len(names) + topIndexLen + len(strs) + len(gsubrs)
	privateAt := charstringsAt + len(charstrings)
	var top []byte
	top = append(top, long(charstringsAt)...)
	top = append(top, 17) // CharStrings
	top = append(top, long(0)...)
	top = append(top, long(privateAt)...)
	top = append(top, 18) // Private: size, offset
	top = append(top, small(0), 15)
	if len(top) != topLen {
		panic("fonttest: the Top DICT's size is miscounted")
	}
	out := append(header, names...)
	out = append(out, index([][]byte{top})...)
	out = append(out, strs...)
	out = append(out, gsubrs...)
	return append(out, charstrings...)
}
