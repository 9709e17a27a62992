package interchange

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/internal/richvault"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
)

// sameArchive compares two archives whole, but for when they were made: any field a
// round trip loses, including fields added to the types later, fails the test.
func sameArchive(t *testing.T, want, got *archive.Archive) {
	t.Helper()
	w, g := *want, *got
	w.ExportedAt, g.ExportedAt = time.Time{}, time.Time{}
	w.Name, g.Name = "", ""
	if reflect.DeepEqual(w, g) {
		return
	}
	wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
	for i := range wv.NumField() {
		if !reflect.DeepEqual(wv.Field(i).Interface(), gv.Field(i).Interface()) {
			// Quoted, so text with escape sequences prints inert.
			t.Errorf("%s differ:\nwant %q\n got %q", wv.Type().Field(i).Name, fmt.Sprintf("%+v", wv.Field(i).Interface()), fmt.Sprintf("%+v", gv.Field(i).Interface()))
		}
	}
}

func roundTrip(t *testing.T, a *archive.Archive) *archive.Archive {
	t.Helper()
	data, err := MarshalArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseArchive(data, "archive.json")
	if err != nil {
		t.Fatalf("ParseArchive of our own archive: %v", err)
	}
	return back
}

func TestArchiveRoundTripIsLosslessAndIdempotent(t *testing.T) {
	p, c := richvault.Rich(t)
	want := archive.Current(p)
	if len(want.Entries) != 4 || len(want.Goals) != 2 || len(want.Actions) != 4 || len(want.Relationships) != 2 ||
		len(want.Meetings) != 2 || len(want.Ratings) != 2 || len(want.Received) != 1 || len(want.TemplatesUsed) != 1 {
		t.Fatalf("the rich vault is not rich: %d entries, %d goals, %d actions, %d relationships, %d meetings, %d ratings, %d received, %d templates",
			len(want.Entries), len(want.Goals), len(want.Actions), len(want.Relationships), len(want.Meetings), len(want.Ratings), len(want.Received), len(want.TemplatesUsed))
	}
	// What a reopen reads is what was exported.
	sameArchive(t, want, archive.Current(testvault.Reopen(t, p, c)))

	q, qc := testvault.New(t)
	qc.Advance(48 * time.Hour)
	rep, err := archive.ImportArchive(q, roundTrip(t, want))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["entries"].Added != 4 || rep.Counts["settings"].Added != 1 || rep.Counts["received documents"].Added != 1 {
		t.Errorf("report %v", rep.Lines())
	}
	sameArchive(t, want, archive.Current(q))
	q = testvault.Reopen(t, q, qc)
	sameArchive(t, want, archive.Current(q))
	if got := q.Find(portfolio.Query{Text: "dosing"}); len(got) != 1 {
		t.Errorf("the imported entry is not searchable: %v", testvault.Titles(got))
	}

	before, _ := os.ReadFile(q.Path())
	rep, err = archive.ImportArchive(q, roundTrip(t, want))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed() != 0 || rep.Counts["entries"].Unchanged != 4 || rep.Counts["settings"].Unchanged != 1 {
		t.Errorf("a second import changed things: %v", rep.Lines())
	}
	after, _ := os.ReadFile(q.Path())
	if string(before) != string(after) {
		t.Error("a second import of the same archive wrote to the vault")
	}
	sameArchive(t, want, archive.Current(q))
}

