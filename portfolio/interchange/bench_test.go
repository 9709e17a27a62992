package interchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// The parsers' benchmarks run at three sizes a factor of ten apart: imports must be
// linear in entries and bytes, so ns/op grows about tenfold from one size to the next
// and ns per entry stays flat. Run with
//
//	go test ./portfolio/interchange -run '^$' -bench . -count 6 | benchstat -

var benchSizes = []int{1_000, 10_000, 100_000}

// loop runs op b.N times and reports its CPU time per op beside the wall clock: on a
// shared machine the CPU time is the steadier measure.
func loop(b *testing.B, op func()) {
	b.Helper()
	start := cpuTime()
	n := 0
	for b.Loop() {
		op()
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(n)/1e6, "cpu-ms/op")
}

// benchBody is a realistic entry body of about 600 bytes over several lines.
var benchBody = strings.Repeat("Reviewed the anticoagulation clinic's counselling notes with the team.\n", 8)

func jrnlExport(n int, minified bool) []byte {
	type entry struct {
		Title   string   `json:"title"`
		Body    string   `json:"body"`
		Date    string   `json:"date"`
		Time    string   `json:"time"`
		Tags    []string `json:"tags"`
		Starred bool     `json:"starred"`
	}
	var doc struct {
		Tags    map[string]int `json:"tags"`
		Entries []entry        `json:"entries"`
	}
	start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := start.Add(time.Duration(i) * 2 * time.Hour)
		doc.Entries = append(doc.Entries, entry{
			Title: fmt.Sprintf("Entry %d.", i), Body: benchBody, Date: d.Format(time.DateOnly),
			Time: d.Format("15:04"), Tags: []string{"@audit"}, Starred: i%7 == 0,
		})
	}
	var b []byte
	if minified {
		b, _ = json.Marshal(doc)
	} else {
		b, _ = json.MarshalIndent(doc, "", "  ")
	}
	return b
}

func BenchmarkParseJrnl(b *testing.B) {
	for _, minified := range []bool{false, true} {
		for _, n := range benchSizes {
			name := fmt.Sprintf("indented/%d", n)
			if minified {
				name = fmt.Sprintf("minified/%d", n)
			}
			b.Run(name, func(b *testing.B) {
				data := jrnlExport(n, minified)
				b.SetBytes(int64(len(data)))
				loop(b, func() {
					if _, err := ParseJrnl(data, "journal.json", portfolio.Functions(portfolio.Formative), time.UTC); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

func benchArchive(n int) []byte {
	a := &archive.Archive{Format: archive.ArchiveFormat, Version: archive.ArchiveVersion}
	start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := start.Add(time.Duration(i) * 2 * time.Hour)
		a.Entries = append(a.Entries, portfolio.Entry{
			ID: portfolio.ID(fmt.Sprintf("%016d", i)), Title: fmt.Sprintf("Entry %d.", i), Body: benchBody,
			Functions: portfolio.Functions(portfolio.Formative), Tags: []string{"audit"},
			Date: calendar.DateOf(d), Created: d, Updated: d,
		})
	}
	data, _ := MarshalArchive(a)
	return data
}

func BenchmarkParseArchive(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data := benchArchive(n)
			b.SetBytes(int64(len(data)))
			loop(b, func() {
				if _, err := ParseArchive(data, "archive.json"); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkReadArchive is the streamed pass over an archive's file, whole and
// light (each entry kept without its text, as a large import reads it).
func BenchmarkReadArchive(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data := benchArchive(n)
			for _, light := range []bool{false, true} {
				b.Run(fmt.Sprintf("light=%v", light), func(b *testing.B) {
					b.SetBytes(int64(len(data)))
					loop(b, func() {
						r := bytes.NewReader(data)
						var a *archive.Archive
						var err error
						if light {
							a, err = ReadArchiveLight(r, r.Size(), "archive.json", nil)
						} else {
							a, err = ReadArchive(r, r.Size(), "archive.json")
						}
						if err != nil || len(a.Entries) != n || (a.Bodies != nil) != light {
							b.Fatal(err)
						}
					})
				})
			}
		})
	}
}

// Markdown folders are smaller than journals: a file per entry costs the file system
// more than the parser, so the sizes are a tenth of the others'.
func BenchmarkReadMarkdown(b *testing.B) {
	for _, n := range benchSizes {
		n /= 10
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
			for i := range n {
				d := start.AddDate(0, 0, i)
				text := fmt.Sprintf("---\ntitle: Entry %d\ntags: [audit, clinic]\n---\n%s", i, benchBody)
				name := filepath.Join(dir, fmt.Sprintf("%s-%d.md", d.Format(time.DateOnly), i))
				if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
					b.Fatal(err)
				}
			}
			loop(b, func() {
				src, _, err := ReadMarkdown(dir, portfolio.Functions(portfolio.Formative), start, MarkdownOptions{})
				if err != nil || len(src) != n {
					b.Fatal(len(src), err)
				}
			})
		})
	}
}

// BenchmarkImportArchive is the whole import of a parsed archive into an empty
// vault: validation, one transaction, the index. Its CPU time includes making and
// closing the vault, which the wall clock leaves out.
func BenchmarkImportArchive(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			a, err := ParseArchive(benchArchive(n), "archive.json")
			if err != nil {
				b.Fatal(err)
			}
			loop(b, func() {
				b.StopTimer()
				p, _ := testvault.New(b)
				b.StartTimer()
				rep, err := archive.ImportArchive(p, a)
				if err != nil || rep.Counts["entries"].Added != n {
					b.Fatal(err)
				}
				b.StopTimer()
				p.Close()
				b.StartTimer()
			})
		})
	}
}

