package portfolio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage"
)

// Collections of the mentoring records and the settings.
const (
	collRelationships = "relationships"
	collMeetings      = "meetings"
	collRatings       = "ratings"
	collSettings      = "settings"
)

// Settings are the user's preferences kept in the vault.
type Settings struct {
	// Organisation is the user's own, to warn when a mentor is matched within it.
	Organisation string `json:"organisation,omitempty"`
	// RenewalDate is the next revalidation date, for readiness on the dashboard.
	RenewalDate Date `json:"renewal_date,omitempty"`
	// Topics the user added to the default meeting topics.
	Topics []string `json:"topics,omitempty"`
	// DateStyle is how documents write dates; empty means the default, long.
	DateStyle DateStyle `json:"date_style,omitempty"`
}

// mentoring holds the mentoring records in memory.
type mentoring struct {
	relationships map[ID]*Relationship
	meetings      map[ID]*Meeting
	ratings       map[ID]*Rating
	settings      Settings
	settingsID    storage.ID
}

func newMentoring() mentoring {
	return mentoring{relationships: map[ID]*Relationship{}, meetings: map[ID]*Meeting{}, ratings: map[ID]*Rating{}}
}

// loadRecords opens every record of a collection and decodes it into a new value
// placed with put; records that fail either step are listed as damaged.
func loadRecords[T any](p *Portfolio, coll string, decode func([]byte, *T) error, put func(ID, *T)) error {
	damaged, err := p.vault.Load(coll, func(sid storage.ID, plain []byte) error {
		v := new(T)
		// The decoders copy what they keep, so the record is overwritten at once.
		defer clear(plain)
		if err := decode(plain, v); err != nil {
			p.mu.Lock()
			p.damaged = append(p.damaged, Damage{Collection: coll, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			p.mu.Unlock()
			return nil
		}
		p.mu.Lock()
		put(ID(sid.String()), v)
		p.mu.Unlock()
		return nil
	})
	p.mu.Lock()
	p.damaged = append(p.damaged, damaged...)
	p.mu.Unlock()
	return err
}

func (p *Portfolio) loadMentoring() error {
	p.m = newMentoring()
	if err := loadRecords(p, collRelationships, decodeRelationship, func(id ID, r *Relationship) { r.ID = id; p.m.relationships[id] = r }); err != nil {
		return err
	}
	if err := loadRecords(p, collMeetings, decodeMeeting, func(id ID, m *Meeting) { m.ID = id; p.m.meetings[id] = m }); err != nil {
		return err
	}
	if err := loadRecords(p, collRatings, decodeRating, func(id ID, r *Rating) { r.ID = id; p.m.ratings[id] = r }); err != nil {
		return err
	}
	if err := loadRecords(p, collReceived, decodeReceived, func(id ID, d *Received) { d.ID = id; p.received[id] = d }); err != nil {
		return err
	}
	if err := loadRecords(p, collContacts, decodeContact, func(id ID, c *Contact) { c.ID = id; p.contacts[id] = c }); err != nil {
		return err
	}
	return loadRecords(p, collSettings, decodeSettings, func(id ID, s *Settings) {
		p.m.settings = *s
		p.m.settingsID, _ = storage.ParseID(string(id))
	})
}

// Settings returns the user's settings.
func (p *Portfolio) Settings() Settings {
	p.mu.RLock()
	defer p.mu.RUnlock()
	s := p.m.settings
	s.Topics = slices.Clone(s.Topics)
	return s
}

// SaveSettings validates and stores the settings.
func (p *Portfolio) SaveSettings(s Settings) error {
	if err := validateSettings(&s); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m.settingsID == (storage.ID{}) {
		p.m.settingsID = storage.NewID()
	}
	if err := p.put(collSettings, p.m.settingsID, encodeSettings(&s)); err != nil {
		return err
	}
	p.m.settings = s
	return nil
}

func validateSettings(s *Settings) error {
	var err error
	if s.Organisation, err = cleanLine("organisation", s.Organisation, MaxTitleRunes, false); err != nil {
		return err
	}
	if err := CheckDate("renewal date", s.RenewalDate, false); err != nil {
		return err
	}
	if s.DateStyle != "" {
		if s.DateStyle, err = ParseDateStyle(string(s.DateStyle)); err != nil {
			return err
		}
	}
	s.Topics, err = NormalizeTags(s.Topics)
	return err
}

// Topics are the default meeting topics and the user's own.
func (p *Portfolio) Topics() []string {
	out := slices.Clone(DefaultTopics)
	for _, t := range p.Settings().Topics {
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t) }) {
			out = append(out, t)
		}
	}
	return out
}

