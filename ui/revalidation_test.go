package ui

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/pages/export"
)

// seedRenewal sets a renewal date 200 days away.
func seedRenewal(t *testing.T, opts common.Options) {
	t.Helper()
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	st := p.Settings()
	st.RenewalDate = calendar.DateOf(opts.Now()) + 200
	if err := p.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
}

func TestGoldenDashboardRenewal(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedRenewal)
	waitFor(t, tm, pr, "Revalidation  renewal on 2026-09-30, in 200 days", "0 of 4 CPD records")
	requireGolden(t, pr)
}

// The renewal date is set in the app; the dashboard then counts down and says
// whether the records are ready, and the pack exports from the revalidation view.
func TestRenewalDateSetAndPackExported(t *testing.T) {
	d := seededDriver(t)
	dir := t.TempDir()
	d.keys("r")
	d.expect("Revalidation", "No renewal date yet")
	d.keys("d")
	d.expect("Settings", "▸ Renewal")
	d.typeText("2026-09-30")
	d.expect("Wednesday 30 September 2026")
	d.keys("ctrl+s")
	d.expect("Settings saved: renewal on 2026-09-30.", "Renewal on 2026-09-30, in 200 days", "Not ready yet", "Peer discussion")
	if got := d.app.ctx.Portfolio.Settings().RenewalDate; got.String() != "2026-09-30" {
		t.Fatalf("renewal date saved as %v", got)
	}
	d.keys("x")
	d.expect("Export revalidation pack", "GPhC revalidation records", "Readiness")
	pack := filepath.Join(dir, "pack.md")
	d.writeExportTo(pack, 0)
	if text := readExport(t, pack); !bytes.Contains(text, []byte("For the renewal on 30 September 2026")) {
		t.Errorf("the pack:\n%s", text)
	}
	d.keys("esc", "esc")
	d.expect("Dashboard", "Revalidation  renewal on 2026-09-30, in 200 days · Not ready yet", "0 of 4 CPD records")
}

// n on the revalidation screen opens the templates for its records, on the one
// the renewal still needs first: with planned CPD done, unplanned CPD.
func TestRevalidationNewOpensTheMissingRecord(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seedRenewal(t, opts)
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	lib, err := fill.LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	planned, err := lib.Get("planned-cpd")
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Planned: DOAC course", "Planned: audit training"} {
		e := fill.NewEntry(planned)
		e.Title, e.Date = title, calendar.DateOf(opts.Now())-10
		for i := range e.Sections {
			e.Sections[i].Body = "Done."
		}
		for _, f := range planned.Fields {
			v := "Done."
			if f.Type == fill.FieldDate {
				v = "2026-03-01"
			}
			if f.Type == fill.FieldHours {
				v = "2"
			}
			if f.Type == fill.FieldChoice || f.Type == fill.FieldRating {
				continue
			}
			if _, err := fill.SetField(planned, &e, f.Name, v, calendar.DateOf(opts.Now())); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := fill.SaveFromTemplate(p, planned, e); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	d := newDriver(t, clk, opts)
	d.unlock()
	d.keys("r")
	d.expect("Revalidation", "n write a record")
	d.keys("n")
	d.expect("Choose a template", "Filter: gphc", "4 of 21")
	pk, ok := d.app.top().(*entriespkg.Picker)
	if !ok || pk.List[pk.Cursor].Name != "unplanned-cpd" {
		t.Fatalf("n opened %T on %v, not the picker on unplanned CPD", d.app.top(), pk)
	}
	d.keys("enter")
	d.expect("Template  Unplanned CPD (GPhC revalidation)")
}

// A load of the renewal view begun before the rules had arrived can answer after
// the load the rules' arrival began; the older answer, without a readiness, used
// to replace the newer, so the view said there was no renewal date and x refused
// to export (keys typed right after x were then read by nothing).
func TestRevalidationKeepsItsNewestLoad(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seedRenewal(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	d.keys("r")
	d.expect("Renewal on 2026-09-30")
	rv, ok := d.app.top().(*export.RevalidationView)
	if !ok {
		t.Fatalf("r opened %T", d.app.top())
	}
	rules := d.app.ctx.Rules
	d.app.ctx.Rules = nil
	before := rv.Resume() // as if begun before the rules arrived
	d.app.ctx.Rules = rules
	after := rv.Resume()
	d.send(after())
	d.send(before())
	d.expect("Renewal on 2026-09-30")
	d.keys("x")
	if _, ok := d.app.top().(*export.Exporter); !ok {
		t.Fatalf("x on the renewal view opened %T, not the export", d.app.top())
	}
}
