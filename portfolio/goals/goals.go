// Package goals keeps learning goals and their action plans: goals added, edited,
// reviewed and listed, their action steps planned, done and reflected on, and what
// is due. Every change is one transaction of the core's store API (p.Update with
// portfolio.Validate and Put); the core keeps the types, their codec and the checks
// an import applies too.
package goals

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// Get returns the goal with this ID.
func Get(p *portfolio.Portfolio, id portfolio.ID) (g *portfolio.Goal, ok bool) {
	return portfolio.Lookup[portfolio.Goal](p, id)
}

// List lists goals with the given status (0 for all): open ones by target date
// (undated last), others most recently updated first.
func List(p *portfolio.Portfolio, status portfolio.GoalStatus) []*portfolio.Goal {
	var out []*portfolio.Goal
	for _, g := range portfolio.ListOf[portfolio.Goal](p) {
		if status == 0 || g.Status == status {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, compareGoals)
	return out
}

func compareGoals(a, b *portfolio.Goal) int {
	if c := cmp.Compare(a.Status, b.Status); c != 0 {
		return c
	}
	if a.Status == portfolio.GoalOpen {
		if c := compareDue(a.Target, b.Target); c != 0 {
			return c
		}
		return a.Created.Compare(b.Created)
	}
	return b.Updated.Compare(a.Updated)
}

// compareDue orders dates earliest first with no date last.
func compareDue(a, b calendar.Date) int {
	switch {
	case a == b:
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return cmp.Compare(a, b)
}

// Add validates and saves a new goal.
func Add(p *portfolio.Portfolio, g portfolio.Goal) (*portfolio.Goal, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		g.ID = tx.NewID()
		g.Created = tx.Now()
		g.Updated = g.Created
		if err := portfolio.Validate(tx, &g); err != nil {
			return err
		}
		return portfolio.Put(tx, &g)
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// Update saves a changed copy of an existing goal.
func Update(p *portfolio.Portfolio, g portfolio.Goal) (*portfolio.Goal, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Goal](tx, g.ID)
		if !ok {
			return fmt.Errorf("%w: no goal %s", portfolio.ErrNotFound, g.ID)
		}
		g.Created = old.Created
		g.Updated = tx.Now()
		if err := portfolio.Validate(tx, &g); err != nil {
			return err
		}
		return portfolio.Put(tx, &g)
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// SetStatus marks a goal open, achieved or dropped, with an optional review note.
func SetStatus(p *portfolio.Portfolio, id portfolio.ID, s portfolio.GoalStatus, review string) (*portfolio.Goal, error) {
	g, ok := Get(p, id)
	if !ok {
		return nil, fmt.Errorf("%w: no goal %s", portfolio.ErrNotFound, id)
	}
	c := *g
	c.Status = s
	if review != "" {
		c.Review = review
	}
	return Update(p, c)
}

// AddWithActions saves a new goal and its first action steps in one durable
// transaction, so a learning need is never left without its plan. The actions'
// GoalID is set to the new goal's.
func AddWithActions(p *portfolio.Portfolio, g portfolio.Goal, actions []portfolio.Action) (*portfolio.Goal, []*portfolio.Action, error) {
	saved := make([]*portfolio.Action, len(actions))
	err := p.Update(func(tx *portfolio.Tx) error {
		g.ID = tx.NewID()
		g.Created = tx.Now()
		g.Updated = g.Created
		if err := portfolio.Validate(tx, &g); err != nil {
			return err
		}
		for i := range actions {
			a := actions[i]
			a.ID = tx.NewID()
			// Checked without its goal, which is not kept until this commits.
			a.GoalID = ""
			a.Created, a.Updated = g.Created, g.Created
			if err := portfolio.Validate(tx, &a); err != nil {
				return fmt.Errorf("action plan step %d: %w", i+1, err)
			}
			a.GoalID = g.ID
			if a.Status == portfolio.ActionDone && a.DoneOn.IsZero() {
				a.DoneOn = tx.Today()
			}
			saved[i] = &a
		}
		if err := portfolio.Put(tx, &g); err != nil {
			return err
		}
		for _, a := range saved {
			if err := portfolio.Put(tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &g, saved, nil
}

// ReadyForReview reports whether an open goal has actions and all are done: time to
// review whether it was achieved.
func ReadyForReview(p *portfolio.Portfolio, goalID portfolio.ID) bool {
	g, ok := Get(p, goalID)
	done, total := Progress(p, goalID)
	return ok && g.Status == portfolio.GoalOpen && total > 0 && done == total
}

// Progress counts a goal's actions done and in all.
func Progress(p *portfolio.Portfolio, goalID portfolio.ID) (done, total int) {
	for _, a := range Actions(p, goalID) {
		total++
		if a.Status == portfolio.ActionDone {
			done++
		}
	}
	return done, total
}