func TestArchiveNewerCopyReplacesOlderIsKept(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "First words", Body: "v1", Functions: portfolio.Functions(portfolio.Formative)})
	old := archive.Current(p)
	c.Advance(time.Hour)
	e2 := *e
	e2.Body = "v2, edited later"
	if _, err := p.UpdateEntry(e2); err != nil {
		t.Fatal(err)
	}
	newer := archive.Current(p)

	q, _ := testvault.New(t)
	if _, err := archive.ImportArchive(q, roundTrip(t, old)); err != nil {
		t.Fatal(err)
	}
	rep, err := archive.ImportArchive(q, roundTrip(t, newer))
	if err != nil || rep.Counts["entries"].Replaced != 1 {
		t.Fatalf("newer archive: %v, %v", rep, err)
	}
	if got, _ := q.Entry(e.ID); got.Body != "v2, edited later" || len(q.Find(portfolio.Query{})) != 1 {
		t.Errorf("after the newer import the entry is %q and there are %d entries", got.Body, len(q.Find(portfolio.Query{})))
	}
	if got := q.Find(portfolio.Query{Text: "edited"}); len(got) != 1 {
		t.Error("the replaced entry is not searchable by its new text")
	}
	rep, err = archive.ImportArchive(q, roundTrip(t, old))
	if err != nil || rep.Counts["entries"].Kept != 1 || rep.Changed() != 0 {
		t.Fatalf("older archive: %v, %v", rep.Lines(), err)
	}
	if got, _ := q.Entry(e.ID); got.Body != "v2, edited later" {
		t.Errorf("an older copy replaced a newer one: %q", got.Body)
	}
}

func TestArchiveRefusesBadRecordsAndChangesNothing(t *testing.T) {
	p, _ := richvault.Rich(t)
	good := archive.Current(p)
	cases := []struct {
		name  string
		edit  func(a *archive.Archive)
		where string
	}{
		{"dangling goal link", func(a *archive.Archive) { a.Entries[0].GoalIDs = []portfolio.ID{"aaaaaaaaaaaaaaaa"} }, "entries[0]"},
		{"dangling reflection", func(a *archive.Archive) { a.Actions[1].ReflectionID = "bbbbbbbbbbbbbbbb" }, "actions[1]"},
		{"meeting of no relationship", func(a *archive.Archive) { a.Meetings[0].RelationshipID = "cccccccccccccccc" }, "meetings[0]"},
		{"bad ID", func(a *archive.Archive) { a.Goals[0].ID = "not-an-id" }, "goals[0]"},
		{"ID in capitals", func(a *archive.Archive) { a.Goals[0].ID = portfolio.ID(strings.ToUpper(string(a.Goals[0].ID))) }, "goals[0]"},
		{"repeated ID", func(a *archive.Archive) { a.Goals[1].ID = a.Goals[0].ID }, "goals[1]"},
		{"ID of another kind", func(a *archive.Archive) { a.Goals[0].ID = a.Entries[0].ID }, "goals[0]"},
		{"empty title", func(a *archive.Archive) { a.Entries[2].Title = " " }, "entries[2]"},
		{"no function", func(a *archive.Archive) { a.Entries[1].Functions = 0 }, "entries[1]"},
		{"control characters in a title", func(a *archive.Archive) { a.Goals[0].Title = "a\x1b[2Jb" }, "goals[0]"},
		{"score out of range", func(a *archive.Archive) { a.Ratings[0].Scores = []portfolio.Score{{Name: "signposting", Value: 9}} }, "ratings[0]"},
		{"future held meeting", func(a *archive.Archive) { a.Meetings[0].Date = calendar.MakeDate(2030, 1, 1) }, "meetings[0]"},
		{"agenda links a private entry", func(a *archive.Archive) {
			a.Meetings[1].Agenda = []portfolio.AgendaItem{{LinkKind: portfolio.KindEntry, LinkID: a.Entries[2].ID}}
		}, "meetings[1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := roundTrip(t, good)
			a.Name = "mine.json"
			tc.edit(a)
			q, _ := testvault.New(t)
			before, _ := os.ReadFile(q.Path())
			_, err := archive.ImportArchive(q, a)
			if err == nil || !errors.Is(err, portfolio.ErrMalformed) || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "mine.json: "+tc.where) {
				t.Fatalf("ImportArchive: %v; want a bad-input error naming mine.json: %s", err, tc.where)
			}
			after, _ := os.ReadFile(q.Path())
			if string(before) != string(after) || len(q.Find(portfolio.Query{})) != 0 || len(goals.List(q, 0)) != 0 {
				t.Error("a refused import changed the vault")
			}
		})
	}
}

