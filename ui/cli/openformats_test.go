package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// entriesSeen is what list --json shows of a vault's entries, IDs aside, in order.
func entriesSeen(f *fixture) []string {
	var out []string
	for _, e := range f.list() {
		tags := slices.Clone(e.Tags)
		slices.Sort(tags)
		out = append(out, strings.Join([]string{e.Date, e.Title, strings.Join(e.Functions, ","), strings.Join(tags, ",")}, "|"))
	}
	slices.Sort(out)
	return out
}

func seedOpenFormats(f *fixture) {
	f.init()
	f.mustRun("A dose was nearly given twice.\n\n- **check**", "add", "--function", "normative", "--function", "restorative", "--title", `Handover: a "near miss"`, "--tag", "handover", "--date", "2026-11-02")
	f.mustRun("Ŵ and 日本語.", "add", "--function", "formative", "--title", "Siân's reflection", "--tag", "starred", "--date", "2026-11-03")
}

// Leaving for Obsidian is one command, and folio reads the folder back as the same
// entries.
func TestExportMarkdownFolderRoundTrip(t *testing.T) {
	f := newFixture(t)
	seedOpenFormats(f)
	dir := filepath.Join(t.TempDir(), "notes")
	r := f.run("", "export", "markdown", dir)
	if r.status != 0 || !strings.Contains(r.stderr, "Wrote 2 files") || !strings.Contains(r.stderr, "not encrypted") {
		t.Fatalf("export markdown: %+v", r)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 2 {
		t.Fatalf("%d files", len(files))
	}
	for _, file := range files {
		if info, _ := file.Info(); info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", file.Name(), info.Mode().Perm())
		}
	}
	// A second export into the same folder changes nothing without --force.
	if r := f.run("", "export", "markdown", dir); r.status != ExitUsage || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("a second export: %+v", r)
	}
	f.mustRun("", "export", "markdown", dir, "--force")

	g := newFixture(t)
	g.init()
	g.mustRun("", "import", dir)
	if got, want := entriesSeen(g), entriesSeen(f); !slices.Equal(got, want) {
		t.Errorf("imported\n%v\nwant\n%v", got, want)
	}
	if out := g.mustRun("", "search", "nearly given twice"); !strings.Contains(out, "near miss") {
		t.Errorf("the body did not come back: %q", out)
	}
}

func TestExportJrnlRoundTrip(t *testing.T) {
	f := newFixture(t)
	seedOpenFormats(f)
	file := filepath.Join(t.TempDir(), "jrnl.json")
	f.mustRun("", "export", "jrnl", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"@handover"`) || !strings.Contains(string(data), `"starred": true`) {
		t.Errorf("not jrnl's JSON:\n%s", data)
	}
	g := newFixture(t)
	g.init()
	// jrnl keeps no functions: each import names them.
	g.mustRun("", "import", file, "--function", "formative")
	got := entriesSeen(g)
	if len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), "2026-11-03|Siân's reflection|formative|starred") {
		t.Errorf("imported %v", got)
	}
	if r := f.run("", "export", "jrnl", file); r.status != ExitUsage {
		t.Errorf("an existing file was not refused: %+v", r)
	}
}
