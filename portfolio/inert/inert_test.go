package inert

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Warfarin review, week 3", "Warfarin review, week 3"},
		{"keeps newline and tab", "a\n\tb", "a\n\tb"},
		{"crlf is a line end", "a\r\nb", "a\nb"},
		{"lone carriage return shown", "safe\rEVIL", "safe␍EVIL"},
		{"backspace shown", "ab\bc", "ab␈c"},
		{"bell shown", "ding\a", "ding␇"},
		{"nul shown", "a\x00b", "a␀b"},
		{"del shown", "a\x7fb", "a␡b"},
		{"csi removed", "\x1b[31mred\x1b[0m", "red"},
		{"clear screen removed", "x\x1b[2J\x1b[Hy", "xy"},
		{"osc title with bel removed", "\x1b]0;pwned\x07text", "text"},
		{"osc hyperlink with st removed", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"dcs removed", "\x1bPq#0;2;0;0;0\x1b\\after", "after"},
		{"two byte escape removed", "\x1b(Bok\x1bc", "ok"},
		{"unterminated osc eats the rest", "ok\x1b]52;c;ZXZpbA==", "ok"},
		{"lone escape at end", "ok\x1b", "ok"},
		{"8-bit csi removed", "a\u009b31mb", "ab"},
		{"8-bit osc removed", "a\u009d0;t\u009cb", "ab"},
		{"other c1 shown", "a\u0085b", "a<U+0085>b"},
		{"invalid utf8 replaced", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"csi broken by newline keeps the newline", "\x1b[3\nx", "\nx"},
		{"unicode kept", "Café – naïve 漢字 🙂", "Café – naïve 漢字 🙂"},
		{"bidi override shown", "dose\u202e01 gm\u202c", "dose<U+202E>01 gm<U+202C>"},
		{"bidi isolate shown", "a\u2067b\u2069", "a<U+2067>b<U+2069>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLineFlattens(t *testing.T) {
	if got := Line("a\nb\tc\x1b[1m"); got != "a b c" {
		t.Errorf("SanitizeLine = %q", got)
	}
}

// inert reports the first rune of s a terminal would act on, if any.
func firstControl(s string) (rune, bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, true
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain", "\x1b[31mred", "\x1b]0;t\x07", "\r\n\b\a\x7f", "\u0085\u009b1m\u009d",
		"\xff\xfe", "\x1b", "\x1bP", "\x1b[", "a\x1b\x1b[m", "\xc2", "\x1b]8;;u\x1b\\l", "\u202eevil\u2066",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if r, bad := firstControl(got); bad {
			t.Fatalf("Text(%q) = %q keeps control %U", s, got, r)
		}
		if strings.ContainsRune(got, 0x1b) {
			t.Fatalf("Text(%q) keeps an escape", s)
		}
		if strings.ContainsFunc(got, isBidiControl) {
			t.Fatalf("Text(%q) = %q keeps a bidi control", s, got)
		}
		if again := Text(got); again != got {
			t.Fatalf("Text is not idempotent on %q: %q then %q", s, got, again)
		}
		line := Line(s)
		if strings.ContainsAny(line, "\n\t") {
			t.Fatalf("Line(%q) = %q keeps a line break", s, line)
		}
	})
}

// JSON output keeps C1 and bidi controls as \u escapes: the same document, inert.
func TestJSON(t *testing.T) {
	in := []byte(`{"title":"a` + "\u009b31m\u0085b\u202ec\u2069" + `d","n":1}`)
	want := `{"title":"a\u009b31m\u0085b\u202ec\u2069d","n":1}`
	if got := string(JSON(in)); got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	var back, orig map[string]any
	if err := json.Unmarshal(JSON(in), &back); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(in, &orig)
	if back["title"] != orig["title"] {
		t.Errorf("escaping changed the value: %q, want %q", back["title"], orig["title"])
	}
	plain := []byte(`{"title":"Zoë"}`)
	if got := JSON(plain); &got[0] != &plain[0] {
		t.Error("clean JSON was copied")
	}
}
