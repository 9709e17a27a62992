package identify

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The scanner finds exactly what the detector it replaced finds, on the test corpus
// and on the table tests' texts.
func TestFindMatchesReference(t *testing.T) {
	texts := corpusText(1, 600)
	texts = append(texts, corpusPieces...)
	found := 0
	for i, text := range texts {
		for _, year := range []int{2026, 1990} {
			got, want := find(text, year), refFind(text, year)
			found += len(want)
			if !slices.Equal(got, want) {
				t.Fatalf("text %d (year %d): scanner found\n%v\nreference found\n%v\nin %q", i, year, got, want, text)
			}
		}
	}
	// The corpus must hold identifiers of every kind, or the comparison proves little.
	kinds := map[Kind]int{}
	for _, text := range texts[:500] {
		for _, f := range refFind(text, 2026) {
			kinds[f.Kind]++
		}
	}
	if len(kinds) != len(descriptions) {
		t.Errorf("the corpus holds only %v", kinds)
	}
	t.Logf("%d findings compared; by kind in the first 500 texts: %s", found, fmt.Sprint(kinds))
}

func FuzzFindMatchesReference(f *testing.F) {
	for _, s := range corpusPieces {
		f.Add(s)
	}
	f.Add("Mr Patel, 943 476 5919, LS1 4AP, born 3 May 1950, x@y.com 12/03/1956")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := find(text, 2026), refFind(text, 2026); !slices.Equal(got, want) {
			t.Fatalf("scanner found\n%v\nreference found\n%v\nin %q", got, want, text)
		}
	})
}

// Texts made to cost the most: one long word of postcode-like pieces, many findings
// on one line, invalid UTF-8 between findings. The scanner must agree with the
// reference on them too.
func TestFindMatchesReferenceOnHardTexts(t *testing.T) {
	for _, text := range hardTexts() {
		if got, want := find(text, 2026), refFind(text, 2026); !slices.Equal(got, want) {
			t.Fatalf("scanner found %d, reference %d in a text of %d bytes", len(got), len(want), len(text))
		}
	}
}

func hardTexts() []string {
	return []string{
		strings.Repeat("1a", 5000),
		strings.Repeat("a@b.co ", 2000),
		strings.Repeat("\xe2\x80 x@y.org \xff", 1000),
		strings.Repeat("3 May 1950 ", 1000),
		strings.Repeat("Dr ", 3000) + "Jones",
		strings.Repeat("x", 20000) + " 3 May 1950 4 May 1951",
	}
}

// The scan notes exactly the places its previous byte loop noted, on the dense
// corpus, on prose, on the table tests' pieces and on the hard texts.
func TestCandidatesMatchPrevious(t *testing.T) {
	texts := corpusText(3, 300)
	texts = append(texts, proseText(5, 300)...)
	texts = append(texts, corpusPieces...)
	texts = append(texts, hardTexts()...)
	places := 0
	for i, text := range texts {
		got, want := candidates(text), prevCandidates(text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("text %d: scan noted\n%+v\nprevious loop noted\n%+v\nin %q", i, got, want, text)
		}
		places += len(want.email) + len(want.numericDates) + len(want.isoDates) + len(want.years) + len(want.inward) + len(want.titles)
	}
	// Every kind of place must occur, or the comparison proves little.
	c := prevCandidates(strings.Join(corpusText(3, 50), " "))
	if len(c.email) == 0 || len(c.numericDates) == 0 || len(c.isoDates) == 0 || len(c.years) == 0 || len(c.inward) == 0 || len(c.titles) == 0 {
		t.Errorf("the corpus lacks a kind of place: %+v", c)
	}
	t.Logf("%d places compared", places)
}

func FuzzCandidatesMatchPrevious(f *testing.F) {
	for _, s := range corpusPieces {
		f.Add(s)
	}
	f.Add("Mr Patel, 943 476 5919, LS1 4AP, born 3 May 1950, x@y.com 12/03/1956")
	f.Add("a-1.2/3@Dr 1990-04-03x 2001 Professor. Revd\xc3\xa9 9\xff")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := candidates(text), prevCandidates(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("scan noted\n%+v\nprevious loop noted\n%+v\nin %q", got, want, text)
		}
	})
}

// mayCueEvent never says no where eventCue matches.
func FuzzMayCueEvent(f *testing.F) {
	for _, s := range []string{"updated on ", "Published:", "ISSUED : \t", "since\n", "by", "x", "", "in::", "on :", "effective ", "began\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if eventCue.MatchString(s) && !mayCueEvent(s) {
			t.Fatalf("eventCue matches %q but mayCueEvent says it cannot", s)
		}
	})
}
