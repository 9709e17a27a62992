package interchange

import (
	"testing"
	"unicode/utf16"

	"github.com/foliohq/folio/portfolio"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestDecodeText(t *testing.T) {
	const text = "# Zoë's night shift 🌙\r\nBody\n"
	for name, in := range map[string][]byte{
		"plain":     []byte(text),
		"UTF-8 BOM": append([]byte{0xef, 0xbb, 0xbf}, text...),
		"UTF-16LE":  utf16Bytes(text, false),
		"UTF-16BE":  utf16Bytes(text, true),
	} {
		got, err := DecodeText(in)
		if err != nil || string(got) != text {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
	// Not UTF-8 without a mark is left for the reader's own check.
	if got, err := DecodeText([]byte{0xc3, 0x28}); err != nil || string(got) != "\xc3\x28" {
		t.Errorf("invalid UTF-8: %q, %v", got, err)
	}
	for name, in := range map[string][]byte{
		"odd length":     {0xff, 0xfe, 'x'},
		"lone high":      {0xff, 0xfe, 0x3d, 0xd8, 'x', 0},
		"lone low":       {0xfe, 0xff, 0xdc, 0x00},
		"truncated pair": {0xff, 0xfe, 0x3d, 0xd8},
	} {
		if got, err := DecodeText(in); err == nil || !portfolio.IsBadInput(err) {
			t.Errorf("%s: %q, %v; want bad input", name, got, err)
		}
	}
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("\xef\xbb\xbfx"))
	f.Add(utf16Bytes("héllo 🌙", false))
	f.Add(utf16Bytes("héllo 🌙", true))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := DecodeText(b)
		if err != nil {
			return
		}
		if len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
			// Decoded UTF-16 is always valid UTF-8 and encodes back to the input.
			back := utf16Bytes(string(got), b[0] == 0xfe)
			if string(back) != string(b) {
				t.Fatalf("%x decoded to %q, which encodes as %x", b, got, back)
			}
		}
	})
}