func (p *Portfolio) validateRelationship(r *Relationship) error {
	var err error
	if r.Role.String() == "" {
		return invalid("the relationship needs a role: mentee, mentor, peer-support or action-learning")
	}
	if r.Person, err = cleanLine("other person's name", r.Person, MaxTitleRunes, true); err != nil {
		return err
	}
	if r.Organisation, err = cleanLine("organisation", r.Organisation, MaxTitleRunes, false); err != nil {
		return err
	}
	if r.EndReason, err = cleanLine("reason for ending", r.EndReason, MaxTitleRunes*5, false); err != nil {
		return err
	}
	if r.Participants, err = cleanParticipants(r.Participants); err != nil {
		return err
	}
	if r.Start.IsZero() {
		r.Start = p.Today()
	}
	if err := CheckDate("start date", r.Start, true); err != nil {
		return err
	}
	if r.LengthMonths < 0 || r.LengthMonths > 120 {
		return invalid("a planned length of %d months is outside 0 to 120", r.LengthMonths)
	}
	if r.IntervalDays < 0 || r.IntervalDays > 366 {
		return invalid("meeting every %d days is outside 0 to 366", r.IntervalDays)
	}
	if r.Status == 0 {
		r.Status = RelActive
	}
	if r.Status.String() == "" {
		return invalid("relationship status %d is unknown", r.Status)
	}
	for i := range r.Agreement {
		s := &r.Agreement[i]
		if s.Heading, err = cleanLine("agreement heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = cleanText("agreement", s.Body); err != nil {
			return err
		}
	}
	if len(r.Agreement) > 0 && r.AgreedOn.IsZero() {
		r.AgreedOn = p.Today()
	}
	return CheckDate("date agreed", r.AgreedOn, false)
}

// SameOrganisation reports whether a relationship's organisation is the user's own:
// schemes avoid matching within one organisation, so folio warns, gently.
func (p *Portfolio) SameOrganisation(r *Relationship) bool {
	own := p.Settings().Organisation
	return own != "" && strings.EqualFold(strings.TrimSpace(r.Organisation), own)
}

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

// EndRelationship marks a relationship ended, with the reason.
func (p *Portfolio) EndRelationship(id ID, reason string) (*Relationship, error) {
	r, err := p.activeRelationship(id)
	if err != nil {
		return nil, err
	}
	c := *r
	c.Status = RelEnded
	c.EndReason = reason
	c.EndedOn = p.Today()
	return p.UpdateRelationship(c)
}

// Relationship returns one relationship.
func (p *Portfolio) Relationship(id ID) (*Relationship, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, ok := p.m.relationships[id]
	return r, ok
}

