package kinds_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// store stands in for the portfolio: a map of goals in memory.
type store struct{ goals map[record.ID]*record.Goal }

func goalRow() kinds.Row[*store] {
	return kinds.Of[*store, record.Goal]{
		Kind: record.KindGoal, Coll: "goals", Word: "goal", Counts: "goals", Owned: true,
		IDOf:   func(g *record.Goal) *record.ID { return &g.ID },
		Encode: record.EncodeGoal, Decode: record.DecodeGoalOwned,
		Title:   func(g *record.Goal) string { return g.Title },
		Check:   func(_ validate.Links, g *record.Goal) error { return validate.Goal(g) },
		Save:    func(_ *store, g *record.Goal) error { return validate.Goal(g) },
		Mem:     func(s *store) map[record.ID]*record.Goal { return s.goals },
		Created: func(g *record.Goal) *time.Time { return &g.Created },
		Updated: func(g *record.Goal) *time.Time { return &g.Updated },
	}.Row()
}

func TestRowErasesTheTypedRow(t *testing.T) {
	row := goalRow()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	g := &record.Goal{ID: "0123456789abcdef0123456789abcdef", Title: "Lead a ward round", Created: now, Updated: now.Add(time.Hour)}
	if !row.Is(g) || row.Is(&record.Action{}) {
		t.Fatal("Is does not tell a goal from an action")
	}
	if _, ok := row.New().(*record.Goal); !ok {
		t.Fatalf("New made a %T", row.New())
	}
	// The vault's key is the ID, whatever the plaintext says.
	rec, err := row.Decode("ffffffffffffffffffffffffffffffff", row.Encode(g))
	if err != nil {
		t.Fatal(err)
	}
	back := rec.(*record.Goal)
	if back.ID != "ffffffffffffffffffffffffffffffff" || back.Title != g.Title || row.Title(back) != g.Title {
		t.Errorf("decoded %+v", back)
	}
	if got := row.Updated(g); !got.Equal(g.Updated) {
		t.Errorf("Updated = %v, want %v", got, g.Updated)
	}
	if created, updated := row.Times(g); created != &g.Created || updated != &g.Updated {
		t.Error("Times does not point into the record")
	}
	if row.Owner != nil {
		t.Error("a goal has an owner")
	}
	if err := row.Check(nil, &record.Goal{}); !errors.Is(err, record.ErrInvalid) {
		t.Errorf("an untitled goal checks as %v", err)
	}
}

func TestRowKeepsTheMapInStep(t *testing.T) {
	row := goalRow()
	s := &store{goals: map[record.ID]*record.Goal{}}
	g := &record.Goal{ID: "0123456789abcdef0123456789abcdef", Title: "Audit"}
	row.Put(s, g)
	if !row.Has(s, g.ID) || row.Get(s, g.ID) != g {
		t.Fatal("Put did not keep the goal")
	}
	var ids []record.ID
	row.Each(s, func(id record.ID) { ids = append(ids, id) })
	if len(ids) != 1 || ids[0] != g.ID {
		t.Errorf("Each gave %v", ids)
	}
	row.Forget(s, g.ID)
	if row.Has(s, g.ID) || row.Get(s, g.ID) != nil {
		t.Fatal("Forget left the goal")
	}
	sid := storage.NewID()
	row.Set(s, sid, g)
	if s.goals[record.ID(sid.String())] != g {
		t.Error("Set did not keep the goal under its vault ID")
	}
}

func TestTableFindsRows(t *testing.T) {
	table := kinds.Table[*store]{goalRow()}
	if r, ok := table.ByKind(record.KindGoal); !ok || r.Coll != "goals" {
		t.Error("ByKind does not find the goals")
	}
	if _, ok := table.ByKind(record.KindAction); ok {
		t.Error("ByKind finds a kind not in the table")
	}
	if r, ok := table.ByCollection("goals"); !ok || r.Kind != record.KindGoal {
		t.Error("ByCollection does not find the goals")
	}
	if _, ok := table.ByRecord(&record.Action{}); ok {
		t.Error("ByRecord finds an action")
	}
	if got := table.Collections(); len(got) != 1 || got[0] != "goals" {
		t.Errorf("Collections = %v", got)
	}
}

