package portfolio

import (
	"fmt"
	"sync"
	"time"

	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// The table of record kinds: what the generic code (history, undo, the archive and
// its import, the archive's history and its merge, sync) knows of each kind, so that
// it loops over kinds instead of switching over them by hand. A new kind is one row
// here (ARCHITECTURE.md, "Add a record kind"); how a typed row is erased for the
// generic code, and a row found, is portfolio/internal/kinds.
//
// The table is fixed: the core's rows, built once on first use and never written
// after (Go has no constant of functions). There is no way to register into it, so
// nothing changes it behind the core's back and every portfolio sees the same kinds;
// lookups hand out copies of rows. Built per lookup it cost 34 µs and 158
// allocations (BenchmarkKindTable), too much for Get and for every version decoded.

// kindTable is the table, built once; read it through recordKinds. It is set in init
// because the rows' checks reach back to the table (an entry's check asks the trash,
// which names kinds by the table), which a variable's initialiser may not.
var kindTable func() kinds.Table[*Portfolio]

func init() { kindTable = sync.OnceValue(buildKinds) }

// kindSpec is a row of the table; kindOf[T] a row as its record type T sees it
// (portfolio/internal/kinds).
type (
	kindSpec      = kinds.Row[*Portfolio]
	kindOf[T any] = kinds.Of[*Portfolio, T]
)

// specOf is the row of a kind; false for a kind that keeps no history.
func specOf(kind Kind) (kindSpec, bool) { return recordKinds().ByKind(kind) }

// specOfCollection is the row of a collection; false for one that keeps no history.
func specOfCollection(coll string) (kindSpec, bool) { return recordKinds().ByCollection(coll) }

// specOfRecord is the row of a record's type.
func specOfRecord(rec any) (kindSpec, bool) { return recordKinds().ByRecord(rec) }

// recordKinds is the table, in the order an archive lists histories. The slice is
// shared: range over it, never write to it.
func recordKinds() kinds.Table[*Portfolio] { return kindTable() }

// buildKinds builds the table's rows. It is long because it is the table: one
// literal per kind, no logic.
func buildKinds() kinds.Table[*Portfolio] {
	entries := kindOf[Entry]{
		Kind: KindEntry, Coll: collEntries, Word: "entry", Counts: "entries", Owned: true,
		IDOf: func(e *Entry) *ID { return &e.ID }, Encode: encodeEntry, Decode: decodeEntryOwned,
		Title: func(e *Entry) string { return e.Title }, Check: validate.ImportedEntry,
		Created: func(e *Entry) *time.Time { return &e.Created }, Updated: func(e *Entry) *time.Time { return &e.Updated },
	}.Row()
	// Entries are kept indexed, in date order, and open from the catalogue.
	entries.Has = func(p *Portfolio, id ID) bool { return p.entries[id] != nil }
	entries.Set = func(p *Portfolio, sid storage.ID, r any) {
		p.remove(ID(sid.String()))
		p.insert(newIndexed(r.(*Entry)))
	}
	entries.Forget = func(p *Portfolio, id ID) { p.remove(id) }
	entries.Each = func(p *Portfolio, fn func(ID)) {
		for id := range p.entries {
			fn(id)
		}
	}

	return kinds.Table[*Portfolio]{
		entries,
		kindOf[Goal]{
			Kind: KindGoal, Coll: collGoals, Word: "goal", Counts: "goals", Owned: true,
			IDOf: func(g *Goal) *ID { return &g.ID }, Encode: record.EncodeGoal, Decode: record.DecodeGoalOwned,
			Title: func(g *Goal) string { return g.Title }, Save: alone(validate.Goal), Check: noLinks(validate.Goal),
			Mem:     func(p *Portfolio) map[ID]*Goal { return p.goals },
			Created: func(g *Goal) *time.Time { return &g.Created }, Updated: func(g *Goal) *time.Time { return &g.Updated },
		}.Row(),
		kindOf[Action]{
			Kind: KindAction, Coll: collActions, Word: "action", Counts: "actions", Owned: true,
			IDOf: func(x *Action) *ID { return &x.ID }, Encode: record.EncodeAction, Decode: record.DecodeActionOwned,
			Title: func(x *Action) string { return x.What }, Save: withLinks(validate.Action), Check: validate.ImportedAction,
			Mem:   func(p *Portfolio) map[ID]*Action { return p.actions },
			Owner: func(x *Action) ID { return x.GoalID }, OwnerKind: KindGoal, NeedsOwner: false,
			Created: func(x *Action) *time.Time { return &x.Created }, Updated: func(x *Action) *time.Time { return &x.Updated },
		}.Row(),
		kindOf[Relationship]{
			Kind: KindRelationship, Coll: collRelationships, Word: "relationship", Counts: "relationships",
			IDOf: func(r *Relationship) *ID { return &r.ID }, Encode: record.EncodeRelationship, Decode: record.DecodeRelationship,
			Title: func(r *Relationship) string { return r.Title() }, Save: withLinks(validate.Relationship), Check: validate.ImportedRelationship,
			Mem:     func(p *Portfolio) map[ID]*Relationship { return p.m.relationships },
			Created: func(r *Relationship) *time.Time { return &r.Created }, Updated: func(r *Relationship) *time.Time { return &r.Updated },
		}.Row(),
		kindOf[Meeting]{
			Kind: KindMeeting, Coll: collMeetings, Word: "meeting", Counts: "meetings",
			IDOf: func(m *Meeting) *ID { return &m.ID }, Encode: record.EncodeMeeting, Decode: record.DecodeMeeting,
			Title: func(m *Meeting) string { return "meeting on " + m.Date.String() }, Save: withLinks(validate.Meeting), Check: validate.Meeting,
			Mem:   func(p *Portfolio) map[ID]*Meeting { return p.m.meetings },
			Owner: func(m *Meeting) ID { return m.RelationshipID }, OwnerKind: KindRelationship, NeedsOwner: true,
			Created: func(m *Meeting) *time.Time { return &m.Created }, Updated: func(m *Meeting) *time.Time { return &m.Updated },
		}.Row(),
		kindOf[Rating]{
			Kind: KindRating, Coll: collRatings, Word: "rating", Counts: "ratings",
			IDOf: func(r *Rating) *ID { return &r.ID }, Encode: record.EncodeRating, Decode: record.DecodeRating,
			Title: func(r *Rating) string { return fmt.Sprintf("%s rating on %s", r.Kind, r.Date) }, Save: withLinks(validate.Rating), Check: validate.Rating,
			Mem:   func(p *Portfolio) map[ID]*Rating { return p.m.ratings },
			Owner: func(r *Rating) ID { return r.RelationshipID }, OwnerKind: KindRelationship, NeedsOwner: true,
			Created: func(r *Rating) *time.Time { return &r.Created },
		}.Row(),
		kindOf[Received]{
			Kind: KindReceived, Coll: collReceived, Word: "received document", Counts: "received documents",
			IDOf: func(d *Received) *ID { return &d.ID }, Encode: record.EncodeReceived, Decode: record.DecodeReceived,
			Title: func(d *Received) string { return d.Title }, Save: withLinks(validate.Received), Check: validate.Received,
			Mem:     func(p *Portfolio) map[ID]*Received { return p.received },
			Created: func(d *Received) *time.Time { return &d.ReceivedAt },
		}.Row(),
		kindOf[Contact]{
			Kind: KindContact, Coll: collContacts, Word: "contact", Counts: "contacts",
			IDOf: func(c *Contact) *ID { return &c.ID }, Encode: record.EncodeContact, Decode: record.DecodeContact,
			Title: func(c *Contact) string { return c.Name }, Save: (*Portfolio).validateContact, Check: checkContact,
			Mem:     func(p *Portfolio) map[ID]*Contact { return p.contacts },
			Created: func(c *Contact) *time.Time { return &c.Created }, Updated: func(c *Contact) *time.Time { return &c.Updated },
		}.Row(),
		// Questionnaires are not kept in memory: the archive reads them from the
		// vault (archive.Current), the importer beside it.
		kindOf[Evaluation]{
			Kind: KindEvaluation, Coll: collEvaluations, Word: "evaluation", Counts: "evaluations",
			IDOf: func(e *Evaluation) *ID { return &e.ID }, Encode: record.EncodeEvaluation, Decode: record.DecodeEvaluation,
			Title: func(e *Evaluation) string {
				return fmt.Sprintf("%s evaluation as %s on %s", e.Stage, e.Role, e.Date)
			},
			Check:   validate.Evaluation,
			Created: func(e *Evaluation) *time.Time { return &e.Created },
		}.Row(),
		settingsKind(),
	}
}

// settingsKind is the one record without an ID of its own: the vault's key names it.
func settingsKind() kindSpec {
	return kindSpec{
		Kind: KindSettings, Coll: collSettings, Word: "settings", Counts: "settings",
		New:    func() any { return new(Settings) },
		Is:     func(r any) bool { _, ok := r.(*Settings); return ok },
		ID:     func(any) ID { return "" },
		Encode: func(r any) []byte { return record.EncodeSettings(r.(*Settings)) },
		Decode: func(_ ID, plain []byte) (any, error) {
			s := &Settings{}
			return s, record.DecodeSettings(plain, s)
		},
		Title: func(any) string { return "settings" },
		Check: func(_ validate.Links, r any) error { return validate.Settings(r.(*Settings)) },
		Has: func(p *Portfolio, id ID) bool {
			return p.m.settingsID != storage.ID{} && ID(p.m.settingsID.String()) == id
		},
		Set:    func(p *Portfolio, sid storage.ID, r any) { p.m.settings, p.m.settingsID = *r.(*Settings), sid },
		Forget: func(p *Portfolio, _ ID) { p.m.settings, p.m.settingsID = Settings{}, storage.ID{} },
	}
}

// historyKind is the kind a collection keeps versions of.
func historyKind(coll string) (Kind, bool) {
	s, ok := specOfCollection(coll)
	return s.Kind, ok
}

// historyCollectionList are the collections that keep versions. The catalogue and the
// search index are derived from the entries and rebuilt, not edited; the vault's age
// identity is a key, which a deletion should not keep.
// TestEveryCollectionDecidesOnHistory holds the list to that.
func historyCollectionList() []string { return recordKinds().Collections() }
