package goals

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// Actions returns a goal's action plan ("" for actions under no goal), by due date.
func Actions(p *portfolio.Portfolio, goalID portfolio.ID) []*portfolio.Action {
	var out []*portfolio.Action
	for _, a := range portfolio.ListOf[portfolio.Action](p) {
		if a.GoalID == goalID {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, compareActions)
	return out
}

// AllActions returns every action, by due date.
func AllActions(p *portfolio.Portfolio) []*portfolio.Action {
	out := portfolio.ListOf[portfolio.Action](p)
	slices.SortFunc(out, compareActions)
	if out == nil {
		out = []*portfolio.Action{}
	}
	return out
}

func compareActions(a, b *portfolio.Action) int {
	if c := compareDue(a.Due, b.Due); c != 0 {
		return c
	}
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Action returns the action with this ID.
func Action(p *portfolio.Portfolio, id portfolio.ID) (a *portfolio.Action, ok bool) {
	return portfolio.Lookup[portfolio.Action](p, id)
}

// DueActions returns actions not done that are overdue or due within days of today.
func DueActions(p *portfolio.Portfolio, days int) []*portfolio.Action {
	limit := p.Today() + calendar.Date(days)
	var out []*portfolio.Action
	for _, a := range AllActions(p) {
		if a.Status != portfolio.ActionDone && !a.Due.IsZero() && a.Due <= limit {
			out = append(out, a)
		}
	}
	return out
}

// AddAction validates and saves a new action step.
func AddAction(p *portfolio.Portfolio, a portfolio.Action) (*portfolio.Action, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		a.ID = tx.NewID()
		a.Created = tx.Now()
		a.Updated = a.Created
		if err := portfolio.Validate(tx, &a); err != nil {
			return err
		}
		if a.Status == portfolio.ActionDone && a.DoneOn.IsZero() {
			a.DoneOn = tx.Today()
		}
		return portfolio.Put(tx, &a)
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// UpdateAction saves a changed copy of an existing action.
func UpdateAction(p *portfolio.Portfolio, a portfolio.Action) (*portfolio.Action, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Action](tx, a.ID)
		if !ok {
			return fmt.Errorf("%w: no action %s", portfolio.ErrNotFound, a.ID)
		}
		a.Created = old.Created
		a.Updated = tx.Now()
		if err := portfolio.Validate(tx, &a); err != nil {
			return err
		}
		switch {
		case a.Status == portfolio.ActionDone && a.DoneOn.IsZero():
			a.DoneOn = tx.Today()
		case a.Status != portfolio.ActionDone:
			a.DoneOn = 0
		}
		return portfolio.Put(tx, &a)
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// SetActionStatus moves an action to todo, doing or done.
func SetActionStatus(p *portfolio.Portfolio, id portfolio.ID, s portfolio.ActionStatus) (*portfolio.Action, error) {
	a, ok := Action(p, id)
	if !ok {
		return nil, fmt.Errorf("%w: no action %s", portfolio.ErrNotFound, id)
	}
	c := *a
	c.Status = s
	return UpdateAction(p, c)
}

// DeleteAction moves an action step to the trash. Entries that reflected on it keep
// the link, which shows the action as in the trash until it is restored, and still
// validates (InTrash).
func DeleteAction(p *portfolio.Portfolio, id portfolio.ID) error {
	return p.Update(func(tx *portfolio.Tx) error {
		if _, ok := portfolio.Get[portfolio.Action](tx, id); !ok {
			return fmt.Errorf("%w: no action %s", portfolio.ErrNotFound, id)
		}
		return portfolio.Delete[portfolio.Action](tx, id)
	})
}

// CompleteAction marks an action done. If reflection is not nil it is saved as a
// formative entry linked to the action and its goal, in the same transaction, so the
// formative cycle is never left half-recorded.
func CompleteAction(p *portfolio.Portfolio, id portfolio.ID, reflection *portfolio.Entry) (*portfolio.Action, *portfolio.Entry, error) {
	var a portfolio.Action
	var e *portfolio.Entry
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Action](tx, id)
		if !ok {
			return fmt.Errorf("%w: no action %s", portfolio.ErrNotFound, id)
		}
		a = *old
		now := tx.Now()
		a.Status = portfolio.ActionDone
		a.Updated = now
		if a.DoneOn.IsZero() {
			a.DoneOn = tx.Today()
		}
		if reflection != nil {
			c := *reflection
			e = &c
			e.ID = tx.NewID()
			e.Created, e.Updated = now, now
			e.Functions = e.Functions.With(portfolio.Formative)
			if strings.TrimSpace(e.Title) == "" {
				e.Title = truncateRunes("Reflection: "+a.What, validate.MaxTitleRunes)
			}
			e.ActionIDs = appendUnique(e.ActionIDs, a.ID)
			if a.GoalID != "" {
				e.GoalIDs = appendUnique(e.GoalIDs, a.GoalID)
			}
			if err := portfolio.PutEntry(tx, e); err != nil {
				return err
			}
			a.ReflectionID = e.ID
		}
		return portfolio.Put(tx, &a)
	})
	if err != nil {
		return nil, nil, err
	}
	return &a, e, nil
}

// LinkReflection links an existing entry to a done action as its reflection.
func LinkReflection(p *portfolio.Portfolio, actionID, entryID portfolio.ID) (*portfolio.Action, error) {
	a, ok := Action(p, actionID)
	if !ok {
		return nil, fmt.Errorf("%w: no action %s", portfolio.ErrNotFound, actionID)
	}
	c := *a
	c.ReflectionID = entryID
	return UpdateAction(p, c)
}

// truncateRunes cuts s to at most n runes, marking a cut with an ellipsis.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func appendUnique(ids []portfolio.ID, id portfolio.ID) []portfolio.ID {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(slices.Clone(ids), id)
}
