package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/outcomes"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
)

// mapEntry maps the entry titled title to the outcomes refs, as the command line's
// edit would.
func mapEntry(t *testing.T, p *portfolio.Portfolio, title string, refs ...string) {
	t.Helper()
	for _, meta := range p.Find(portfolio.Query{}) {
		if meta.Title != title {
			continue
		}
		e, ok := p.Entry(meta.ID)
		if !ok {
			t.Fatalf("entry %q went missing", title)
		}
		c := *e
		c.Outcomes = nil
		for _, r := range refs {
			ref, err := portfolio.ParseOutcomeRef(r)
			if err != nil {
				t.Fatal(err)
			}
			c.Outcomes = append(c.Outcomes, ref)
		}
		if _, err := p.UpdateEntry(c); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no entry %q", title)
}

// lineWith is the first line of the screen holding text, "" if none does.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// An entry mapped to outcomes in the editor counts in the coverage screen; the gaps
// are said in words; an outcome opens its entries and an entry opens from there.
func TestEditorMapsAnEntryAndCoverageCountsIt(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("c")
	d.expect("GPhC standards for pharmacy professionals", "0 of 9 covered", "9 gaps")
	if l := lineWith(d.screen(), "must communicate effectively"); !strings.Contains(l, "gap") {
		t.Fatalf("an outcome with no entry is not marked as a gap: %q", l)
	}
	d.keys("esc")

	d.keys("n", "enter")
	d.expect("New entry", "Outcomes")
	ed := d.app.top().(*entriespkg.Editor)
	d.keys("tab")
	d.typeText("Explaining a dose change")
	d.focusRow(ed, ed.OutcomesRow())
	d.typeText("gphc:3, GPHC:5")
	d.keys("ctrl+s")
	d.expect("the outcome \"GPHC:5\" is not FRAMEWORK:ID")
	if d.app.top() != ed {
		t.Fatal("a refused mapping left the editor")
	}
	d.send(keyMsg("ctrl+u"))
	d.typeText("gphc:3, gphc:99")
	d.keys("ctrl+s")
	d.expect("has no outcome \"99\"", "Explaining a dose change")
	if len(p.Find(portfolio.Query{Text: "dose change"})) != 0 {
		t.Fatal("an entry mapped to an outcome the framework lacks was saved")
	}
	d.send(keyMsg("ctrl+u"))
	d.typeText("gphc:3, gphc:5")
	d.keys("ctrl+s")
	d.expect("Saved.")
	found := p.Find(portfolio.Query{Text: "dose change"})
	if len(found) != 1 || len(found[0].Outcomes) != 2 || found[0].Outcomes[0].String() != "gphc:3" || found[0].Outcomes[1].String() != "gphc:5" {
		t.Fatalf("saved outcomes: %+v", found)
	}

	for d.app.top().Title() != "Dashboard" {
		d.keys("esc")
	}
	d.keys("c")
	d.expect("2 of 9 covered", "7 gaps")
	screen := d.screen()
	if l := lineWith(screen, "must communicate effectively"); strings.Contains(l, "gap") || !strings.Contains(l, "█") || !strings.HasSuffix(strings.TrimRight(l, " "), "1") {
		t.Fatalf("the mapped outcome does not count its entry: %q", l)
	}
	if l := lineWith(screen, "person-centred care"); !strings.Contains(l, "gap") {
		t.Fatalf("an outcome still without entries is not a gap: %q", l)
	}

	d.keys("enter")
	d.expect("No entry is mapped to this outcome yet")
	d.keys("down", "down", "enter")
	d.expect("gphc:3", "must communicate effectively", "1 entry mapped", "Explaining a dose change")
	d.keys("enter")
	d.expect("Explaining a dose change", "› Entry", "Outcomes: gphc:3, gphc:5")
}

// The coverage screen is reached from the revalidation screen too, and changes
// framework with ←/→ when the user has added their own.
func TestCoverageFromRevalidationAndTheUsersFramework(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	dir := outcomes.FrameworkDir(opts.ConfigDir)
	writeFile(t, dir, "ward.toml", `name = "ward"
title = "Ward pharmacy curriculum"
source = "A test curriculum written for this test"

[[outcome]]
id = "A1"
area = "Medicines reconciliation"
text = "Reconciles medicines on admission"

[[outcome]]
id = "B1"
area = "Discharge"
text = "Writes a discharge prescription"
`)
	d := newDriver(t, clk, opts)
	d.unlock()
	mapEntry(t, d.app.ctx.Portfolio, "Audit of warfarin INR checks", "ward:B1")
	d.keys("r", "c")
	// The framework entries are mapped to comes first.
	d.expect("Ward pharmacy curriculum", "1 of 2 covered", "1 gap", "Medicines reconciliation", "Discharge", "framework 1 of 2")
	d.keys("right")
	d.expect("GPhC standards for pharmacy professionals", "0 of 9 covered", "framework 2 of 2")
	d.keys("left", "down", "enter")
	d.expect("ward:B1", "Audit of warfarin INR checks")
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestGoldenCoverage(t *testing.T) {
	tm, pr := unlockSeededWith(t, func(t *testing.T, opts common.Options) {
		p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		mapEntry(t, p, "Audit of warfarin INR checks", "gphc:1", "gphc:8")
		mapEntry(t, p, "Learning the DOAC dosing rules", "gphc:4", "gphc:1")
	})
	press(tm, "c")
	waitFor(t, tm, pr, "GPhC standards for pharmacy professionals", "3 of 9 covered")
	requireGolden(t, pr)
}
