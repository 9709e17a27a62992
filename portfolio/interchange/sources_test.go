package interchange

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vaultBytes is the vault file, to show that a refused import wrote nothing.
func vaultBytes(t *testing.T, p *portfolio.Portfolio) string {
	t.Helper()
	b, err := os.ReadFile(p.Path())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportJrnlKeepsTextAndIsIdempotent(t *testing.T) {
	p, _ := testvault.New(t)
	src, err := ParseJrnl(readFixture(t, "jrnl/journal.json"), "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Counts["entries"].Added != 3 {
		t.Fatalf("ImportEntries: %v, %v", rep, err)
	}
	all := p.Find(portfolio.Query{})
	if got := testvault.Titles(all); !slices.Equal(got, []string{"Re-audit planned.", "Night shift debrief.", "Audit of warfarin counselling."}) {
		t.Fatalf("imported %q", got)
	}
	audit := all[2]
	if !slices.Equal(audit.Tags, []string{"audit", "starred"}) || audit.Functions != portfolio.Functions(portfolio.Formative) ||
		audit.Date != calendar.MakeDate(2025, 11, 3) || !audit.Created.Equal(time.Date(2025, 11, 3, 18, 42, 0, 0, time.UTC)) ||
		audit.Body != "Half the patients could not name their target INR.\nI will re-audit in June." {
		t.Errorf("the audit entry is %+v", *audit)
	}
	// Escape sequences are the text as written: kept, and made inert only when shown.
	if !strings.Contains(all[1].Body, "\x1b[31mALERT\x1b[0m") || !strings.Contains(all[1].Body, "\x1b]0;pwned\a") {
		t.Errorf("the escape sequences were not kept: %q", all[1].Body)
	}

	before := vaultBytes(t, p)
	rep, err = ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Changed() != 0 || rep.Counts["entries"].Unchanged != 3 {
		t.Fatalf("a second import: %v, %v", rep.Lines(), err)
	}
	if vaultBytes(t, p) != before || p.EntryCount() != 3 {
		t.Error("importing the same jrnl file twice changed the vault")
	}
}

func TestImportJrnlHostileFiles(t *testing.T) {
	cases := []struct {
		file, want string
		fallback   portfolio.Functions
	}{
		{"bad-date.json", `bad-date.json:4:5: entries[1].date: "2025-13-01" is not a real date`, portfolio.Functions(portfolio.Formative)},
		{"wrong-type.json", `wrong-type.json:4:99: entries[1].tags: is a JSON string where a list was expected`, portfolio.Functions(portfolio.Formative)},
		{"truncated.json", `truncated.json:4:1: is not valid JSON`, portfolio.Functions(portfolio.Formative)},
		{"invalid-utf8.json", `invalid-utf8.json:3:24: is not valid UTF-8`, portfolio.Functions(portfolio.Formative)},
		{"not-jrnl.json", `not-jrnl.json:1:1: has no "entries" list`, portfolio.Functions(portfolio.Formative)},
		// Well-formed, but refused by the same validation as any new entry.
		{"future.json", `future.json:4:5: entries[1]: the date 2099-01-01 is in the future`, portfolio.Functions(portfolio.Formative)},
		{"escape-title.json", `escape-title.json:3:5: entries[0]: the title contains control characters`, portfolio.Functions(portfolio.Formative)},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			p, _ := testvault.New(t)
			before := vaultBytes(t, p)
			src, err := ParseJrnl(readFixture(t, "jrnl/"+tc.file), tc.file, tc.fallback, time.UTC)
			if err == nil {
				_, err = ImportEntries(p, src, EntryImportOptions{})
			}
			if err == nil || !errors.Is(err, portfolio.ErrMalformed) || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant a bad-input error containing %q", err, tc.want)
			}
			if vaultBytes(t, p) != before || p.EntryCount() != 0 {
				t.Error("a refused import changed the vault")
			}
		})
	}
}

