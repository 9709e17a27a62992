package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/storage"
)

// The table of record kinds: what the generic code (history, the archive's history,
// its merge, undo and sync) knows of each kind, so that it loops over kinds instead of
// switching over them by hand. A new kind is one row here (ARCHITECTURE.md, "Add a
// record kind").
//
// The table is built by a function, not kept in a package variable: nothing can
// register into it behind the core's back, and two portfolios cannot see different
// tables. Building it costs one small allocation, far below the decryption it sits
// beside.

// kindSpec is one record kind as the generic code sees it. Records are passed as
// pointers to their type (*Entry, *Meeting, ...), erased to any.
type kindSpec struct {
	kind Kind
	coll string
	// word names one record in the importer's messages ("received document");
	// counts is its line in an import's report ("received documents").
	word, counts string
	// owned: decoding shares the plaintext, which Close overwrites (entries, goals,
	// actions); otherwise the record is a copy and the plaintext is cleared at once.
	owned bool
	// newRecord is an empty record, for decoding an archived version into; is says
	// a record is of this kind.
	newRecord func() any
	is        func(any) bool
	// id is the ID a record carries; "" for settings.
	id func(any) ID
	// encode is a record's plaintext as its collection holds it.
	encode func(any) []byte
	// decode reads a record from its plaintext; an owned kind may keep plain.
	decode func(id ID, plain []byte) (any, error)
	// title names a record in a list of versions.
	title func(any) string
	// In memory: has says the record is live, set puts it in (sid is its vault ID,
	// which settings keep), forget takes it out. Nil for a kind kept only in the
	// vault (evaluations).
	has    func(p *Portfolio, id ID) bool
	set    func(p *Portfolio, sid storage.ID, rec any)
	forget func(p *Portfolio, id ID)
}

// keyed is a record kind kept in a map of the portfolio by ID; it fills the row's
// erased functions from typed ones. idp is the address of a record's ID.
func keyed[T any](kind Kind, coll string, owned bool, idp func(*T) *ID, encode func(*T) []byte,
	decode func([]byte, *T) error, title func(*T) string, m func(*Portfolio) map[ID]*T) kindSpec {
	return kindSpec{
		kind: kind, coll: coll, owned: owned,
		newRecord: func() any { return new(T) },
		is:        func(r any) bool { _, ok := r.(*T); return ok },
		id:        func(r any) ID { return *idp(r.(*T)) },
		encode:    func(r any) []byte { return encode(r.(*T)) },
		decode: func(rid ID, plain []byte) (any, error) {
			r := new(T)
			*idp(r) = rid
			err := decode(plain, r)
			// The ID is the vault's key, whatever the plaintext says.
			*idp(r) = rid
			return r, err
		},
		title:  func(r any) string { return title(r.(*T)) },
		has:    func(p *Portfolio, rid ID) bool { return m(p)[rid] != nil },
		set:    func(p *Portfolio, sid storage.ID, r any) { m(p)[ID(sid.String())] = r.(*T) },
		forget: func(p *Portfolio, rid ID) { delete(m(p), rid) },
	}
}

