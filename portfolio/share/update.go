package share

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
)

// ReceivedChange is what may change in a received document: its title and the
// relationship it is attached to. Its body, data and file name are what someone sent
// and never change. A nil field is left as it is.
type ReceivedChange struct {
	Title *string
	// RelationshipID set to "" detaches the document from any relationship.
	RelationshipID *portfolio.ID
}

// UpdateReceived changes a received document's title or relationship, validated as a
// received or imported document is, and saves it in one write.
func UpdateReceived(p *portfolio.Portfolio, id portfolio.ID, ch ReceivedChange) (*portfolio.Received, error) {
	var d portfolio.Received
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Received](tx, id)
		if !ok {
			return fmt.Errorf("%w: no received document %s", portfolio.ErrNotFound, id)
		}
		d = *old
		if ch.Title != nil {
			// A document kept untitled came that way; one renamed is given a title.
			title, err := validate.CleanLine("title", *ch.Title, validate.MaxTitleRunes, true)
			if err != nil {
				return err
			}
			d.Title = title
		}
		if ch.RelationshipID != nil {
			d.RelationshipID = *ch.RelationshipID
		}
		if err := portfolio.Validate(tx, &d); err != nil {
			return err
		}
		return portfolio.Put(tx, &d)
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}
