package mentorship

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// The mentoring records' operations, written through the core's store API
// (portfolio.Update and View): the core keeps the types, their codec and the checks
// an import applies too; what a relationship, meeting or rating does lives here.

// AddRelationship validates and saves a new relationship.
func AddRelationship(p *portfolio.Portfolio, r portfolio.Relationship) (*portfolio.Relationship, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		r.ID = tx.NewID()
		r.Created = tx.Now()
		r.Updated = r.Created
		if err := portfolio.Validate(tx, &r); err != nil {
			return err
		}
		return portfolio.Put(tx, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// UpdateRelationship saves a changed copy of a relationship.
func UpdateRelationship(p *portfolio.Portfolio, r portfolio.Relationship) (*portfolio.Relationship, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Relationship](tx, r.ID)
		if !ok {
			return fmt.Errorf("%w: no relationship %s", portfolio.ErrNotFound, r.ID)
		}
		r.Created = old.Created
		r.Updated = tx.Now()
		if err := portfolio.Validate(tx, &r); err != nil {
			return err
		}
		return portfolio.Put(tx, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Relationship returns one relationship.
func Relationship(p *portfolio.Portfolio, id portfolio.ID) (r *portfolio.Relationship, ok bool) {
	return portfolio.Lookup[portfolio.Relationship](p, id)
}

// ActiveRelationship returns a relationship that has not ended.
func ActiveRelationship(p *portfolio.Portfolio, id portfolio.ID) (r *portfolio.Relationship, err error) {
	err = p.View(func(tx *portfolio.Tx) error {
		r, err = activeRelationship(tx, id)
		return err
	})
	return r, err
}

func activeRelationship(tx *portfolio.Tx, id portfolio.ID) (*portfolio.Relationship, error) {
	r, ok := portfolio.Get[portfolio.Relationship](tx, id)
	if !ok {
		return nil, fmt.Errorf("%w: no relationship %s", portfolio.ErrNotFound, id)
	}
	if r.Status == portfolio.RelEnded {
		return nil, portfolio.Invalid("the relationship %s ended on %s; reopen it before adding to it", r.Title(), r.EndedOn)
	}
	return r, nil
}

// Relationships lists relationships: active, then paused, then ended; newest first.
func Relationships(p *portfolio.Portfolio) []*portfolio.Relationship {
	out := portfolio.ListOf[portfolio.Relationship](p)
	slices.SortFunc(out, func(a, b *portfolio.Relationship) int {
		if c := cmp.Compare(a.Status, b.Status); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Start, a.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if out == nil {
		out = []*portfolio.Relationship{}
	}
	return out
}

// Meetings lists a relationship's meetings by date ("" for all meetings).
func Meetings(p *portfolio.Portfolio, relID portfolio.ID) []*portfolio.Meeting {
	var out []*portfolio.Meeting
	for _, m := range portfolio.ListOf[portfolio.Meeting](p) {
		if relID == "" || m.RelationshipID == relID {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b *portfolio.Meeting) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Meeting returns one meeting.
func Meeting(p *portfolio.Portfolio, id portfolio.ID) (m *portfolio.Meeting, ok bool) {
	return portfolio.Lookup[portfolio.Meeting](p, id)
}

// MeetingRecord is what was said and agreed at a meeting.
type MeetingRecord struct {
	// MeetingID is the planned meeting being recorded; empty records a new one.
	MeetingID      portfolio.ID
	RelationshipID portfolio.ID
	Date           calendar.Date
	Format         portfolio.MeetingFormat
	Notes          []portfolio.Section
	Topics         []string
	// AgreedActions become real actions in the user's own action plan, under a
	// goal or standalone: as a mentor, the ones the mentor takes on.
	AgreedActions []portfolio.Action
	// MenteeActions, for a relationship where the user is the mentor, are what the
	// mentee agreed to do: kept on the meeting, not in the mentor's plan.
	MenteeActions []portfolio.AgreedAction
	NextDate      calendar.Date
	Shared        bool
	// Functions are the meeting's Proctor functions; none means the role's default.
	Functions portfolio.Functions
}

// RecordMeeting saves a held meeting and creates its agreed actions, all in one
// transaction.
func RecordMeeting(p *portfolio.Portfolio, rec MeetingRecord) (*portfolio.Meeting, []*portfolio.Action, error) {
	var m portfolio.Meeting
	var actions []*portfolio.Action
	err := p.Update(func(tx *portfolio.Tx) error {
		if rec.MeetingID != "" {
			planned, ok := portfolio.Get[portfolio.Meeting](tx, rec.MeetingID)
			if !ok {
				return fmt.Errorf("%w: no meeting %s", portfolio.ErrNotFound, rec.MeetingID)
			}
			rec.RelationshipID = planned.RelationshipID
		}
		r, err := activeRelationship(tx, rec.RelationshipID)
		if err != nil {
			return err
		}
		if len(rec.MenteeActions) > 0 && r.Role != portfolio.RoleMentor {
			return portfolio.Invalid("only a mentor records a mentee's actions; in this relationship the actions agreed are your own")
		}
		m = meetingToRecord(tx, rec)
		if err := recordHeld(tx, &m, rec); err != nil {
			return err
		}
		if m.MenteeActions, err = validate.MenteeActions(rec.MenteeActions); err != nil {
			return err
		}
		if actions, err = agreedActions(tx, &m, rec.AgreedActions); err != nil {
			return err
		}
		for _, a := range actions {
			if err := portfolio.Put(tx, a); err != nil {
				return err
			}
		}
		return portfolio.Put(tx, &m)
	})
	if err != nil {
		return nil, nil, err
	}
	return &m, actions, nil
}

// meetingToRecord is a copy of the planned meeting rec names, or a new one.
func meetingToRecord(tx *portfolio.Tx, rec MeetingRecord) portfolio.Meeting {
	if rec.MeetingID != "" {
		m, _ := portfolio.Get[portfolio.Meeting](tx, rec.MeetingID)
		return *m
	}
	return portfolio.Meeting{ID: tx.NewID(), RelationshipID: rec.RelationshipID, Created: tx.Now()}
}

// recordHeld marks m held as rec says, checking its date, format, next date, notes
// and topics.
func recordHeld(tx *portfolio.Tx, m *portfolio.Meeting, rec MeetingRecord) error {
	today := tx.Today()
	m.Held = true
	m.Updated = tx.Now()
	switch {
	case !rec.Date.IsZero():
		m.Date = rec.Date
	case m.Date.IsZero() || m.Date > today:
		// A planned meeting held early is recorded on the day it was held.
		m.Date = today
	}
	if err := validate.CheckDate("meeting date", m.Date, true); err != nil {
		return err
	}
	if m.Date > today+1 {
		return fmt.Errorf("%w: the meeting date %s is in the future; record a meeting once it is held", portfolio.ErrInvalidDate, m.Date)
	}
	if rec.Format != 0 {
		m.Format = rec.Format
	}
	if m.Format == 0 {
		m.Format = portfolio.FormatOneToOne
	}
	if m.Format.String() == "" {
		return portfolio.Invalid("meeting format %d is unknown", rec.Format)
	}
	if err := validate.CheckDate("next meeting date", rec.NextDate, false); err != nil {
		return err
	}
	m.NextDate = rec.NextDate
	if err := checkNextDate(m, nil); err != nil {
		return err
	}
	m.Shared = rec.Shared
	m.Functions = meetingFunctions(tx, m.RelationshipID, rec.Functions)
	m.Notes = nil
	var err error
	for _, s := range rec.Notes {
		if s.Heading, err = validate.CleanLine("notes heading", s.Heading, validate.MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = validate.CleanText("notes under "+s.Heading, s.Body); err != nil {
			return err
		}
		m.Notes = append(m.Notes, s)
	}
	m.Topics, err = validate.NormalizeTags(rec.Topics)
	return err
}

// agreedActions makes the actions agreed at m, checked as AddAction would, and lists
// them on m.
func agreedActions(tx *portfolio.Tx, m *portfolio.Meeting, agreed []portfolio.Action) ([]*portfolio.Action, error) {
	var actions []*portfolio.Action
	now := tx.Now()
	for _, a := range agreed {
		a.ID = tx.NewID()
		a.Created, a.Updated = now, now
		a.MeetingID = m.ID
		if err := portfolio.Validate(tx, &a); err != nil {
			return nil, err
		}
		actions = append(actions, &a)
		m.AgreedActionIDs = append(m.AgreedActionIDs, a.ID)
	}
	return actions, nil
}

// AddRating validates and saves a set of self-ratings.
func AddRating(p *portfolio.Portfolio, r portfolio.Rating) (*portfolio.Rating, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		if err := portfolio.Validate(tx, &r); err != nil {
			return err
		}
		r.ID = tx.NewID()
		r.Created = tx.Now()
		return portfolio.Put(tx, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Ratings lists ratings of a kind, oldest first; relID "" means all relationships.
func Ratings(p *portfolio.Portfolio, kind portfolio.RatingKind, relID portfolio.ID) []*portfolio.Rating {
	var out []*portfolio.Rating
	for _, r := range portfolio.ListOf[portfolio.Rating](p) {
		if r.Kind == kind && (relID == "" || r.RelationshipID == relID) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *portfolio.Rating) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return a.Created.Compare(b.Created)
	})
	return out
}
