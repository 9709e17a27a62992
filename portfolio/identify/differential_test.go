package identify

import (
	"fmt"
	"slices"
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
