package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestMarkdownRenders pins what the entry view shows for each construct users
// type, as plain text (styles stripped).
func TestMarkdownRenders(t *testing.T) {
	tests := []struct {
		name, src, want string
		width           int
	}{
		{"title", "# Audit", "   Audit ", 40},
		{"heading", "## Balance", "  ## Balance", 40},
		{"emphasis", "a *b* **c** ~~d~~ `e`", "  a b c d e", 40},
		{"typed line breaks", "first line\nsecond line", "  first line\n  second line", 40},
		{"wrap", "one two three four five six", "  one two three\n  four five six", 19},
		{"bullets", "- one\n- two\n  - nested", "  • one\n  • two\n    • nested", 40},
		{"numbers", "3. three\n4. four", "  3. three\n  4. four", 40},
		{"tasks", "- [ ] open\n- [x] done", "  [ ] open\n  [✓] done", 40},
		{"quote", "> kept", "  │ kept", 40},
		{"code", "```\nx := 1\n  y\n```", "    x := 1\n      y", 40},
		{"link", "[NICE](https://nice.org.uk)", "  NICE (https://nice.org.uk)", 40},
		{"rule", "a\n\n---\n\nb", "  a\n\n  --------\n\n  b", 40},
		{"escapes", `\#tag &amp; &#35;`, "  #tag & #", 40},
		{"html dropped", "a <b>bold</b> c", "  a bold c", 40},
		{"table", "| a | b |\n|---|---|\n| 1 | 22 |", "   a │ b\n  ───┼────\n   1 │ 22", 40},
		{"table wraps cells", "| k | v |\n|---|---|\n| x | one two three |", "   k │ v\n  ───┼────────────\n   x │ one two\n     │ three", 20},
		{"blocks spaced", "para\n\n- item", "  para\n\n  • item", 40},
	}
	md := NewMarkdown(true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ansi.Strip(md.Render(tt.src, tt.width))
			if got != tt.want {
				t.Errorf("render(%q) =\n%q\nwant\n%q", tt.src, got, tt.want)
			}
		})
	}
}

// TestMarkdownInert checks rendering adds nothing a terminal acts on beyond
// colours: no hyperlink, title or other escape sequences, whatever the text.
func TestMarkdownInert(t *testing.T) {
	src := "[x](https://evil.example) <https://a.example> <script>alert(1)</script>\n\n![img](https://i.example/p.png)"
	out := NewMarkdown(false).Render(src, 60)
	for i := 0; i < len(out); i++ {
		if out[i] != 0x1b {
			continue
		}
		// Only SGR sequences: ESC [ digits and semicolons m.
		j := i + 1
		if j >= len(out) || out[j] != '[' {
			t.Fatalf("non-CSI escape at %d in %q", i, out)
		}
		j++
		for j < len(out) && (out[j] >= '0' && out[j] <= '9' || out[j] == ';') {
			j++
		}
		if j >= len(out) || out[j] != 'm' {
			t.Fatalf("escape other than SGR at %d in %q", i, out)
		}
	}
	if strings.Contains(ansi.Strip(out), "<script>") {
		t.Errorf("raw HTML tag shown: %q", out)
	}
}
