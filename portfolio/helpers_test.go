package portfolio

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"
)

// testNow is the pinned clock of every test: Saturday 14 March 2026, 10:00 UTC.
var testNow = time.Date(2026, time.March, 14, 10, 0, 0, 0, time.UTC)

// testToday is testNow's calendar day.
var testToday = calendar.MakeDate(2026, time.March, 14)

var testPassphrase = []byte("correct horse battery staple")

// cheapKDF keeps tests fast; the program's default is never this cheap.
var cheapKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// clock is a settable clock, so a test can move time forward between saves.
type clock struct {
	t time.Time
	// tokenIndexMin goes into every Options made with the clock (withTokenIndexMin).
	tokenIndexMin int
}

func (c *clock) now() time.Time { return c.t }

func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func testOptions(c *clock) Options {
	return Options{KDF: cheapKDF, Now: c.now, tokenIndexMin: c.tokenIndexMin}
}

// newTestPortfolio creates an empty vault in a fresh temporary directory and closes it
// when the test ends.
func newTestPortfolio(t testing.TB) (*Portfolio, *clock) {
	t.Helper()
	c := &clock{t: testNow}
	path := filepath.Join(t.TempDir(), "vault.folio")
	p, err := Create(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p, c
}

// reopen closes p and opens its vault again with the same clock, as a new run of the
// program would.
func reopen(t testing.TB, p *Portfolio, c *clock) *Portfolio {
	t.Helper()
	path := p.Path()
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	q, err := Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func mustAddEntry(t testing.TB, p *Portfolio, e Entry) *Entry {
	t.Helper()
	got, err := p.AddEntry(e)
	if err != nil {
		t.Fatalf("AddEntry(%q): %v", e.Title, err)
	}
	return got
}

func mustAddGoal(t testing.TB, p *Portfolio, g Goal) *Goal {
	t.Helper()
	got, err := addGoal(p, g)
	if err != nil {
		t.Fatalf("AddGoal(%q): %v", g.Title, err)
	}
	return got
}

func mustAddAction(t testing.TB, p *Portfolio, a Action) *Action {
	t.Helper()
	got, err := addAction(p, a)
	if err != nil {
		t.Fatalf("AddAction(%q): %v", a.What, err)
	}
	return got
}

// titles lists the titles of entries in order, for readable comparisons.
func titles(es []*Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Title
	}
	return out
}

// benchRoot holds benchmark vaults for one run of the test binary; TestMain removes it.
var benchRoot string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// The scans the tests compare the core's answers with, over slots they build.

func newestFirst(a, b *indexed) int { return entryindex.NewestFirst(a, b) }

func entriesOf(list []*indexed) []*Entry { return entryindex.Metas(list) }

// findIn scans list for the query, without the token index.
func findIn(list []*indexed, q Query) []*Entry { return entriesOf(entryindex.Find(list, q)) }

// findMatching returns the entries of list that match, in order.
func findMatching(list []*indexed, limit int, match func(*indexed) bool) []*Entry {
	return entriesOf(catalogue.Matching(list, limit, match))
}
