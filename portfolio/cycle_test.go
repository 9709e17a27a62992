package portfolio

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

func TestResolve(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "An entry", Functions: Functions(Normative)})
	g := mustAddGoal(t, p, Goal{Title: "A goal"})
	// A goal whose ID shares its first ten characters with the entry's: written
	// straight into the vault, since IDs are random.
	twin := string(e.ID[:10]) + twinTail(e.ID)
	sid, err := storage.ParseID(twin)
	if err != nil {
		t.Fatal(err)
	}
	twinGoal := Goal{Title: "Twin", Status: GoalOpen, Functions: Functions(Formative)}
	if err := p.vault.Put(kinds.CollGoals, sid, record.EncodeGoal(&twinGoal)); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)

	tests := []struct {
		name     string
		prefix   string
		kind     Kind
		wantID   ID
		wantKind Kind
		wantErr  error
	}{
		{"whole ID", string(g.ID), "", g.ID, KindGoal, nil},
		{"unique prefix", string(g.ID[:6]), "", g.ID, KindGoal, nil},
		{"upper case and spaces", " " + strings.ToUpper(string(g.ID[:8])) + " ", "", g.ID, KindGoal, nil},
		{"shared prefix is ambiguous", string(e.ID[:8]), "", "", "", ErrAmbiguousID},
		{"kind settles it: entry", string(e.ID[:8]), KindEntry, e.ID, KindEntry, nil},
		{"kind settles it: goal", string(e.ID[:8]), KindGoal, ID(twin), KindGoal, nil},
		{"more characters settle it", string(e.ID), "", e.ID, KindEntry, nil},
		{"too short", string(g.ID[:MinPrefix-1]), "", "", "", ErrNotFound},
		{"wrong kind", string(g.ID[:8]), KindAction, "", "", ErrNotFound},
		{"no such record", "zzzzzzzz", "", "", "", ErrNotFound},
	}
	for _, tt := range tests {
		id, kind, err := p.Resolve(tt.prefix, tt.kind)
		if id != tt.wantID || kind != tt.wantKind || !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: Resolve(%q, %q) = %q, %q, %v; want %q, %q, %v", tt.name, tt.prefix, tt.kind, id, kind, err, tt.wantID, tt.wantKind, tt.wantErr)
		}
	}
}

// twinTail returns six ID characters different from the end of id.
func twinTail(id ID) string {
	if strings.HasSuffix(string(id), "000000") {
		return "111111"
	}
	return "000000"
}

func TestDeleteEntryKeepsTheReflectionLinkInTheTrash(t *testing.T) {
	p, c := newTestPortfolio(t)
	a := mustAddAction(t, p, Action{What: "Step"})
	_, e, err := completeAction(p, a.ID, &Entry{Body: "Reflected."})
	if err != nil {
		t.Fatal(err)
	}
	keep := mustAddEntry(t, p, Entry{Title: "Keep", Functions: Functions(Normative)})
	c.advance(time.Hour)
	if err := p.DeleteEntry(e.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := actionOf(p, a.ID)
	if got.ReflectionID != e.ID || got.Status != ActionDone || !p.InTrash(e.ID) {
		t.Errorf("action after its reflection was deleted: %+v", got)
	}
	if _, err := updateAction(p, *got); err != nil {
		t.Errorf("an action whose reflection is in the trash no longer saves: %v", err)
	}
	if _, ok := p.Entry(e.ID); ok || p.EntryCount() != 1 {
		t.Error("deleted entry still there")
	}
	if err := p.DeleteEntry(e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}
	p = reopen(t, p, c)
	if got, _ := actionOf(p, a.ID); got.ReflectionID != e.ID {
		t.Errorf("on disk the action lost the link to its reflection: %+v", got)
	}
	if _, ok := p.Entry(e.ID); ok {
		t.Error("deleted entry came back after reopen")
	}
	if _, ok := p.Entry(keep.ID); !ok {
		t.Error("the other entry is gone")
	}
}

// TestEditEntryAfterDeletingAction checks an entry that reflected on an action stays
// editable after the action is moved to the trash, and keeps the link.
func TestEditEntryAfterDeletingAction(t *testing.T) {
	p, c := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "Goal"})
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "Step"})
	_, e, err := completeAction(p, a.ID, &Entry{Body: "Reflected."})
	if err != nil {
		t.Fatal(err)
	}
	if err := deleteAction(p, a.ID); err != nil {
		t.Fatal(err)
	}
	current, _ := p.Entry(e.ID)
	if !slices.Contains(current.ActionIDs, a.ID) || !p.InTrash(a.ID) {
		t.Errorf("entry lost the link to the action in the trash: %v", current.ActionIDs)
	}
	edit := *current
	edit.Body = "Reflected, and edited."
	if _, err := p.UpdateEntry(edit); err != nil {
		t.Fatalf("editing the reflection after its action was deleted: %v", err)
	}
	p = reopen(t, p, c)
	got, _ := p.Entry(e.ID)
	if got.Body != "Reflected, and edited." || !slices.Contains(got.ActionIDs, a.ID) || !slices.Equal(got.GoalIDs, []ID{g.ID}) {
		t.Errorf("entry after reopen: %+v", got)
	}
}

