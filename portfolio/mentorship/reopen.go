package portfolio

import "fmt"

// ReopenRelationship makes an ended relationship active again, dropping its end
// date and reason; the ended version stays in its history.
func (p *Portfolio) ReopenRelationship(id ID) (*Relationship, error) {
	r, ok := p.Relationship(id)
	if !ok {
		return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, id)
	}
	if r.Status != RelEnded {
		return nil, invalid("the relationship with %s has not ended", r.Person)
	}
	c := *r
	c.Status, c.EndReason, c.EndedOn = RelActive, "", 0
	return p.UpdateRelationship(c)
}
