package evaluation

import (
	"cmp"
	"slices"

	"github.com/foliohq/folio/portfolio"
)

// Add validates and saves a filled-in questionnaire in one transaction.
func Add(p *portfolio.Portfolio, e portfolio.Evaluation) (*portfolio.Evaluation, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		e.ID = tx.NewID()
		e.Created = tx.Now()
		return portfolio.PutStored(tx, &e)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// List lists the filled-in questionnaires, oldest first. They are read from the
// vault when asked for, not at open: few people keep any, and fewer look at them.
// Records that fail to open or decode are returned as damage beside the rest.
func List(p *portfolio.Portfolio) ([]*portfolio.Evaluation, []portfolio.Damage, error) {
	out, damaged, err := portfolio.LoadStored[portfolio.Evaluation](p)
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(out, func(a, b *portfolio.Evaluation) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return a.Created.Compare(b.Created)
	})
	return out, damaged, nil
}
