package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// importWhole is the import of a jrnl export read whole, as before the stream.
func importWhole(p *portfolio.Portfolio, data []byte, opt EntryImportOptions) (*archive.Report, error) {
	src, err := ParseJrnl(data, "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
	if err != nil {
		return nil, err
	}
	return ImportEntries(p, src, opt)
}

// importStream is the import of the same bytes from a file, streamed; ok false
// if the stream gave it up.
func importStream(t testing.TB, p *portfolio.Portfolio, data []byte, opt EntryImportOptions, b batching) (*archive.Report, bool, error) {
	t.Helper()
	return importJrnlFile(p, bytes.NewReader(data), int64(len(data)), "journal.json", portfolio.Functions(portfolio.Formative), time.UTC, opt, b)
}

// imported is what the vault's entries say, without their new IDs, in the
// order of their content keys.
func imported(p *portfolio.Portfolio) []portfolio.Entry {
	es := archive.Current(p).Entries
	for i := range es {
		es[i].ID = ""
	}
	slices.SortFunc(es, func(a, b portfolio.Entry) int { return strings.Compare(a.Source, b.Source) })
	return es
}

func sameEntries(t *testing.T, want, got []portfolio.Entry) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Title != g.Title || w.Body != g.Body || !slices.Equal(w.Tags, g.Tags) || w.Date != g.Date ||
			!w.Created.Equal(g.Created) || !w.Updated.Equal(g.Updated) || w.Functions != g.Functions || w.Source != g.Source {
			t.Fatalf("entry %d is\n%+v\nwant\n%+v", i, g, w)
		}
	}
}

// jrnlCases are jrnl exports the stream must import as the whole read does:
// jrnl's own layouts, and entries the checks refuse.
func jrnlCases(t *testing.T) map[string][]byte {
	refused := jrnlExport(40, false)
	// Entries 3 and 17 dated in the future, 25 with a control character in its title.
	refused = bytes.Replace(refused, []byte(`"Entry 3."`), []byte(`"Entry 3\u0007."`), 1)
	for _, n := range []string{"17", "25"} {
		i := bytes.Index(refused, []byte(`"Entry `+n+`."`))
		j := bytes.Index(refused[i:], []byte(`"date": "`)) + i + len(`"date": "`)
		copy(refused[j:], "2099")
	}
	repeated := jrnlExport(30, true)
	repeated = bytes.Replace(repeated, []byte(`]}`), append([]byte(","), repeated[bytes.Index(repeated, []byte(`[`))+1:]...), 1)
	return map[string][]byte{
		"fixture":  readFixture(t, "jrnl/journal.json"),
		"indented": jrnlExport(300, false),
		"minified": jrnlExport(300, true),
		"refused":  refused,
		// Every entry twice: the second time already planned.
		"repeated": repeated,
		"other keys": []byte(`{"entries": [{"title": "A", "date": "2025-01-02", "time": "10:00", "uuid": "x"}], ` +
			`"tags": {"@a": 1}, "more": [1, {"x": null}], "entr\u0069es2": []}` + "\n\n"),
		"empty list": []byte(`{"entries": []}`),
		// The decoder reads a key by any case; the last one given wins.
		"body keys": []byte(`{"entries": [{"title": "A", "date": "2025-01-02", "Body": "upper"}, ` +
			`{"title": "B", "date": "2025-01-02", "body": "first", "BODY": "last"}, ` +
			`{"BoDy": "mixed", "title": "C", "date": "2025-01-02", "body": "lower"}, ` +
			`{"title": "D", "date": "2025-01-02", "body": null}, {"title": "E", "date": "2025-01-02", "body": " pad\u00e9 "}]}`),
	}
}

