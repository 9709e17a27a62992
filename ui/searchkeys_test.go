package ui

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/search"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
)

// TestSearchKeystrokesMatchFreshSearch types and deletes letters in the entries
// list's search field and checks, after every key, that the list shows exactly
// the entries a plain scan selects for what is typed, newest first: the same set
// in the same order whether the answer came from a scan (before the token index
// is built), from the index, after a backspace or a new word. There are enough
// entries for the app to build the token index.
func TestSearchKeystrokesMatchFreshSearch(t *testing.T) {
	clk := newClock()
	opts := common.Options{VaultPath: filepath.Join(t.TempDir(), "vault.folio"), Now: clk.Now, KDF: cheapKDF}
	p, err := portfolio.Create(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: clk.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string { return benchWords[rng.IntN(len(benchWords))] }
	today := calendar.DateOf(clk.Now())
	var batch []portfolio.Entry
	for i := range 4600 {
		var body strings.Builder
		for range 6 {
			body.WriteString(word() + " ")
		}
		batch = append(batch, portfolio.Entry{
			Title:     fmt.Sprintf("%s %s #%d", word(), word(), i),
			Body:      body.String(),
			Functions: portfolio.Functions(portfolio.AllFunctions[rng.IntN(3)]),
			Tags:      []string{word()},
			// Few days, so many entries share one and their order rests on the
			// later keys.
			Date: today - calendar.Date(rng.IntN(30)),
		})
	}
	if _, err := p.AddEntries(batch); err != nil {
		t.Fatal(err)
	}
	all := p.Find(portfolio.Query{}) // newest first
	texts := make(map[portfolio.ID]string, len(all))
	for _, e := range all {
		texts[e.ID] = search.Fold(e.Title + "\n#" + strings.Join(e.Tags, "\n#") + "\n" + e.Body)
	}
	want := func(typed string) []portfolio.ID {
		words := strings.Fields(search.Fold(typed))
		var ids []portfolio.ID
		for _, e := range all {
			if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(texts[e.ID], w) }) {
				ids = append(ids, e.ID)
			}
		}
		return ids
	}

	a := unlockedApp(p, opts)
	_, cmd := a.Update(keyMsg("/"))
	settle(a, cmd)
	en, ok := a.top().(*entriespkg.Entries)
	if !ok {
		t.Fatalf("/ opened %T, not the entries list", a.top())
	}
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}
	keys := []tea.KeyPressMsg{
		keyMsg("w"), keyMsg("a"), keyMsg("r"), keyMsg("f"), backspace, keyMsg("d"),
		keyMsg(" "), keyMsg("r"), keyMsg("e"), backspace, backspace, backspace,
		backspace, keyMsg("n"), keyMsg("i"), keyMsg("n"), keyMsg("g"), keyMsg("x"),
		backspace, backspace, backspace, backspace, backspace, backspace, backspace,
		backspace,
	}
	nonEmpty := 0 // searches that found something: the test must not pass on empty lists
	check := func(step int) {
		t.Helper()
		typed := en.SearchInput.Value()
		var got []portfolio.ID
		for _, it := range en.List.Items() {
			got = append(got, it.(interface{ Entry() *portfolio.Entry }).Entry().ID)
		}
		w := want(typed)
		if len(w) > 0 {
			nonEmpty++
		}
		if !slices.Equal(got, w) {
			t.Fatalf("key %d, %q typed: the list shows %d entries, a fresh search %d, or in another order", step, typed, len(got), len(w))
		}
	}
	for i, k := range keys {
		_, cmd := a.Update(k)
		settle(a, cmd)
		check(i)
	}
	// Again with the token index built, as after the first searches.
	deadline := time.Now().Add(30 * time.Second)
	for !p.SearchReady() {
		if time.Now().After(deadline) {
			t.Fatal("the token index was not built")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for i, k := range keys {
		_, cmd := a.Update(k)
		settle(a, cmd)
		check(len(keys) + i)
	}
	if nonEmpty < len(keys) {
		t.Fatalf("only %d of %d searches found anything", nonEmpty, 2*len(keys))
	}
	if en.SearchInput.Value() != "" || len(en.List.Items()) != len(all) {
		t.Fatalf("after the keys the field reads %q and the list shows %d of %d entries", en.SearchInput.Value(), len(en.List.Items()), len(all))
	}
}
