package kinds

import (
	"fmt"
	"time"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// The collections of the kinds whose rows are here.
const (
	CollGoals         = "goals"
	CollActions       = "actions"
	CollRelationships = "relationships"
	CollMeetings      = "meetings"
	CollRatings       = "ratings"
	CollReceived      = "received"
	CollContacts      = "contacts"
	CollEvaluations   = "evaluations"
	CollSettings      = "settings"
)

// Env is what the rows ask of the portfolio P: its map in memory of a kind kept
// there (a map[ID]*T, made by the row's Fresh), the rules' links over its
// records, as a save checks them, and where it keeps its settings and their
// record's vault ID.
type Env[P any] struct {
	Mem      func(p P, kind Kind) any
	Links    func(p P) validate.Links
	Settings func(p P) (*record.Settings, *storage.ID)
}

// Rows are the rows of every kind the core keeps by the table alone, in the order
// an archive lists histories: all but entries, which the core keeps indexed and
// in date order, and the settings, its one record without an ID. They are long
// because they are the table: one literal per kind, no logic.
func Rows[P any](env Env[P]) Table[P] {
	return Table[P]{
		Of[P, record.Goal]{
			Kind: record.KindGoal, Coll: CollGoals, Word: "goal", Counts: "goals", Owned: true,
			IDOf: func(g *record.Goal) *ID { return &g.ID }, Encode: record.EncodeGoal, Decode: record.DecodeGoalOwned,
			Title: func(g *record.Goal) string { return g.Title }, Save: alone[P](validate.Goal), Check: noLinks(validate.Goal),
			Mem:     kept[P, record.Goal](env, record.KindGoal),
			Created: func(g *record.Goal) *time.Time { return &g.Created }, Updated: func(g *record.Goal) *time.Time { return &g.Updated },
		}.Row(),
		Of[P, record.Action]{
			Kind: record.KindAction, Coll: CollActions, Word: "action", Counts: "actions", Owned: true,
			IDOf: func(x *record.Action) *ID { return &x.ID }, Encode: record.EncodeAction, Decode: record.DecodeActionOwned,
			Title: func(x *record.Action) string { return x.What }, Save: withLinks(env, validate.Action), Check: validate.ImportedAction,
			Mem:   kept[P, record.Action](env, record.KindAction),
			Owner: func(x *record.Action) ID { return x.GoalID }, OwnerKind: record.KindGoal, NeedsOwner: false,
			Created: func(x *record.Action) *time.Time { return &x.Created }, Updated: func(x *record.Action) *time.Time { return &x.Updated },
		}.Row(),
		Of[P, record.Relationship]{
			Kind: record.KindRelationship, Coll: CollRelationships, Word: "relationship", Counts: "relationships",
			IDOf: func(r *record.Relationship) *ID { return &r.ID }, Encode: record.EncodeRelationship, Decode: record.DecodeRelationship,
			Title: func(r *record.Relationship) string { return r.Title() }, Save: withLinks(env, validate.Relationship), Check: validate.ImportedRelationship,
			Mem:     kept[P, record.Relationship](env, record.KindRelationship),
			Created: func(r *record.Relationship) *time.Time { return &r.Created }, Updated: func(r *record.Relationship) *time.Time { return &r.Updated },
		}.Row(),
		Of[P, record.Meeting]{
			Kind: record.KindMeeting, Coll: CollMeetings, Word: "meeting", Counts: "meetings",
			IDOf: func(m *record.Meeting) *ID { return &m.ID }, Encode: record.EncodeMeeting, Decode: record.DecodeMeeting,
			Title: func(m *record.Meeting) string { return "meeting on " + m.Date.String() }, Save: withLinks(env, validate.Meeting), Check: validate.Meeting,
			Mem:   kept[P, record.Meeting](env, record.KindMeeting),
			Owner: func(m *record.Meeting) ID { return m.RelationshipID }, OwnerKind: record.KindRelationship, NeedsOwner: true,
			Created: func(m *record.Meeting) *time.Time { return &m.Created }, Updated: func(m *record.Meeting) *time.Time { return &m.Updated },
		}.Row(),
		Of[P, record.Rating]{
			Kind: record.KindRating, Coll: CollRatings, Word: "rating", Counts: "ratings",
			IDOf: func(r *record.Rating) *ID { return &r.ID }, Encode: record.EncodeRating, Decode: record.DecodeRating,
			Title: func(r *record.Rating) string { return fmt.Sprintf("%s rating on %s", r.Kind, r.Date) }, Save: withLinks(env, validate.Rating), Check: validate.Rating,
			Mem:   kept[P, record.Rating](env, record.KindRating),
			Owner: func(r *record.Rating) ID { return r.RelationshipID }, OwnerKind: record.KindRelationship, NeedsOwner: true,
			Created: func(r *record.Rating) *time.Time { return &r.Created },
		}.Row(),
		Of[P, record.Received]{
			Kind: record.KindReceived, Coll: CollReceived, Word: "received document", Counts: "received documents",
			IDOf: func(d *record.Received) *ID { return &d.ID }, Encode: record.EncodeReceived, Decode: record.DecodeReceived,
			Title: func(d *record.Received) string { return d.Title }, Save: withLinks(env, validate.Received), Check: validate.Received,
			Mem:     kept[P, record.Received](env, record.KindReceived),
			Created: func(d *record.Received) *time.Time { return &d.ReceivedAt },
		}.Row(),
		Of[P, record.Contact]{
			Kind: record.KindContact, Coll: CollContacts, Word: "contact", Counts: "contacts",
			IDOf: func(c *record.Contact) *ID { return &c.ID }, Encode: record.EncodeContact, Decode: record.DecodeContact,
			Title: func(c *record.Contact) string { return c.Name }, Save: withLinks(env, checkContact), Check: checkContact,
			Mem:     kept[P, record.Contact](env, record.KindContact),
			Created: func(c *record.Contact) *time.Time { return &c.Created }, Updated: func(c *record.Contact) *time.Time { return &c.Updated },
		}.Row(),
		// Questionnaires are not kept in memory: the archive reads them from the
		// vault (archive.Current), the importer beside it.
		Of[P, record.Evaluation]{
			Kind: record.KindEvaluation, Coll: CollEvaluations, Word: "evaluation", Counts: "evaluations",
			IDOf: func(e *record.Evaluation) *ID { return &e.ID }, Encode: record.EncodeEvaluation, Decode: record.DecodeEvaluation,
			Title: func(e *record.Evaluation) string {
				return fmt.Sprintf("%s evaluation as %s on %s", e.Stage, e.Role, e.Date)
			},
			Check:   validate.Evaluation,
			Created: func(e *record.Evaluation) *time.Time { return &e.Created },
		}.Row(),
	}
}

// Settings is the row of the settings, the one record without an ID of its own:
// the vault's key names it, which the portfolio keeps beside them (Env.Settings).
func Settings[P any](env Env[P]) Row[P] {
	return Row[P]{
		Kind: record.KindSettings, Coll: CollSettings, Word: "settings", Counts: "settings",
		New:    func() any { return new(record.Settings) },
		Is:     func(r any) bool { _, ok := r.(*record.Settings); return ok },
		ID:     func(any) ID { return "" },
		Encode: func(r any) []byte { return record.EncodeSettings(r.(*record.Settings)) },
		Decode: func(_ ID, plain []byte) (any, error) {
			s := &record.Settings{}
			return s, record.DecodeSettings(plain, s)
		},
		Title: func(any) string { return "settings" },
		Check: func(_ validate.Links, r any) error { return validate.Settings(r.(*record.Settings)) },
		Has: func(p P, id ID) bool {
			_, sid := env.Settings(p)
			return *sid != storage.ID{} && ID(sid.String()) == id
		},
		Set: func(p P, sid storage.ID, r any) {
			s, at := env.Settings(p)
			*s, *at = *r.(*record.Settings), sid
		},
		Forget: func(p P, _ ID) {
			s, at := env.Settings(p)
			*s, *at = record.Settings{}, storage.ID{}
		},
	}
}

// kept is the portfolio's map of kind, which the row's Fresh made.
func kept[P, T any](env Env[P], kind Kind) func(P) map[ID]*T {
	return func(p P) map[ID]*T { return env.Mem(p, kind).(map[ID]*T) }
}

// withLinks is a rule that checks links as a save calls it, against the portfolio.
func withLinks[P, T any](env Env[P], rule func(validate.Links, *T) error) func(P, *T) error {
	return func(p P, v *T) error { return rule(env.Links(p), v) }
}

// alone is a rule that needs nothing but the record as a save calls it.
func alone[P, T any](rule func(*T) error) func(P, *T) error {
	return func(_ P, v *T) error { return rule(v) }
}

// noLinks is a rule that needs nothing but the record as an import's check calls it.
func noLinks[T any](rule func(*T) error) func(validate.Links, *T) error {
	return func(_ validate.Links, v *T) error { return rule(v) }
}

// checkContact checks a contact by the rules, and that no other contact has its
// name (Links.ContactNamed), which is the vault's ErrExists rather than the rules'
// ErrInvalid.
func checkContact(l validate.Links, c *record.Contact) error {
	if err := validate.Contact(l, c); err != nil {
		return err
	}
	if taken, ok := l.ContactNamed(c.Name, c.ID); ok {
		return fmt.Errorf("%w: a contact named %q is already kept", storage.ErrExists, taken)
	}
	return nil
}
