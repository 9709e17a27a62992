package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/internal/richvault"
)

// richArchives are folio's own archives of a rich vault: the current records, and
// the full archive with histories, a deletion and the trash.
func richArchives(t testing.TB) map[string][]byte {
	p, _ := richvault.Rich(t)
	current, err := MarshalArchive(archive.Current(p))
	if err != nil {
		t.Fatal(err)
	}
	e := p.Find(portfolio.Query{})[0]
	c := *e
	c.Body += " Edited."
	if _, err := p.UpdateEntry(c); err != nil {
		t.Fatal(err)
	}
	if err := p.DeleteEntry(p.Find(portfolio.Query{})[1].ID); err != nil {
		t.Fatal(err)
	}
	full, err := archive.FullArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	withHistory, err := MarshalArchive(full)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"current": current, "history": withHistory}
}

// TestStreamReadsFolioArchives: folio's own archives are read in one pass, not
// handed to ParseArchive, and decode as ParseArchive decodes them.
func TestStreamReadsFolioArchives(t *testing.T) {
	for name, data := range richArchives(t) {
		got, err := streamArchive(bytes.NewReader(data), "a.json", nil)
		if err != nil {
			t.Fatalf("%s: the stream refused folio's own archive: %v", name, err)
		}
		want, err := ParseArchive(data, "a.json")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the stream decoded another archive than ParseArchive", name)
		}
		// Minified, as another program may write it.
		var small bytes.Buffer
		if err := json.Compact(&small, data); err != nil {
			t.Fatal(err)
		}
		if _, err := streamArchive(bytes.NewReader(small.Bytes()), "a.json", nil); err != nil {
			t.Errorf("%s minified: %v", name, err)
		}
	}
}

// TestReadArchiveErrorsAreParseArchives: whatever the stream refuses, ReadArchive
// says what ParseArchive says of the same bytes.
func TestReadArchiveErrorsAreParseArchives(t *testing.T) {
	good := richArchives(t)["current"]
	cases := map[string][]byte{
		"format not first":  []byte(`{"version": 1, "format": "folio-archive", "entries": {}}`),
		"newer":             []byte(`{"format": "folio-archive", "version": 99}`),
		"unknown key":       []byte(`{"format": "folio-archive", "version": 1, "x": 1}`),
		"key twice":         []byte(`{"format": "folio-archive", "version": 1, "entries": [], "entries": []}`),
		"not UTF-8":         bytes.Replace(good, []byte(`"title": "`), []byte("\"title\": \"\xff"), 1),
		"syntax at the end": append(bytes.Clone(good[:len(good)-3]), ',', '}'),
		"trailing":          append(bytes.Clone(good), []byte(" x")...),
		"unknown field":     bytes.Replace(good, []byte(`"title"`), []byte(`"titel"`), 1),
		"cut short":         good[:len(good)/2],
		"BOM":               append([]byte("\ufeff"), good...),
	}
	for name, data := range cases {
		_, serr := streamArchive(bytes.NewReader(data), "a.json", nil)
		_, perr := ParseArchive(data, "a.json")
		_, rerr := ReadArchive(bytes.NewReader(data), int64(len(data)), "a.json")
		if name == "BOM" {
			if perr != nil || rerr != nil {
				t.Errorf("BOM: %v, %v", perr, rerr)
			}
			continue
		}
		if serr == nil || perr == nil {
			t.Errorf("%s: the stream said %v and ParseArchive %v; both must refuse it", name, serr, perr)
			continue
		}
		if rerr == nil || rerr.Error() != perr.Error() || !errors.Is(rerr, portfolio.ErrMalformed) {
			t.Errorf("%s: ReadArchive said %v, ParseArchive %v", name, rerr, perr)
		}
	}
}

