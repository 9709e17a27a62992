package portfolio

import (
	"cmp"
	"slices"

	"github.com/foliohq/folio/portfolio/calendar"
)

// Fixtures for the core's own tests, which cannot import package mentorship or share (they
// import the core). They write mentoring records and contacts through the store API as
// those packages do; the operations themselves are tested there.

func addRelationship(p *Portfolio, r Relationship) (*Relationship, error) {
	err := p.Update(func(tx *Tx) error {
		r.ID, r.Created = tx.NewID(), tx.Now()
		r.Updated = r.Created
		if err := Validate(tx, &r); err != nil {
			return err
		}
		return Put(tx, &r)
	})
	return &r, err
}

func updateRelationship(p *Portfolio, r Relationship) (*Relationship, error) {
	err := p.Update(func(tx *Tx) error {
		if old, ok := Get[Relationship](tx, r.ID); ok {
			r.Created = old.Created
		}
		r.Updated = tx.Now()
		if err := Validate(tx, &r); err != nil {
			return err
		}
		return Put(tx, &r)
	})
	return &r, err
}

func addRating(p *Portfolio, r Rating) (*Rating, error) {
	err := p.Update(func(tx *Tx) error {
		if err := Validate(tx, &r); err != nil {
			return err
		}
		r.ID, r.Created = tx.NewID(), tx.Now()
		return Put(tx, &r)
	})
	return &r, err
}

// meetingRecord is what the fixtures' held meetings carry.
type meetingRecord struct {
	RelationshipID ID
	Date           calendar.Date
	Notes          []Section
	AgreedActions  []Action
}

// recordMeeting writes a held one-to-one meeting and its agreed actions in one
// transaction, as mentorship.RecordMeeting does.
func recordMeeting(p *Portfolio, rec meetingRecord) (*Meeting, []*Action, error) {
	var actions []*Action
	m := Meeting{RelationshipID: rec.RelationshipID, Date: rec.Date, Held: true, Format: FormatOneToOne, Notes: rec.Notes}
	err := p.Update(func(tx *Tx) error {
		m.ID, m.Created = tx.NewID(), tx.Now()
		m.Updated = m.Created
		m.Functions = Functions(Formative)
		if r, ok := Get[Relationship](tx, m.RelationshipID); ok && r.Role == RolePeerSupport {
			m.Functions = Functions(Restorative)
		}
		for _, a := range rec.AgreedActions {
			a.ID, a.Created, a.Updated, a.MeetingID = tx.NewID(), m.Created, m.Created, m.ID
			if err := Validate(tx, &a); err != nil {
				return err
			}
			if err := Put(tx, &a); err != nil {
				return err
			}
			actions = append(actions, &a)
			m.AgreedActionIDs = append(m.AgreedActionIDs, a.ID)
		}
		return Put(tx, &m)
	})
	return &m, actions, err
}

func relationshipOf(p *Portfolio, id ID) (*Relationship, bool) { return p.relationship(id) }

func meetingOf(p *Portfolio, id ID) (*Meeting, bool) { return p.meeting(id) }

func meetingsOf(p *Portfolio, relID ID) []*Meeting {
	var out []*Meeting
	_ = p.View(func(tx *Tx) error {
		for m := range All[Meeting](tx) {
			if relID == "" || m.RelationshipID == relID {
				out = append(out, m)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *Meeting) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	return out
}

func ratingsOf(p *Portfolio, kind RatingKind, relID ID) []*Rating {
	var out []*Rating
	_ = p.View(func(tx *Tx) error {
		for r := range All[Rating](tx) {
			if r.Kind == kind && (relID == "" || r.RelationshipID == relID) {
				out = append(out, r)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *Rating) int { return cmp.Or(cmp.Compare(a.Date, b.Date), a.Created.Compare(b.Created)) })
	return out
}

// The contacts, as package share writes them.

func addContact(p *Portfolio, c Contact) (*Contact, error) {
	err := p.Update(func(tx *Tx) error {
		if err := Validate(tx, &c); err != nil {
			return err
		}
		c.ID, c.Created = tx.NewID(), tx.Now()
		c.Updated = c.Created
		return Put(tx, &c)
	})
	return &c, err
}

// addReceived keeps d as received now, as share.Receive does once it has decrypted a
// file.
func addReceived(p *Portfolio, d Received) (*Received, error) {
	err := p.Update(func(tx *Tx) error {
		d.ID, d.ReceivedAt = tx.NewID(), tx.Now()
		if err := Validate(tx, &d); err != nil {
			return err
		}
		return Put(tx, &d)
	})
	return &d, err
}

// receivedDocuments lists received documents, newest first; relID "" means all.
func receivedDocuments(p *Portfolio, relID ID) []*Received {
	var out []*Received
	p.View(func(tx *Tx) error {
		for d := range All[Received](tx) {
			if relID == "" || d.RelationshipID == relID {
				out = append(out, d)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *Received) int { return b.ReceivedAt.Compare(a.ReceivedAt) })
	return out
}
