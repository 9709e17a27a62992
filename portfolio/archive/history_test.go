package archive_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// fullRoundTrip is the whole archive of p, history included, written and read back.
func fullRoundTrip(t *testing.T, p *portfolio.Portfolio) *archive.Archive {
	t.Helper()
	a, err := archive.FullArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || a.History == nil {
		t.Fatalf("a full archive is version %d with history %v", a.Version, a.History)
	}
	return roundTrip(t, a)
}

// bodies lists an entry's versions as their bodies, "†" for a deletion, with the
// devices that wrote them as letters in order of appearance.
func bodies(t *testing.T, p *portfolio.Portfolio, id portfolio.ID) string {
	t.Helper()
	vs, err := history.History(p, id)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, v := range vs {
		if v.Deleted {
			parts = append(parts, "†")
			continue
		}
		parts = append(parts, v.Record.(*portfolio.Entry).Body)
	}
	return strings.Join(parts, ",")
}

func editBody(t *testing.T, p *portfolio.Portfolio, id portfolio.ID, body string) {
	t.Helper()
	e, _ := p.Entry(id)
	c := *e
	c.Body = body
	if _, err := p.UpdateEntry(c); err != nil {
		t.Fatal(err)
	}
}

// An export imported into the vault it came from, after the vault moved on, adds
// nothing and leaves the newer text current.
func TestOlderArchiveIntoTheVaultItCameFrom(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Near miss", Body: "v1", Functions: portfolio.Functions(portfolio.Restorative)})
	c.Advance(time.Hour)
	editBody(t, p, e.ID, "v2")
	old := fullRoundTrip(t, p)
	c.Advance(time.Hour)
	editBody(t, p, e.ID, "v3")
	before, _ := os.ReadFile(p.Path())
	rep, err := archive.ImportArchive(p, old)
	if err != nil || rep.Changed() != 0 || rep.Counts["entries"].Unchanged != 1 {
		t.Fatalf("import of an older archive: %v %v", rep.Lines(), err)
	}
	if after, _ := os.ReadFile(p.Path()); !bytes.Equal(before, after) {
		t.Error("importing versions the vault has wrote to it")
	}
	if got := bodies(t, p, e.ID); got != "v1,v2,v3" {
		t.Errorf("versions %q", got)
	}
}

// Two vaults that share a history and then edit apart: importing one's archive into
// the other adds the versions it lacks after its own, keeps the later edit current,
// and importing back the other way converges; a second import changes nothing.
func TestArchiveMergesTheHistoriesOfTwoVaults(t *testing.T) {
	p, pc := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Near miss", Body: "v1", Functions: portfolio.Functions(portfolio.Restorative)})
	q, qc := testvault.New(t)
	if _, err := archive.ImportArchive(q, fullRoundTrip(t, p)); err != nil {
		t.Fatal(err)
	}
	if got := bodies(t, q, e.ID); got != "v1" {
		t.Fatalf("q's versions %q", got)
	}
	// p edits first, q later: q's edit is the newer.
	pc.Advance(time.Hour)
	editBody(t, p, e.ID, "from p")
	qc.Advance(2 * time.Hour)
	editBody(t, q, e.ID, "from q")

	rep, err := archive.ImportArchive(q, fullRoundTrip(t, p))
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Counts["entries"]; c.Kept != 1 || c.Versions != 1 {
		t.Errorf("report %v", rep.Lines())
	}
	// p's edit joins the history; q's newer text is written again as the newest.
	if got := bodies(t, q, e.ID); got != "v1,from q,from p,from q" {
		t.Errorf("q's versions after importing p's: %q", got)
	}
	if got, _ := q.Entry(e.ID); got.Body != "from q" {
		t.Errorf("q's current text is %q", got.Body)
	}
	vs, _ := history.History(q, e.ID)
	if vs[2].Device != mustHistory(t, p, e.ID)[1].Device || vs[3].Device != vs[1].Device || vs[3].Clock.Compare(vs[2].Clock) <= 0 {
		t.Errorf("devices and clocks: %+v", vs)
	}
	before, _ := os.ReadFile(q.Path())
	if rep, err := archive.ImportArchive(q, fullRoundTrip(t, p)); err != nil || rep.Changed() != 0 {
		t.Fatalf("a second import: %v %v", rep.Lines(), err)
	}
	if after, _ := os.ReadFile(q.Path()); !bytes.Equal(before, after) {
		t.Error("a second import changed the vault")
	}

	// And back: p takes q's versions it lacks, and q's newer text becomes current.
	rep, err = archive.ImportArchive(p, fullRoundTrip(t, q))
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Counts["entries"]; c.Replaced != 1 || c.Versions != 2 {
		t.Errorf("report %v", rep.Lines())
	}
	if got, _ := p.Entry(e.ID); got.Body != "from q" {
		t.Errorf("p's current text is %q", got.Body)
	}
	if got := bodies(t, p, e.ID); got != "v1,from p,from q,from q" {
		t.Errorf("p's versions after importing q's: %q", got)
	}
	if got := p.Find(portfolio.Query{Text: "from"}); len(got) != 1 {
		t.Errorf("search after the merge finds %d entries", len(got))
	}
	p = testvault.Reopen(t, p, pc)
	if got, _ := p.Entry(e.ID); got.Body != "from q" {
		t.Errorf("after reopening, p's current text is %q", got.Body)
	}
	rep2, err := p.Check()
	if err != nil || !rep2.OK() {
		t.Errorf("check after the merge: %+v %v", rep2, err)
	}
}

