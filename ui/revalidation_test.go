package ui

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

// seedRenewal sets a renewal date 200 days away.
func seedRenewal(t *testing.T, opts Options) {
	t.Helper()
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	st := p.Settings()
	st.RenewalDate = portfolio.DateOf(opts.Now()) + 200
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
	if got := d.app.ctx.p.Settings().RenewalDate; got.String() != "2026-09-30" {
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
