package portfolio

import (
	"github.com/foliohq/folio/templates"
)

// Framework is a set of outcomes entries can be mapped to: the GPhC standards, or a
// curriculum's outcomes. See package templates for the file format.
type Framework = templates.Framework

// Outcome is one outcome of a framework.
type Outcome = templates.Outcome