// The example in docs/EXPORT.md is what a third party would start from: it must import.
func TestArchiveDocumentedExampleImports(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "EXPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "### A minimal archive\n\n```json\n")
	example, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("docs/EXPORT.md has no minimal archive example")
	}
	a, err := ParseArchive([]byte(example), "EXPORT.md")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := testvault.New(t)
	if _, err := archive.ImportArchive(p, a); err != nil {
		t.Fatal(err)
	}
	e, ok := p.Entry("aaaaaaaaaaaaaaaa")
	if !ok || e.Functions != portfolio.Functions(portfolio.Normative|portfolio.Formative) || e.Date != calendar.MakeDate(2025, 11, 3) || e.Sharing != portfolio.SharingDefault {
		t.Errorf("the example entry is %+v", e)
	}
}

func TestParseArchiveRefusesWhatItDoesNotKnow(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"format": "folio-archive", "version": 4, "entries": "later"}`, `a.json:1:40: version: is archive version 4, newer than this folio reads`},
		{`{"format": "folio-archive", "version": 2, "attachments": []}`, `a.json:1:58: attachments: is not a key of a version 2 archive; an archive with attachments is version 3`},
		{`{"format": "folio-archive", "version": 2, "extra": []}`, `a.json:1:52: extra: is not a key of a version 2 archive`},
		{`{"format": "folio-archive", "version": 1, "history": []}`, `a.json:1:54: history: is not a key of a version 1 archive; an archive with history is version 2`},
		{`{"format": "folio-archive", "version": 1, "extra": []}`, `a.json:1:52: extra: is not a key of a version 1 archive`},
		{`{"format": "other", "version": 1}`, `a.json:1:12: format: is a "other" file`},
		{`{"version": 1}`, `a.json:1:1: has no "format"`},
		{"{\"format\": \"folio-archive\", \"version\": 1,\n \"goals\": [\n  {\"id\": \"aaaaaaaaaaaaaaaa\", \"title\": \"t\", \"colour\": \"red\"}]}", `a.json:3:3: goals[0]: unknown field "colour"`},
		{"{\"format\": \"folio-archive\", \"version\": 1,\n \"goals\": [{\"id\": \"aaaaaaaaaaaaaaaa\", \"status\": \"finished\"}]}", `goals[0]: goal status "finished" is not one of achieved, dropped, open`},
		{"{\"format\": \"folio-archive\", \"version\": 1,\n \"entries\": [{\"functions\": [\"supportive\"]}]}", `entries[0]: "supportive" is not one of normative`},
		{"{\"format\": \"folio-archive\", \"version\": 1,\n \"entries\": [{\"date\": \"14/03/2026\"}]}", `entries[0]: "14/03/2026" is not a date in the form YYYY-MM-DD`},
		{"{\"format\": \"folio-archive\", \"version\": 1,\n \"entries\": [{\"created\": 5}]}", `a.json:2:14: entries[0]: a time must be RFC 3339 text`},
		{`{"format": "folio-archive", "format": "folio-archive", "version": 1}`, `format: appears twice`},
		{`[1]`, `a.json:1:1: holds a JSON list, not an object`},
	}
	for _, tc := range cases {
		_, err := ParseArchive([]byte(tc.doc), "a.json")
		if err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseArchive(%s):\n got %v\nwant %q", tc.doc, err, tc.want)
		}
	}
}

// The same jrnl file imported on two vaults, then one vault's archive imported into
// the other, gives each entry once: an imported entry keeps the identity of its source
// entry, whichever way it arrives. Editing it in folio does not make a re-import add
// it again.
func TestImportedEntriesKeepTheirSourceAcrossVaults(t *testing.T) {
	data := readFixture(t, "jrnl/journal.json")
	fns := portfolio.Functions(portfolio.Formative)
	src, err := ParseJrnl(data, "journal.json", fns, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	home, _ := testvault.New(t)
	work, _ := testvault.New(t)
	for _, p := range []*portfolio.Portfolio{home, work} {
		if _, err := ImportEntries(p, src, EntryImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	e := home.Find(portfolio.Query{})[0]
	if len(e.Source) != 64 {
		t.Fatalf("an imported entry's source is %q", e.Source)
	}
	data, err = MarshalArchive(archive.Current(work))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"source": "`+e.Source+`"`) {
		t.Fatal("the archive does not carry the source")
	}
	a, err := ParseArchive(data, "work.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := archive.ImportArchive(home, a)
	if err != nil || home.EntryCount() != 3 || rep.Counts["entries"].Added != 0 || rep.Counts["entries"].Unchanged != 3 {
		t.Fatalf("merging the other vault's archive: %v, %v; %d entries", rep.Lines(), err, home.EntryCount())
	}
	// Edited since, the entry is still the one imported.
	e.Body += "\nAdded later."
	if _, err := home.UpdateEntry(*e); err != nil {
		t.Fatal(err)
	}
	if rep, err := ImportEntries(home, src, EntryImportOptions{}); err != nil || rep.Changed() != 0 {
		t.Errorf("re-importing after an edit: %v, %v", rep.Lines(), err)
	}
	// A source that is not a hash is refused, like any bad field.
	bad := strings.Replace(string(data), `"source": "`+e.Source[:8], `"source": "ZZ`+e.Source[2:8], 1)
	if a, err := ParseArchive([]byte(bad), "bad.json"); err == nil {
		fresh, _ := testvault.New(t)
		if _, err := archive.ImportArchive(fresh, a); err == nil || !strings.Contains(err.Error(), "source") {
			t.Errorf("a bad source: %v", err)
		}
	}
}

