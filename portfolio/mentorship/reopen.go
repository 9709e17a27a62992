package mentorship

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
)

// ReopenRelationship makes an ended relationship active again, dropping its end
// date and reason; the ended version stays in its history.
func ReopenRelationship(p *portfolio.Portfolio, id portfolio.ID) (*portfolio.Relationship, error) {
	r, ok := Relationship(p, id)
	if !ok {
		return nil, fmt.Errorf("%w: no relationship %s", portfolio.ErrNotFound, id)
	}
	if r.Status != portfolio.RelEnded {
		return nil, portfolio.Invalid("the relationship with %s has not ended", r.Person)
	}
	c := *r
	c.Status, c.EndReason, c.EndedOn = portfolio.RelActive, "", 0
	return UpdateRelationship(p, c)
}
