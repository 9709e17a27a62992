package portfolio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
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
	RenewalDate calendar.Date `json:"renewal_date,omitempty"`
	// Topics the user added to the default meeting topics.
	Topics []string `json:"topics,omitempty"`
	// DateStyle is how documents write dates; empty means the default, long.
	DateStyle DateStyle `json:"date_style,omitempty"`
	// HistoryDays keeps versions for that many days, erasing older ones when the
	// vault opens for writing; 0 keeps them forever (docs/HISTORY.md).
	HistoryDays int `json:"history_days,omitempty"`
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

// loadMentoring loads every kind kept in memory that decodes by copying (mentoring,
// received documents, contacts, settings); entries, goals and actions share the
// vault's plaintext and load with the portfolio. A record that fails to decode is
// listed as damaged.
func (p *Portfolio) loadMentoring() error {
	p.m = newMentoring()
	for _, s := range recordKinds() {
		if s.owned || s.set == nil {
			continue
		}
		if err := p.loadKind(s); err != nil {
			return err
		}
	}
	return nil
}

// loadKind opens every record of a kind's collection and puts it in memory.
func (p *Portfolio) loadKind(s kindSpec) error {
	damaged, err := p.vault.Load(s.coll, func(sid storage.ID, plain []byte) error {
		// The decoders copy what they keep, so the record is overwritten at once.
		defer clear(plain)
		rec, err := s.decode(ID(sid.String()), plain)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil {
			p.damaged = append(p.damaged, Damage{Collection: s.coll, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		s.set(p, sid, rec)
		return nil
	})
	p.mu.Lock()
	p.damaged = append(p.damaged, damaged...)
	p.mu.Unlock()
	return err
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
	if s.Organisation, err = CleanLine("organisation", s.Organisation, MaxTitleRunes, false); err != nil {
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
	if s.HistoryDays < 0 || s.HistoryDays > MaxHistoryDays {
		return invalid("history is kept for 0 days (forever) up to %d days, not %d", MaxHistoryDays, s.HistoryDays)
	}
	s.Topics, err = NormalizeTags(s.Topics)
	return err
}

func (p *Portfolio) validateRelationship(r *Relationship) error {
	var err error
	if r.Role.String() == "" {
		return invalid("the relationship needs a role: mentee, mentor, peer-support or action-learning")
	}
	if r.Person, err = CleanLine("other person's name", r.Person, MaxTitleRunes, true); err != nil {
		return err
	}
	if r.Organisation, err = CleanLine("organisation", r.Organisation, MaxTitleRunes, false); err != nil {
		return err
	}
	if r.EndReason, err = CleanLine("reason for ending", r.EndReason, MaxTitleRunes*5, false); err != nil {
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
		if s.Heading, err = CleanLine("agreement heading", s.Heading, MaxTitleRunes, true); err != nil {
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
			if !ok && !p.InTrash(it.LinkID) {
				return nil, fmt.Errorf("%w: agenda item %d links to no entry %s", ErrNotFound, i+1, it.LinkID)
			}
			if ok && !e.meta().Offerable() {
				return nil, invalid("agenda item %d links to a private entry; private entries and a mentor's reflections never go on an agenda", i+1)
			}
		case KindGoal:
			if _, ok := p.goals[it.LinkID]; !ok && !p.InTrash(it.LinkID) {
				return nil, fmt.Errorf("%w: agenda item %d links to no goal %s", ErrNotFound, i+1, it.LinkID)
			}
		case KindAction:
			if _, ok := p.actions[it.LinkID]; !ok && !p.InTrash(it.LinkID) {
				return nil, fmt.Errorf("%w: agenda item %d links to no action %s", ErrNotFound, i+1, it.LinkID)
			}
		default:
			return nil, invalid("agenda item %d links to a %q, which is not an entry, goal or action", i+1, it.LinkKind)
		}
		out = append(out, it)
	}
	return out, nil
}

// menteeActions checks what a mentee agreed, as their mentor records it.
func menteeActions(agreed []AgreedAction) ([]AgreedAction, error) {
	var out []AgreedAction
	for _, a := range agreed {
		what, err := CleanLine("the mentee's action", a.What, MaxTitleRunes, true)
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
		name, ok := record.MatchName(s.Name, known)
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
		if !ix.meta().Discuss {
			continue
		}
		sid, err := storageID(id)
		if err != nil {
			return 0, err
		}
		// The whole entry: one opened from the catalogue holds only its metadata,
		// and saving that would drop the body.
		whole := p.whole(ix)
		if whole == nil {
			return 0, fmt.Errorf("%w: entry %s cannot be read", ErrDamaged, id)
		}
		e := *whole
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

// relationship and meeting look one record up under the read lock, for the core's
// own checks; package mentorship has the exported operations.
func (p *Portfolio) relationship(id ID) (*Relationship, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, ok := p.m.relationships[id]
	return r, ok
}

func (p *Portfolio) meeting(id ID) (*Meeting, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	m, ok := p.m.meetings[id]
	return m, ok
}

// SettingsID is the settings record's ID, for its history; ok is false until the
// settings are first saved.
func (p *Portfolio) SettingsID() (id ID, ok bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.m.settingsID == (storage.ID{}) {
		return "", false
	}
	return ID(p.m.settingsID.String()), true
}
