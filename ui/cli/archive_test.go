package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtures shared with the domain's import tests.
var importFixtures = filepath.Join("..", "..", "portfolio", "interchange", "testdata", "import")

func TestExportAllAndImportRoundTrip(t *testing.T) {
	f := newFixture(t)
	f.init()
	goal := strings.TrimSpace(f.mustRun("", "goal", "add", "--title", "Learn the DOAC doses", "--function", "formative"))
	f.mustRun("", "action", "add", "--goal", goal, "--what", "Read the BNF pages")
	f.mustRun("Counselled on \x1b[31minhalers\x1b[0m.", "add", "--function", "normative", "--title", "Inhalers", "--tag", "CPD")
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Dr Okafor")
	out := filepath.Join(f.dir, "all.json")
	f.mustRun("", "export", "all", "--out", out)
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the archive: %v, %v", st, err)
	}
	raw, _ := os.ReadFile(out)
	var head struct {
		Format  string            `json:"format"`
		Version int               `json:"version"`
		Entries []json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.Format != "folio-archive" || head.Version != 2 || len(head.Entries) != 1 {
		t.Fatalf("the archive starts %+v, %v", head, err)
	}
	// The file is complete or absent, and never replaced unasked.
	if r := f.run("", "export", "all", "--out", out); r.status != ExitUsage || !strings.Contains(r.stderr, "--force") {
		t.Errorf("export over an existing file: %+v", r)
	}
	if again, _ := os.ReadFile(out); string(again) != string(raw) {
		t.Error("a refused export changed the file")
	}
	f.mustRun("", "export", "all", "--out", out, "--force")

	g := newFixture(t)
	g.init()
	imported := g.mustRun("", "import", out)
	if got := imported; !strings.Contains(got, "entries: 1 added") || !strings.Contains(got, "actions: 1 added") || !strings.Contains(got, "relationships: 1 added") {
		t.Errorf("import printed %q", got)
	}
	want, got := f.list(), g.list()
	if len(got) != 1 || got[0].ID != want[0].ID || got[0].Title != "Inhalers" {
		t.Errorf("imported entries %+v, want %+v", got, want)
	}
	if show := g.mustRun("", "show", got[0].ID); strings.Contains(show, "\x1b") || !strings.Contains(show, "inhalers") {
		t.Errorf("show of an imported entry with escapes: %q", show)
	}
	// The same file read a record at a time, as a large one is, says and does the same.
	h := newFixture(t)
	h.lightImportFrom = 1
	h.init()
	if light := h.mustRun("", "import", out); light != imported {
		t.Errorf("read a record at a time, the import printed %q", light)
	}
	if light := h.list(); len(light) != 1 || light[0].ID != want[0].ID {
		t.Errorf("read a record at a time, the import gave %+v, want %+v", light, want)
	}
	before := g.vaultSum()
	if again := g.mustRun("", "import", out); !strings.Contains(again, "entries: 1 already in the vault") {
		t.Errorf("a second import printed %q", again)
	}
	if g.vaultSum() != before {
		t.Error("importing the same archive twice changed the vault")
	}
}

// The archive is JSON that may go to a terminal (--out -) or be read in one: C1 and
// bidi controls in the text are written as \u escapes, as every --json output has
// them, and read back as they were.
func TestExportAllEscapesC1AndBidi(t *testing.T) {
	f := newFixture(t)
	f.init()
	const body = "C1 \u009b31m and \u202eoverride"
	id := strings.TrimSpace(f.mustRun(body, "add", "--function", "n", "--title", "Controls"))
	out := f.mustRun("", "export", "all", "--out", "-")
	if strings.ContainsAny(out, "\u009b\u202e") || !strings.Contains(out, `C1 \u009b31m and \u202eoverride`) {
		t.Fatalf("export all --out - wrote C1 or bidi controls raw: %q", out)
	}
	if jrnl := f.mustRun("", "export", "jrnl", "-"); strings.ContainsAny(jrnl, "\u009b\u202e") || !strings.Contains(jrnl, `\u202eoverride`) {
		t.Errorf("export jrnl - wrote C1 or bidi controls raw: %q", jrnl)
	}
	path := filepath.Join(f.dir, "all.json")
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	g := newFixture(t)
	g.init()
	g.mustRun("", "import", path)
	var e struct{ Body string }
	if err := json.Unmarshal([]byte(g.mustRun("", "show", id, "--json")), &e); err != nil || e.Body != body {
		t.Errorf("imported back, the body is %q (%v), want %q", e.Body, err, body)
	}
}

