package portfolio

import (
	"github.com/foliohq/folio/templates"
)

// Questionnaire is a scheme's evaluation questionnaire (see package evaluation).
type Questionnaire = templates.Questionnaire
