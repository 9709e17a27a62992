package render

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// pdfDoc is what a small PDF reader sees in an export: its text as a viewer would
// copy it, its page count and size, and whether its fonts are embedded.
type pdfDoc struct {
	text            string
	byFont          map[string]string // the text each font drew, by its name without the subset tag
	pages           int
	a4              bool
	fonts, embedded int
}

var (
	objPattern    = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)
	lengthPattern = regexp.MustCompile(`/Length (\d+)`)
	refPattern    = regexp.MustCompile(`/(Contents|ToUnicode|FontFile2) (\d+) 0 R`)
)

type pdfObject struct {
	dict   string
	stream []byte
}

// readPDF reads the objects of a PDF as fpdf writes them, inflates the page content
// streams, and maps each shown string through its font's ToUnicode CMap, the way a
// viewer extracts text. Each text object (BT ... ET) is one line.
func readPDF(t *testing.T, data []byte) pdfDoc {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-32:], []byte("%%EOF")) {
		t.Fatal("not a complete PDF")
	}
	objs := map[int]pdfObject{}
	for _, m := range objPattern.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		body := data[m[4]:m[5]]
		o := pdfObject{dict: string(body)}
		if i := bytes.Index(body, []byte("stream\n")); i >= 0 {
			o.dict = string(body[:i])
			lm := lengthPattern.FindStringSubmatch(o.dict)
			if lm == nil {
				t.Fatalf("object %d: a stream with no /Length", n)
			}
			length, _ := strconv.Atoi(lm[1])
			start := m[4] + i + len("stream\n")
			o.stream = data[start : start+length]
			if strings.Contains(o.dict, "/FlateDecode") {
				r, err := zlib.NewReader(bytes.NewReader(o.stream))
				if err != nil {
					t.Fatalf("object %d: %v", n, err)
				}
				if o.stream, err = io.ReadAll(r); err != nil {
					t.Fatalf("object %d: %v", n, err)
				}
			}
		}
		objs[n] = o
	}
	var doc pdfDoc
	cmaps := map[int]map[uint16]string{} // by font object
	names := map[int]string{}
	fonts := map[string]pdfFont{}
	var contents []int
	for n := 0; n <= len(objs)*2; n++ {
		o, ok := objs[n]
		if !ok {
			continue
		}
		switch {
		case strings.Contains(o.dict, "/Type /Page\n") || strings.Contains(o.dict, "/Type /Page "):
			doc.pages++
			for _, r := range refPattern.FindAllStringSubmatch(o.dict, -1) {
				if r[1] == "Contents" {
					c, _ := strconv.Atoi(r[2])
					contents = append(contents, c)
				}
			}
		case strings.Contains(o.dict, "/Type /Pages"):
			doc.a4 = strings.Contains(o.dict, "/MediaBox [0 0 595.28 841.89]")
		case strings.Contains(o.dict, "/Subtype /Type0"):
			doc.fonts++
			if !strings.Contains(o.dict, "/Encoding /Identity-H") {
				t.Errorf("font object %d is not Identity-H: %s", n, o.dict)
			}
			if m := baseFontPattern.FindStringSubmatch(o.dict); m != nil {
				names[n] = m[1]
			}
			for _, r := range refPattern.FindAllStringSubmatch(o.dict, -1) {
				if r[1] == "ToUnicode" {
					c, _ := strconv.Atoi(r[2])
					cmaps[n] = readCMap(objs[c].stream)
				}
			}
		case strings.Contains(o.dict, "/FontDescriptor"):
			if refPattern.MatchString(o.dict) && strings.Contains(o.dict, "/FontFile2") {
				doc.embedded++
			}
		}
	}
	for _, o := range objs {
		if i := strings.Index(o.dict, "/Font <<"); i >= 0 {
			for _, m := range fontRefPattern.FindAllStringSubmatch(o.dict[i:], -1) {
				n, _ := strconv.Atoi(m[2])
				fonts["/"+m[1]] = pdfFont{names[n], cmaps[n]}
			}
		}
	}
	if len(cmaps) == 0 {
		t.Fatal("no ToUnicode map: the text cannot be extracted")
	}
	var lines []string
	doc.byFont = map[string]string{}
	for _, c := range contents {
		lines = append(lines, showText(t, objs[c].stream, fonts, doc.byFont)...)
	}
	doc.text = strings.Join(lines, "\n") + "\n"
	return doc
}

var (
	fontRefPattern  = regexp.MustCompile(`/(F\d+) (\d+) 0 R`)
	baseFontPattern = regexp.MustCompile(`/BaseFont /[A-Z]{6}\+(\S+)`)
)