func TestImportHugeFieldsAreRefused(t *testing.T) {
	p, _ := testvault.New(t)
	huge := strings.Repeat("x", validate.MaxBodyBytes+1)
	jrnl := `{"entries": [{"title": "Big.", "body": "` + huge + `", "date": "2025-01-01", "time": "10:00", "tags": [], "starred": false}]}`
	src, err := ParseJrnl([]byte(jrnl), "big.json", portfolio.Functions(portfolio.Formative), time.UTC)
	if err == nil {
		_, err = ImportEntries(p, src, EntryImportOptions{})
	}
	if err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "big.json:1:14: entries[0]: the body is") {
		t.Errorf("a huge jrnl body: %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "2026-01-01-big.md"), []byte("# Big\n\n"+huge+huge), 0o600)
	if _, _, err := ReadMarkdown(dir, portfolio.Functions(portfolio.Formative), testvault.Now, MarkdownOptions{}); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "2026-01-01-big.md: is 2097161 bytes") {
		t.Errorf("a huge Markdown file: %v", err)
	}
	if _, err := ParseArchive([]byte(`{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "title": "`+strings.Repeat("t", 300)+`", "functions": ["formative"], "date": "2025-01-01"}]}`), "a.json"); err != nil {
		t.Fatal(err)
	}
	if p.EntryCount() != 0 {
		t.Error("a refused import saved entries")
	}
}

// copyTree copies a fixture folder, so a test can add links to it.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), filepath.Base(from))
	err := os.CopyFS(to, os.DirFS(from))
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func TestImportMarkdownFolder(t *testing.T) {
	dir := copyTree(t, filepath.Join("testdata", "import", "markdown", "journal"))
	p, _ := testvault.New(t)
	src, skipped, err := ReadMarkdown(dir, portfolio.Functions(portfolio.Formative), testvault.Now, MarkdownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 2 || !strings.HasSuffix(skipped[0], ".obsidian (hidden)") || !strings.HasSuffix(skipped[1], "notes.txt (not a Markdown file)") {
		t.Errorf("skipped %q", skipped)
	}
	rep, err := ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Counts["entries"].Added != 4 {
		t.Fatalf("ImportEntries: %v, %v", rep, err)
	}
	byTitle := map[string]*portfolio.Entry{}
	for _, e := range p.Find(portfolio.Query{}) {
		byTitle[e.Title] = e
	}
	audit := byTitle["Audit results"]
	if audit == nil || audit.Date != calendar.MakeDate(2026, 1, 5) || audit.Functions != portfolio.Functions(portfolio.Formative) ||
		audit.Body != "Re-audit showed 80% could name their INR target.\n\n## What next\n\nShare at the team meeting." {
		t.Errorf("the audit entry: %+v", audit)
	}
	hand := byTitle["Handover: a near miss"]
	if hand == nil || hand.Date != calendar.MakeDate(2026, 2, 14) || hand.Functions != portfolio.Functions(portfolio.Normative|portfolio.Restorative) ||
		!slices.Equal(hand.Tags, []string{"handover", "near miss"}) || hand.Body != "A dose was nearly given twice. Checked the chart together." {
		t.Errorf("the handover entry: %+v", hand)
	}
	term := byTitle["Pasted from a terminal"]
	if term == nil || !slices.Equal(term.Tags, []string{"nights", "debrief"}) {
		t.Errorf("the terminal entry: %+v", term)
	}
	raw := byTitle["Raw escapes"]
	if raw == nil || !strings.Contains(raw.Body, "\x1b[31mred\x1b[0m") || !strings.Contains(raw.Body, "\a") {
		t.Errorf("the raw escapes were not kept as text: %+v", raw)
	}
	before := vaultBytes(t, p)
	rep, err = ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Changed() != 0 || vaultBytes(t, p) != before {
		t.Errorf("a second import of the folder: %v, %v", rep.Lines(), err)
	}

	// A link could lead anywhere on the disk: it is refused, not followed.
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "ward-notes", "passwd.md")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadMarkdown(dir, portfolio.Functions(portfolio.Formative), testvault.Now, MarkdownOptions{}); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "passwd.md: is a symbolic link") {
		t.Errorf("a symlink in the folder: %v", err)
	}
}

