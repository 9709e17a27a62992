package entryindex

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// TestFoldFilterFollowsEqualFold checks the assumption the tag filter rests on:
// the only runes outside ASCII that case-fold to an ASCII one are the Kelvin sign
// (to K) and the long s (to S). Were Unicode to add another, the filter would
// fail rows strings.EqualFold matches, and this test would say so.
func TestFoldFilterFollowsEqualFold(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= 0x80 {
				continue
			}
			if !(r == []rune(kelvin)[0] && unicode.ToLower(f) == 'k' || r == []rune(longS)[0] && unicode.ToLower(f) == 's') {
				t.Errorf("%U folds to %q: the filter does not follow it", r, f)
			}
		}
	}
	for c := rune(0); c < 0x80; c++ {
		for _, r := range []rune{c, unicode.ToUpper(c), []rune(kelvin)[0], []rune(longS)[0]} {
			want := strings.EqualFold(string(r), string(c))
			got := foldFilter(string(c))([]byte(string(r)))
			if want && !got {
				t.Errorf("the filter for %q fails %q, which EqualFold matches", c, r)
			}
		}
	}
}

// TestRowFilterPassesEveryMatch checks, over random tags written in any case (and
// with the Kelvin sign and the long s), goals and actions, that the filter passes
// every row Matches selects, and fails some it does not.
func TestRowFilterPassesEveryMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	variants := map[byte][]string{'k': {"k", "K", kelvin}, 's': {"s", "S", longS}}
	spell := func(low string) string {
		var b strings.Builder
		for i := range len(low) {
			if v, ok := variants[low[i]]; ok {
				b.WriteString(v[rng.IntN(len(v))])
			} else if rng.IntN(2) == 0 {
				b.WriteByte(upper(low[i]))
			} else {
				b.WriteByte(low[i])
			}
		}
		return b.String()
	}
	words := []string{"audit", "risk", "ks", "cpd", "safeguarding", "s", "k-12", "sk", "deprescribing", "é-tag"}
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var rows []catalogue.Row
	var slots []*Slot
	for i := range 400 {
		e := &Entry{ID: ID(storage.NewID().String()), Title: spell(words[rng.IntN(len(words))]) + " notes",
			Date: calendar.MakeDate(2026, 1, 1+i%28), Created: created.Add(time.Duration(i) * time.Minute), Functions: Functions(1 + i%7)}
		for range rng.IntN(3) {
			e.Tags = append(e.Tags, spell(words[rng.IntN(len(words))]))
		}
		if i%3 == 0 {
			e.GoalIDs = []ID{ID([]string{"g1", "g2"}[rng.IntN(2)])}
		}
		if i%5 == 0 {
			e.ActionIDs = []ID{"a1"}
		}
		rows = append(rows, catalogue.Row{Meta: record.EncodeEntry(catalogue.MetaOf(e))})
		slots = append(slots, rowSlot(e))
	}
	for _, w := range words {
		for _, q := range []Query{{Tag: spell(w)}, {Tag: strings.ToUpper(w), GoalID: "g1"}, {Tag: w, ActionID: "a1"}, {GoalID: "g2"}} {
			keep := q.rowFilter()
			if keep == nil {
				if utf8.ValidString(q.Tag) && strings.IndexFunc(q.Tag, func(r rune) bool { return r >= 0x80 }) < 0 {
					t.Fatalf("%+v: no filter for an ASCII tag", q)
				}
				continue
			}
			failed := 0
			for i, r := range rows {
				if !keep(storage.ID{}, r) {
					failed++
					if q.Matches(slots[i]) {
						t.Errorf("%+v: the filter fails a row Matches selects (tags %q)", q, slots[i].Meta().Tags)
					}
				}
			}
			if failed == 0 {
				t.Errorf("%+v: the filter failed no row", q)
			}
		}
	}
}