// activeRelationship returns a relationship that has not ended.
func (p *Portfolio) activeRelationship(id ID) (*Relationship, error) {
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

// MeetingStats are a relationship's meetings held against those planned, and what is next.
type MeetingStats struct {
	Held, Planned int
	// Last is the last meeting held; Upcoming the planned one not yet held.
	Last, Upcoming *Meeting
	// Next is the date of the next meeting, from the upcoming meeting or the last
	// meeting's agreed next date; zero if none is set.
	Next Date
}

// Stats summarises a relationship's meetings.
func (p *Portfolio) Stats(relID ID) MeetingStats {
	var s MeetingStats
	if r, ok := p.Relationship(relID); ok {
		s.Planned = r.PlannedMeetings()
	}
	for _, m := range p.Meetings(relID) {
		if m.Held {
			s.Held++
			s.Last = m
		} else if s.Upcoming == nil {
			s.Upcoming = m
		}
	}
	switch {
	case s.Upcoming != nil:
		s.Next = s.Upcoming.Date
	case s.Last != nil:
		s.Next = s.Last.NextDate
	}
	return s
}

// AgreedActions returns the actions agreed at a relationship's meetings.
func (p *Portfolio) AgreedActions(relID ID) []*Action {
	var out []*Action
	for _, m := range p.Meetings(relID) {
		for _, id := range m.AgreedActionIDs {
			if a, ok := p.Action(id); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

func (p *Portfolio) validateAgenda(items []AgendaItem) ([]AgendaItem, error) {
	out := make([]AgendaItem, 0, len(items))
	for i, it := range items {
		var err error
		if it.Text, err = cleanText(fmt.Sprintf("agenda item %d", i+1), it.Text); err != nil {
			return nil, err
		}
		if it.Question, err = cleanText(fmt.Sprintf("question of agenda item %d", i+1), it.Question); err != nil {
			return nil, err
		}
		switch it.LinkKind {
		case "":
			if strings.TrimSpace(it.Text) == "" {
				return nil, invalid("agenda item %d is empty", i+1)
			}
		case KindEntry:
			e, ok := p.entries[it.LinkID]
			if !ok {
				return nil, fmt.Errorf("%w: agenda item %d links to no entry %s", ErrNotFound, i+1, it.LinkID)
			}
			if !e.e.Offerable() {
				return nil, invalid("agenda item %d links to a private entry; private entries and a mentor's reflections never go on an agenda", i+1)
			}
		case KindGoal:
			if _, ok := p.goals[it.LinkID]; !ok {
				return nil, fmt.Errorf("%w: agenda item %d links to no goal %s", ErrNotFound, i+1, it.LinkID)
			}
		case KindAction:
			if _, ok := p.actions[it.LinkID]; !ok {
				return nil, fmt.Errorf("%w: agenda item %d links to no action %s", ErrNotFound, i+1, it.LinkID)
			}
		default:
			return nil, invalid("agenda item %d links to a %q, which is not an entry, goal or action", i+1, it.LinkKind)
		}
		out = append(out, it)
	}
	return out, nil
}

// SaveAgenda stores the agenda on the relationship's upcoming meeting, creating that
// meeting (on date, else the agreed next date, else today) if there is none.
func (p *Portfolio) SaveAgenda(relID ID, date Date, items []AgendaItem) (*Meeting, error) {
	if _, err := p.activeRelationship(relID); err != nil {
		return nil, err
	}
	stats := p.Stats(relID)
	p.mu.Lock()
	defer p.mu.Unlock()
	agenda, err := p.validateAgenda(items)
	if err != nil {
		return nil, err
	}
	var m Meeting
	var sid storage.ID
	if stats.Upcoming != nil {
		m = *stats.Upcoming
		if sid, err = storageID(m.ID); err != nil {
			return nil, err
		}
	} else {
		sid = storage.NewID()
		m = Meeting{ID: ID(sid.String()), RelationshipID: relID, Format: FormatOneToOne, Created: p.now().UTC()}
		m.Date = stats.Next
	}
	if !date.IsZero() {
		m.Date = date
	}
	if m.Date.IsZero() {
		m.Date = p.Today()
	}
	if err := CheckDate("meeting date", m.Date, true); err != nil {
		return nil, err
	}
	m.Agenda = agenda
	m.Updated = p.now().UTC()
	if err := p.put(collMeetings, sid, encodeMeeting(&m)); err != nil {
		return nil, err
	}
	p.m.meetings[m.ID] = &m
	return &m, nil
}

// Candidate is a proposed agenda item and why it is proposed.
type Candidate struct {
	Item   AgendaItem
	Title  string
	Reason string
}

// ProposeAgenda suggests what to bring to a relationship's next meeting: entries
// flagged to discuss or written since the last meeting, actions agreed last time and
// not done, overdue and open actions, and goals due for review. Private entries and a
// mentor's own reflections are never proposed.
func (p *Portfolio) ProposeAgenda(relID ID) ([]Candidate, error) {
	if _, ok := p.Relationship(relID); !ok {
		return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, relID)
	}
	stats := p.Stats(relID)
	var since Date
	if stats.Last != nil {
		since = stats.Last.Date
	}
	today := p.Today()
	var out []Candidate
	seen := map[ID]bool{}
	add := func(kind Kind, id ID, title, reason string) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Candidate{Item: AgendaItem{LinkKind: kind, LinkID: id}, Title: title, Reason: reason})
	}
	if stats.Last != nil {
		for _, id := range stats.Last.AgreedActionIDs {
			if a, ok := p.Action(id); ok && a.Status != ActionDone {
				add(KindAction, a.ID, a.What, "agreed last time, not done yet")
			}
		}
	}
	for _, a := range p.AllActions() {
		if a.Overdue(today) {
			add(KindAction, a.ID, a.What, "overdue since "+a.Due.String())
		}
	}
	for _, e := range p.Find(Query{}) {
		if !e.Offerable() {
			continue
		}
		switch {
		case e.Discuss:
			add(KindEntry, e.ID, e.Title, "flagged to discuss")
		case !since.IsZero() && e.Date > since:
			add(KindEntry, e.ID, e.Title, "written since the last meeting")
		}
	}
	for _, g := range p.Goals(GoalOpen) {
		switch {
		case p.ReadyForReview(g.ID):
			add(KindGoal, g.ID, g.Title, "every action done: due for review")
		case !g.Target.IsZero() && g.Target <= today+14:
			add(KindGoal, g.ID, g.Title, "target date "+g.Target.String())
		}
	}
	for _, a := range p.AllActions() {
		if a.Status != ActionDone {
			add(KindAction, a.ID, a.What, "open action")
		}
	}
	return out, nil
}

// MeetingRecord is what was said and agreed at a meeting.
type MeetingRecord struct {
	// MeetingID is the planned meeting being recorded; empty records a new one.
	MeetingID      ID
	RelationshipID ID
	Date           Date
	Format         MeetingFormat
	Notes          []Section
	Topics         []string
	// AgreedActions become real actions in the user's own action plan, under a
	// goal or standalone: as a mentor, the ones the mentor takes on.
	AgreedActions []Action
	// MenteeActions, for a relationship where the user is the mentor, are what the
	// mentee agreed to do: kept on the meeting, not in the mentor's plan.
	MenteeActions []AgreedAction
	NextDate      Date
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
	r, err := p.activeRelationship(rec.RelationshipID)
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
		if s.Heading, err = cleanLine("notes heading", s.Heading, MaxTitleRunes, true); err != nil {
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

// menteeActions checks what a mentee agreed, as their mentor records it.
func menteeActions(agreed []AgreedAction) ([]AgreedAction, error) {
	var out []AgreedAction
	for _, a := range agreed {
		what, err := cleanLine("the mentee's action", a.What, MaxTitleRunes, true)
		if err != nil {
			return nil, err
		}
		if err := CheckDate("due date of "+what, a.Due, false); err != nil {
			return nil, err
		}
		out = append(out, AgreedAction{What: what, Due: a.Due})
	}
	return out, nil
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

// validateRating checks a rating's kind, stage and scores, naming each score in full.
// The caller holds p.mu.
func (p *Portfolio) validateRating(r *Rating) error {
	var known []string
	switch r.Kind {
	case RatingSkills:
		known = MentorSkills
	case RatingProgress:
		known = ProgressOutcomes
		if !slices.Contains(ProgressStages, r.Stage) {
			return invalid("a progress self-assessment is taken at the start, middle or end, not %q", r.Stage)
		}
	default:
		return invalid("rating kind %d is unknown", r.Kind)
	}
	if len(r.Scores) == 0 {
		return invalid("the rating has no scores")
	}
	for i, s := range r.Scores {
		name, ok := matchName(s.Name, known)
		if !ok {
			return invalid("%q is not one of: %s", s.Name, strings.Join(known, ", "))
		}
		if s.Value < 1 || s.Value > 5 {
			return invalid("the score for %s is %d; scores run from 1 to 5", name, s.Value)
		}
		r.Scores[i].Name = name
	}
	var err error
	if r.Note, err = cleanText("note", r.Note); err != nil {
		return err
	}
	if r.RelationshipID != "" {
		if _, ok := p.m.relationships[r.RelationshipID]; !ok {
			return fmt.Errorf("%w: no relationship %s", ErrNotFound, r.RelationshipID)
		}
	}
	if r.Date.IsZero() {
		r.Date = p.Today()
	}
	return CheckDate("rating date", r.Date, true)
}

// matchName finds name among known, ignoring case and allowing a unique prefix.
// Names are compared in lower case, as parseUniquePrefix lowers what it is given:
// "goal setting (GROW)" must match itself.
func matchName(name string, known []string) (string, bool) {
	names := map[string]string{}
	for _, k := range known {
		names[k] = strings.ToLower(k)
	}
	return parseUniquePrefix(name, names)
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

// Trend returns each score name's values over time, in the order of ratings.
func Trend(ratings []*Rating) map[string][]int {
	out := map[string][]int{}
	for _, r := range ratings {
		for _, s := range r.Scores {
			out[s.Name] = append(out[s.Name], s.Value)
		}
	}
	return out
}

// AddSessionReflection saves a private entry reflecting on a meeting: for a mentor,
// what went well, skills used, what to do differently, boundaries, support needed.
// It is always private and never offered to the other party.
func (p *Portfolio) AddSessionReflection(meetingID ID, e Entry) (*Entry, error) {
	m, ok := p.Meeting(meetingID)
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, meetingID)
	}
	r, _ := p.Relationship(m.RelationshipID)
	e.MeetingID = meetingID
	e.Sharing = SharingPrivate
	e.Discuss = false
	if e.Functions.Empty() {
		e.Functions = Functions(Formative)
	}
	if strings.TrimSpace(e.Title) == "" && r != nil {
		e.Title = fmt.Sprintf("Session reflection: %s, %s", r.Person, m.Date)
	}
	if e.Date.IsZero() {
		e.Date = m.Date
	}
	return p.AddEntry(e)
}

// SessionReflections returns the reflections on a meeting.
func (p *Portfolio) SessionReflections(meetingID ID) []*Entry {
	var out []*Entry
	for _, e := range p.Find(Query{}) {
		if e.MeetingID == meetingID {
			out = append(out, e)
		}
	}
	return out
}

// AgendaPreview renders a meeting's agenda in Markdown as the other party would see
// it: free items and questions, and the titles of linked goals, actions and entries.
// Private entries and session reflections never appear, whatever links to them; a
// shareable entry's text is included, other entries show their title only.
func (p *Portfolio) AgendaPreview(meetingID ID) (string, error) {
	m, ok := p.Meeting(meetingID)
	if !ok {
		return "", fmt.Errorf("%w: no meeting %s", ErrNotFound, meetingID)
	}
	r, _ := p.Relationship(m.RelationshipID)
	var b strings.Builder
	fmt.Fprintf(&b, "# Agenda for %s", m.Date)
	if r != nil {
		fmt.Fprintf(&b, " with %s", r.Person)
	}
	b.WriteString("\n\n")
	n := 0
	for _, it := range m.Agenda {
		var line, detail string
		switch it.LinkKind {
		case "":
			line = it.Text
		case KindEntry:
			e, ok := p.Entry(it.LinkID)
			if !ok || !e.Offerable() {
				continue
			}
			line = fmt.Sprintf("%s (reflection, %s)", e.Title, e.Date)
			if e.Sharing == SharingShareable {
				detail = e.Text()
			}
		case KindGoal:
			g, ok := p.Goal(it.LinkID)
			if !ok {
				continue
			}
			done, total := p.Progress(g.ID)
			line = fmt.Sprintf("Goal: %s (%d of %d actions done)", g.Title, done, total)
		case KindAction:
			a, ok := p.Action(it.LinkID)
			if !ok {
				continue
			}
			line = "Action: " + a.What + " (" + a.Status.String()
			if !a.Due.IsZero() {
				line += ", due " + a.Due.String()
			}
			line += ")"
		}
		n++
		fmt.Fprintf(&b, "%d. %s\n", n, oneLine(line))
		if it.Text != "" && it.LinkKind != "" {
			fmt.Fprintf(&b, "   %s\n", oneLine(it.Text))
		}
		if it.Question != "" {
			fmt.Fprintf(&b, "   Question: %s\n", oneLine(it.Question))
		}
		if detail != "" {
			b.WriteString("\n")
			for _, l := range strings.Split(detail, "\n") {
				b.WriteString("   > " + l + "\n")
			}
			b.WriteString("\n")
		}
	}
	if n == 0 {
		b.WriteString("Nothing on the agenda yet.\n")
	}
	return b.String(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// DiscussedEntries are the entries still flagged "to discuss" that the meeting
// covered: those on its agenda, or, when its agenda named no entry, every flagged
// entry that could be offered to the other party, since those were waiting for
// it. The user is asked before any flag is cleared.
func (p *Portfolio) DiscussedEntries(meetingID ID) []*Entry {
	m, ok := p.Meeting(meetingID)
	if !ok {
		return nil
	}
	onAgenda := map[ID]bool{}
	for _, it := range m.Agenda {
		if it.LinkKind == KindEntry {
			onAgenda[it.LinkID] = true
		}
	}
	var out []*Entry
	for _, e := range p.Find(Query{}) {
		if !e.Discuss || !e.Offerable() {
			continue
		}
		if len(onAgenda) == 0 || onAgenda[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// ClearDiscuss takes the "to discuss" flag off the entries, all in one
// transaction, so a failure leaves every flag as it was. Entries not flagged are
// left alone; it returns how many changed.
func (p *Portfolio) ClearDiscuss(ids []ID) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now().UTC()
	type change struct {
		sid storage.ID
		e   *Entry
	}
	var changes []change
	for _, id := range ids {
		ix, ok := p.entries[id]
		if !ok {
			return 0, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
		}
		if !ix.e.Discuss {
			continue
		}
		sid, err := storageID(id)
		if err != nil {
			return 0, err
		}
		e := *ix.e
		e.Discuss = false
		e.Updated = now
		changes = append(changes, change{sid, &e})
	}
	if len(changes) == 0 {
		return 0, nil
	}
	err := p.update(func(tx *storage.Tx) error {
		for _, c := range changes {
			if err := tx.Put(collEntries, c.sid, encodeEntry(c.e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, c := range changes {
		p.remove(c.e.ID)
		p.insert(newIndexed(c.e))
	}
	return len(changes), nil
}