// FuzzStreamArchive: the stream never accepts what ParseArchive refuses, and what
// it accepts it decodes as ParseArchive does.
func FuzzStreamArchive(f *testing.F) {
	for _, data := range richArchives(f) {
		f.Add(data)
	}
	filepath.WalkDir(filepath.Join("testdata", "fuzz", "FuzzParseArchive"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := os.ReadFile(p); err == nil {
				if s, ok := corpusBytes(string(b)); ok {
					f.Add(s)
				}
			}
		}
		return nil
	})
	f.Add([]byte(`{"format": "folio-archive", "version": 2, "history": null, "entries": null}`))
	f.Add([]byte(`{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "title": "t", "functions": ["formative"], "date": "2025-01-01", "sharing": "private"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := streamArchive(bytes.NewReader(data), "fuzz.json", nil)
		if err != nil {
			return
		}
		want, perr := ParseArchive(data, "fuzz.json")
		if perr != nil {
			t.Fatalf("the stream accepted what ParseArchive refuses: %v", perr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("the stream decoded another archive than ParseArchive:\n%+v\n%+v", got, want)
		}
	})
}

// corpusBytes reads the one []byte value of a file in Go's fuzz corpus format.
func corpusBytes(file string) ([]byte, bool) {
	lines := strings.Split(strings.TrimSpace(file), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "[]byte(") {
		return nil, false
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	return []byte(s), err == nil
}

// lightMatches checks a light archive against ParseArchive's reading of data:
// each entry read back whole is the same, and the light one is it without body,
// sections and fields.
func lightMatches(t *testing.T, data []byte, light, want *archive.Archive) {
	t.Helper()
	if light.Bodies == nil {
		if !reflect.DeepEqual(light, want) {
			t.Fatal("a light read without Bodies decoded another archive than ParseArchive")
		}
		return
	}
	if len(light.Entries) != len(want.Entries) {
		t.Fatalf("%d entries, ParseArchive %d", len(light.Entries), len(want.Entries))
	}
	for i := range want.Entries {
		whole, err := light.Bodies.Entry(i)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*whole, want.Entries[i]) {
			t.Fatalf("entry %d read back is not ParseArchive's", i)
		}
		meta := want.Entries[i]
		meta.Body, meta.Sections, meta.Fields = "", nil, nil
		if !reflect.DeepEqual(light.Entries[i], meta) {
			t.Fatalf("light entry %d is not ParseArchive's without its text", i)
		}
	}
	l, w := *light, *want
	l.Bodies, l.Entries, w.Entries = nil, nil, nil
	if !reflect.DeepEqual(l, w) {
		t.Fatal("a light read decoded the rest of the archive otherwise than ParseArchive")
	}
}

// TestLightArchiveReadsEntriesBack: a light read keeps each entry without its text
// and reads it back whole; an archive with histories is read whole; a file changed
// since is refused when an entry is read back.
func TestLightArchiveReadsEntriesBack(t *testing.T) {
	for name, data := range richArchives(t) {
		light, err := ReadArchiveLight(bytes.NewReader(data), int64(len(data)), "a.json", nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ParseArchive(data, "a.json")
		if err != nil {
			t.Fatal(err)
		}
		if (light.Bodies == nil) != (name == "history") {
			t.Fatalf("%s: light is %v", name, light.Bodies != nil)
		}
		lightMatches(t, data, light, want)
	}
	data := bytes.Clone(richArchives(t)["current"])
	light, err := ReadArchiveLight(bytes.NewReader(data), int64(len(data)), "a.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(`"body": "`)) + len(`"body": "`)
	data[i] ^= 0x20 // a letter's case
	if _, err := light.Bodies.Entry(0); !errors.Is(err, ErrChanged) {
		t.Fatalf("an entry read back from a changed file: %v, want ErrChanged", err)
	}
}

// FuzzLightArchive: a light read accepts only what ParseArchive accepts, and reads
// the same archive.
func FuzzLightArchive(f *testing.F) {
	for _, data := range richArchives(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "title": "t", "body": "b", "functions": ["formative"], "date": "2025-01-01", "sharing": "private"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		light, err := ReadArchiveLight(bytes.NewReader(data), int64(len(data)), "fuzz.json", nil)
		want, perr := ParseArchive(data, "fuzz.json")
		if (err == nil) != (perr == nil) {
			t.Fatalf("light read: %v; ParseArchive: %v", err, perr)
		}
		if err != nil {
			if err.Error() != perr.Error() {
				t.Fatalf("light read said %v, ParseArchive %v", err, perr)
			}
			return
		}
		lightMatches(t, data, light, want)
	})
}
