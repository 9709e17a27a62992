package validate


// MaxOutcomeRefs is the most outcomes one entry may be mapped to.
const MaxOutcomeRefs = 100

// validateEntryMapping checks what an entry is mapped and linked to beyond goals and
// actions: its outcomes (well formed, each once) and its relationship. The caller
// holds p.mu, or validates a staged copy.
func (p *Portfolio) validateEntryMapping(e *Entry) error {
	if len(e.Outcomes) > MaxOutcomeRefs {
		return invalid("the entry is mapped to %d outcomes; the most is %d", len(e.Outcomes), MaxOutcomeRefs)
	}
	var out []OutcomeRef
	for _, o := range e.Outcomes {
		if _, err := ParseOutcomeRef(o.String()); err != nil {
			return err
		}
		if !slices.ContainsFunc(out, func(x OutcomeRef) bool { return sameOutcome(x, o) }) {
			out = append(out, o)
		}
	}
	e.Outcomes = out
	if e.RelationshipID != "" {
		if _, ok := p.m.relationships[e.RelationshipID]; !ok {
			return fmt.Errorf("%w: no relationship %s to link to", ErrNotFound, e.RelationshipID)
		}
	}
	return nil
}

func sameOutcome(a, b OutcomeRef) bool {
	return a.Framework == b.Framework && strings.EqualFold(a.Outcome, b.Outcome)
}