func mustHistory(t *testing.T, p *portfolio.Portfolio, id portfolio.ID) []portfolio.Version {
	t.Helper()
	vs, err := history.History(p, id)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// The trash travels: a record deleted before the export is in the new vault's trash
// with its history, and restores there; a link to it is kept.
func TestArchiveCarriesTheTrash(t *testing.T) {
	p, _ := testvault.New(t)
	g := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Run a clinic"})
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Planning", Body: "b", Functions: portfolio.Functions(portfolio.Formative), GoalIDs: []portfolio.ID{g.ID}})
	if _, err := history.Delete(p, g.ID, portfolio.KindGoal); err != nil {
		t.Fatal(err)
	}
	// Without the history, the entry's link to the goal in the trash has nothing to
	// point at in a new vault.
	q, _ := testvault.New(t)
	if _, err := archive.ImportArchive(q, roundTrip(t, archive.Current(p))); err == nil {
		t.Error("an archive without history imported a link to a goal it does not hold")
	}
	rep, err := archive.ImportArchive(q, fullRoundTrip(t, p))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["goals"].Added != 1 || rep.Counts["entries"].Added != 1 {
		t.Errorf("report %v", rep.Lines())
	}
	if _, ok := goals.Get(q, g.ID); ok || !q.InTrash(g.ID) {
		t.Fatal("the deleted goal is not in the new vault's trash")
	}
	if got, _ := q.Entry(e.ID); !slices.Equal(got.GoalIDs, []portfolio.ID{g.ID}) {
		t.Errorf("the entry's link: %v", got.GoalIDs)
	}
	if _, err := history.Restore(q, g.ID, 0); err != nil {
		t.Fatal(err)
	}
	if got, ok := goals.Get(q, g.ID); !ok || got.Title != "Run a clinic" {
		t.Errorf("restored goal %+v %v", got, ok)
	}
}

// Every field of a history is checked before anything is written.
func TestArchiveRefusesBadHistories(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Near miss", Body: "v1", Functions: portfolio.Functions(portfolio.Restorative)})
	c.Advance(time.Hour)
	editBody(t, p, e.ID, "v2")
	a, err := archive.FullArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := interchange.MarshalArchive(a)
	var doc map[string]any
	cases := []struct {
		name, want string
		edit       func(h map[string]any, vs []any)
	}{
		{"unknown kind", `records of kind "note" keep no history`, func(h map[string]any, _ []any) { h["kind"] = "note" }},
		{"bad id", `is not a folio ID`, func(h map[string]any, _ []any) { h["id"] = "ABC" }},
		{"no versions", `has no versions`, func(h map[string]any, _ []any) { h["versions"] = []any{} }},
		{"out of order", `versions are listed oldest first`, func(_ map[string]any, vs []any) { vs[1].(map[string]any)["version"] = 1 }},
		{"zero", `not between 1 and`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["version"] = 0 }},
		{"too big", `not between 1 and`, func(_ map[string]any, vs []any) { vs[1].(map[string]any)["version"] = 1 << 33 }},
		{"device", `is not 32 lower-case hex digits`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["device"] = "xyz" }},
		{"zero device", `names no vault`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["device"] = strings.Repeat("0", 32) }},
		{"clock", `not between 0 and the end of 9999`, func(_ map[string]any, vs []any) {
			vs[0].(map[string]any)["clock"] = map[string]any{"micros": -1, "logical": 0}
		}},
		{"logical", `clock.logical`, func(_ map[string]any, vs []any) {
			vs[0].(map[string]any)["clock"] = map[string]any{"micros": 1, "logical": 1 << 40}
		}},
		{"no time", `has no time saved`, func(_ map[string]any, vs []any) { delete(vs[0].(map[string]any), "saved") }},
		{"baseline with a writer", `a baseline version has no device`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["baseline"] = true }},
		{"deletion with a record", `a deletion holds no record`, func(_ map[string]any, vs []any) { vs[1].(map[string]any)["deleted"] = true }},
		{"deletion first", `a deletion with no version before it`, func(_ map[string]any, vs []any) {
			delete(vs[0].(map[string]any), "record")
			vs[0].(map[string]any)["deleted"] = true
		}},
		{"no record", `holds no record`, func(_ map[string]any, vs []any) { delete(vs[0].(map[string]any), "record") }},
		{"another id", `has the id`, func(_ map[string]any, vs []any) {
			vs[0].(map[string]any)["record"].(map[string]any)["id"] = "aaaaaaaaaaaaaaaa"
		}},
		{"unknown key", `unknown field "colour"`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["colour"] = "red" }},
		{"unknown record key", `unknown field "colour"`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["record"].(map[string]any)["colour"] = "red" }},
		{"bad record", `title is empty`, func(_ map[string]any, vs []any) { vs[0].(map[string]any)["record"].(map[string]any)["title"] = "" }},
		{"current differs", `differs from its newest version`, func(_ map[string]any, vs []any) { vs[1].(map[string]any)["record"].(map[string]any)["body"] = "v9" }},
		{"deleted yet listed", `yet listed as current`, func(_ map[string]any, vs []any) {
			delete(vs[1].(map[string]any), "record")
			vs[1].(map[string]any)["deleted"] = true
		}},
	}
	q, _ := testvault.New(t)
	testvault.MustAddEntry(t, q, portfolio.Entry{Title: "Mine", Body: "x", Functions: portfolio.Functions(portfolio.Normative)})
	before, _ := os.ReadFile(q.Path())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := json.Unmarshal(good, &doc); err != nil {
				t.Fatal(err)
			}
			h := doc["history"].([]any)[0].(map[string]any)
			tc.edit(h, h["versions"].([]any))
			data, _ := json.Marshal(doc)
			a, err := interchange.ParseArchive(data, "a.json")
			if err == nil {
				_, err = archive.ImportArchive(q, a)
			}
			if err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if after, _ := os.ReadFile(q.Path()); !bytes.Equal(before, after) {
		t.Error("a refused archive changed the vault")
	}
}