// TestJrnlStreamIsTheWholeRead: a jrnl export streamed from its file imports as
// the same bytes read whole: the same report, refusals and entries, in batches.
func TestJrnlStreamIsTheWholeRead(t *testing.T) {
	for name, data := range jrnlCases(t) {
		for _, skip := range []bool{false, true} {
			opt := EntryImportOptions{SkipBad: skip}
			whole, _ := testvault.New(t)
			testvault.MustAddEntry(t, whole, portfolio.Entry{Title: "Entry 5.", Body: benchBody, Functions: portfolio.Functions(portfolio.Formative), Date: testvault.Today})
			stream, _ := testvault.New(t)
			testvault.MustAddEntry(t, stream, portfolio.Entry{Title: "Entry 5.", Body: benchBody, Functions: portfolio.Functions(portfolio.Formative), Date: testvault.Today})
			want, werr := importWhole(whole, data, opt)
			got, ok, err := importStream(t, stream, data, opt, batching{size: 4 << 10})
			if !ok {
				t.Fatalf("%s: the stream gave the file up", name)
			}
			if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
				t.Fatalf("%s (skip %v): the stream said %v; the whole read %v", name, skip, err, werr)
			}
			if err == nil && (!slices.Equal(got.Lines(), want.Lines()) || !slices.Equal(got.Skipped, want.Skipped)) {
				t.Fatalf("%s (skip %v): the stream reported %q %q; the whole read %q %q", name, skip, got.Lines(), got.Skipped, want.Lines(), want.Skipped)
			}
			sameEntries(t, imported(whole), imported(stream))
			// Imported again, streamed, nothing changes.
			if err == nil {
				again, ok, err := importStream(t, stream, data, opt, batching{})
				if !ok || err != nil || again.Changed() != 0 {
					t.Fatalf("%s: a second import: %v %v %v", name, ok, err, again.Lines())
				}
			}
		}
	}
}

// TestJrnlStreamGivesUpWhatItDoesNotRead: a file with any error, and one that is
// not read as jrnl writes it, is given back to the whole read, with nothing
// written.
func TestJrnlStreamGivesUpWhatItDoesNotRead(t *testing.T) {
	good := `{"entries": [{"title": "A", "date": "2025-01-02"}]}`
	cases := map[string]string{
		"byte-order mark":    "\ufeff" + good,
		"archive":            `{"format": "folio-archive", "entries": []}`,
		"no entries":         `{"tags": {}}`,
		"entries twice":      `{"entries": [], "entries": []}`,
		"not a list":         `{"entries": null}`,
		"a key twice":        `{"entries": [{"title": "A", "title": "B", "date": "2025-01-02"}]}`,
		"bad date":           `{"entries": [{"title": "A", "date": "2025-13-02"}]}`,
		"bad time":           `{"entries": [{"title": "A", "date": "2025-01-02", "time": "25:00"}]}`,
		"no title":           `{"entries": [{"date": "2025-01-02"}]}`,
		"wrong type":         `{"entries": [{"title": "A", "date": "2025-01-02", "tags": "x"}]}`,
		"truncated":          good[:len(good)-1],
		"after the object":   good + " x",
		"two objects":        good + good,
		"invalid UTF-8 late": `{"entries": [{"title": "A", "date": "2025-01-02"}], "x": "` + "\xff" + `"}`,
		"a list":             `[]`,
		"empty":              "",
	}
	for name, data := range cases {
		p, _ := testvault.New(t)
		before := vaultBytes(t, p)
		_, ok, err := importStream(t, p, []byte(data), EntryImportOptions{}, batching{})
		if ok || err != nil {
			t.Errorf("%s: the stream read it (%v, %v)", name, ok, err)
		}
		if vaultBytes(t, p) != before {
			t.Errorf("%s: the stream wrote to the vault", name)
		}
	}
}

// TestJrnlStreamRefusesAFileChangedWhileImported: an entry's JSON changed in the
// file between its reading and its batch stops the import, and what the batches
// wrote is taken out.
func TestJrnlStreamRefusesAFileChangedWhileImported(t *testing.T) {
	data := jrnlExport(200, false)
	file := filepath.Join(t.TempDir(), "journal.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, _ := testvault.New(t)
	_, ok, err := importJrnlFile(p, f, int64(len(data)), "journal.json", portfolio.Functions(portfolio.Formative), time.UTC, EntryImportOptions{}, batching{size: smallBatch, after: func(n int) error {
		if n == 2 {
			// Every entry's body, the same length, says something else.
			changed := bytes.ReplaceAll(data, []byte("anticoagulation"), []byte("ANTICOAGULATION"))
			return os.WriteFile(file, changed, 0o600)
		}
		return nil
	}})
	if !ok || !errors.Is(err, ErrChanged) {
		t.Fatalf("import of a file changed under it: %v, %v; want ErrChanged", ok, err)
	}
	if p.EntryCount() != 0 {
		t.Fatalf("the vault holds %d entries after a refused import", p.EntryCount())
	}
}

// sources are the content keys of the vault's entries, sorted: what they say.
func sources(p *portfolio.Portfolio) []string {
	var out []string
	for _, e := range archive.Current(p).Entries {
		out = append(out, e.Source)
	}
	slices.Sort(out)
	return out
}

// FuzzJrnlFile: whatever the bytes, the stream either gives them up, writing
// nothing, or imports them as ParseJrnl and ImportEntries do: the same error, or
// the same report and entries.
func FuzzJrnlFile(f *testing.F) {
	addFixtures(f, "jrnl")
	f.Add(jrnlExport(3, false))
	f.Add(jrnlExport(3, true))
	f.Add([]byte(`{"entries": [{"title": "a", "date": "2025-01-01", "tags": ["@x", "@y,z"], "starred": true}], "tags": {"@x": 1}}`))
	f.Add([]byte(`{"entries": [{"title": "a", "date": "2099-01-01"}, {"title": "b\u0000", "date": "2025-01-01", "Body": "c"}]}`))
	stream, whole := fuzzVault(f), fuzzVault(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := EntryImportOptions{SkipBad: len(data)%2 == 0}
		before := stream.EntryCount()
		got, ok, err := importStream(t, stream, data, opt, batching{size: 1 << 10})
		if !ok {
			if err != nil || stream.EntryCount() != before {
				t.Fatalf("given up, the stream said %v and the vault went from %d to %d entries", err, before, stream.EntryCount())
			}
			return
		}
		src, werr := ParseJrnl(data, "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
		if werr != nil {
			t.Fatalf("the stream read what ParseJrnl refuses: %v", werr)
		}
		want, werr := ImportEntries(whole, src, opt)
		if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
			t.Fatalf("the stream said %v; the whole read %v", err, werr)
		}
		if err == nil && (!slices.Equal(got.Lines(), want.Lines()) || !slices.Equal(got.Skipped, want.Skipped)) {
			t.Fatalf("the stream reported %q %q; the whole read %q %q", got.Lines(), got.Skipped, want.Lines(), want.Skipped)
		}
		if !slices.Equal(sources(stream), sources(whole)) {
			t.Fatal("the vaults' entries differ")
		}
	})
}

