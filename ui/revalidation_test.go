package ui

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
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
	d.keys("e")
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

// openRenewalVault seeds a vault with a renewal date and opens it, for a test to
// add records before the app unlocks it (the caller closes p first).
func openRenewalVault(t *testing.T) (*clock, common.Options, *portfolio.Portfolio) {
	t.Helper()
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seedRenewal(t, opts)
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	return clk, opts, p
}

// n on the revalidation screen opens the templates for its records, on the one
// the renewal still needs first: with planned CPD done, unplanned CPD.
func TestRevalidationNewOpensTheMissingRecord(t *testing.T) {
	clk, opts, p := openRenewalVault(t)
	for _, title := range []string{"Planned: DOAC course", "Planned: audit training"} {
		savePlannedCPD(t, p, calendar.DateOf(opts.Now()), title)
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

// savePlannedCPD saves a planned CPD record, every field filled, dated ten days
// before today.
func savePlannedCPD(t *testing.T, p *portfolio.Portfolio, today calendar.Date, title string) portfolio.ID {
	t.Helper()
	lib, err := fill.LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	planned, err := lib.Get("planned-cpd")
	if err != nil {
		t.Fatal(err)
	}
	e := fill.NewEntry(planned)
	e.Title, e.Date = title, today-10
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
		if _, err := fill.SetField(planned, &e, f.Name, v, today); err != nil {
			t.Fatal(err)
		}
	}
	saved, err := fill.SaveFromTemplate(p, planned, e)
	if err != nil {
		t.Fatal(err)
	}
	return saved.Entry.ID
}

// The revalidation pack leaves from the app with its evidence, as the command
// line's --attachments writes it: a tells the preview to bundle the files, the
// name becomes .zip, and the zip holds the document and the certificate.
func TestRevalidationPackBundleFromTheApp(t *testing.T) {
	clk, opts, p := openRenewalVault(t)
	id := savePlannedCPD(t, p, calendar.DateOf(opts.Now()), "Planned: DOAC course")
	cert := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("CERT-BUNDLE "), 3000)...)
	if _, err := attachment.Attach(p, id, "certificate.pdf", bytes.NewReader(cert)); err != nil {
		t.Fatal(err)
	}
	p.Close()
	d := newDriver(t, clk, opts)
	d.unlock()
	d.keys("r")
	d.expect("Revalidation")
	d.keys("x")
	d.expect("Export revalidation pack", "[ ] 1 attached file (.zip) a")
	d.keys("a")
	d.expect("[x] 1 attached file (.zip) a")
	d.keys("enter")
	d.expect("▸ Format", "folio-revalidation-", ".zip", "A .zip of the document and 1 attached file")
	for range 2 {
		d.keys("right") // PDF
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "pack.zip")
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(out)
	d.keys("ctrl+s")
	d.expect("✓ Wrote the revalidation pack as PDF with 1 attached file", "not the attached files")
	data := readExport(t, out)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the bundle is not a zip: %v", err)
	}
	got := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got["attachments/certificate.pdf"], cert) {
		t.Errorf("the bundle's certificate is %d bytes, want the %d attached; it holds %v", len(got["attachments/certificate.pdf"]), len(cert), slices.Collect(maps.Keys(got)))
	}
	if !bytes.HasPrefix(got["pack.pdf"], []byte("%PDF-")) {
		t.Errorf("the bundle has no pack.pdf document: %v", slices.Collect(maps.Keys(got)))
	}

	// A password locks a PDF alone: with a bundle it is refused and nothing written.
	d.keys("esc", "x")
	d.expect("[ ] 1 attached file (.zip) a")
	d.keys("a", "enter")
	d.expect("▸ Format")
	d.keys("tab", "tab", "tab")
	d.typeText("a long enough password")
	d.keys("ctrl+s")
	d.expect("a password protects a PDF alone")
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the refused bundle left files: %v", entries)
	}
}