func TestExportEncryptedToAVaultImportsDirectly(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("Body.", "add", "--function", "formative", "--title", "Sealed")
	g := newFixture(t)
	g.init()
	pub := strings.TrimSpace(g.mustRun("", "key"))
	out := filepath.Join(f.dir, "all.json.age")
	f.mustRun("", "export", "all", "--out", out, "--to", pub, "--armor")
	raw, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(raw), "-----BEGIN AGE ENCRYPTED FILE-----") || strings.Contains(string(raw), "Sealed") {
		t.Fatalf("the encrypted archive starts %q", raw[:min(len(raw), 60)])
	}
	if got := g.mustRun("", "import", out); !strings.Contains(got, "entries: 1 added") {
		t.Errorf("import of an archive encrypted to this vault: %q", got)
	}
	h := newFixture(t)
	h.init()
	h.mustRun("", "key")
	before := h.vaultSum()
	if r := h.run("", "import", out); r.status != ExitUsage || !strings.Contains(r.stderr, "not encrypted to this vault's key") {
		t.Errorf("import into another vault: %+v", r)
	}
	if h.vaultSum() != before {
		t.Error("a refused import changed the vault")
	}
}

func TestImportJrnlAndMarkdown(t *testing.T) {
	f := newFixture(t)
	f.init()
	journal := filepath.Join(importFixtures, "jrnl", "journal.json")
	before := f.vaultSum()
	if r := f.run("", "import", journal); r.status != ExitUsage || !strings.Contains(r.stderr, "jrnl keeps no Proctor function") || !strings.Contains(r.stderr, "--function") || strings.Contains(r.stderr, "malformed") {
		t.Errorf("a jrnl import without --function: %+v", r)
	}
	if f.vaultSum() != before {
		t.Error("a refused import changed the vault")
	}
	if got := f.mustRun("", "import", journal, "--function", "formative"); !strings.Contains(got, "entries: 3 added") {
		t.Errorf("jrnl import printed %q", got)
	}
	if got := f.mustRun("", "import", journal, "--function", "formative"); !strings.Contains(got, "entries: 3 already in the vault") {
		t.Errorf("a second jrnl import printed %q", got)
	}
	night := f.list("--tag", "nights")
	if len(night) != 1 {
		t.Fatalf("entries tagged nights: %+v", night)
	}
	for _, e := range night {
		if out := f.mustRun("", "show", e.ID); strings.Contains(out, "\x1b") || strings.Contains(out, "\a") || !strings.Contains(out, "ALERT") {
			t.Errorf("an imported entry with escape sequences shows as %q", out)
		}
	}
	md := filepath.Join(importFixtures, "markdown", "journal")
	got := f.mustRun("", "import", md, "--function", "restorative")
	if !strings.Contains(got, "entries: 4 added") || !strings.Contains(got, "not imported: "+filepath.Join(md, "notes.txt")+" (not a Markdown file)") {
		t.Errorf("Markdown import printed %q", got)
	}
	if n := len(f.list()); n != 7 {
		t.Errorf("%d entries after the imports, want 7", n)
	}

	before = f.vaultSum()
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(importFixtures, "jrnl", "bad-date.json"), "bad-date.json:4:5: entries[1].date"},
		{filepath.Join(importFixtures, "jrnl", "invalid-utf8.json"), "invalid-utf8.json:3:24: is not valid UTF-8"},
		{filepath.Join(importFixtures, "markdown", "hostile", "unknown-function.md"), "unknown-function.md:3:"},
		{filepath.Join(importFixtures, "markdown", "hostile"), "bad-date.md:3:"},
		{filepath.Join(f.dir, "missing.json"), "cannot read"},
	} {
		r := f.run("", "import", tc.path, "--function", "formative")
		if r.status != ExitUsage || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("import %s: status %d, stderr %q; want status 2 naming %q", tc.path, r.status, r.stderr, tc.want)
		}
	}
	if f.vaultSum() != before {
		t.Error("refused imports changed the vault")
	}
}

