package portfolio

import (
	"fmt"
	"sync"
	"time"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// The table of record kinds: what the generic code (history, undo, the archive and
// its import, the archive's history and its merge, sync) knows of each kind, so that
// it loops over kinds instead of switching over them by hand. A new kind is one row
// here (ARCHITECTURE.md, "Add a record kind").
//
// The table is fixed: the core's rows, built once on first use and never written
// after (Go has no constant of functions). There is no way to register into it, so
// nothing changes it behind the core's back and every portfolio sees the same kinds;
// lookups hand out copies of rows. Built per lookup it cost 34 µs and 158
// allocations (BenchmarkKindTable), too much for Get and for every version decoded.

// kindTable is the table, built once; read it through recordKinds. It is set in init
// because the rows' checks reach back to the table (an entry's check asks the trash,
// which names kinds by the table), which a variable's initialiser may not.
var kindTable func() []kindSpec

func init() { kindTable = sync.OnceValue(buildKinds) }

// recordKinds is the table, in the order an archive lists histories. The slice is
// shared: range over it, never write to it.
func recordKinds() []kindSpec { return kindTable() }

// buildKinds builds the table's rows. It is long because it is the table: one
// literal per kind, no logic.
func buildKinds() []kindSpec {
	entries := kindOf[Entry]{
		kind: KindEntry, coll: collEntries, word: "entry", counts: "entries", owned: true,
		idp: func(e *Entry) *ID { return &e.ID }, encode: encodeEntry, decode: decodeEntryOwned,
		title: func(e *Entry) string { return e.Title }, check: validate.ImportedEntry,
		created: func(e *Entry) *time.Time { return &e.Created }, updated: func(e *Entry) *time.Time { return &e.Updated },
	}.spec()
	// Entries are kept indexed, in date order, and open from the catalogue.
	entries.has = func(p *Portfolio, id ID) bool { return p.entries[id] != nil }
	entries.set = func(p *Portfolio, sid storage.ID, r any) {
		p.remove(ID(sid.String()))
		p.insert(newIndexed(r.(*Entry)))
	}
	entries.forget = func(p *Portfolio, id ID) { p.remove(id) }
	entries.each = func(p *Portfolio, fn func(ID)) {
		for id := range p.entries {
			fn(id)
		}
	}

	return []kindSpec{
		entries,
		kindOf[Goal]{
			kind: KindGoal, coll: collGoals, word: "goal", counts: "goals", owned: true,
			idp: func(g *Goal) *ID { return &g.ID }, encode: record.EncodeGoal, decode: record.DecodeGoalOwned,
			title: func(g *Goal) string { return g.Title }, save: alone(validate.Goal), check: noLinks(validate.Goal),
			mem:     func(p *Portfolio) map[ID]*Goal { return p.goals },
			created: func(g *Goal) *time.Time { return &g.Created }, updated: func(g *Goal) *time.Time { return &g.Updated },
		}.spec(),
		kindOf[Action]{
			kind: KindAction, coll: collActions, word: "action", counts: "actions", owned: true,
			idp: func(x *Action) *ID { return &x.ID }, encode: record.EncodeAction, decode: record.DecodeActionOwned,
			title: func(x *Action) string { return x.What }, save: withLinks(validate.Action), check: validate.ImportedAction,
			mem:   func(p *Portfolio) map[ID]*Action { return p.actions },
			owner: func(x *Action) ID { return x.GoalID }, ownerKind: KindGoal, needsOwner: false,
			created: func(x *Action) *time.Time { return &x.Created }, updated: func(x *Action) *time.Time { return &x.Updated },
		}.spec(),
		kindOf[Relationship]{
			kind: KindRelationship, coll: collRelationships, word: "relationship", counts: "relationships",
			idp: func(r *Relationship) *ID { return &r.ID }, encode: record.EncodeRelationship, decode: record.DecodeRelationship,
			title: func(r *Relationship) string { return r.Title() }, save: withLinks(validate.Relationship), check: validate.ImportedRelationship,
			mem:     func(p *Portfolio) map[ID]*Relationship { return p.m.relationships },
			created: func(r *Relationship) *time.Time { return &r.Created }, updated: func(r *Relationship) *time.Time { return &r.Updated },
		}.spec(),
		kindOf[Meeting]{
			kind: KindMeeting, coll: collMeetings, word: "meeting", counts: "meetings",
			idp: func(m *Meeting) *ID { return &m.ID }, encode: record.EncodeMeeting, decode: record.DecodeMeeting,
			title: func(m *Meeting) string { return "meeting on " + m.Date.String() }, save: withLinks(validate.Meeting), check: validate.Meeting,
			mem:   func(p *Portfolio) map[ID]*Meeting { return p.m.meetings },
			owner: func(m *Meeting) ID { return m.RelationshipID }, ownerKind: KindRelationship, needsOwner: true,
			created: func(m *Meeting) *time.Time { return &m.Created }, updated: func(m *Meeting) *time.Time { return &m.Updated },
		}.spec(),
		kindOf[Rating]{
			kind: KindRating, coll: collRatings, word: "rating", counts: "ratings",
			idp: func(r *Rating) *ID { return &r.ID }, encode: record.EncodeRating, decode: record.DecodeRating,
			title: func(r *Rating) string { return fmt.Sprintf("%s rating on %s", r.Kind, r.Date) }, save: withLinks(validate.Rating), check: validate.Rating,
			mem:   func(p *Portfolio) map[ID]*Rating { return p.m.ratings },
			owner: func(r *Rating) ID { return r.RelationshipID }, ownerKind: KindRelationship, needsOwner: true,
			created: func(r *Rating) *time.Time { return &r.Created },
		}.spec(),
		kindOf[Received]{
			kind: KindReceived, coll: collReceived, word: "received document", counts: "received documents",
			idp: func(d *Received) *ID { return &d.ID }, encode: record.EncodeReceived, decode: record.DecodeReceived,
			title: func(d *Received) string { return d.Title }, save: withLinks(validate.Received), check: validate.Received,
			mem:     func(p *Portfolio) map[ID]*Received { return p.received },
			created: func(d *Received) *time.Time { return &d.ReceivedAt },
		}.spec(),
		kindOf[Contact]{
			kind: KindContact, coll: collContacts, word: "contact", counts: "contacts",
			idp: func(c *Contact) *ID { return &c.ID }, encode: record.EncodeContact, decode: record.DecodeContact,
			title: func(c *Contact) string { return c.Name }, save: (*Portfolio).validateContact, check: checkContact,
			mem:     func(p *Portfolio) map[ID]*Contact { return p.contacts },
			created: func(c *Contact) *time.Time { return &c.Created }, updated: func(c *Contact) *time.Time { return &c.Updated },
		}.spec(),
		// Questionnaires are not kept in memory: the archive reads them from the
		// vault (archive.Current), the importer beside it.
		kindOf[Evaluation]{
			kind: KindEvaluation, coll: collEvaluations, word: "evaluation", counts: "evaluations",
			idp: func(e *Evaluation) *ID { return &e.ID }, encode: record.EncodeEvaluation, decode: record.DecodeEvaluation,
			title: func(e *Evaluation) string {
				return fmt.Sprintf("%s evaluation as %s on %s", e.Stage, e.Role, e.Date)
			},
			check:   validate.Evaluation,
			created: func(e *Evaluation) *time.Time { return &e.Created },
		}.spec(),
		settingsKind(),
	}
}

// settingsKind is the one record without an ID of its own: the vault's key names it.
func settingsKind() kindSpec {
	return kindSpec{
		kind: KindSettings, coll: collSettings, word: "settings", counts: "settings",
		newRecord: func() any { return new(Settings) },
		is:        func(r any) bool { _, ok := r.(*Settings); return ok },
		id:        func(any) ID { return "" },
		encode:    func(r any) []byte { return record.EncodeSettings(r.(*Settings)) },
		decode: func(_ ID, plain []byte) (any, error) {
			s := &Settings{}
			return s, record.DecodeSettings(plain, s)
		},
		title: func(any) string { return "settings" },
		check: func(_ validate.Links, r any) error { return validate.Settings(r.(*Settings)) },
		has: func(p *Portfolio, id ID) bool {
			return p.m.settingsID != storage.ID{} && ID(p.m.settingsID.String()) == id
		},
		set:    func(p *Portfolio, sid storage.ID, r any) { p.m.settings, p.m.settingsID = *r.(*Settings), sid },
		forget: func(p *Portfolio, _ ID) { p.m.settings, p.m.settingsID = Settings{}, storage.ID{} },
	}
}

// historyKind is the kind a collection keeps versions of.
func historyKind(coll string) (Kind, bool) {
	s, ok := specOfCollection(coll)
	return s.kind, ok
}

// historyCollectionList are the collections that keep versions. The catalogue and the
// search index are derived from the entries and rebuilt, not edited; the vault's age
// identity is a key, which a deletion should not keep.
// TestEveryCollectionDecidesOnHistory holds the list to that.
func historyCollectionList() []string {
	var out []string
	for _, s := range recordKinds() {
		out = append(out, s.coll)
	}
	return out
}
