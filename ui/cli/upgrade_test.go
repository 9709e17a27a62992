package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// oldVault puts into the fixture a vault written by folio's command line before
// catalogue format 2 (portfolio/testdata/format1), whose catalogue a read-only
// open finds behind its records.
func oldVault(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	raw, err := os.ReadFile(filepath.Join("..", "..", "portfolio", "testdata", "format1", "vault.folio"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(f.vault), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.vault, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.passFile, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// A command that only reads, run on a vault an older folio wrote, brings its
// catalogue up to date in place, once, and says so; without that every later
// command that only reads would read every entry again.
func TestReadCommandBringsCatalogueUpToDate(t *testing.T) {
	f := oldVault(t)
	first := f.run("", "list", "--limit", "3")
	if first.status != 0 || first.stderr != "folio: the vault's catalogue or search index is behind its entries (as after an import, or an older folio); bringing it up to date, once.\n" {
		t.Fatalf("first list: status %d, stderr %q", first.status, first.stderr)
	}
	second := f.run("", "list", "--limit", "3")
	if second.status != 0 || second.stderr != "" || second.stdout != first.stdout {
		t.Fatalf("second list: status %d, stderr %q, stdout %q, first %q", second.status, second.stderr, second.stdout, first.stdout)
	}
	p, err := portfolio.Open(f.vault, []byte("correct horse battery staple"), portfolio.Options{ReadOnly: true, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.OutOfStep() {
		t.Fatal("the vault is still out of step after the upgrade")
	}
}

// Where the vault cannot be opened to write (here another folio is reading it),
// the command still answers, says why it read every entry, and changes nothing.
func TestReadCommandOnOldVaultInUse(t *testing.T) {
	f := oldVault(t)
	before, err := os.ReadFile(f.vault)
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Open(f.vault, []byte("correct horse battery staple"), portfolio.Options{ReadOnly: true, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	r := f.run("", "list", "--limit", "3")
	p.Close()
	if r.status != 0 || strings.Count(r.stdout, "\n") < 3 {
		t.Fatalf("list: status %d, stdout %q, stderr %q", r.status, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "could not be brought up to date") || !strings.Contains(r.stderr, "reads every entry instead") {
		t.Fatalf("list did not say why it read every entry: %q", r.stderr)
	}
	after, err := os.ReadFile(f.vault)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("the vault changed")
	}
}

// An import of many entries leaves the text index to be rebuilt (its recent list
// is long): the first command that only reads rebuilds it, once, and says so.
func TestReadCommandAfterALargeImport(t *testing.T) {
	f := newFixture(t)
	f.init()
	var b strings.Builder
	b.WriteString(`{"tags": null, "entries": [`)
	for i := range 300 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"title": "Entry %d.", "body": "Reviewed the clinic's notes, time %d.", "date": "2025-01-%02d", "time": "09:00", "tags": [], "starred": false}`, i, i, 1+i%28)
	}
	b.WriteString("]}")
	src := filepath.Join(f.dir, "jrnl.json")
	if err := os.WriteFile(src, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	f.mustRun("", "import", src, "--function", "formative")
	first := f.run("", "search", "clinic")
	if first.status != 0 || !strings.Contains(first.stderr, "search index is behind its entries") {
		t.Fatalf("first search: status %d, stderr %q", first.status, first.stderr)
	}
	second := f.run("", "search", "clinic")
	if second.status != 0 || second.stderr != "" || second.stdout != first.stdout {
		t.Fatalf("second search: status %d, stderr %q", second.status, second.stderr)
	}
}
