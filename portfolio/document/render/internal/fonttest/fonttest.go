// Package fonttest builds tiny TrueType fonts for tests: each character given is
// drawn as a filled square, so a test can have a "system font" for a script the
// embedded fonts lack without shipping a real one.
package fonttest

import (
	"encoding/binary"
	"slices"
)

// Boxes is a TrueType font drawing each of chars as a square, 1000 units wide.
func Boxes(chars string) []byte {
	var rs []rune
	for _, r := range chars {
		if !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	n := len(rs) + 1 // glyph 0 is .notdef, empty
	be := binary.BigEndian
	u16 := func(b []byte, v int) []byte { return be.AppendUint16(b, uint16(v)) }
	u32 := func(b []byte, v int) []byte { return be.AppendUint32(b, uint32(v)) }

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
	var glyf, loca []byte
	loca = u32(loca, 0)
	loca = u32(loca, 0)
	for range rs {
		glyf = append(glyf, square...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		loca = u32(loca, len(glyf))
	}

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
	head = u16(head, 0)

	hhea := u32(nil, 0x00010000)
	for _, v := range []int{800, 0xFFFF - 199, 0, 1000, 0, 0, 900, 1, 0, 0, 0, 0, 0, 0, 0} {
		hhea = u16(hhea, v)
	}
	hhea = u16(hhea, n)

	maxp := u32(nil, 0x00010000)
	maxp = u16(maxp, n)
	for _, v := range []int{4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0} {
		maxp = u16(maxp, v)
	}

	var hmtx []byte
	for i := range n {
		hmtx = u16(hmtx, 1000)
		if i == 0 {
			hmtx = u16(hmtx, 0)
		} else {
			hmtx = u16(hmtx, 100)
		}
	}

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

	post := u32(nil, 0x00030000)
	post = append(post, make([]byte, 28)...)

	tables := map[string][]byte{"cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx, "loca": loca, "maxp": maxp, "post": post}
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	out := u32(nil, 0x00010000)
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
