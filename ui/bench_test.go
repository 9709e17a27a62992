package ui

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
)

// Benchmarks of what a heavy user waits on: drawing the entries list and the
// dashboard with 10k entries, and one keystroke of search-as-you-type at 10k and
// 100k. Run with: go test ./ui -run '^$' -bench . -benchtime 2s

var benchWords = strings.Fields(`patient pharmacist warfarin apixaban renal dose audit
	clinic counselling error debrief ward round handover supervision mentor guideline
	interaction statin antibiotic prescription review reflection learning practice team
	pressure workload standard procedure discharge medicines reconciliation allergy
	insulin opioid safety incident feedback competence confidence communication`)

// benchPortfolio makes a vault of n entries of about 2 KB each, in one transaction
// per 5,000 so building 100k takes seconds, not an fsync each.
func benchPortfolio(b *testing.B, n int) (*portfolio.Portfolio, common.Options) {
	b.Helper()
	clk := newClock()
	opts := common.Options{VaultPath: filepath.Join(b.TempDir(), "vault.folio"), Now: clk.Now, KDF: cheapKDF}
	p, err := portfolio.Create(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: clk.Now, KDF: cheapKDF})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	today := calendar.DateOf(clk.Now())
	word := func() string { return benchWords[rng.IntN(len(benchWords))] }
	var batch []portfolio.Entry
	for i := range n {
		var body strings.Builder
		for body.Len() < 2000 {
			body.WriteString(word() + " ")
		}
		fs := portfolio.Functions(portfolio.AllFunctions[rng.IntN(3)])
		batch = append(batch, portfolio.Entry{
			Title:     fmt.Sprintf("%s %s %s #%d", word(), word(), word(), i),
			Body:      body.String(),
			Functions: fs,
			Tags:      []string{word(), word()},
			Date:      today - calendar.Date(rng.IntN(40*365)),
		})
		if len(batch) == 5000 || i == n-1 {
			if _, err := p.AddEntries(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	g, err := goals.Add(p, portfolio.Goal{Title: "Counsel patients starting DOACs confidently"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 3 {
		if _, err := goals.AddAction(p, portfolio.Action{GoalID: g.ID, What: fmt.Sprintf("step %d", i+1), Due: today + calendar.Date(i)}); err != nil {
			b.Fatal(err)
		}
	}
	return p, opts
}

// settle runs cmd and every command that follows from it, synchronously. With
// auto-lock off and cursors steady, no command waits on a timer.
func settle(a *app, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := a.Update(msg)
			queue = append(queue, next)
		}
	}
}

// unlockedApp is the app at 80x24 showing the dashboard of p.
func unlockedApp(p *portfolio.Portfolio, opts common.Options) *app {
	a := newApp(opts)
	_, cmd := a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	settle(a, cmd)
	_, cmd = a.Update(common.UnlockedMsg{P: p, Counts: common.CountsOf(p)})
	settle(a, cmd)
	return a
}

func BenchmarkDashboardView10k(b *testing.B) {
	a := unlockedApp(benchPortfolio(b, 10_000))
	if !strings.Contains(a.View().Content, "Recent entries") {
		b.Fatal("no dashboard")
	}
	b.ResetTimer()
	for b.Loop() {
		_ = a.View()
	}
}

func BenchmarkEntriesView10k(b *testing.B) {
	a := unlockedApp(benchPortfolio(b, 10_000))
	_, cmd := a.Update(keyMsg("e"))
	settle(a, cmd)
	if !strings.Contains(a.View().Content, "1 of 10000") {
		b.Fatalf("no entries list:\n%s", a.View().Content)
	}
	b.ResetTimer()
	for b.Loop() {
		_ = a.View()
	}
}

// benchKeystroke measures one keystroke in the search field: the key, the search
// command it starts, the results arriving, and the redraw. It alternates typing
// and deleting a letter so every keystroke runs a fresh search.
func benchKeystroke(b *testing.B, n int) {
	a := unlockedApp(benchPortfolio(b, n))
	_, cmd := a.Update(keyMsg("/"))
	settle(a, cmd)
	for _, r := range "warf" {
		_, cmd = a.Update(keyMsg(string(r)))
		settle(a, cmd)
	}
	// The first search starts the token index's build in the background; until it
	// is done a search scans, and its CPU time is counted in every key's. Time the
	// keys that follow it, as a user's after the first few.
	for !a.ctx.Portfolio.SearchReady() {
		time.Sleep(10 * time.Millisecond)
	}
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}
	keys := []tea.KeyPressMsg{keyMsg("a"), backspace}
	b.ResetTimer()
	start, c0 := time.Now(), cpuTime()
	i := 0
	for b.Loop() {
		_, cmd := a.Update(keys[i%2])
		settle(a, cmd)
		_ = a.View()
		i++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(i)/1000, "ms/key")
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/float64(i)/1000, "cpu-ms/key")
}

func BenchmarkFilterKeystroke10k(b *testing.B)  { benchKeystroke(b, 10_000) }
func BenchmarkFilterKeystroke100k(b *testing.B) { benchKeystroke(b, 100_000) }

// BenchmarkShowResults100k is the list's share of a keystroke at 100k: taking a
// full result set into the list and redrawing, without the search itself.
func BenchmarkShowResults100k(b *testing.B) {
	a := unlockedApp(benchPortfolio(b, 100_000))
	_, cmd := a.Update(keyMsg("e"))
	settle(a, cmd)
	en := a.top().(*entriespkg.Entries)
	all := a.ctx.Portfolio.Find(portfolio.Query{})
	b.ResetTimer()
	for b.Loop() {
		en.Seq++
		_, _ = a.Update(entriespkg.SearchResultMsg{Seq: en.Seq, Results: all, Total: len(all)})
		_ = a.View()
	}
}

// benchUnlock measures what follows the key derivation when the passphrase is
// accepted: opening the vault (Argon2id at its cheapest), counting for the
// dashboard, and the dashboard's first frame: the app's work between Enter and
// the dashboard drawn.
func benchUnlock(b *testing.B, n int) {
	p, opts := benchPortfolio(b, n)
	// Once, untimed, so that the text index is built and the catalogue current,
	// as after the first unlock.
	if err := p.Close(); err != nil {
		b.Fatal(err)
	}
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now})
	if err != nil {
		b.Fatal(err)
	}
	p.Close()
	var cpu time.Duration
	for b.Loop() {
		c0 := cpuTime()
		a := newApp(opts)
		_, cmd := a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		settle(a, cmd)
		p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now})
		if err != nil {
			b.Fatal(err)
		}
		// Of the commands unlocking starts, only the dashboard's own loads are
		// waited for; the day's snapshot and the libraries other screens use run
		// in the background while it is shown.
		_, _ = a.Update(common.UnlockedMsg{P: p, Counts: common.CountsOf(p)})
		settle(a, a.top().Init())
		if !strings.Contains(a.View().Content, "Recent entries") {
			b.Fatal("no dashboard")
		}
		cpu += cpuTime() - c0
		b.StopTimer()
		p.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N)/1000, "cpu-ms/op")
}

func BenchmarkUnlockToDashboard10k(b *testing.B)  { benchUnlock(b, 10_000) }
func BenchmarkUnlockToDashboard100k(b *testing.B) { benchUnlock(b, 100_000) }