func TestUpdateEntry(t *testing.T) {
	p, c := newTestPortfolio(t)
	old := mustAddEntry(t, p, Entry{Title: "Old", Functions: Functions(Normative), Date: calendar.MakeDate(2020, 1, 1)})
	c.advance(time.Hour)
	mid := mustAddEntry(t, p, Entry{Title: "Middle", Functions: Functions(Normative), Date: calendar.MakeDate(2024, 1, 1)})
	c.advance(time.Hour)

	edit := *old
	edit.Title = "Old, now newest"
	edit.Date = calendar.MakeDate(2026, 1, 1)
	edit.Created = time.Time{} // a caller cannot rewrite when it was written
	got, err := p.UpdateEntry(edit)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(old.Created) || !got.Updated.Equal(c.t) || got.Updated.Equal(got.Created) {
		t.Errorf("Created %v (want %v), Updated %v (want %v)", got.Created, old.Created, got.Updated, c.t)
	}
	if order := titles(p.Find(Query{})); !slices.Equal(order, []string{"Old, now newest", "Middle"}) {
		t.Errorf("order after update: %q", order)
	}
	if e, _ := p.Entry(old.ID); e.Title != "Old, now newest" {
		t.Errorf("Entry returns %q", e.Title)
	}
	if old.Title != "Old" {
		t.Error("UpdateEntry changed the entry the caller held")
	}

	bad := *got
	bad.Title = ""
	if _, err := p.UpdateEntry(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid update: %v", err)
	}
	if e, _ := p.Entry(old.ID); e.Title != "Old, now newest" {
		t.Errorf("a rejected update changed the entry: %q", e.Title)
	}
	if _, err := p.UpdateEntry(Entry{ID: "0000000000000000", Title: "x", Functions: Functions(Normative)}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing entry: %v", err)
	}

	p = reopen(t, p, c)
	if order := titles(p.Find(Query{})); !slices.Equal(order, []string{"Old, now newest", "Middle"}) {
		t.Errorf("order after reopen: %q", order)
	}
	e, _ := p.Entry(old.ID)
	if !e.Created.Equal(old.Created) || !e.Updated.Equal(got.Updated) {
		t.Errorf("times after reopen: %v %v", e.Created, e.Updated)
	}
	_ = mid
}

// TestReopen checks that a vault closed and opened again holds everything, field for
// field, and answers queries the same.
func TestReopen(t *testing.T) {
	p, c := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "Goal", Why: "Because", Target: calendar.MakeDate(2026, 6, 1)})
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "Step", Due: calendar.MakeDate(2026, 4, 1), Status: ActionDoing})
	set, err := addRelationship(p, Relationship{Role: RoleActionLearning, Person: "Set 3"})
	if err != nil {
		t.Fatal(err)
	}
	var want []*Entry
	for i, fn := range []Function{Normative, Formative, Restorative, Normative} {
		c.advance(time.Minute)
		e := fullEntry()
		e.Title = e.Title + " " + fn.String() + strings.Repeat("!", i)
		e.Functions = Functions(fn)
		e.Date = testToday.AddDays(-100 * i)
		e.GoalIDs, e.ActionIDs = []ID{g.ID}, []ID{a.ID}
		e.MeetingID, e.RelationshipID = "", set.ID
		e.Sections = e.Sections[:2] // validation wants a heading on each
		want = append(want, mustAddEntry(t, p, e))
	}
	before := p.Find(Query{Text: "warfarin", Functions: Functions(Normative)})
	p = reopen(t, p, c)
	for _, w := range want {
		got, ok := p.Entry(w.ID)
		if !ok {
			t.Fatalf("entry %s missing after reopen", w.ID)
		}
		if !entriesEqual(got, w) {
			t.Errorf("entry after reopen:\n got %+v\nwant %+v", got, w)
		}
	}
	if got, _ := goalOf(p, g.ID); *got != *g {
		t.Errorf("goal after reopen: %+v, want %+v", got, g)
	}
	if got, _ := actionOf(p, a.ID); *got != *a {
		t.Errorf("action after reopen: %+v, want %+v", got, a)
	}
	after := p.Find(Query{Text: "warfarin", Functions: Functions(Normative)})
	if !slices.Equal(titles(after), titles(before)) || len(after) != 2 {
		t.Errorf("Find after reopen %q, before %q", titles(after), titles(before))
	}
	if len(p.Damaged()) != 0 {
		t.Errorf("Damaged = %v", p.Damaged())
	}
}

