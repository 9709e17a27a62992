package mentorship

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// RatingChange is what may change in a self-rating. Scores merge into the rating's
// by item name (a unique start of the name will do); a score of 0 removes that
// item. A nil field is left as it is. The kind and relationship stay: they say what
// was rated.
type RatingChange struct {
	Scores []portfolio.Score
	Date   *calendar.Date
	Note   *string
	Stage  *string
}

// UpdateRating changes a self-rating, validated as a new rating is, and saves it in
// one write.
func UpdateRating(p *portfolio.Portfolio, id portfolio.ID, ch RatingChange) (*portfolio.Rating, error) {
	var r portfolio.Rating
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Rating](tx, id)
		if !ok {
			return fmt.Errorf("%w: no rating %s", portfolio.ErrNotFound, id)
		}
		r = *old
		r.Scores = slices.Clone(old.Scores)
		if err := changeRating(&r, ch); err != nil {
			return err
		}
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

// changeRating applies ch to r, refusing an item the rating's kind does not know.
func changeRating(r *portfolio.Rating, ch RatingChange) error {
	known := portfolio.MentorSkills
	if r.Kind == portfolio.RatingProgress {
		known = portfolio.ProgressOutcomes
	}
	for _, s := range ch.Scores {
		name, ok := record.MatchName(s.Name, known)
		if !ok {
			return portfolio.Invalid("%q is not one of: %s", s.Name, strings.Join(known, ", "))
		}
		i := slices.IndexFunc(r.Scores, func(o portfolio.Score) bool { return o.Name == name })
		switch {
		case s.Value == 0 && i < 0:
			return portfolio.Invalid("the rating has no score for %s to remove", name)
		case s.Value == 0:
			r.Scores = slices.Delete(r.Scores, i, i+1)
		case i < 0:
			r.Scores = append(r.Scores, portfolio.Score{Name: name, Value: s.Value})
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
		if !slices.Contains(portfolio.ProgressStages, *ch.Stage) {
			return portfolio.Invalid("a self-rating is taken at the start, middle or end, not %q", *ch.Stage)
		}
		r.Stage = *ch.Stage
	}
	return nil
}
