package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
)

// The Markdown summary is scanned and then drawn a batch of entries at a time:
// it must still write nothing on refusal, anywhere, and the same bytes as the
// whole document on confirmation, to standard output, a file or age.
func TestExportSummaryStreamed(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(true)
	outDir := filepath.Join(f.dir, "out")
	if err := os.Mkdir(outDir, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(outDir, "summary.md")
	summary := []string{"export", "summary", "--since", "2026-11-01", "--until", "2026-11-30"}
	with := func(more ...string) []string { return append(append([]string{}, summary...), more...) }

	for _, args := range [][]string{with(), with("--out", file), with("--out", file, "--to", testRecipient(t))} {
		r := f.run("", args...)
		if r.status != ExitUsage || r.stdout != "" || !strings.Contains(r.stderr, `an NHS number ("943 476 5919")`) || !strings.Contains(r.stderr, "nothing was written") {
			t.Errorf("%v without --yes: %+v", args, r)
		}
		if got := files(t, outDir); len(got) != 0 {
			t.Errorf("%v: a refused export left %q", args, got)
		}
	}

	r := f.run("", with("--yes")...)
	if r.status != 0 || !strings.Contains(r.stderr, "an NHS number") || !strings.Contains(r.stderr, "The export is written anyway") {
		t.Fatalf("--yes to standard output: %+v", r)
	}
	out := r.stdout
	if !strings.Contains(out, "943 476 5919") || !strings.Contains(out, "Counselling on a new inhaler") {
		t.Fatalf("the summary lacks its entries:\n%s", out)
	}

	// The whole-document path, as HTML and PDF still take it, writes the same.
	pass, _ := os.ReadFile(f.passFile)
	p, err := portfolio.Open(f.vault, bytes.TrimSpace(pass), portfolio.Options{Now: func() time.Time { return fixedNow }, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.PeriodSummary(p, document.SummaryQuery{Since: calendar.MakeDate(2026, 11, 1), Until: calendar.MakeDate(2026, 11, 30)})
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	whole, err := render.Render(d, render.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(whole) {
		t.Errorf("the streamed summary differs from the whole document's:\n%s\n---\n%s", out, whole)
	}

	r = f.run("", with("--out", file, "--yes")...)
	if r.status != 0 || !strings.Contains(r.stderr, "Wrote "+file) {
		t.Fatalf("--yes to a file: %+v", r)
	}
	if b, _ := os.ReadFile(file); string(b) != out {
		t.Error("the file differs from standard output's summary")
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode: %v %v", st.Mode(), err)
	}
	if got := files(t, outDir); len(got) != 1 {
		t.Errorf("writing the file left %q", got)
	}
	if r := f.run("", with("--out", file, "--yes")...); r.status != ExitUsage || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("an existing file without --force: %+v", r)
	}

	enc := filepath.Join(outDir, "summary.md.age")
	f.mustRun("", with("--out", enc, "--to", testRecipient(t), "--yes")...)
	b, _ := os.ReadFile(enc)
	if got := decrypt(t, b, false); got != out {
		t.Error("the encrypted summary does not decrypt to the summary")
	}
	r = f.run("", with("--to", testRecipient(t), "--armor", "--yes")...)
	if r.status != 0 || decrypt(t, []byte(r.stdout), true) != out {
		t.Errorf("the armoured summary on standard output: %+v", r.status)
	}
}

// At a terminal the streamed summary asks before it writes, as every export does.
func TestExportSummaryStreamedAsks(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(true)
	run := func(answer string) (int, string, string) {
		var out, errOut bytes.Buffer
		err := Run(Env{
			Args:  []string{"export", "summary", "--since", "2026-11-01", "--out", "-", "--vault", f.vault, "--passphrase-file", f.passFile},
			Stdin: strings.NewReader(answer), Stdout: &out, Stderr: &errOut, Terminal: true,
			Now: func() time.Time { return fixedNow }, Getenv: func(string) string { return "" },
		})
		return ExitStatus(err), out.String(), errOut.String()
	}
	if status, out, stderr := run("n\n"); status != ExitUsage || out != "" || !strings.Contains(stderr, "Write the export anyway? [y/N]") {
		t.Errorf("answering no: status %d, stdout %q, stderr %q", status, out, stderr)
	}
	if status, out, _ := run("y\n"); status != 0 || !strings.Contains(out, "943 476 5919") {
		t.Errorf("answering yes: status %d, stdout %q", status, out)
	}
}

// The summary's totals come from the entries' metadata, drawn before any body
// is read: an entry whose body turns out damaged is counted there but cannot be
// shown, so the document says so, whether the export scans first or scans as it
// draws (--yes), and the damage is warned of.
func TestExportSummaryDamagedEntrySaysSo(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "add", "--function", "n", "--title", "Kept")
	f.mustRun("", "add", "--function", "n", "--title", "Lost")
	var lost string
	for _, e := range f.list() {
		if e.Title == "Lost" {
			lost = e.ID
		}
	}
	f.damageRecord(lost)
	for _, args := range [][]string{{"--yes"}, {}} {
		r := f.run("", append([]string{"export", "summary", "--since", "2000-01-01", "--format", "md", "--out", "-"}, args...)...)
		if !strings.Contains(r.stdout, "2 entries") || !strings.Contains(r.stdout, "Kept") || strings.Contains(r.stdout, "Lost") {
			t.Errorf("%v: the summary should count both entries and show the one it can read:\n%s", args, r.stdout)
		}
		if !strings.Contains(r.stdout, "1 entry counted above could not be read") {
			t.Errorf("%v: the summary does not say an entry it counts is left out:\n%s", args, r.stdout)
		}
		if !strings.Contains(r.stderr, "record "+lost+" is damaged") {
			t.Errorf("%v: no warning of the damage: %q", args, r.stderr)
		}
	}
}
