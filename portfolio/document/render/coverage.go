package render

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render/pdfkit"
)

// substitute stands in the PDF for a character no font can draw: the Unicode
// replacement character, which the Go fonts have, rather than a "?" that reads as
// punctuation. Every document that needs it says so at its top (see MissingGlyphs).
const substitute = '\uFFFD'

// maxNamed is how many missing characters a notice lists by code point.
const maxNamed = 12

// MissingGlyphs lists, in order, the characters of a document that its PDF cannot
// draw, with the embedded fonts or the system's (after composing accents written
// as combining marks), so the reader can be told rather than left with
// substitutes. It looks at the same fonts Render does.
func MissingGlyphs(d document.Doc) []rune {
	return missingGlyphs(d, pdfkit.NewFonts(pdfkit.SystemFontDirs()))
}

func missingGlyphs(d document.Doc, fonts *pdfkit.Fonts) []rune {
	seen := map[rune]bool{}
	mapDoc(inertDoc(d), func(s string) string {
		for _, r := range norm.NFC.String(s) {
			if !unicode.IsControl(r) && !fonts.Drawable(r) {
				seen[r] = true
			}
		}
		return s
	})
	out := make([]rune, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// MissingNotice is the sentence a PDF and the command line print about characters
// the PDF cannot draw: how many, of which scripts, and which, by code point.
func MissingNotice(missing []rune) string {
	if len(missing) == 0 {
		return ""
	}
	var scripts []string
	for _, r := range missing {
		if s := scriptOf(r); !slices.Contains(scripts, s) {
			scripts = append(scripts, s)
		}
	}
	var points []string
	for i, r := range missing {
		if i == maxNamed {
			points = append(points, fmt.Sprintf("and %d more", len(missing)-maxNamed))
			break
		}
		points = append(points, fmt.Sprintf("U+%04X", r))
	}
	word, them, each := "characters", "them", "each is"
	if len(missing) == 1 {
		word, them, each = "character", "it", "it is"
	}
	return fmt.Sprintf("This PDF cannot draw %d %s (%s: %s): no embedded or installed font has %s; %s shown as %c. The HTML export shows %s with the reader's own fonts.",
		len(missing), word, strings.Join(scripts, ", "), strings.Join(points, " "), them, each, substitute, them)
}

// scriptOf names the script a character belongs to, for a notice.
func scriptOf(r rune) string {
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
			return name
		}
	}
	if unicode.Is(unicode.So, r) || r > 0xFFFF {
		return "emoji and symbols"
	}
	return "other symbols"
}
