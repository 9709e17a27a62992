package portfolio

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/search"
)

// withTokenIndexMin lowers the size at which the token index is built, for p
// (just created, nothing searched yet) and every portfolio opened with c after it.
func withTokenIndexMin(p *Portfolio, c *clock, n int) {
	p.tokenIndexMin = n
	c.tokenIndexMin = n
}

// indexQueries are searches of every shape: single letters, word starts and
// middles, punctuation, several words, tags, other scripts, and no match.
var indexQueries = []string{
	"w", "wa", "war", "warf", "warfarin", "arfa", "patient", "PATIENT", "the", "e",
	"ent.", "night;", "dose,", "3am", "über", "ÜBER", "κοσμοσ", "ΚΟΣΜΟΣ", "gespräch",
	"patient warfarin", "the and of", "night pressure", "#audit", "#aud", "#", "audit",
	"xylophonic", "wa rf", "co-codamol", "tab\tbed", "nbsp", "zz", "a", "é",
}

// specialEntries exercise what splits and what joins tokens.
// coveredBy counts the vault's entries that the index build holds.
func coveredBy(p *Portfolio, idx *search.Index[*indexed]) int {
	if idx == nil {
		return 0
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	n := 0
	for _, ix := range p.byDate {
		if idx.Covers(ix) {
			n++
		}
	}
	return n
}

func specialEntries() []Entry {
	return []Entry{
		{Title: "Night; pressure", Body: "a warfarin query at 3am.\tTabbed\nnew line", Tags: []string{"audit"}},
		{Title: "Ein Gespräch ÜBER Fehler", Body: "Ο κοσμος. co-codamol,dose,given"},
		{Title: "Spaces of other kinds", Body: "no\u00a0break\u2003em space nbsp\u00a0warfarin"},
		{Title: "Tabs", Body: "tab\tbed and tab bed"},
	}
}

func checkAgainstScan(t *testing.T, p *Portfolio, when string) {
	t.Helper()
	for _, text := range indexQueries {
		for _, q := range []Query{{Text: text}, {Text: text, Functions: Functions(Restorative)}, {Text: text, Limit: 3}} {
			got := p.Find(q)
			p.mu.RLock()
			want := findIn(p.byDate, q)
			p.mu.RUnlock()
			if !slices.Equal(got, want) {
				t.Errorf("%s: Find(%+v) gave %d entries %q, the scan %d %q", when, q, len(got), titles(got), len(want), titles(want))
			}
		}
	}
}

func TestTokenIndexAgreesWithScan(t *testing.T) {
	p, c := newTestPortfolio(t)
	withTokenIndexMin(p, c, 1)
	es := newCorpusGen(42).entries(300)
	for _, e := range specialEntries() {
		e.Functions = Functions(Restorative)
		es = append(es, e)
	}
	if _, err := p.AddEntries(es); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	// Opening reads the catalogue, not the bodies; the first text search the
	// persisted index cannot narrow (a letter in every entry) reads them and
	// starts the in-memory index build.
	p.Find(Query{Text: "e"})
	if !p.bodies {
		t.Fatal("a search for a letter in every entry did not read the bodies")
	}
	p.es.Search.Wait()
	p.mu.RLock()
	idx := p.es.Search.Index()
	p.mu.RUnlock()
	if idx == nil {
		t.Fatal("no index built after open and a first search")
	}
	if covered := coveredBy(p, idx); covered != len(es) {
		t.Fatalf("the index built after open holds %d of the %d entries", covered, len(es))
	}
	// The index must narrow a rare word, or it is not being used.
	p.mu.RLock()
	narrowed, _, stale, ok := idx.Narrow(p.byDate, search.Words("warfarin"))
	p.mu.RUnlock()
	if !ok || stale != 0 || len(narrowed) == 0 || len(narrowed) > len(es)/4 {
		t.Fatalf("index narrows warfarin to %d of %d entries (stale %d, ok %v)", len(narrowed), len(es), stale, ok)
	}
	checkAgainstScan(t, p, "fresh index")

	// Changes the index does not cover yet are scanned.
	c.advance(time.Minute)
	added := mustAddEntry(t, p, Entry{Title: "Added warfarin zz", Functions: Functions(Restorative)})
	night := p.Find(Query{Text: "night;"})[0]
	edit := *night
	edit.Body = "rewritten without the word, but with xylophonic"
	if _, err := p.UpdateEntry(edit); err != nil {
		t.Fatal(err)
	}
	gone := p.Find(Query{Text: "gespräch"})[0]
	if err := p.DeleteEntry(gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddEntries(newCorpusGen(43).entries(20)); err != nil {
		t.Fatal(err)
	}
	checkAgainstScan(t, p, "stale index")
	if got := p.Find(Query{Text: "zz"}); len(got) != 1 || got[0].ID != added.ID {
		t.Errorf("an entry added after the build is not found: %q", titles(got))
	}
	if got := p.Find(Query{Text: "gespräch"}); len(got) != 0 {
		t.Errorf("a deleted entry is still found: %q", titles(got))
	}

	// A rebuild covers the changes.
	p.startSearch()
	p.es.Search.Wait()
	p.mu.RLock()
	rebuilt := p.es.Search.Index()
	p.mu.RUnlock()
	if rebuilt == idx || coveredBy(p, rebuilt) != p.EntryCount() {
		t.Fatalf("no rebuild: %d docs for %d entries", coveredBy(p, rebuilt), p.EntryCount())
	}
	checkAgainstScan(t, p, "rebuilt index")
}

// TestTokenIndexRebuildsWhenStale checks enough changes start a rebuild by themselves.
func TestTokenIndexRebuildsWhenStale(t *testing.T) {
	p, c := newTestPortfolio(t)
	withTokenIndexMin(p, c, 1)
	if _, err := p.AddEntries(newCorpusGen(1).entries(50)); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	p.es.Search.Wait()
	if _, err := p.AddEntries(newCorpusGen(2).entries(300)); err != nil {
		t.Fatal(err)
	}
	p.Find(Query{Text: "warfarin"}) // 300 uncovered: more than the 256 that may be scanned
	p.es.Search.Wait()
	p.mu.RLock()
	idx := p.es.Search.Index()
	p.mu.RUnlock()
	if n := coveredBy(p, idx); n != 350 {
		t.Errorf("index covers %d entries, want all 350", n)
	}
}

// TestTokenIndexCloseWhileBuilding checks Close stops a build and leaves nothing
// running; run with -race.
func TestTokenIndexCloseWhileBuilding(t *testing.T) {
	p, c := newTestPortfolio(t)
	withTokenIndexMin(p, c, 1)
	if _, err := p.AddEntries(newCorpusGen(3).entries(2000)); err != nil {
		t.Fatal(err)
	}
	building := func() bool { return p.es.Search.Building() }
	for range 3 {
		p = reopen(t, p, c)
		var wg sync.WaitGroup
		wg.Go(func() { p.Find(Query{Text: "warfarin"}) })
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if building() {
			t.Fatal("a build is still running after Close")
		}
		p.startSearch() // after Close, nothing starts
		if building() {
			t.Fatal("a build started after Close")
		}
	}
}

// FuzzTokenIndex checks the index gives exactly the scan's answer: for any text and
// query, the entries it lets through, checked for the words it left, are the
// entries the scan finds.
func FuzzTokenIndex(f *testing.F) {
	f.Add("a warfarin query at 3am.", "warf")
	f.Add("no\u00a0break space", "no\u00a0break")
	f.Add("tab\tbed", "b\tb")
	f.Add("ΚΟΣΜΟΣ κοσμος", "σ")
	f.Add("x\xffy", "\xff")
	gen := newCorpusGen(9)
	base := gen.entries(30)
	f.Fuzz(func(t *testing.T, text, query string) {
		var docs []*indexed
		for i := range base {
			docs = append(docs, newIndexed(&base[i]))
		}
		docs = append(docs, newIndexed(&Entry{Title: text, Body: text + " " + query}))
		var stop atomic.Bool
		idx := search.Build(docs, 1, &stop)
		q := Query{Text: query}
		want := findIn(docs, q)
		words := search.Words(query)
		if len(words) == 0 {
			return
		}
		narrowed, residual, _, ok := idx.Narrow(docs, words)
		if !ok {
			return
		}
		got := findMatching(narrowed, 0, func(ix *indexed) bool { return search.Match(ix.Text, residual) })
		if !slices.Equal(got, want) {
			t.Fatalf("query %q over %q: the index let through %d of the %d matches", query, text, len(got), len(want))
		}
		// The last entry holds the query as typed, so it always matches ("#" aside,
		// which reads the query differently).
		if !strings.HasPrefix(query, "#") && !slices.Contains(want, docs[len(docs)-1].Meta()) {
			t.Fatalf("query %q does not find the entry holding it", query)
		}
	})
}
