package portfolio

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/portfolio/search"
)

// TestMatchEntryMatchesSearchText holds matchEntry, which folds an entry's parts
// as it searches them, to what searching its whole folded text (newIndexed) finds,
// for words across parts, tags with and without their "#", and letters whose
// folds differ in length or fall in ASCII.
func TestMatchEntryMatchesSearchText(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []string{"a", "B", "k", "S", "ſ", "\u212a", "É", "é", "Σ", "ς", "日", "#", "-", "x", "Y", "\xff", " ", "\n"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	var words []string
	for range 60 {
		words = append(words, text(1+rng.IntN(3)))
	}
	words = append(words, "#a", "#", "a#b", "sk", "\n", "x y")
	for n := range 300 {
		e := &Entry{
			Title: text(rng.IntN(12)),
			Tags:  []string{text(1 + rng.IntN(4)), text(1 + rng.IntN(4))}[:rng.IntN(3)],
			Body:  text(rng.IntN(700)),
		}
		if n%3 == 0 {
			e.Sections = []Section{{Heading: text(5), Body: text(40)}}
			e.Fields = []FieldValue{{Label: text(4), Values: []string{text(3), text(3)}}}
		}
		folded := newIndexed(e).Text
		for _, q := range words {
			ws := search.Words(q)
			if want, got := search.Match(folded, ws), catalogue.MatchEntry(e, ws); got != want {
				t.Fatalf("entry %+v, words %q: matchEntry = %v, the folded text says %v", e, ws, got, want)
			}
		}
	}
}
