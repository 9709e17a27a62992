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

// containsFoldCases are texts whose folds cross ContainsFold's chunks in every
// way that matters: characters of two to four bytes and invalid bytes at the
// cuts, letters that fold to ASCII (ſ, the Kelvin sign), and long words.
func containsFoldCases() (texts []string, words []string) {
	pieces := []string{"a", "B", "é", "Ü", "ſ", "\u212a", "日", "𝔸", "\xff", "\xe2\x82", " ", "\n", "Σ", "ς", "#"}
	for n := 0; n < 40; n++ {
		var b strings.Builder
		for b.Len() < 200+n*37 {
			b.WriteString(pieces[(n*7+b.Len()*13)%len(pieces)])
			b.WriteString(strings.Repeat("x", (n+b.Len())%5))
		}
		texts = append(texts, b.String())
	}
	// Capitals of two, three and four bytes astride the first cut, at each offset.
	for _, c := range []string{"Ü", "\u212a", "\U00010400"} {
		for pad := foldChunk - 4; pad <= foldChunk; pad++ {
			texts = append(texts, strings.Repeat("x", pad)+c+"y")
		}
	}
	words = []string{"xü", "üy", "xky", "\U00010428y", "a", "b", "s", "k", "é", "ü", "σ", "x", "xx", "#a", "日x", "\xff", "sk", strings.Repeat("x", 4), "ſ", "zz"}
	for _, t := range texts[:8] {
		// Words taken from inside the text, across any cut.
		f := Fold(t)
		for i := 0; i+9 < len(f); i += 61 {
			words = append(words, f[i:i+9], f[i:min(i+200, len(f))])
		}
	}
	return texts, words
}

func TestContainsFoldMatchesFold(t *testing.T) {
	texts, words := containsFoldCases()
	for _, lead := range []string{"", "#"} {
		for _, s := range texts {
			for _, w := range words {
				fw := []byte(Fold(w))
				want := strings.Contains(lead+Fold(s), string(fw))
				if got := ContainsFold(lead, s, fw); got != want {
					t.Fatalf("ContainsFold(%q, %q, %q) = %v, want %v", lead, s, fw, got, want)
				}
			}
		}
	}
}

func FuzzContainsFold(f *testing.F) {
	texts, words := containsFoldCases()
	for i, s := range texts[:10] {
		f.Add(s, words[i])
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		fw := []byte(Fold(w))
		want := strings.Contains(Fold(s), string(fw))
		if got := ContainsFold("", s, fw); got != want {
			t.Fatalf("ContainsFold(%q, %q) = %v, want %v", s, fw, got, want)
		}
	})
}
