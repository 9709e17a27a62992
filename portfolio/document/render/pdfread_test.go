package render

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// pdfDoc is what a small PDF reader sees in an export: its text as a viewer would
// copy it, its page count and size, and whether its fonts are embedded.
type pdfDoc struct {
	text            string
	pages           int
	a4              bool
	fonts, embedded int
}

var (
	objPattern    = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)
	lengthPattern = regexp.MustCompile(`/Length (\d+)`)
	refPattern    = regexp.MustCompile(`/(Contents|ToUnicode|FontFile2) (\d+) 0 R`)
	rangePattern  = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
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
	cmap := map[uint16]rune{}
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
			for _, r := range refPattern.FindAllStringSubmatch(o.dict, -1) {
				if r[1] == "ToUnicode" {
					c, _ := strconv.Atoi(r[2])
					readCMap(t, objs[c].stream, cmap)
				}
			}
		case strings.Contains(o.dict, "/FontDescriptor"):
			if refPattern.MatchString(o.dict) && strings.Contains(o.dict, "/FontFile2") {
				doc.embedded++
			}
		}
	}
	if len(cmap) == 0 {
		t.Fatal("no ToUnicode map: the text cannot be extracted")
	}
	var lines []string
	for _, c := range contents {
		lines = append(lines, showText(t, objs[c].stream, cmap)...)
	}
	doc.text = strings.Join(lines, "\n") + "\n"
	return doc
}

// readCMap reads the bfrange and bfchar entries of a ToUnicode CMap.
func readCMap(t *testing.T, cm []byte, out map[uint16]rune) {
	s := string(cm)
	for _, block := range []string{"bfrange", "bfchar"} {
		for {
			i := strings.Index(s, "begin"+block)
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], "end"+block)
			body := s[i+len("begin"+block) : i+j]
			s = s[i+j:]
			if block == "bfrange" {
				for _, m := range rangePattern.FindAllStringSubmatch(body, -1) {
					lo, _ := strconv.ParseUint(m[1], 16, 32)
					hi, _ := strconv.ParseUint(m[2], 16, 32)
					dst, _ := strconv.ParseUint(m[3], 16, 32)
					for c := lo; c <= hi; c++ {
						out[uint16(c)] = rune(dst + c - lo)
					}
				}
			}
		}
	}
}

// showText returns the strings shown by Tj and TJ, one line per text object.
func showText(t *testing.T, content []byte, cmap map[uint16]rune) []string {
	var lines []string
	var cur strings.Builder
	inText := false
	var operands [][]byte
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == '(':
			s, n := literalString(content[i:])
			operands = append(operands, s)
			i += n
			continue
		case c == '[' || c == ']' || c == ' ' || c == '\n' || c == '\r':
			i++
			continue
		}
		j := i
		for j < len(content) && !bytes.ContainsRune([]byte(" \n\r()[]"), rune(content[j])) {
			j++
		}
		tok := string(content[i:j])
		i = j
		switch tok {
		case "BT":
			inText, operands = true, nil
			cur.Reset()
		case "ET":
			inText = false
			lines = append(lines, cur.String())
		case "Tj", "TJ":
			if !inText {
				t.Error("text shown outside a text object")
			}
			for _, s := range operands {
				for k := 0; k+1 < len(s); k += 2 {
					code := binary.BigEndian.Uint16(s[k:])
					r, ok := cmap[code]
					if !ok {
						t.Errorf("code %04x has no Unicode mapping", code)
					}
					cur.WriteString(string(utf16.Decode([]uint16{uint16(r)})))
				}
			}
			operands = nil
		default:
			if _, err := strconv.ParseFloat(tok, 64); err != nil {
				operands = nil // another operator: its operands are not text
			}
		}
	}
	return lines
}

// literalString reads a PDF literal string at the start of b, returning its bytes
// and how many bytes of b it took.
func literalString(b []byte) ([]byte, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				k := 0
				for ; k < 3 && i+k < len(b) && b[i+k] >= '0' && b[i+k] <= '7'; k++ {
					v = v*8 + int(b[i+k]-'0')
				}
				out = append(out, byte(v))
				i += k - 1
			default:
				out = append(out, e)
			}
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return out, i + 1
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out, len(b)
}
