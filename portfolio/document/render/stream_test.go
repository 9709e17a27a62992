package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// streamCorpusSize is several hundred entries: more than one batch of a streamed
// export, so the seams between batches are in the output.
const streamCorpusSize = 620

// streamCorpus is a vault of a few hundred entries of every shape a summary
// prints: Markdown, raw HTML, control characters, fields and sections, tags and
// kinds, private ones, identifiers for the scan, on distinct days so their order
// does not depend on their random IDs. It is reopened, so no body is in memory.
func streamCorpus(t *testing.T) (*portfolio.Portfolio, document.SummaryQuery) {
	t.Helper()
	p, c := testvault.New(t)
	bodies := []string{
		markdownBody,
		"Plain words.\nA second line, kept as typed.\n\n\n\nAfter blank lines.   \nTrailing spaces.  ",
		"Saw Mrs Jones (NHS 943 476 5919), born 12/03/1961, at 14 Acacia Avenue.",
		"Escape \x1b[31mred\x1b[0m and a bell \a and bidi \u202e text.",
		"1. Not a list\n- nor this\n# nor a heading\n\n```\ncode  \n  kept\n```",
		"",
	}
	es := make([]portfolio.Entry, 0, streamCorpusSize)
	for i := range streamCorpusSize {
		e := portfolio.Entry{
			Title:     fmt.Sprintf("Reflection %d <b>%d</b>", i, i*7%13),
			Body:      bodies[i%len(bodies)],
			Date:      calendar.DateOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*3)),
			Functions: portfolio.Functions(portfolio.Function(1 << (i % 3))),
			Created:   testvault.Now.Add(time.Duration(i) * time.Minute),
		}
		if i%4 == 0 {
			e.Tags = []string{"audit", fmt.Sprintf("t%d", i%5)}
		}
		if i%9 == 0 {
			e.Sharing = portfolio.SharingPrivate
		}
		if i%5 == 0 {
			e.Template, e.RecordKind = "planned-cpd", portfolio.RecordPlannedCPD
			e.Fields = []portfolio.FieldValue{{Name: "hours", Label: "Time spent", Values: []string{fmt.Sprint(1 + i%4)}}}
			e.Sections = []portfolio.Section{
				{Heading: "What are you planning to learn?", Body: "Asthma reviews:\n\n1. history\n2. technique"},
				{Heading: "Empty", Body: "  "},
			}
		}
		es = append(es, e)
	}
	if _, err := p.AddEntries(es); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	return p, document.SummaryQuery{Since: calendar.MakeDate(2000, 1, 1), Until: p.Today()}
}

const streamGolden = "testdata/stream-summary.md"

// TestStreamGolden pins the Markdown summary of the corpus as the whole-document
// path wrote it before the export was streamed.
func TestStreamGolden(t *testing.T) {
	p, q := streamCorpus(t)
	d, err := document.PeriodSummary(p, q)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Render(d, Markdown)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(filepath.FromSlash(streamGolden), whole, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(filepath.FromSlash(streamGolden))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, want) {
		t.Fatalf("the whole document's Markdown differs from %s", streamGolden)
	}
}

// TestMarkdownToMatchesWhole is the streamed export against the golden the
// whole-document path wrote, and against that path now, through a writer that
// takes a few bytes at a time.
func TestMarkdownToMatchesWhole(t *testing.T) {
	p, q := streamCorpus(t)
	s, err := document.PeriodSummaryStreamed(p, q)
	if err != nil {
		t.Fatal(err)
	}
	var streamed bytes.Buffer
	if err := MarkdownTo(&streamed, s); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.FromSlash(streamGolden))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(streamed.Bytes(), want) {
		t.Fatalf("the streamed Markdown differs from %s at byte %d", streamGolden, firstDiff(streamed.Bytes(), want))
	}
	d, err := s.Whole()
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Render(d, Markdown)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(streamed.Bytes(), whole) {
		t.Fatalf("the streamed Markdown differs from the whole document's at byte %d", firstDiff(streamed.Bytes(), whole))
	}
}

// TestScanStreamedMatchesScan: the scan a batch at a time finds what the scan of
// the whole document finds, in the same order and places.
func TestScanStreamedMatchesScan(t *testing.T) {
	p, q := streamCorpus(t)
	s, err := document.PeriodSummaryStreamed(p, q)
	if err != nil {
		t.Fatal(err)
	}
	got, err := document.ScanStreamed(s)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Whole()
	if err != nil {
		t.Fatal(err)
	}
	want := document.Scan(d)
	if len(want) < streamCorpusSize/10 {
		t.Fatalf("the corpus should have findings in every batch; the whole scan found %d", len(want))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ScanStreamed found %d things, Scan %d; first streamed %v, first whole %v", len(got), len(want), got[:min(1, len(got))], want[:1])
	}
}

// TestScanWhileMatchesScanStreamed: the scan done as the records are drawn
// finds what the scan before the drawing finds, and the drawing is the same.
func TestScanWhileMatchesScanStreamed(t *testing.T) {
	p, q := streamCorpus(t)
	s, err := document.PeriodSummaryStreamed(p, q)
	if err != nil {
		t.Fatal(err)
	}
	want, err := document.ScanStreamed(s)
	if err != nil {
		t.Fatal(err)
	}
	scanned, findings := document.ScanWhile(s)
	var out bytes.Buffer
	if err := MarkdownTo(&out, scanned); err != nil {
		t.Fatal(err)
	}
	got := findings()
	if len(want) < streamCorpusSize/10 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ScanWhile found %d things, ScanStreamed %d", len(got), len(want))
	}
	golden, err := os.ReadFile(filepath.FromSlash(streamGolden))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), golden) {
		t.Fatalf("the Markdown drawn while scanning differs from %s at byte %d", streamGolden, firstDiff(out.Bytes(), golden))
	}
}

// TestTidyWriterMatchesTidy writes texts of blank lines, trailing spaces and hard
// breaks in pieces of every size and compares with tidy of the whole.
func TestTidyWriterMatchesTidy(t *testing.T) {
	texts := []string{
		"", "\n", "\n\n\nx", "x", "x\n", "a  \nb \t\n\n\n c\n  \n", "  lead\n\n\ntrail  ",
		"# T\n\nsub\n\n\n## H\n\ntext  \nmore\n\n---\n\nfoot\n",
	}
	for _, text := range texts {
		want := tidy([]byte(text))
		for size := 1; size <= len(text)+1; size++ {
			var out bytes.Buffer
			tw := &tidyWriter{w: &out}
			for b := []byte(text); len(b) > 0; {
				n := min(size, len(b))
				if _, err := tw.Write(b[:n]); err != nil {
					t.Fatal(err)
				}
				b = b[n:]
			}
			if err := tw.Close(); err != nil {
				t.Fatal(err)
			}
			if out.String() != string(want) {
				t.Fatalf("%q in pieces of %d: got %q, want %q", text, size, out.String(), want)
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
