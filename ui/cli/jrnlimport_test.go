package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJrnlFileStreamedIsReadWhole: a jrnl export imported from its file, read a
// record at a time (as a large one is), prints and saves what the same bytes read whole from standard
// input do: refused, listed with --skip-bad, imported, and imported again.
func TestJrnlFileStreamedIsReadWhole(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"tags": {"@ward": 2}, "entries": [`)
	for i := range 30 {
		if i > 0 {
			b.WriteString(",\n")
		}
		date := fmt.Sprintf("2025-0%d-%02d", 1+i%9, 1+i%28)
		if i == 7 || i == 19 {
			date = "2099-01-01" // in the future: refused
		}
		fmt.Fprintf(&b, `  {"title": "Shift %d", "body": "Line one.\nLine \"two\" \u00e9 \ud83d\ude00.", "date": %q, "time": "0%d:30", "tags": ["@ward"], "starred": %v}`, i%25, date, i%10, i%4 == 0)
	}
	b.WriteString("]}\n")
	file := filepath.Join(t.TempDir(), "journal.json")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	streamed, whole := newFixture(t), newFixture(t)
	streamed.lightImportFrom = 1
	streamed.init()
	whole.init()
	for _, args := range [][]string{
		{"--function", "formative"},
		{"--function", "formative", "--skip-bad"},
		{"--function", "formative", "--skip-bad"},
	} {
		s := streamed.run("", append([]string{"import", file}, args...)...)
		w := whole.run(b.String(), append([]string{"import", "-", "--from", "jrnl"}, args...)...)
		// Read whole, the input is named as standard input.
		w.stdout = strings.ReplaceAll(w.stdout, "standard input", file)
		w.stderr = strings.ReplaceAll(w.stderr, "standard input", file)
		if s.status != w.status || s.stdout != w.stdout || s.stderr != w.stderr {
			t.Fatalf("import %v: from the file %+v; read whole %+v", args, s, w)
		}
	}
	if got, want := streamed.mustRun("", "export", "jrnl", "-"), whole.mustRun("", "export", "jrnl", "-"); got != want || !strings.Contains(got, "Shift 3") {
		t.Fatalf("the entries streamed:\n%s\nread whole:\n%s", got, want)
	}
}

// TestMarkdownFolderLightIsReadWhole: a Markdown folder imported with its entries
// held without their text (as past the bound) prints and saves what it does held
// whole.
func TestMarkdownFolderLightIsReadWhole(t *testing.T) {
	dir := t.TempDir()
	for i := range 12 {
		day := fmt.Sprintf("2025-03-%02d", 1+i)
		if i == 5 {
			day = "2099-03-01" // in the future: refused
		}
		text := fmt.Sprintf("---\ntitle: Clinic %d\ntags: [audit]\n---\n\nNotes on clinic %d.\nSecond line.\n", i%10, i%10)
		if err := os.WriteFile(filepath.Join(dir, day+fmt.Sprintf("-%02d.md", i)), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	light, whole := newFixture(t), newFixture(t)
	light.lightImportFrom = 1
	light.init()
	whole.init()
	for _, args := range [][]string{
		{"--function", "formative"},
		{"--function", "formative", "--skip-bad"},
		{"--function", "formative", "--skip-bad"},
	} {
		l := light.run("", append([]string{"import", dir}, args...)...)
		w := whole.run("", append([]string{"import", dir}, args...)...)
		if l.status != w.status || l.stdout != w.stdout || l.stderr != w.stderr {
			t.Fatalf("import %v: light %+v; whole %+v", args, l, w)
		}
	}
	if got, want := light.mustRun("", "export", "jrnl", "-"), whole.mustRun("", "export", "jrnl", "-"); got != want || !strings.Contains(got, "Clinic 3") {
		t.Fatalf("the entries held light:\n%s\nwhole:\n%s", got, want)
	}
}
