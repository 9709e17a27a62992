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

func updateMeeting(p *Portfolio, m Meeting) (*Meeting, error) {
	err := p.Update(func(tx *Tx) error {
		if old, ok := Get[Meeting](tx, m.ID); ok {
			m.Created = old.Created
		}
		m.Updated = tx.Now()
		if err := Validate(tx, &m); err != nil {
			return err
		}
		return Put(tx, &m)
	})
	return &m, err
}

// updateRatingNote changes a rating's note, as mentorship.UpdateRating does.
func updateRatingNote(p *Portfolio, id ID, note string) (*Rating, error) {
	var r Rating
	err := p.Update(func(tx *Tx) error {
		old, ok := Get[Rating](tx, id)
		if !ok {
			return ErrNotFound
		}
		r = *old
		r.Note = note
		if err := Validate(tx, &r); err != nil {
			return err
		}
		return Put(tx, &r)
	})
	return &r, err
}

// relationshipOf and meetingOf look one record up under the read lock, as package
// mentorship does for the tests outside the core.
func relationshipOf(p *Portfolio, id ID) (*Relationship, bool) {
	var r *Relationship
	var ok bool
	err := p.View(func(tx *Tx) error { r, ok = Get[Relationship](tx, id); return nil })
	return r, ok && err == nil
}

func meetingOf(p *Portfolio, id ID) (*Meeting, bool) {
	var m *Meeting
	var ok bool
	err := p.View(func(tx *Tx) error { m, ok = Get[Meeting](tx, id); return nil })
	return m, ok && err == nil
}

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

// Goals and their action plans, as package goals writes them.

func addGoal(p *Portfolio, g Goal) (*Goal, error) {
	err := p.Update(func(tx *Tx) error {
		g.ID, g.Created = tx.NewID(), tx.Now()
		g.Updated = g.Created
		if err := Validate(tx, &g); err != nil {
			return err
		}
		return Put(tx, &g)
	})
	return &g, err
}

func addAction(p *Portfolio, a Action) (*Action, error) {
	err := p.Update(func(tx *Tx) error {
		a.ID, a.Created = tx.NewID(), tx.Now()
		a.Updated = a.Created
		if err := Validate(tx, &a); err != nil {
			return err
		}
		if a.Status == ActionDone && a.DoneOn.IsZero() {
			a.DoneOn = tx.Today()
		}
		return Put(tx, &a)
	})
	return &a, err
}

func updateGoal(p *Portfolio, g Goal) (*Goal, error) {
	err := p.Update(func(tx *Tx) error {
		if old, ok := Get[Goal](tx, g.ID); ok {
			g.Created = old.Created
		}
		g.Updated = tx.Now()
		if err := Validate(tx, &g); err != nil {
			return err
		}
		return Put(tx, &g)
	})
	return &g, err
}

// updateAction saves a changed action, its DoneOn set or cleared by its status.
func updateAction(p *Portfolio, a Action) (*Action, error) {
	err := p.Update(func(tx *Tx) error {
		if old, ok := Get[Action](tx, a.ID); ok {
			a.Created = old.Created
		}
		a.Updated = tx.Now()
		if err := Validate(tx, &a); err != nil {
			return err
		}
		switch {
		case a.Status == ActionDone && a.DoneOn.IsZero():
			a.DoneOn = tx.Today()
		case a.Status != ActionDone:
			a.DoneOn = 0
		}
		return Put(tx, &a)
	})
	return &a, err
}

func goalOf(p *Portfolio, id ID) (g *Goal, ok bool) {
	_ = p.View(func(tx *Tx) error {
		g, ok = Get[Goal](tx, id)
		return nil
	})
	return g, ok
}

func actionOf(p *Portfolio, id ID) (a *Action, ok bool) {
	_ = p.View(func(tx *Tx) error {
		a, ok = Get[Action](tx, id)
		return nil
	})
	return a, ok
}

func goalsOf(p *Portfolio, status GoalStatus) []*Goal {
	var out []*Goal
	_ = p.View(func(tx *Tx) error {
		for g := range All[Goal](tx) {
			if status == 0 || g.Status == status {
				out = append(out, g)
			}
		}
		return nil
	})
	return out
}

func actionsOf(p *Portfolio) []*Action {
	var out []*Action
	_ = p.View(func(tx *Tx) error {
		out = slices.Collect(All[Action](tx))
		return nil
	})
	return out
}

func deleteAction(p *Portfolio, id ID) error {
	return p.Update(func(tx *Tx) error { return Delete[Action](tx, id) })
}

// completeAction marks an action done with a new formative entry as its
// reflection, linked to it and its goal, in one transaction, as
// goals.CompleteAction does.
func completeAction(p *Portfolio, id ID, reflection *Entry) (*Action, *Entry, error) {
	var a Action
	e := *reflection
	err := p.Update(func(tx *Tx) error {
		old, ok := Get[Action](tx, id)
		if !ok {
			return ErrNotFound
		}
		a = *old
		a.Status, a.Updated, a.DoneOn = ActionDone, tx.Now(), tx.Today()
		e.ID, e.Created, e.Updated = tx.NewID(), a.Updated, a.Updated
		e.Functions = e.Functions.With(Formative)
		if e.Title == "" {
			e.Title = "Reflection: " + a.What
		}
		e.ActionIDs = append(e.ActionIDs, a.ID)
		if a.GoalID != "" {
			e.GoalIDs = append(e.GoalIDs, a.GoalID)
		}
		if err := PutEntry(tx, &e); err != nil {
			return err
		}
		a.ReflectionID = e.ID
		return Put(tx, &a)
	})
	return &a, &e, err
}