// recordKinds is the table, in the order an archive lists histories.
func recordKinds() []kindSpec {
	entries := keyed(KindEntry, collEntries, true, func(e *Entry) *ID { return &e.ID }, encodeEntry, decodeEntryOwned,
		func(e *Entry) string { return e.Title }, nil)
	entries.has = func(p *Portfolio, id ID) bool { return p.entries[id] != nil }
	entries.set = func(p *Portfolio, sid storage.ID, r any) {
		p.remove(ID(sid.String()))
		p.insert(newIndexed(r.(*Entry)))
	}
	entries.forget = func(p *Portfolio, id ID) { p.remove(id) }

	evaluations := keyed(KindEvaluation, collEvaluations, false, func(e *Evaluation) *ID { return &e.ID }, encodeEvaluation, decodeEvaluation,
		func(e *Evaluation) string {
			return fmt.Sprintf("%s evaluation as %s on %s", e.Stage, e.Role, e.Date)
		}, nil)
	evaluations.has, evaluations.set, evaluations.forget = nil, nil, nil

	table := []kindSpec{
		entries,
		keyed(KindGoal, collGoals, true, func(g *Goal) *ID { return &g.ID }, encodeGoal, decodeGoalOwned,
			func(g *Goal) string { return g.Title }, func(p *Portfolio) map[ID]*Goal { return p.goals }),
		keyed(KindAction, collActions, true, func(x *Action) *ID { return &x.ID }, encodeAction, decodeActionOwned,
			func(x *Action) string { return x.What }, func(p *Portfolio) map[ID]*Action { return p.actions }),
		keyed(KindRelationship, collRelationships, false, func(r *Relationship) *ID { return &r.ID }, encodeRelationship, decodeRelationship,
			func(r *Relationship) string { return r.Title() }, func(p *Portfolio) map[ID]*Relationship { return p.m.relationships }),
		keyed(KindMeeting, collMeetings, false, func(m *Meeting) *ID { return &m.ID }, encodeMeeting, decodeMeeting,
			func(m *Meeting) string { return "meeting on " + m.Date.String() }, func(p *Portfolio) map[ID]*Meeting { return p.m.meetings }),
		keyed(KindRating, collRatings, false, func(r *Rating) *ID { return &r.ID }, encodeRating, decodeRating,
			func(r *Rating) string { return fmt.Sprintf("%s rating on %s", r.Kind, r.Date) }, func(p *Portfolio) map[ID]*Rating { return p.m.ratings }),
		keyed(KindReceived, collReceived, false, func(d *Received) *ID { return &d.ID }, encodeReceived, decodeReceived,
			func(d *Received) string { return d.Title }, func(p *Portfolio) map[ID]*Received { return p.received }),
		keyed(KindContact, collContacts, false, func(c *Contact) *ID { return &c.ID }, encodeContact, decodeContact,
			func(c *Contact) string { return c.Name }, func(p *Portfolio) map[ID]*Contact { return p.contacts }),
		evaluations,
		settingsKind(),
	}
	words := map[Kind][2]string{
		KindEntry: {"entry", "entries"}, KindGoal: {"goal", "goals"}, KindAction: {"action", "actions"},
		KindRelationship: {"relationship", "relationships"}, KindMeeting: {"meeting", "meetings"},
		KindRating: {"rating", "ratings"}, KindReceived: {"received document", "received documents"},
		KindContact: {"contact", "contacts"}, KindEvaluation: {"evaluation", "evaluations"},
		KindSettings: {"settings", "settings"},
	}
	for i := range table {
		table[i].word, table[i].counts = words[table[i].kind][0], words[table[i].kind][1]
	}
	return table
}

// settingsKind is the one record without an ID of its own: the vault's key names it.
func settingsKind() kindSpec {
	return kindSpec{
		kind: KindSettings, coll: collSettings,
		newRecord: func() any { return new(Settings) },
		is:        func(r any) bool { _, ok := r.(*Settings); return ok },
		id:        func(any) ID { return "" },
		encode:    func(r any) []byte { return encodeSettings(r.(*Settings)) },
		decode: func(_ ID, plain []byte) (any, error) {
			s := &Settings{}
			return s, decodeSettings(plain, s)
		},
		title: func(any) string { return "settings" },
		has: func(p *Portfolio, id ID) bool {
			return p.m.settingsID != storage.ID{} && ID(p.m.settingsID.String()) == id
		},
		set:    func(p *Portfolio, sid storage.ID, r any) { p.m.settings, p.m.settingsID = *r.(*Settings), sid },
		forget: func(p *Portfolio, _ ID) { p.m.settings, p.m.settingsID = Settings{}, storage.ID{} },
	}
}

// specOf is the row of a kind; false for a kind that keeps no history.
func specOf(kind Kind) (kindSpec, bool) {
	for _, s := range recordKinds() {
		if s.kind == kind {
			return s, true
		}
	}
	return kindSpec{}, false
}

// specOfCollection is the row of a collection; false for one that keeps no history.
func specOfCollection(coll string) (kindSpec, bool) {
	for _, s := range recordKinds() {
		if s.coll == coll {
			return s, true
		}
	}
	return kindSpec{}, false
}

// specOfRecord is the row of a record's type.
func specOfRecord(rec any) (kindSpec, bool) {
	for _, s := range recordKinds() {
		if s.is(rec) {
			return s, true
		}
	}
	return kindSpec{}, false
}

// kindWord names one record of kind in the importer's messages.
func kindWord(kind Kind) string {
	s, _ := specOf(kind)
	return s.word
}

// kindCount is kind's line in an import's report.
func kindCount(kind Kind) string {
	s, _ := specOf(kind)
	return s.counts
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