func TestImportMarkdownHostileFiles(t *testing.T) {
	cases := []struct{ file, want string }{
		{"unknown-function.md", `unknown-function.md:3: "supportive" is not one of normative`},
		{"bad-date.md", `bad-date.md:3: the date "2026-02-30" is not a real date`},
		{"unclosed.md", `unclosed.md:1: the front matter opened here is never closed`},
		{"no-date.md", `no-date.md: has no date`},
		{"nested-map.md", `nested-map.md:4: cannot read this front matter line`},
		{"invalid-utf8.md", `invalid-utf8.md:4:4: is not valid UTF-8 text`},
		{"escape-title.md", `escape-title.md: the title contains control characters`},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			p, _ := testvault.New(t)
			before := vaultBytes(t, p)
			path := filepath.Join("testdata", "import", "markdown", "hostile", tc.file)
			src, _, err := ReadMarkdown(path, portfolio.Functions(portfolio.Formative), testvault.Now, MarkdownOptions{})
			if err == nil {
				_, err = ImportEntries(p, src, EntryImportOptions{})
			}
			if err == nil || !errors.Is(err, portfolio.ErrMalformed) || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant a bad-input error containing %q", err, tc.want)
			}
			if vaultBytes(t, p) != before {
				t.Error("a refused import changed the vault")
			}
		})
	}
	// One bad file in a folder refuses the whole folder.
	dir := copyTree(t, filepath.Join("testdata", "import", "markdown", "journal"))
	os.WriteFile(filepath.Join(dir, "ward-notes", "zz-bad.md"), readFixture(t, "markdown/hostile/bad-date.md"), 0o600)
	if _, _, err := ReadMarkdown(dir, portfolio.Functions(portfolio.Formative), testvault.Now, MarkdownOptions{}); err == nil || !strings.Contains(err.Error(), "zz-bad.md:3") {
		t.Errorf("a folder with one bad file: %v", err)
	}
}

func TestMarkdownNeedsAFunction(t *testing.T) {
	_, err := ParseMarkdown([]byte("# Title\n\nBody"), "2026-01-01-x.md", 0, testvault.Now)
	if err == nil || !strings.Contains(err.Error(), "2026-01-01-x.md: has no Proctor function") {
		t.Errorf("no function anywhere: %v", err)
	}
	src, err := ParseMarkdown([]byte("---\nfunction: restorative\n---\nBody"), "2026-01-01-x.md", portfolio.Functions(portfolio.Formative), testvault.Now)
	if err != nil || src.Entry.Functions != portfolio.Functions(portfolio.Restorative) || src.Entry.Title != "2026-01-01-x" {
		t.Errorf("the front matter's function wins over --function: %+v, %v", src.Entry, err)
	}
}