// links answers the rules' questions for TestRowsReachThePortfolioThroughEnv: one
// contact is kept, named "Dr Ada Reid".
type links struct{ validate.Links }

func (links) ContactNamed(name string, except record.ID) (string, bool) {
	if strings.EqualFold(name, "Dr Ada Reid") && except != "taken" {
		return "Dr Ada Reid", true
	}
	return "", false
}

func TestRowsReachThePortfolioThroughEnv(t *testing.T) {
	mem := map[record.Kind]any{}
	env := kinds.Env[*store]{
		Mem:   func(_ *store, k record.Kind) any { return mem[k] },
		Links: func(*store) validate.Links { return links{} },
	}
	table := kinds.Rows(env)
	for _, row := range table {
		if row.Kind == record.KindEntry || row.Kind == record.KindSettings {
			t.Errorf("the core keeps the %s row, not Rows", row.Kind)
		}
		if (row.Mem == nil) != (row.Kind == record.KindEvaluation) {
			t.Errorf("%s: kept in memory is %v; only questionnaires are not", row.Kind, row.Mem != nil)
		}
		if row.Fresh != nil {
			mem[row.Kind] = row.Fresh()
		}
	}
	goals, _ := table.ByKind(record.KindGoal)
	g := &record.Goal{ID: "0123456789abcdef0123456789abcdef", Title: "Audit"}
	goals.Put(nil, g)
	if mem[record.KindGoal].(map[record.ID]*record.Goal)[g.ID] != g {
		t.Error("the goals' row does not keep goals in the map Env gives it")
	}
	contacts, _ := table.ByKind(record.KindContact)
	c := &record.Contact{ID: "0123456789abcdef0123456789abcdef", Name: "dr ada reid", Recipient: "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"}
	if err := contacts.Save(nil, c); !errors.Is(err, storage.ErrExists) {
		t.Errorf("a second contact of the same name saves as %v, want ErrExists", err)
	}
	if err := contacts.Check(links{}, c); !errors.Is(err, storage.ErrExists) {
		t.Errorf("a second contact of the same name imports as %v, want ErrExists", err)
	}
	if a, _ := table.ByKind(record.KindAction); a.Owner == nil || a.OwnerKind != record.KindGoal || a.NeedsOwner {
		t.Error("an action's owner is not its goal")
	}
}

// TestSettingsRowReachesThePortfolioThroughEnv: the settings' row keeps the one
// settings record and its vault ID where Env says the portfolio keeps them.
func TestSettingsRowReachesThePortfolioThroughEnv(t *testing.T) {
	var settings record.Settings
	var at storage.ID
	row := kinds.Settings(kinds.Env[*store]{
		Settings: func(*store) (*record.Settings, *storage.ID) { return &settings, &at },
	})
	sid := storage.NewID()
	id := record.ID(sid.String())
	if row.Has(nil, id) {
		t.Fatal("Has before any settings are set")
	}
	row.Set(nil, sid, &record.Settings{HistoryDays: 30})
	if settings.HistoryDays != 30 || at != sid || !row.Has(nil, id) {
		t.Fatalf("after Set: %+v at %x, Has %v", settings, at, row.Has(nil, id))
	}
	back, err := row.Decode("", row.Encode(&settings))
	if err != nil || back.(*record.Settings).HistoryDays != 30 {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	row.Forget(nil, id)
	if settings.HistoryDays != 0 || at != (storage.ID{}) || row.Has(nil, id) {
		t.Fatalf("after Forget: %+v at %x", settings, at)
	}
}
