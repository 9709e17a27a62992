package interchange

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/goals"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// outVault holds entries that test what the open formats keep: quotes, colons and
// hashes in titles, several functions, tags (one of them starred), non-Latin text,
// Markdown and raw HTML in the body, two entries with one title on one day, an
// entry from a template with sections and fields, and entries linked to one goal.
func outVault(t *testing.T) *portfolio.Portfolio {
	t.Helper()
	p, _ := testvault.New(t)
	goal, err := goals.Add(p, portfolio.Goal{Title: "Run a clinic", Functions: portfolio.Functions(portfolio.Formative), Status: portfolio.GoalOpen})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []portfolio.Entry{
		{Title: `Handover: a "near miss" #1`, Body: "A dose was nearly given twice.\n\n- **check** twice\n\n<b>raw</b>", Date: calendar.MakeDate(2026, 2, 14),
			Functions: portfolio.Functions(portfolio.Normative) | portfolio.Functions(portfolio.Restorative), Tags: []string{"handover", "near miss", "starred"}, GoalIDs: []portfolio.ID{goal.ID}},
		{Title: "Same title", Body: "one", Date: calendar.MakeDate(2026, 2, 15), Functions: portfolio.Functions(portfolio.Formative), GoalIDs: []portfolio.ID{goal.ID}},
		{Title: "Same title", Body: "two", Date: calendar.MakeDate(2026, 2, 15), Functions: portfolio.Functions(portfolio.Formative)},
		{Title: "مراجعة الأدوية — 日本語 — Siân", Body: "Ŵ and עברית.", Date: calendar.MakeDate(2026, 3, 1), Functions: portfolio.Functions(portfolio.Formative)},
		{Title: "Planned: asthma", Date: calendar.MakeDate(2026, 3, 2), Functions: portfolio.Functions(portfolio.Formative), RecordKind: portfolio.RecordPlannedCPD,
			Fields:   []portfolio.FieldValue{{Name: "hours", Label: "Time spent", Values: []string{"2.5"}}},
			Sections: []portfolio.Section{{Heading: "What are you planning to learn?", Body: "Reviews."}, {Heading: "How did you learn it?", Body: "Reading."}}},
	} {
		if _, err := p.AddEntry(e); err != nil {
			t.Fatalf("%q: %v", e.Title, err)
		}
	}
	return p
}

// comparable is what an open format keeps of an entry.
type comparable struct {
	title, body, date, functions, tags string
}

func keep(e portfolio.Entry) comparable {
	tags := slices.Clone(e.Tags)
	slices.Sort(tags)
	return comparable{e.Title, strings.TrimSpace(markdownText(e)), e.Date.String(), strings.Join(e.Functions.Names(), ","), strings.Join(tags, ",")}
}

func keptOf(entries []portfolio.Entry) []comparable {
	out := make([]comparable, len(entries))
	for i, e := range entries {
		out[i] = keep(e)
	}
	slices.SortFunc(out, func(a, b comparable) int {
		return strings.Compare(a.date+a.title+a.body, b.date+b.title+b.body)
	})
	return out
}

func importedInto(t *testing.T, src []SourceEntry) []portfolio.Entry {
	t.Helper()
	q, _ := testvault.New(t)
	if _, err := ImportEntries(q, src, EntryImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return archive.Current(q).Entries
}

func TestMarkdownFolderRoundTrip(t *testing.T) {
	p := outVault(t)
	a := archive.Current(p)
	files := MarkdownFolder(a)
	dir := t.TempDir()
	names := map[string]bool{}
	for _, f := range files {
		if names[f.Name] || strings.ContainsAny(f.Name, `/\`) || !strings.HasSuffix(f.Name, ".md") {
			t.Errorf("bad or repeated file name %q", f.Name)
		}
		names[f.Name] = true
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !names["2026-02-14-handover-a-near-miss-1.md"] {
		t.Errorf("names %v", names)
	}
	src, skipped, err := ReadMarkdown(dir, 0, testvault.Now, MarkdownOptions{})
	if err != nil || len(skipped) > 0 {
		t.Fatalf("reading back: %v, skipped %v", err, skipped)
	}
	got, want := keptOf(importedInto(t, src)), keptOf(a.Entries)
	if !slices.Equal(got, want) {
		t.Errorf("the entries did not come back:\n got %+v\nwant %+v", got, want)
	}
	// The front matter carries the template's fields, the goal, and the related
	// entry as a relative link to its file.
	byName := map[string]string{}
	for _, f := range files {
		byName[f.Name] = string(f.Data)
	}
	first := byName["2026-02-14-handover-a-near-miss-1.md"]
	for _, want := range []string{`title: "Handover: a \"near miss\" #1"`, `functions: ["normative", "restorative"]`, `goals: ["Run a clinic"]`, `related: ["[Same title](2026-02-15-same-title-`} {
		if !strings.Contains(first, want) {
			t.Errorf("the front matter lacks %s:\n%s", want, first)
		}
	}
	if planned := byName["2026-03-02-planned-asthma.md"]; !strings.Contains(planned, "fields:\n  \"Time spent\": [\"2.5\"]\n") || !strings.Contains(planned, "## How did you learn it?\n\nReading.") {
		t.Errorf("the template's fields or sections are missing:\n%s", planned)
	}
}

func TestJrnlRoundTrip(t *testing.T) {
	p := outVault(t)
	a := archive.Current(p)
	data, err := MarshalJrnl(a, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"starred": true`) || strings.Contains(string(data), `"@starred"`) {
		t.Errorf("the starred tag is not jrnl's star:\n%s", data)
	}
	// jrnl has no functions: bring each function's entries back under it.
	var got []portfolio.Entry
	for _, fs := range []portfolio.Functions{portfolio.Functions(portfolio.Formative), portfolio.Functions(portfolio.Normative) | portfolio.Functions(portfolio.Restorative)} {
		src, err := ParseJrnl(data, "out.json", fs, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range importedInto(t, src) {
			for _, w := range a.Entries {
				if w.Title == e.Title && w.Date == e.Date && w.Functions == fs && strings.TrimSpace(markdownText(w)) == e.Body {
					got = append(got, e)
				}
			}
		}
	}
	if g, w := keptOf(got), keptOf(a.Entries); !slices.Equal(g, w) {
		t.Errorf("the entries did not come back:\n got %+v\nwant %+v", g, w)
	}
}