func entriesEqual(a, b *Entry) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Body == b.Body && a.Functions == b.Functions &&
		slices.Equal(a.Tags, b.Tags) && a.Date == b.Date && a.Created.Equal(b.Created) &&
		a.Updated.Equal(b.Updated) && a.Template == b.Template && a.TemplateVersion == b.TemplateVersion &&
		slices.Equal(a.Sections, b.Sections) && slices.Equal(a.GoalIDs, b.GoalIDs) && slices.Equal(a.ActionIDs, b.ActionIDs) &&
		slices.Equal(a.Outcomes, b.Outcomes) && a.RelationshipID == b.RelationshipID
}

func TestWrongPassphrase(t *testing.T) {
	p, c := newTestPortfolio(t)
	path := p.Path()
	p.Close()
	if _, err := Open(path, []byte("not it"), testOptions(c)); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("Open with the wrong passphrase: %v", err)
	}
	if _, err := Create(path, testPassphrase, testOptions(c)); !errors.Is(err, ErrExists) {
		t.Errorf("Create over a vault: %v", err)
	}
}

func TestFunctionCounts(t *testing.T) {
	p, _ := newTestPortfolio(t)
	for _, e := range []Entry{
		{Title: "today", Functions: Functions(Normative | Formative), Date: testToday},
		{Title: "first of the month", Functions: Functions(Restorative), Date: calendar.MakeDate(2026, 3, 1)},
		{Title: "last month", Functions: Functions(Normative), Date: calendar.MakeDate(2026, 2, 28)},
		{Title: "new year's day", Functions: Functions(Formative), Date: calendar.MakeDate(2026, 1, 1)},
		{Title: "last year", Functions: Functions(Normative), Date: calendar.MakeDate(2025, 12, 31)},
		{Title: "long ago", Functions: Functions(Normative | Formative | Restorative), Date: calendar.MakeDate(1990, 3, 14)},
	} {
		mustAddEntry(t, p, e)
	}
	c := p.FunctionCounts()
	if c.MonthTotal != 2 || c.YearTotal != 4 || c.AllTotal != 6 {
		t.Errorf("totals month %d year %d all %d, want 2 4 6", c.MonthTotal, c.YearTotal, c.AllTotal)
	}
	want := map[string]map[Function]int{
		"month": {Normative: 1, Formative: 1, Restorative: 1},
		"year":  {Normative: 2, Formative: 2, Restorative: 1},
		"all":   {Normative: 4, Formative: 3, Restorative: 2},
	}
	for name, got := range map[string]map[Function]int{"month": c.Month, "year": c.Year, "all": c.All} {
		for _, f := range AllFunctions {
			if got[f] != want[name][f] {
				t.Errorf("%s %v = %d, want %d", name, f, got[f], want[name][f])
			}
		}
	}
}

func TestOnThisDay(t *testing.T) {
	p, _ := newTestPortfolio(t)
	for _, e := range []Entry{
		{Title: "2019", Date: calendar.MakeDate(2019, 3, 14)},
		{Title: "today", Date: testToday},
		{Title: "2024", Date: calendar.MakeDate(2024, 3, 14)},
		{Title: "day before", Date: calendar.MakeDate(2025, 3, 13)},
		{Title: "other month", Date: calendar.MakeDate(2025, 4, 14)},
		{Title: "1999", Date: calendar.MakeDate(1999, 3, 14)},
	} {
		e.Functions = Functions(Restorative)
		mustAddEntry(t, p, e)
	}
	if got := titles(p.OnThisDay()); !slices.Equal(got, []string{"2024", "2019", "1999"}) {
		t.Errorf("OnThisDay = %q", got)
	}
}

func TestTags(t *testing.T) {
	p, c := newTestPortfolio(t)
	for _, tags := range [][]string{{"Audit", "cpd"}, {"audit"}, {"wellbeing", "CPD"}} {
		c.advance(time.Minute)
		mustAddEntry(t, p, Entry{Title: "t", Functions: Functions(Normative), Tags: tags})
	}
	// A tag spelt two ways is shown as the newest entry spells it.
	got := p.Tags()
	want := []TagCount{{Tag: "audit", Count: 2}, {Tag: "CPD", Count: 2}, {Tag: "wellbeing", Count: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Tags = %v, want %v", got, want)
	}
}
