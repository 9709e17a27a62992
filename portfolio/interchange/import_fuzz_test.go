package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/internal/richvault"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// Every import parser is fuzzed: whatever the bytes, it returns an error or values
// that import, and importing the same thing twice adds nothing. The seed corpora are
// the fixtures under testdata/import plus the files in testdata/fuzz.

func addFixtures(f *testing.F, dir string) {
	f.Helper()
	filepath.WalkDir(filepath.Join("testdata", "import", dir), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			f.Add(b)
		}
		return nil
	})
}

// fuzzVault is one vault shared by a fuzz target's iterations: a vault per input would
// spend the run creating vaults.
func fuzzVault(f *testing.F) *portfolio.Portfolio {
	c := &testvault.Clock{T: testvault.Now}
	p, err := portfolio.Create(filepath.Join(f.TempDir(), "vault.folio"), testvault.Passphrase, testvault.Options(c))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { p.Close() })
	return p
}

// importTwice imports and, if that succeeds, imports again: the second must change
// nothing.
func importTwice(t *testing.T, do func() (*archive.Report, error)) {
	if _, err := do(); err != nil {
		if !portfolio.IsBadInput(err) {
			t.Fatalf("an import failed other than as bad input: %v", err)
		}
		return
	}
	rep, err := do()
	if err != nil || rep.Changed() != 0 {
		t.Fatalf("a second import: %v, %v", rep.Lines(), err)
	}
}

func FuzzParseArchive(f *testing.F) {
	p, _ := richvault.Rich(f)
	good, _ := MarshalArchive(archive.Current(p))
	f.Add(good)
	// With the history: versions, a deletion, the trash.
	e := p.Find(portfolio.Query{})[0]
	c := *e
	c.Body += " Edited."
	if _, err := p.UpdateEntry(c); err != nil {
		f.Fatal(err)
	}
	if err := p.DeleteEntry(p.Find(portfolio.Query{})[1].ID); err != nil {
		f.Fatal(err)
	}
	full, err := archive.FullArchive(p)
	if err != nil {
		f.Fatal(err)
	}
	withHistory, _ := MarshalArchive(full)
	f.Add(withHistory)
	f.Add([]byte(`{"format": "folio-archive", "version": 2}`))
	f.Add([]byte(`{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "title": "t", "functions": ["formative"], "date": "2025-01-01", "sharing": "private"}], "x": 1}`))
	q := fuzzVault(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseArchive(data, "fuzz.json")
		if err != nil {
			if !portfolio.IsBadInput(err) || !strings.HasPrefix(reason(err), "malformed file: fuzz.json") {
				t.Fatalf("an error that is not bad input naming the file: %v", err)
			}
			return
		}
		// What was read writes and reads back the same.
		once, err := MarshalArchive(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseArchive(once, "again.json")
		if err != nil {
			t.Fatalf("an archive written from a parsed one does not parse: %v\n%s", err, once)
		}
		twice, _ := MarshalArchive(b)
		if !bytes.Equal(once, twice) {
			t.Fatalf("the archive changed on a second round trip:\n%s\n%s", once, twice)
		}
		importTwice(t, func() (*archive.Report, error) { return archive.ImportArchive(q, a) })
	})
}

func FuzzParseJrnl(f *testing.F) {
	addFixtures(f, "jrnl")
	f.Add([]byte(`{"entries": [{"title": "a", "date": "2025-01-01", "tags": ["@x", "@y,z"], "starred": true}]}`))
	q := fuzzVault(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := ParseJrnl(data, "fuzz.json", portfolio.Functions(portfolio.Formative), time.UTC)
		if err != nil {
			if !portfolio.IsBadInput(err) || !strings.HasPrefix(reason(err), "malformed file: fuzz.json") {
				t.Fatalf("an error that is not bad input naming the file: %v", err)
			}
			return
		}
		for _, s := range src {
			if !strings.HasPrefix(s.Where, "fuzz.json:") || !utf8.ValidString(s.Entry.Title+s.Entry.Body) {
				t.Fatalf("entry read from %q: %+v", s.Where, s.Entry)
			}
		}
		importTwice(t, func() (*archive.Report, error) { return ImportEntries(q, src, EntryImportOptions{}) })
	})
}

func FuzzParseMarkdown(f *testing.F) {
	addFixtures(f, "markdown")
	f.Add([]byte("---\ntags: [a, 'b''c', \"d\\te\"]\nfunctions:\n- n\n- r\n---\n# T\nbody"))
	q := fuzzVault(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := ParseMarkdown(data, "2026-01-01-fuzz.md", portfolio.Functions(portfolio.Formative), testvault.Now)
		if err != nil {
			if !portfolio.IsBadInput(err) || !strings.HasPrefix(reason(err), "malformed file: 2026-01-01-fuzz.md") {
				t.Fatalf("an error that is not bad input naming the file: %v", err)
			}
			return
		}
		e := src.Entry
		if !utf8.ValidString(e.Title+e.Body) || e.Functions.Empty() || e.Date.IsZero() {
			t.Fatalf("entry read: %+v", e)
		}
		// A second import of what was read must change nothing: validation is the
		// import's, and normalising a normalised entry changes nothing.
		importTwice(t, func() (*archive.Report, error) {
			return ImportEntries(q, []SourceEntry{src}, EntryImportOptions{})
		})
	})
}

// The front matter on its own: YAML from anywhere either reads or is refused as bad
// input naming a line of the file, never a panic or another kind of error.
func FuzzFrontMatter(f *testing.F) {
	f.Add("title: \"Handover: a near miss\"\ndate: 2026-02-14T08:30:00Z\ntags:\n  - a\n  - 'b'\nfunction: [normative]")
	f.Add("title: Took my inhaler.\ndate: 2023-05-01 08:00\nstarred: True\ntags: asthma\nbody: |\n    Evening dose.\n")
	f.Add("a: &x [1, 2]\nb: *x\ntags: *x\ndate: {{date}}")
	f.Fuzz(func(t *testing.T, text string) {
		bad := func(line int, format string, args ...any) error {
			if line < 0 {
				t.Fatalf("a line number below the front matter: %d", line)
			}
			return fmt.Errorf("%w: %d: %s", portfolio.ErrMalformed, line, fmt.Sprintf(format, args...))
		}
		fm, err := parseFrontMatter(strings.Split(text, "\n"), 2, bad)
		if err != nil {
			if !errors.Is(err, portfolio.ErrMalformed) {
				t.Fatalf("an error that is not bad input: %v", err)
			}
			return
		}
		for _, v := range []fmValue{fm.title, fm.date, fm.tags, fm.functions, fm.body} {
			if v.line != 0 && v.line < 2 {
				t.Fatalf("a value placed on line %d", v.line)
			}
		}
	})
}
