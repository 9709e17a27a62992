package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/record"
)

// Settings checks the user's settings, reading the date style as typed.
func Settings(s *record.Settings) error {
	var err error
	if s.Organisation, err = CleanLine("organisation", s.Organisation, MaxTitleRunes, false); err != nil {
		return err
	}
	if err := CheckDate("renewal date", s.RenewalDate, false); err != nil {
		return err
	}
	if s.DateStyle != "" {
		if s.DateStyle, err = record.ParseDateStyle(string(s.DateStyle)); err != nil {
			return err
		}
	}
	if s.HistoryDays < 0 || s.HistoryDays > record.MaxHistoryDays {
		return invalid("history is kept for 0 days (forever) up to %d days, not %d", record.MaxHistoryDays, s.HistoryDays)
	}
	s.Topics, err = NormalizeTags(s.Topics)
	return err
}

// Relationship checks a relationship and its agreement, filling in its start,
// status and the date agreed.
func Relationship(l Links, r *record.Relationship) error {
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
	if r.Participants, err = participants(r.Participants); err != nil {
		return err
	}
	if r.Start.IsZero() {
		r.Start = l.Today()
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
		r.Status = record.RelActive
	}
	if r.Status.String() == "" {
		return invalid("relationship status %d is unknown", r.Status)
	}
	for i := range r.Agreement {
		s := &r.Agreement[i]
		if s.Heading, err = CleanLine("agreement heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = CleanText("agreement", s.Body); err != nil {
			return err
		}
	}
	if len(r.Agreement) > 0 && r.AgreedOn.IsZero() {
		r.AgreedOn = l.Today()
	}
	return CheckDate("date agreed", r.AgreedOn, false)
}

// Agenda checks an agenda's items and their links: an item links to an entry
// that may be offered for discussion, a goal or an action.
func Agenda(l Links, items []record.AgendaItem) ([]record.AgendaItem, error) {
	out := make([]record.AgendaItem, 0, len(items))
	for i, it := range items {
		var err error
		if it.Text, err = CleanText(fmt.Sprintf("agenda item %d", i+1), it.Text); err != nil {
			return nil, err
		}
		if it.Question, err = CleanText(fmt.Sprintf("question of agenda item %d", i+1), it.Question); err != nil {
			return nil, err
		}
		switch it.LinkKind {
		case "":
			if strings.TrimSpace(it.Text) == "" {
				return nil, invalid("agenda item %d is empty", i+1)
			}
		case record.KindEntry:
			offerable, ok := l.Entry(it.LinkID)
			if !ok && !l.InTrash(it.LinkID) {
				return nil, fmt.Errorf("%w: agenda item %d links to no entry %s", record.ErrNotFound, i+1, it.LinkID)
			}
			if ok && !offerable {
				return nil, invalid("agenda item %d links to a private entry; private entries and a mentor's reflections never go on an agenda", i+1)
			}
		case record.KindGoal:
			if ok := l.HasGoal(it.LinkID); !ok && !l.InTrash(it.LinkID) {
				return nil, fmt.Errorf("%w: agenda item %d links to no goal %s", record.ErrNotFound, i+1, it.LinkID)
			}
		case record.KindAction:
			if ok := l.HasAction(it.LinkID); !ok && !l.InTrash(it.LinkID) {
				return nil, fmt.Errorf("%w: agenda item %d links to no action %s", record.ErrNotFound, i+1, it.LinkID)
			}
		default:
			return nil, invalid("agenda item %d links to a %q, which is not an entry, goal or action", i+1, it.LinkKind)
		}
		out = append(out, it)
	}
	return out, nil
}

// MenteeActions checks what a mentee agreed, as their mentor records it.
func MenteeActions(agreed []record.AgreedAction) ([]record.AgreedAction, error) {
	var out []record.AgreedAction
	for _, a := range agreed {
		what, err := CleanLine("the mentee's action", a.What, MaxTitleRunes, true)
		if err != nil {
			return nil, err
		}
		if err := CheckDate("due date of "+what, a.Due, false); err != nil {
			return nil, err
		}
		out = append(out, record.AgreedAction{What: what, Due: a.Due})
	}
	return out, nil
}

// Rating checks a rating's kind, stage and scores, naming each score in full.
func Rating(l Links, r *record.Rating) error {
	var known []string
	switch r.Kind {
	case record.RatingSkills:
		known = record.MentorSkills
	case record.RatingProgress:
		known = record.ProgressOutcomes
		if !slices.Contains(record.ProgressStages, r.Stage) {
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
	if r.Note, err = CleanText("note", r.Note); err != nil {
		return err
	}
	if r.RelationshipID != "" {
		if ok := l.HasRelationship(r.RelationshipID); !ok {
			return fmt.Errorf("%w: no relationship %s", record.ErrNotFound, r.RelationshipID)
		}
	}
	if r.Date.IsZero() {
		r.Date = l.Today()
	}
	return CheckDate("rating date", r.Date, true)
}