// Entries that differ only in time, tags or starred are different entries, and a
// second import of the same file still adds nothing.
func TestImportJrnlTellsEntriesApartByTimeTagsAndStar(t *testing.T) {
	p, _ := testvault.New(t)
	data := []byte(`{"entries": [
{"title": "Took my inhaler.", "body": "", "date": "2023-05-01", "time": "08:00", "tags": [], "starred": false},
{"title": "Took my inhaler.", "body": "", "date": "2023-05-01", "time": "20:00", "tags": [], "starred": false},
{"title": "Took my inhaler.", "body": "", "date": "2023-05-01", "time": "20:00", "tags": ["@asthma"], "starred": false},
{"title": "Took my inhaler.", "body": "", "date": "2023-05-01", "time": "20:00", "tags": [], "starred": true}]}`)
	src, err := ParseJrnl(data, "inhaler.json", portfolio.Functions(portfolio.Restorative), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Counts["entries"].Added != 4 || rep.Counts["entries"].Unchanged != 0 {
		t.Fatalf("first import: %v, %v", rep.Lines(), err)
	}
	rep, err = ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Changed() != 0 || rep.Counts["entries"].Unchanged != 4 || p.EntryCount() != 4 {
		t.Fatalf("second import: %v, %v", rep.Lines(), err)
	}
}

// A jrnl import without a function is refused for the missing flag, not as a
// malformed file: the file is fine.
func TestImportJrnlWithoutFunctionNamesTheFlag(t *testing.T) {
	_, err := ParseJrnl(readFixture(t, "jrnl/journal.json"), "journal.json", 0, time.UTC)
	if err == nil || errors.Is(err, portfolio.ErrMalformed) || !portfolio.IsBadInput(err) ||
		!strings.Contains(err.Error(), "jrnl keeps no Proctor function") || !strings.Contains(err.Error(), "--function") {
		t.Fatalf("got %v, want a bad-input error asking for --function that does not call the file malformed", err)
	}
}

// jrnl's own plain-text journal is recognised, and the user told how to get the JSON
// export folio reads, by both readers (the archive's is the default for JSON).
func TestImportJrnlTextJournalSaysToExportJSON(t *testing.T) {
	for _, text := range []string{
		"[2023-05-01 08:00:00 AM] Took my inhaler.\nFelt better.\n\n[2023-05-01 08:00:00 PM] Again.\n",
		"2013-06-09 15:39 My first entry. Everything is great.\n",
		"\ufeff[2023-05-01 08:00] Took my inhaler. @asthma *\n",
	} {
		_, err := ParseJrnl([]byte(text), "journal.txt", portfolio.Functions(portfolio.Formative), time.UTC)
		_, aerr := ParseArchive([]byte(text), "journal.txt")
		for _, e := range []error{err, aerr} {
			if e == nil || !portfolio.IsBadInput(e) || !strings.Contains(e.Error(), "jrnl --export json") || strings.Contains(e.Error(), "invalid character") {
				t.Errorf("%q: got %v, want a bad-input error saying to run jrnl --export json", text, e)
			}
		}
	}
}

// The running position agrees with counting from the start, in order and not.
func TestPositionAgreesWithLineCol(t *testing.T) {
	data := []byte("{\n  \"é\": [1,\n\t\"ünï\",\r\n 2]}\nx")
	var p position
	for _, offsets := range [][]int{{0, 1, 5, 6, 7, 14, 20, len(data)}, {len(data), 3, 9, 2}} {
		for _, off := range offsets {
			l1, c1 := p.at(data, off)
			l2, c2 := lineCol(data, off)
			if l1 != l2 || c1 != c2 {
				t.Errorf("offset %d: at says %d:%d, lineCol %d:%d", off, l1, c1, l2, c2)
			}
		}
	}
}

// Top-level values that are not an object are named by kind.
func TestReadJSONNamesTheKindThatIsNotAnObject(t *testing.T) {
	for text, kind := range map[string]string{"[1]": "list", " \"x\"": "string", "null": "null", "true": "true or false", "-1": "number"} {
		if _, err := ParseArchive([]byte(text), "x.json"); err == nil || !strings.Contains(err.Error(), "holds a JSON "+kind+", not an object") {
			t.Errorf("%q: %v", text, err)
		}
	}
}

// utf16LE is s as UTF-16LE with a byte-order mark, as Windows Notepad saves it.
func utf16LE(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, r := range s {
		if r > 0xffff {
			r -= 0x10000
			hi, lo := 0xd800+(r>>10), 0xdc00+(r&0x3ff)
			out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// Files with a byte-order mark, or in UTF-16, import as their text.
func TestImportReadsByteOrderMarksAndUTF16(t *testing.T) {
	jrnl := string(readFixture(t, "jrnl/journal.json"))
	md := "---\ntitle: Zoë's shift 🌙\ndate: 2025-03-01\n---\nBody\n"
	p, _ := testvault.New(t)
	archive, _ := MarshalArchive(archive.Current(p))
	for name, data := range map[string][]byte{"UTF-8 BOM": append([]byte("\ufeff"), jrnl...), "UTF-16LE": utf16LE(jrnl)} {
		src, err := ParseJrnl(data, "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
		if err != nil || len(src) != 3 || src[0].Entry.Title != "Audit of warfarin counselling." {
			t.Errorf("jrnl with %s: %v", name, err)
		}
	}
	for name, data := range map[string][]byte{"UTF-8 BOM": append([]byte("\ufeff"), archive...), "UTF-16LE": utf16LE(string(archive))} {
		if _, err := ParseArchive(data, "archive.json"); err != nil {
			t.Errorf("archive with %s: %v", name, err)
		}
	}
	for name, data := range map[string][]byte{"UTF-8 BOM": append([]byte("\ufeff"), md...), "UTF-16LE": utf16LE(md)} {
		src, err := ParseMarkdown(data, "shift.md", portfolio.Functions(portfolio.Restorative), testvault.Now)
		if err != nil || src.Entry.Title != "Zoë's shift 🌙" || src.Entry.Body != "Body" {
			t.Errorf("Markdown with %s: %+v, %v", name, src.Entry, err)
		}
	}
	if _, err := ParseArchive([]byte{0xff, 0xfe, '{'}, "odd.json"); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "odd.json") {
		t.Errorf("broken UTF-16: %v", err)
	}
}

// A folder with bad files reports every one in one error, and with SkipBad imports
// the rest and lists what it left out, including entries the vault's validation
// refuses.
func TestImportMarkdownFolderReportsEveryBadFileAndCanSkipThem(t *testing.T) {
	dir := copyTree(t, filepath.Join("testdata", "import", "markdown", "journal"))
	os.MkdirAll(filepath.Join(dir, "Templates"), 0o700)
	os.WriteFile(filepath.Join(dir, "Templates", "daily.md"), []byte("---\ndate: {{date}}\n---\n# {{title}}\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "no-date.md"), readFixture(t, "markdown/hostile/no-date.md"), 0o600)
	os.WriteFile(filepath.Join(dir, "2026-01-01-escape.md"), readFixture(t, "markdown/hostile/escape-title.md"), 0o600)
	fns := portfolio.Functions(portfolio.Formative)
	_, _, err := ReadMarkdown(dir, fns, testvault.Now, MarkdownOptions{})
	if err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "2 Markdown files cannot be imported") ||
		!strings.Contains(err.Error(), "daily.md:2: cannot read this front matter line; date takes one value") || !strings.Contains(err.Error(), "no-date.md: has no date") || !strings.Contains(err.Error(), "--skip-bad") {
		t.Fatalf("without SkipBad: %v", err)
	}
	src, skipped, err := ReadMarkdown(dir, fns, testvault.Now, MarkdownOptions{SkipBad: true})
	if err != nil || len(src) != 5 {
		t.Fatalf("with SkipBad: %d entries, %v", len(src), err)
	}
	if !slices.ContainsFunc(skipped, func(s string) bool { return strings.Contains(s, "daily.md:2: cannot read") }) ||
		!slices.ContainsFunc(skipped, func(s string) bool { return strings.Contains(s, "no-date.md: has no date") }) {
		t.Errorf("skipped %q", skipped)
	}
	p, _ := testvault.New(t)
	before := vaultBytes(t, p)
	if _, err := ImportEntries(p, src, EntryImportOptions{}); err == nil || !strings.Contains(err.Error(), "escape.md: the title contains control characters") {
		t.Fatalf("an entry the vault refuses: %v", err)
	}
	if vaultBytes(t, p) != before {
		t.Error("a refused import changed the vault")
	}
	rep, err := ImportEntries(p, src, EntryImportOptions{SkipBad: true})
	if err != nil || rep.Counts["entries"].Added != 4 || len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0], "escape.md: the title contains control characters") {
		t.Fatalf("with SkipBad: %v, %v", rep, err)
	}
	if !slices.ContainsFunc(rep.Lines(), func(l string) bool { return strings.HasPrefix(l, "not imported: ") && strings.Contains(l, "escape.md") }) {
		t.Errorf("the report does not list what it skipped: %q", rep.Lines())
	}
}

// jrnl's YAML export (a folder, one file an entry, the body in the front matter) is
// imported fully: body, time, tags and star.
func TestImportJrnlYAMLExport(t *testing.T) {
	src, skipped, err := ReadMarkdown(filepath.Join("testdata", "import", "markdown", "jrnl-yaml"), portfolio.Functions(portfolio.Restorative), testvault.Now, MarkdownOptions{})
	if err != nil || len(src) != 2 || len(skipped) != 0 {
		t.Fatalf("%d entries, skipped %q, %v", len(src), skipped, err)
	}
	p, _ := testvault.New(t)
	rep, err := ImportEntries(p, src, EntryImportOptions{})
	if err != nil || rep.Counts["entries"].Added != 2 {
		t.Fatalf("import: %v, %v", rep.Lines(), err)
	}
	all := p.Find(portfolio.Query{})
	evening, morning := all[0], all[1]
	if morning.Title != "Took my inhaler." || morning.Body != "Peak flow 420 before, 480 after.\n\nNote to self: ask about a spacer." ||
		!slices.Equal(morning.Tags, []string{"asthma", "morning", "starred"}) || morning.Date != calendar.MakeDate(2023, 5, 1) ||
		!morning.Created.Equal(time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("the morning entry: %+v", *morning)
	}
	if evening.Body != "Evening dose." || !slices.Equal(evening.Tags, []string{"asthma"}) || !evening.Created.Equal(time.Date(2023, 5, 1, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("the evening entry: %+v", *evening)
	}
	if rep, err := ImportEntries(p, src, EntryImportOptions{}); err != nil || rep.Changed() != 0 {
		t.Errorf("a second import: %v, %v", rep.Lines(), err)
	}
}
