package mentorship

// AddRelationship validates and saves a new relationship.
func (p *Portfolio) AddRelationship(r Relationship) (*Relationship, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sid := storage.NewID()
	r.ID = ID(sid.String())
	r.Created = p.now().UTC()
	r.Updated = r.Created
	if err := p.validateRelationship(&r); err != nil {
		return nil, err
	}
	if err := p.put(collRelationships, sid, encodeRelationship(&r)); err != nil {
		return nil, err
	}
	p.m.relationships[r.ID] = &r
	return &r, nil
}

// UpdateRelationship saves a changed copy of a relationship.
func (p *Portfolio) UpdateRelationship(r Relationship) (*Relationship, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.m.relationships[r.ID]
	if !ok {
		return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, r.ID)
	}
	sid, err := storageID(r.ID)
	if err != nil {
		return nil, err
	}
	r.Created = old.Created
	r.Updated = p.now().UTC()
	if err := p.validateRelationship(&r); err != nil {
		return nil, err
	}
	if err := p.put(collRelationships, sid, encodeRelationship(&r)); err != nil {
		return nil, err
	}
	p.m.relationships[r.ID] = &r
	return &r, nil
}

// Relationship returns one relationship.
func (p *Portfolio) Relationship(id ID) (*Relationship, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, ok := p.m.relationships[id]
	return r, ok
}

// ActiveRelationship returns a relationship that has not ended.
func (p *Portfolio) ActiveRelationship(id ID) (*Relationship, error) {
	r, ok := p.Relationship(id)
	if !ok {
		return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, id)
	}
	if r.Status == RelEnded {
		return nil, invalid("the relationship %s ended on %s; reopen it before adding to it", r.Title(), r.EndedOn)
	}
	return r, nil
}