// A record whose ID the vault holds is still validated: a bad copy is refused, not
// quietly "kept as in the vault".
func TestArchiveValidatesRecordsTheVaultHolds(t *testing.T) {
	p, _ := richvault.Rich(t)
	a := roundTrip(t, archive.Current(p))
	a.Name = "mine.json"
	a.Entries[0].Title = "a\x1b[2Jb"
	a.Entries[0].Updated = a.Entries[0].Updated.Add(-time.Hour) // older: would be kept
	before := vaultBytes(t, p)
	if _, err := archive.ImportArchive(p, a); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "mine.json: entries[0]") || !strings.Contains(err.Error(), "control characters") {
		t.Fatalf("an older bad copy of a vault record: %v", err)
	}
	if vaultBytes(t, p) != before {
		t.Error("a refused import changed the vault")
	}
}

// A key given twice inside a record is refused: JSON readers disagree on which wins.
func TestParseArchiveRefusesDuplicateKeysInARecord(t *testing.T) {
	for text, want := range map[string]string{
		`{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "title": "T", "title": "U"}]}`:             `entries[0]: the key "title" is given twice`,
		`{"format": "folio-archive", "version": 1, "settings": {"topics": ["a"], "organisation": "x", "topics": []}}`:                `settings: the key "topics" is given twice`,
		`{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "fields": [{"name": "a", "name": "b"}]}]}`: `entries[0]: the key "fields[0].name" is given twice`,
	} {
		if _, err := ParseArchive([]byte(text), "dup.json"); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want %q", text, err, want)
		}
	}
	jrnl := `{"entries": [{"title": "T", "date": "2025-01-01", "date": "2025-02-01"}]}`
	if _, err := ParseJrnl([]byte(jrnl), "dup.json", portfolio.Functions(portfolio.Formative), time.UTC); err == nil || !strings.Contains(err.Error(), `entries[0]: the key "date" is given twice`) {
		t.Errorf("jrnl with a repeated key: %v", err)
	}
}

// A record larger than any folio writes is refused before it is decoded.
func TestParseArchiveRefusesAHugeRecordBeforeDecoding(t *testing.T) {
	huge := `{"format": "folio-archive", "version": 1, "entries": [{"id": "aaaaaaaaaaaaaaaa", "title": "T", "body": "` + strings.Repeat("x", maxRecordJSON) + `"}]}`
	if _, err := ParseArchive([]byte(huge), "big.json"); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "big.json:1:55: entries[0]: is ") || !strings.Contains(err.Error(), "bytes; no record folio writes is more than") {
		t.Errorf("a huge record: %v", err)
	}
}

// hostile is text as it arrives from terminals and other programs: OSC 52 and title
// escapes, a screen clear, a C1 control, NUL, a bidi override, CR and a long line.
var hostile = "\x1b]52;c;cHduZWQ=\a \x1b]0;title\x07 \x1b[2J \u009b31m \x00 \u202eevil\u202c \r\n" + strings.Repeat("long ", 4000)