// textJrnl writes a jrnl export of n entries with bodies of size bytes to a file.
func textJrnl(t *testing.T, n, size int) string {
	t.Helper()
	type entry struct {
		Title string   `json:"title"`
		Body  string   `json:"body"`
		Date  string   `json:"date"`
		Time  string   `json:"time"`
		Tags  []string `json:"tags"`
	}
	var doc struct {
		Entries []entry `json:"entries"`
	}
	start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := start.Add(time.Duration(i) * 2 * time.Hour)
		body := strings.Repeat(fmt.Sprintf("Notes on case %d.\n", i), size/16)[:size]
		doc.Entries = append(doc.Entries, entry{Title: fmt.Sprintf("Entry %d.", i), Body: body, Date: d.Format(time.DateOnly), Time: d.Format("15:04"), Tags: []string{"@audit"}})
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "journal.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestJrnlStreamHoldsLittleOfTheFile imports a jrnl export whose entries' text
// is 24 MiB, streamed from its file, in batches of 1 MiB: after every batch the
// live heap (collected, so counts, not timing) has grown by less than a third of
// the text, where the same file read whole grows it by more than the text.
func TestJrnlStreamHoldsLittleOfTheFile(t *testing.T) {
	const n, body = 3000, 8 << 10
	live := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	file := textJrnl(t, n, body)
	p, _ := testvault.New(t)
	live()
	base := live()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	worst := int64(-1 << 62)
	batches := 0
	rep, ok, err := importJrnlFile(p, f, st.Size(), "journal.json", portfolio.Functions(portfolio.Formative), time.UTC, EntryImportOptions{}, batching{size: 1 << 20, after: func(int) error {
		batches++
		worst = max(worst, live()-base)
		return nil
	}})
	if !ok || err != nil {
		t.Fatalf("streamed import: %v, %v", ok, err)
	}
	if rep.Counts["entries"].Added != n || batches < 10 {
		t.Fatalf("%v in %d batches", rep.Lines(), batches)
	}
	const text = n * body
	t.Logf("streamed: the live heap grew by at most %d KiB for %d KiB of text", worst>>10, text>>10)
	if worst > text/3 {
		t.Fatalf("the live heap grew by %d KiB while importing %d KiB of text; want under a third of it", worst>>10, text>>10)
	}

	// The same file read whole does hold its text: the measure tells them apart.
	q, _ := testvault.New(t)
	live()
	base = live()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src, err := ParseJrnl(data, "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	data = nil
	worstWhole := int64(-1 << 62)
	if _, err := importEntries(q, src, EntryImportOptions{}, batching{size: 1 << 20, after: func(int) error {
		worstWhole = max(worstWhole, live()-base)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(src)
	t.Logf("whole: the live heap grew by at most %d KiB", worstWhole>>10)
	if worstWhole < text || worst > worstWhole/3 {
		t.Fatalf("the streamed import grew the live heap by %d KiB, the whole read by %d KiB", worst>>10, worstWhole>>10)
	}
}
