package mentorship

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
)

// UpdateMeeting saves a changed copy of a meeting, checked as a whole.
func UpdateMeeting(p *portfolio.Portfolio, m portfolio.Meeting) (*portfolio.Meeting, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Meeting](tx, m.ID)
		if !ok {
			return fmt.Errorf("%w: no meeting %s", portfolio.ErrNotFound, m.ID)
		}
		m.Created = old.Created
		m.Updated = tx.Now()
		if err := checkNextDate(&m, old); err != nil {
			return err
		}
		if err := portfolio.Validate(tx, &m); err != nil {
			return err
		}
		return portfolio.Put(tx, &m)
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// AddMeeting validates and saves a new meeting, planned or held, checked as
// UpdateMeeting checks a changed one.
func AddMeeting(p *portfolio.Portfolio, m portfolio.Meeting) (*portfolio.Meeting, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		m.ID = tx.NewID()
		m.Created = tx.Now()
		m.Updated = m.Created
		if err := portfolio.Validate(tx, &m); err != nil {
			return err
		}
		return portfolio.Put(tx, &m)
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}