// Whatever folio writes into an archive it reads back: every record kind, with
// hostile text wherever the record takes text, exports and imports whole.
func TestArchiveRoundTripOfHostileText(t *testing.T) {
	p, _ := richvault.Rich(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	line := "Title \u202eevil\u202c " + strings.Repeat("w", 150) // a title takes no controls
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: line, Body: hostile, Functions: portfolio.Functions(portfolio.Formative),
		Tags: []string{"\u202etag"}, Sections: []portfolio.Section{{Heading: line, Body: hostile}}})
	g := testvault.MustAddGoal(t, p, portfolio.Goal{Title: line, Why: hostile})
	_, err := goals.SetStatus(p, g.ID, portfolio.GoalDropped, hostile)
	must(err)
	testvault.MustAddAction(t, p, portfolio.Action{GoalID: g.ID, What: line})
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: line, Organisation: line,
		Agreement: []portfolio.Section{{Heading: line, Body: hostile}}})
	must(err)
	_, _, err = mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: rel.ID, Date: calendar.DateOf(testvault.Now), Notes: []portfolio.Section{{Heading: line, Body: hostile}}})
	must(err)
	_, err = mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingSkills, Scores: []portfolio.Score{{Name: "active listening", Value: 3}}, Note: hostile})
	must(err)
	_, err = mentorship.EndRelationship(p, rel.ID, line)
	must(err)
	pub, _ := share.PublicKey(p)
	// A received document's title is its first line: escapes and all, as sent.
	_, err = share.Receive(p, testvault.SealTo(t, pub, []byte("# \x1b[2J\x1b]0;x\x07Shared \u202eTitle\x00\n\n"+hostile), false), "hostile.age", "")
	must(err)
	// HTML and a PDF, whose bytes are not text.
	_, err = share.Receive(p, testvault.SealTo(t, pub, []byte("<!DOCTYPE html><title>\x1b[2JPage</title>"+hostile), false), "page.age", "")
	must(err)
	_, err = share.Receive(p, testvault.SealTo(t, pub, []byte("%PDF-1.4\n<< /Title (PDF) >>\n\x00\xff\xfe"), false), "doc.age", "")
	must(err)
	// A contact's name takes a line's text, as long as a title may be, with its key.
	_, err = share.AddContact(p, portfolio.Contact{Name: "Zoë \u202e李 " + strings.Repeat("w", 60), Recipient: pub, RelationshipID: rel.ID})
	must(err)

	want := archive.Current(p)
	q, _ := testvault.New(t)
	if _, err := archive.ImportArchive(q, roundTrip(t, want)); err != nil {
		t.Fatalf("folio's own archive with hostile text does not import: %v", err)
	}
	sameArchive(t, want, archive.Current(q))
}

// TestParseArchiveSkippingLeavesOutAHistoryWithItsRecord: a history that cannot be
// read is left out with its record, and said to be, rather than the record imported
// without the versions it had.
func TestParseArchiveSkippingLeavesOutAHistoryWithItsRecord(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(richArchives(t)["history"], &doc); err != nil {
		t.Fatal(err)
	}
	h := doc["history"].([]any)[0].(map[string]any)
	id := portfolio.ID(h["id"].(string))
	h["versions"].([]any)[0].(map[string]any)["record"].(map[string]any)["title"] = 5
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseArchive(data, "a.json"); !errors.Is(err, portfolio.ErrMalformed) || !strings.Contains(err.Error(), "history[0]") {
		t.Fatalf("without skipping: %v", err)
	}
	a, skipped, err := ParseArchiveSkipping(data, "a.json", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "history[0]") || !strings.Contains(skipped[0], string(id)+" goes with it") {
		t.Errorf("skipped %q", skipped)
	}
	for _, x := range a.History {
		if x.ID == id {
			t.Error("the history left out is still there")
		}
	}
	for _, l := range [][]portfolio.ID{ids(a.Entries), ids(a.Goals), ids(a.Actions)} {
		if slices.Contains(l, id) {
			t.Error("the record whose history was left out is still there")
		}
	}
}

func ids[T any](l []T) []portfolio.ID {
	var out []portfolio.ID
	for i := range l {
		out = append(out, portfolio.ID(reflect.ValueOf(l[i]).FieldByName("ID").String()))
	}
	return out
}