func TestExportUsage(t *testing.T) {
	f := newFixture(t)
	f.init()
	for _, args := range [][]string{
		{"export"}, {"export", "everything"}, {"export", "all"},
		{"export", "all", "--out", filepath.Join(f.dir, "x.json"), "--armor"},
		{"export", "all", "--out", filepath.Join(f.dir, "x.json"), "--to", "not-a-key"},
		{"export", "all", "--out", f.dir},
	} {
		if r := f.run("", args...); r.status != ExitUsage {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if _, err := os.Stat(filepath.Join(f.dir, "x.json")); !os.IsNotExist(err) {
		t.Error("a refused export left a file")
	}
}

// Text with a byte-order mark, or in UTF-16, comes in as its text: add's standard
// input, an import file and a passphrase file.
func TestByteOrderMarksAndUTF16ComeInAsText(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("\ufeff# Night shift\n\nBody.\n", "add", "--function", "restorative"))
	if out := f.mustRun("", "show", id); !strings.HasPrefix(out, "# Night shift\n") || strings.Contains(out, "\ufeff") || strings.Count(out, "Night shift") != 1 {
		t.Errorf("add with a BOM saved %q", out)
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "# Zoë\n\nBody.\n" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	id = strings.TrimSpace(f.mustRun(string(utf16), "add", "--function", "restorative"))
	if out := f.mustRun("", "show", id); !strings.Contains(out, "Zoë") {
		t.Errorf("add of UTF-16 saved %q", out)
	}
	journal, _ := os.ReadFile(filepath.Join(importFixtures, "jrnl", "journal.json"))
	file := filepath.Join(f.dir, "journal.json")
	os.WriteFile(file, append([]byte("\ufeff"), journal...), 0o600)
	if out := f.mustRun("", "import", file, "--function", "formative"); !strings.Contains(out, "entries: 3 added") {
		t.Errorf("import of a jrnl file with a BOM: %q", out)
	}
	os.WriteFile(f.passFile, []byte("\ufeffcorrect horse battery\r\n"), 0o600)
	if r := f.run("", "list"); r.status != 0 {
		t.Errorf("a passphrase file with a BOM: %+v", r)
	}
}

// --skip-bad imports what it can from a folder with bad files and lists the rest.
func TestImportSkipBad(t *testing.T) {
	f := newFixture(t)
	f.init()
	dir := filepath.Join(f.dir, "notes")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "2026-01-05-good.md"), []byte("# Good\n\nBody.\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "undated.md"), []byte("# Undated\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "template.md"), []byte("---\ndate: {{date}}\n---\n"), 0o600)
	before := f.vaultSum()
	if r := f.run("", "import", dir, "--function", "formative"); r.status != ExitUsage || !strings.Contains(r.stderr, "2 Markdown files cannot be imported") ||
		!strings.Contains(r.stderr, "undated.md") || !strings.Contains(r.stderr, "template.md") {
		t.Errorf("without --skip-bad: %+v", r)
	}
	if f.vaultSum() != before {
		t.Error("a refused import changed the vault")
	}
	out := f.mustRun("", "import", dir, "--function", "formative", "--skip-bad")
	if !strings.Contains(out, "entries: 1 added") || !strings.Contains(out, "not imported: "+filepath.Join(dir, "template.md")) || !strings.Contains(out, "undated.md: has no date") {
		t.Errorf("with --skip-bad: %q", out)
	}
}

// --skip-bad leaves out the records of folio's own archive that cannot be read, with
// their histories, and names them; without it the import is refused, naming each.
func TestImportArchiveSkipBad(t *testing.T) {
	src := newFixture(t)
	src.init()
	src.mustRun("one", "add", "--function", "formative", "--title", "One", "--date", "2026-01-05")
	src.mustRun("two", "add", "--function", "formative", "--title", "Two", "--date", "2026-01-06")
	src.mustRun("three", "add", "--function", "formative", "--title", "Three", "--date", "2026-01-07")
	path := filepath.Join(src.dir, "all.json")
	src.mustRun("", "export", "all", "--out", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Only the live records' dates are spoiled; their histories keep the good ones.
	for _, d := range []string{"2026-01-05", "2026-01-07"} {
		bad := strings.Replace(d, "-01-", "-02-", 1)
		bad = bad[:len(bad)-2] + "30"
		data = bytes.Replace(data, []byte(`"date": "`+d+`"`), []byte(`"date": "`+bad+`"`), 1)
	}
	os.WriteFile(path, data, 0o600)

	f := newFixture(t)
	f.init()
	before := f.vaultSum()
	r := f.run("", "import", path)
	if r.status != ExitUsage || !strings.Contains(r.stderr, "2 records cannot be read") ||
		strings.Count(r.stderr, `: entries[`) != 2 || !strings.Contains(r.stderr, "--skip-bad") {
		t.Errorf("without --skip-bad: %+v", r)
	}
	if f.vaultSum() != before {
		t.Error("a refused import changed the vault")
	}
	out := f.mustRun("", "import", path, "--skip-bad")
	if !strings.Contains(out, "entries: 1 added") || strings.Count(out, "not imported: ") != 2 ||
		strings.Count(out, `]: "2026-02-30" is not a real date`) != 2 {
		t.Errorf("with --skip-bad: %q", out)
	}
	if l := f.list(); len(l) != 1 || l[0].Title != "Two" {
		t.Errorf("imported %+v, want Two alone", l)
	}
}

// An empty import, from a device or standard input, is named as it was given and
// said to be empty, rather than named by its last element ("null") as JSON that
// ends too soon.
func TestImportEmptyIsNamedAsGiven(t *testing.T) {
	f := newFixture(t)
	f.init()
	before := f.vaultSum()
	for _, c := range []struct{ arg, want string }{
		{os.DevNull, "folio: " + os.DevNull + " is empty; there is nothing to import.\n"},
		{"-", "folio: standard input is empty; there is nothing to import.\n"},
	} {
		for _, from := range []string{"archive", "jrnl", "markdown"} {
			if c.arg != "-" && from == "markdown" {
				continue // a Markdown path is read as a file or folder
			}
			if r := f.run("", "import", c.arg, "--from", from); r.status != ExitUsage || r.stderr != c.want {
				t.Errorf("import %s --from %s: %+v, want %q", c.arg, from, r, c.want)
			}
		}
		if r := f.run("", "import", c.arg); r.status != ExitUsage || r.stderr != c.want {
			t.Errorf("import %s: %+v, want %q", c.arg, r, c.want)
		}
	}
	if f.vaultSum() != before {
		t.Error("a refused import changed the vault")
	}
}