// Relationships lists relationships: active, then paused, then ended; newest first.
func (p *Portfolio) Relationships() []*Relationship {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]*Relationship, 0, len(p.m.relationships))
	for _, r := range p.m.relationships {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Relationship) int {
		if c := cmp.Compare(a.Status, b.Status); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Start, a.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Meetings lists a relationship's meetings by date ("" for all meetings).
func (p *Portfolio) Meetings(relID ID) []*Meeting {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []*Meeting
	for _, m := range p.m.meetings {
		if relID == "" || m.RelationshipID == relID {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b *Meeting) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Meeting returns one meeting.
func (p *Portfolio) Meeting(id ID) (*Meeting, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	m, ok := p.m.meetings[id]
	return m, ok
}

// MeetingRecord is what was said and agreed at a meeting.
type MeetingRecord struct {
	// MeetingID is the planned meeting being recorded; empty records a new one.
	MeetingID      ID
	RelationshipID ID
	Date           calendar.Date
	Format         MeetingFormat
	Notes          []Section
	Topics         []string
	// AgreedActions become real actions in the user's own action plan, under a
	// goal or standalone: as a mentor, the ones the mentor takes on.
	AgreedActions []Action
	// MenteeActions, for a relationship where the user is the mentor, are what the
	// mentee agreed to do: kept on the meeting, not in the mentor's plan.
	MenteeActions []AgreedAction
	NextDate      calendar.Date
	Shared        bool
	// Functions are the meeting's Proctor functions; none means the role's default.
	Functions Functions
}

// RecordMeeting saves a held meeting and creates its agreed actions, all in one
// transaction.
func (p *Portfolio) RecordMeeting(rec MeetingRecord) (*Meeting, []*Action, error) {
	if rec.MeetingID != "" {
		m, ok := p.Meeting(rec.MeetingID)
		if !ok {
			return nil, nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, rec.MeetingID)
		}
		rec.RelationshipID = m.RelationshipID
	}
	r, err := p.ActiveRelationship(rec.RelationshipID)
	if err != nil {
		return nil, nil, err
	}
	if len(rec.MenteeActions) > 0 && r.Role != RoleMentor {
		return nil, nil, invalid("only a mentor records a mentee's actions; in this relationship the actions agreed are your own")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now().UTC()
	m, sid, err := p.meetingToRecord(rec, now)
	if err != nil {
		return nil, nil, err
	}
	if err := p.recordHeld(&m, rec, now); err != nil {
		return nil, nil, err
	}
	if m.MenteeActions, err = menteeActions(rec.MenteeActions); err != nil {
		return nil, nil, err
	}
	actions, err := p.agreedActions(&m, rec.AgreedActions, now)
	if err != nil {
		return nil, nil, err
	}
	err = p.update(func(tx *storage.Tx) error {
		for _, a := range actions {
			if err := putAction(tx, a); err != nil {
				return err
			}
		}
		return tx.Put(collMeetings, sid, encodeMeeting(&m))
	})
	if err != nil {
		return nil, nil, err
	}
	for _, a := range actions {
		p.actions[a.ID] = a
	}
	p.m.meetings[m.ID] = &m
	return &m, actions, nil
}

// meetingToRecord is the planned meeting rec names, or a new one, and its key. The
// caller holds p.mu.
func (p *Portfolio) meetingToRecord(rec MeetingRecord, now time.Time) (Meeting, storage.ID, error) {
	if rec.MeetingID != "" {
		m := *p.m.meetings[rec.MeetingID]
		sid, err := storageID(m.ID)
		return m, sid, err
	}
	sid := storage.NewID()
	return Meeting{ID: ID(sid.String()), RelationshipID: rec.RelationshipID, Created: now}, sid, nil
}

// recordHeld marks m held as rec says, checking its date, format, next date, notes
// and topics.
func (p *Portfolio) recordHeld(m *Meeting, rec MeetingRecord, now time.Time) error {
	m.Held = true
	m.Updated = now
	switch {
	case !rec.Date.IsZero():
		m.Date = rec.Date
	case m.Date.IsZero() || m.Date > p.Today():
		// A planned meeting held early is recorded on the day it was held.
		m.Date = p.Today()
	}
	if err := CheckDate("meeting date", m.Date, true); err != nil {
		return err
	}
	if m.Date > p.Today()+1 {
		return fmt.Errorf("%w: the meeting date %s is in the future; record a meeting once it is held", ErrInvalidDate, m.Date)
	}
	if rec.Format != 0 {
		m.Format = rec.Format
	}
	if m.Format == 0 {
		m.Format = FormatOneToOne
	}
	if m.Format.String() == "" {
		return invalid("meeting format %d is unknown", rec.Format)
	}
	if err := CheckDate("next meeting date", rec.NextDate, false); err != nil {
		return err
	}
	if !rec.NextDate.IsZero() && rec.NextDate <= m.Date {
		return fmt.Errorf("%w: the next meeting %s is not after this one (%s)", ErrInvalidDate, rec.NextDate, m.Date)
	}
	m.NextDate = rec.NextDate
	m.Shared = rec.Shared
	m.Functions = p.meetingFunctions(m.RelationshipID, rec.Functions)
	m.Notes = nil
	var err error
	for _, s := range rec.Notes {
		if s.Heading, err = CleanLine("notes heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = cleanText("notes under "+s.Heading, s.Body); err != nil {
			return err
		}
		m.Notes = append(m.Notes, s)
	}
	m.Topics, err = NormalizeTags(rec.Topics)
	return err
}

// agreedActions makes the actions agreed at m, checked as AddAction would, and lists
// them on m.
func (p *Portfolio) agreedActions(m *Meeting, agreed []Action, now time.Time) ([]*Action, error) {
	var actions []*Action
	for _, a := range agreed {
		a.ID = ID(storage.NewID().String())
		a.Created, a.Updated = now, now
		a.MeetingID = m.ID
		if err := p.validateAction(&a); err != nil {
			return nil, err
		}
		actions = append(actions, &a)
		m.AgreedActionIDs = append(m.AgreedActionIDs, a.ID)
	}
	return actions, nil
}

// AddRating validates and saves a set of self-ratings.
func (p *Portfolio) AddRating(r Rating) (*Rating, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.validateRating(&r); err != nil {
		return nil, err
	}
	sid := storage.NewID()
	r.ID = ID(sid.String())
	r.Created = p.now().UTC()
	if err := p.put(collRatings, sid, encodeRating(&r)); err != nil {
		return nil, err
	}
	p.m.ratings[r.ID] = &r
	return &r, nil
}

// Ratings lists ratings of a kind, oldest first; relID "" means all relationships.
func (p *Portfolio) Ratings(kind RatingKind, relID ID) []*Rating {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []*Rating
	for _, r := range p.m.ratings {
		if r.Kind == kind && (relID == "" || r.RelationshipID == relID) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *Rating) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return a.Created.Compare(b.Created)
	})
	return out
}

