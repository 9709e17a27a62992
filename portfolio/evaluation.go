package portfolio

import (
	"github.com/foliohq/folio/templates"
)

// collEvaluations holds the scheme evaluation questionnaires the user filled in.
const collEvaluations = "evaluations"

// Questionnaire is a scheme's evaluation questionnaire (see package evaluation).
type Questionnaire = templates.Questionnaire
