package portfolio

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
	"github.com/foliohq/folio/templates"
)

// collEvaluations holds the scheme evaluation questionnaires the user filled in.
const collEvaluations = "evaluations"

// Questionnaire is a scheme's evaluation questionnaire (see package evaluation).
type Questionnaire = templates.Questionnaire