// BenchmarkImportJrnl is the whole import of a parsed jrnl export into an empty
// vault. Its entries get random IDs; put into one transaction in that order they made
// the import quadratic (each put moved half of one ever larger B+tree node).
func BenchmarkImportJrnl(b *testing.B) {
	for _, n := range benchSizes[:2] {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src, err := ParseJrnl(jrnlExport(n, false), "j.json", portfolio.Functions(portfolio.Formative), time.UTC)
			if err != nil {
				b.Fatal(err)
			}
			loop(b, func() {
				b.StopTimer()
				p, _ := testvault.New(b)
				b.StartTimer()
				rep, err := ImportEntries(p, src, EntryImportOptions{})
				if err != nil || rep.Counts["entries"].Added != n {
					b.Fatal(err)
				}
				b.StopTimer()
				p.Close()
				b.StartTimer()
			})
		})
	}
}

// benchHistoryArchive is benchArchive with a history: three versions of each entry.
func benchHistoryArchive(b *testing.B, n int) *archive.Archive {
	a, err := ParseArchive(benchArchive(n), "archive.json")
	if err != nil {
		b.Fatal(err)
	}
	a.History = []archive.RecordHistory{}
	for i := range a.Entries {
		e := &a.Entries[i]
		h := archive.RecordHistory{Kind: portfolio.KindEntry, ID: e.ID}
		for v := 1; v <= 3; v++ {
			rec := *e
			if v < 3 {
				rec.Body = fmt.Sprintf("Draft %d. %s", v, e.Body)
			}
			at := e.Updated.Add(time.Duration(v-3) * time.Minute)
			h.Versions = append(h.Versions, archive.ArchivedVersion{
				Version: v, Device: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
				Clock: portfolio.Clock{Micros: at.UnixMicro()}, Saved: at, Record: &rec,
			})
		}
		a.History = append(a.History, h)
	}
	data, err := MarshalArchive(a)
	if err != nil {
		b.Fatal(err)
	}
	if a, err = ParseArchive(data, "archive.json"); err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkImportArchiveHistory imports an archive with three versions of each entry:
// into an empty vault (every version written), and again into that vault (every
// version known, nothing written). Both must stay linear in versions.
func BenchmarkImportArchiveHistory(b *testing.B) {
	for _, n := range benchSizes[:2] {
		a := benchHistoryArchive(b, n)
		b.Run(fmt.Sprintf("fresh/%d", n), func(b *testing.B) {
			loop(b, func() {
				b.StopTimer()
				p, _ := testvault.New(b)
				b.StartTimer()
				rep, err := archive.ImportArchive(p, a)
				if err != nil || rep.Counts["entries"].Versions != 3*n {
					b.Fatal(rep, err)
				}
				b.StopTimer()
				p.Close()
				b.StartTimer()
			})
		})
		b.Run(fmt.Sprintf("again/%d", n), func(b *testing.B) {
			p, _ := testvault.New(b)
			if _, err := archive.ImportArchive(p, a); err != nil {
				b.Fatal(err)
			}
			loop(b, func() {
				rep, err := archive.ImportArchive(p, a)
				if err != nil || rep.Changed() != 0 {
					b.Fatal(rep, err)
				}
			})
		})
	}
}

// BenchmarkImportJrnlFile is a jrnl export's whole import from its file into an
// empty vault: read whole (ParseJrnl, ImportEntries) or streamed (ImportJrnlFile),
// the reading included.
func BenchmarkImportJrnlFile(b *testing.B) {
	for _, n := range benchSizes[:2] {
		file := filepath.Join(b.TempDir(), "journal.json")
		if err := os.WriteFile(file, jrnlExport(n, false), 0o600); err != nil {
			b.Fatal(err)
		}
		fn := portfolio.Functions(portfolio.Formative)
		for _, way := range []string{"whole", "stream"} {
			b.Run(fmt.Sprintf("%s/%d", way, n), func(b *testing.B) {
				loop(b, func() {
					b.StopTimer()
					p, _ := testvault.New(b)
					b.StartTimer()
					var rep *archive.Report
					var err error
					if way == "whole" {
						var data []byte
						var src []SourceEntry
						if data, err = os.ReadFile(file); err == nil {
							if src, err = ParseJrnl(data, "journal.json", fn, time.UTC); err == nil {
								rep, err = ImportEntries(p, src, EntryImportOptions{})
							}
						}
					} else {
						f, ferr := os.Open(file)
						if ferr != nil {
							b.Fatal(ferr)
						}
						st, _ := f.Stat()
						rep, _, err = ImportJrnlFile(p, f, st.Size(), "journal.json", fn, time.UTC, EntryImportOptions{})
						f.Close()
					}
					if err != nil || rep == nil || rep.Counts["entries"].Added != n {
						b.Fatal(err)
					}
					b.StopTimer()
					p.Close()
					b.StartTimer()
				})
			})
		}
	}
}
