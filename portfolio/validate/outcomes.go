package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/record"
)

// MaxOutcomeRefs is the most outcomes one entry may be mapped to.
const MaxOutcomeRefs = 100

// entryMapping checks what an entry is mapped and linked to beyond goals and
// actions: its outcomes (well formed, each once) and its relationship.
func entryMapping(l Links, e *record.Entry) error {
	if len(e.Outcomes) > MaxOutcomeRefs {
		return invalid("the entry is mapped to %d outcomes; the most is %d", len(e.Outcomes), MaxOutcomeRefs)
	}
	var out []record.OutcomeRef
	for _, o := range e.Outcomes {
		if _, err := record.ParseOutcomeRef(o.String()); err != nil {
			return err
		}
		if !slices.ContainsFunc(out, func(x record.OutcomeRef) bool { return sameOutcome(x, o) }) {
			out = append(out, o)
		}
	}
	e.Outcomes = out
	if e.RelationshipID != "" {
		if ok := l.HasRelationship(e.RelationshipID); !ok {
			return fmt.Errorf("%w: no relationship %s to link to", record.ErrNotFound, e.RelationshipID)
		}
	}
	return nil
}

func sameOutcome(a, b record.OutcomeRef) bool {
	return a.Framework == b.Framework && strings.EqualFold(a.Outcome, b.Outcome)
}
