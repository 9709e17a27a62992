package portfolio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// RatingChange is what may change in a self-rating. Scores merge into the rating's
// by item name (a unique start of the name will do); a score of 0 removes that
// item. A nil field is left as it is. The kind and relationship stay: they say what
// was rated.
type RatingChange struct {
	Scores []Score
	Date   *calendar.Date
	Note   *string
	Stage  *string
}

// UpdateRating changes a self-rating, validated as a new rating is, and saves it in
// one write.
func (p *Portfolio) UpdateRating(id ID, ch RatingChange) (*Rating, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.m.ratings[id]
	if !ok {
		return nil, fmt.Errorf("%w: no rating %s", ErrNotFound, id)
	}
	sid, err := storageID(id)
	if err != nil {
		return nil, err
	}
	r := *old
	r.Scores = slices.Clone(old.Scores)
	known := MentorSkills
	if r.Kind == RatingProgress {
		known = ProgressOutcomes
	}
	for _, s := range ch.Scores {
		name, ok := matchName(s.Name, known)
		if !ok {
			return nil, invalid("%q is not one of: %s", s.Name, strings.Join(known, ", "))
		}
		i := slices.IndexFunc(r.Scores, func(o Score) bool { return o.Name == name })
		switch {
		case s.Value == 0 && i < 0:
			return nil, invalid("the rating has no score for %s to remove", name)
		case s.Value == 0:
			r.Scores = slices.Delete(r.Scores, i, i+1)
		case i < 0:
			r.Scores = append(r.Scores, Score{Name: name, Value: s.Value})
		default:
			r.Scores[i].Value = s.Value
		}
	}
	if ch.Date != nil {
		r.Date = *ch.Date
	}
	if ch.Note != nil {
		r.Note = *ch.Note
	}
	if ch.Stage != nil {
		// Checked for both kinds: rate asks a mentor for a stage too.
		if !slices.Contains(ProgressStages, *ch.Stage) {
			return nil, invalid("a self-rating is taken at the start, middle or end, not %q", *ch.Stage)
		}
		r.Stage = *ch.Stage
	}
	if err := p.validateRating(&r); err != nil {
		return nil, err
	}
	if err := p.put(collRatings, sid, record.EncodeRating(&r)); err != nil {
		return nil, err
	}
	p.m.ratings[id] = &r
	return &r, nil
}