// pdfFont is a font of the page: its name and its ToUnicode map.
type pdfFont struct {
	name string
	cmap map[uint16]string
}

// readCMap reads the bfchar entries of a ToUnicode CMap: glyph code to text.
func readCMap(cm []byte) map[uint16]string {
	out := map[uint16]string{}
	for _, m := range charPattern.FindAllStringSubmatch(string(cm), -1) {
		code, _ := strconv.ParseUint(m[1], 16, 16)
		out[uint16(code)] = hexText(m[2])
	}
	return out
}

var charPattern = regexp.MustCompile(`<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>`)

// hexText decodes UTF-16 written in hex, dropping a byte-order mark.
func hexText(h string) string {
	var units []uint16
	for i := 0; i+4 <= len(h); i += 4 {
		v, _ := strconv.ParseUint(h[i:i+4], 16, 16)
		units = append(units, uint16(v))
	}
	if len(units) > 0 && units[0] == 0xFEFF {
		units = units[1:]
	}
	return string(utf16.Decode(units))
}

// showText returns the text shown by TJ, one line per text object, as a viewer
// copies it: through the current font's ToUnicode map, with a marked span's
// ActualText in place of its glyphs, and a reversed run put back in reading order.
func showText(t *testing.T, content []byte, fonts map[string]pdfFont, byFont map[string]string) []string {
	var lines []string
	var cur strings.Builder
	var font pdfFont
	var name string
	var actual *string // the ActualText of the span being read
	reversed := -1     // where a reversed run starts in cur, or -1
	reversedFont := 0  // and in its font's text
	var marks []string // the open marked-content tags, innermost last
	inText := false
	var hexes []string
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == '<' && i+1 < len(content) && content[i+1] == '<':
			j := bytes.Index(content[i:], []byte(">>"))
			dict := string(content[i : i+j+2])
			if m := actualPattern.FindStringSubmatch(dict); m != nil {
				s := hexText(m[1])
				actual = &s
			}
			i += j + 2
			continue
		case c == '<':
			j := bytes.IndexByte(content[i:], '>')
			hexes = append(hexes, string(content[i+1:i+j]))
			i += j + 1
			continue
		case c == '[' || c == ']' || c == '>' || c == ' ' || c == '\n' || c == '\r':
			i++
			continue
		}
		j := i + 1
		for j < len(content) && !bytes.ContainsRune([]byte(" \n\r<>[]"), rune(content[j])) {
			j++
		}
		tok := string(content[i:j])
		i = j
		switch tok {
		case "BT":
			inText, hexes = true, nil
			cur.Reset()
		case "ET":
			inText = false
			lines = append(lines, cur.String())
		case "Tf":
			font = fonts[name]
			if font.cmap == nil {
				t.Errorf("font %s has no ToUnicode map", name)
			}
		case "BDC", "BMC":
			marks = append(marks, name)
			if name == "/Span" && actual != nil {
				cur.WriteString(*actual)
				byFont[font.name] += *actual
			}
			if name == "/ReversedChars" {
				reversed, reversedFont = cur.Len(), len(byFont[font.name])
			}
		case "EMC":
			if len(marks) == 0 {
				t.Fatal("EMC with no marked content open")
			}
			switch marks[len(marks)-1] {
			case "/Span":
				actual = nil
			case "/ReversedChars":
				head, tail := cur.String()[:reversed], []rune(cur.String()[reversed:])
				slices.Reverse(tail)
				cur.Reset()
				cur.WriteString(head + string(tail))
				f := byFont[font.name]
				fontTail := []rune(f[reversedFont:])
				slices.Reverse(fontTail)
				byFont[font.name] = f[:reversedFont] + string(fontTail)
				reversed = -1
			}
			marks = marks[:len(marks)-1]
		case "Tj", "TJ":
			if !inText {
				t.Error("text shown outside a text object")
			}
			for _, h := range hexes {
				for k := 0; k+4 <= len(h); k += 4 {
					code, _ := strconv.ParseUint(h[k:k+4], 16, 16)
					s, ok := font.cmap[uint16(code)]
					if !ok && actual == nil {
						t.Errorf("glyph %04x has no Unicode mapping", code)
					}
					if actual == nil {
						cur.WriteString(s)
						byFont[font.name] += s
					}
				}
			}
			hexes = nil
		default:
			if strings.HasPrefix(tok, "/") {
				name = tok
			}
			if _, err := strconv.ParseFloat(tok, 64); err != nil && !strings.HasPrefix(tok, "/") {
				hexes = nil // another operator: its operands are not text
			}
		}
	}
	return lines
}

var actualPattern = regexp.MustCompile(`/ActualText <([0-9A-Fa-f]+)>`)
