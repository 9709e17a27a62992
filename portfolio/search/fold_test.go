package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// slowFold is fold one rune at a time: the reference the fast path must agree with.
func slowFold(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(foldRune(r))
		}
		i += size
	}
	return b.String()
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"already lower", "already lower"},
		{"Hello WORLD 123 @[`{", "hello world 123 @[`{"},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"},
		{"ÜBER", "über"},
		{"Ein Gespräch ÜBER Fehler, OK?", "ein gespräch über fehler, ok?"},
		{"ΚΟΣΜΟΣ", "κοσμοσ"},
		{"κοσμος", "κοσμοσ"}, // final sigma meets its capital
		{"ſ", "s"},
		{"ДОЗА препарата", "доза препарата"},
		{"日本語 ABC", "日本語 abc"},
		{"bad \xff byte AB", "bad \xff byte ab"},
		{strings.Repeat("Abc", 40) + "É" + strings.Repeat("XYZ", 9), strings.Repeat("abc", 40) + "é" + strings.Repeat("xyz", 9)},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every byte value in every position of an eight-byte word.
	for c := range 128 {
		for pos := range 9 {
			s := strings.Repeat("M", pos) + string(rune(c)) + "Qz"
			if got, want := Fold(s), strings.ToLower(s); got != want {
				t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Hello", "ÜBER über", "ΚΟΣΜΟΣ κοσμος", "\xff\xfeAB", "İı", strings.Repeat("aBcDeFgH", 5) + "Ω"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if want := slowFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
		if again := Fold(got); again != got {
			t.Fatalf("fold is not idempotent on %q: %q then %q", s, got, again)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
	})
}