// The history example in docs/EXPORT.md imports as it says: an entry with two
// versions, a goal in the trash.
func TestArchiveDocumentedHistoryImports(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "EXPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "### An archive with history\n")
	_, rest, _ = strings.Cut(rest, "```json\n")
	example, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("docs/EXPORT.md has no archive with history")
	}
	a, err := interchange.ParseArchive([]byte(example), "EXPORT.md")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := testvault.New(t)
	if _, err := archive.ImportArchive(p, a); err != nil {
		t.Fatal(err)
	}
	vs := mustHistory(t, p, "aaaaaaaaaaaaaaaa")
	if len(vs) != 2 || vs[0].Device != "0f1e2d3c4b5a69788796a5b4c3d2e1f0" || !strings.HasSuffix(vs[0].Record.(*portfolio.Entry).Body, "INR.") {
		t.Errorf("the entry's versions: %+v", vs)
	}
	if !p.InTrash("bbbbbbbbbbbbbbbb") {
		t.Error("the goal is not in the trash")
	}
}

// An import is one step of the undo log: undoing it takes back what it added and
// what it changed, as new versions.
func TestUndoAnImportWithHistory(t *testing.T) {
	p, pc := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Near miss", Body: "v1", Functions: portfolio.Functions(portfolio.Restorative)})
	f := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Audit", Body: "a1", Functions: portfolio.Functions(portfolio.Normative)})
	q, _ := testvault.New(t)
	if _, err := archive.ImportArchive(q, fullRoundTrip(t, p)); err != nil {
		t.Fatal(err)
	}
	if _, err := history.Delete(q, f.ID, portfolio.KindEntry); err != nil {
		t.Fatal(err)
	}
	pc.Advance(time.Hour)
	editBody(t, p, e.ID, "v2")
	g := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "New", Body: "n", Functions: portfolio.Functions(portfolio.Formative)})
	if _, err := archive.ImportArchive(q, fullRoundTrip(t, p)); err != nil {
		t.Fatal(err)
	}
	if got, _ := q.Entry(e.ID); got.Body != "v2" {
		t.Fatalf("the import did not bring the edit: %q", got.Body)
	}
	if _, err := history.Undo(q); err != nil {
		t.Fatal(err)
	}
	if got, _ := q.Entry(e.ID); got.Body != "v1" {
		t.Errorf("undo left %q", got.Body)
	}
	if _, ok := q.Entry(g.ID); ok || !q.InTrash(g.ID) {
		t.Error("undo did not move the added entry to the trash")
	}
	if !q.InTrash(f.ID) {
		t.Error("the entry deleted before the import came back")
	}
	if got := bodies(t, q, e.ID); got != "v1,v2,v1" {
		t.Errorf("versions after the undo %q", got)
	}
}
