package validate

import (
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/templates"
)

// Most answers one questionnaire may hold.
const MaxAnswers = 200

// Evaluation checks the record's shape; package evaluation checks the answers
// against the questionnaire before saving.
func Evaluation(l Links, e *record.Evaluation) error {
	if !slices.Contains(templates.EvaluationStages, e.Stage) {
		return invalid("an evaluation is filled in at the start or the end, not %q", e.Stage)
	}
	if !slices.Contains(templates.EvaluationRoles, e.Role) {
		return invalid("an evaluation is filled in as a mentee or a mentor, not %q", e.Role)
	}
	if e.RelationshipID != "" {
		if ok := l.HasRelationship(e.RelationshipID); !ok {
			return fmt.Errorf("%w: no relationship %s", record.ErrNotFound, e.RelationshipID)
		}
	}
	if e.Date.IsZero() {
		e.Date = l.Today()
	}
	if err := CheckDate("evaluation date", e.Date, true); err != nil {
		return err
	}
	if len(e.Answers) == 0 {
		return invalid("the questionnaire has no answers")
	}
	if len(e.Answers) > MaxAnswers {
		return invalid("the questionnaire has %d answers; the most is %d", len(e.Answers), MaxAnswers)
	}
	seen := map[string]bool{}
	for i := range e.Answers {
		a := &e.Answers[i]
		var err error
		if a.Item, err = CleanLine("item name", a.Item, MaxTitleRunes, true); err != nil {
			return err
		}
		if seen[a.Item] {
			return invalid("item %s is answered twice", a.Item)
		}
		seen[a.Item] = true
		if a.Choice, err = CleanLine("answer to "+a.Item, a.Choice, MaxTitleRunes, false); err != nil {
			return err
		}
		if a.Text, err = CleanText("answer to "+a.Item, a.Text); err != nil {
			return err
		}
		if (a.Choice == "") == (a.Text == "") {
			return invalid("item %s needs either a choice or a text answer", a.Item)
		}
	}
	return nil
}
