package portfolio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

func putAction(tx *storage.Tx, a *Action) error {
	sid, err := storageID(a.ID)
	if err != nil {
		return err
	}
	return tx.Put(collActions, sid, record.EncodeAction(a))
}

// Goal returns the goal with this ID.
func (p *Portfolio) Goal(id ID) (*Goal, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	g, ok := p.goals[id]
	return g, ok
}

// Goals lists goals with the given status (0 for all): open ones by target date
// (undated last), others most recently updated first.
func (p *Portfolio) Goals(status GoalStatus) []*Goal {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []*Goal
	for _, g := range p.goals {
		if status == 0 || g.Status == status {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, compareGoals)
	return out
}

func compareGoals(a, b *Goal) int {
	if c := cmp.Compare(a.Status, b.Status); c != 0 {
		return c
	}
	if a.Status == GoalOpen {
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

// AddGoal validates and saves a new goal.
func (p *Portfolio) AddGoal(g Goal) (*Goal, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sid := storage.NewID()
	g.ID = ID(sid.String())
	g.Created = p.now().UTC()
	g.Updated = g.Created
	if err := p.validateGoal(&g); err != nil {
		return nil, err
	}
	if err := p.put(collGoals, sid, record.EncodeGoal(&g)); err != nil {
		return nil, err
	}
	p.goals[g.ID] = &g
	return &g, nil
}

// UpdateGoal saves a changed copy of an existing goal.
func (p *Portfolio) UpdateGoal(g Goal) (*Goal, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.goals[g.ID]
	if !ok {
		return nil, fmt.Errorf("%w: no goal %s", ErrNotFound, g.ID)
	}
	sid, err := storageID(g.ID)
	if err != nil {
		return nil, err
	}
	g.Created = old.Created
	g.Updated = p.now().UTC()
	if err := p.validateGoal(&g); err != nil {
		return nil, err
	}
	if err := p.put(collGoals, sid, record.EncodeGoal(&g)); err != nil {
		return nil, err
	}
	p.goals[g.ID] = &g
	return &g, nil
}

// SetGoalStatus marks a goal open, achieved or dropped, with an optional review note.
func (p *Portfolio) SetGoalStatus(id ID, s GoalStatus, review string) (*Goal, error) {
	g, ok := p.Goal(id)
	if !ok {
		return nil, fmt.Errorf("%w: no goal %s", ErrNotFound, id)
	}
	c := *g
	c.Status = s
	if review != "" {
		c.Review = review
	}
	return p.UpdateGoal(c)
}

// Actions returns a goal's action plan ("" for actions under no goal), by due date.
func (p *Portfolio) Actions(goalID ID) []*Action {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []*Action
	for _, a := range p.actions {
		if a.GoalID == goalID {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, compareActions)
	return out
}

// AllActions returns every action, by due date.
func (p *Portfolio) AllActions() []*Action {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]*Action, 0, len(p.actions))
	for _, a := range p.actions {
		out = append(out, a)
	}
	slices.SortFunc(out, compareActions)
	return out
}

func compareActions(a, b *Action) int {
	if c := compareDue(a.Due, b.Due); c != 0 {
		return c
	}
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Action returns the action with this ID.
func (p *Portfolio) Action(id ID) (*Action, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	a, ok := p.actions[id]
	return a, ok
}

// Progress counts a goal's actions done and in all.
func (p *Portfolio) Progress(goalID ID) (done, total int) {
	for _, a := range p.Actions(goalID) {
		total++
		if a.Status == ActionDone {
			done++
		}
	}
	return done, total
}

// ReadyForReview reports whether an open goal has actions and all are done: time to
// review whether it was achieved.
func (p *Portfolio) ReadyForReview(goalID ID) bool {
	g, ok := p.Goal(goalID)
	done, total := p.Progress(goalID)
	return ok && g.Status == GoalOpen && total > 0 && done == total
}

// DueActions returns actions not done that are overdue or due within days of today.
func (p *Portfolio) DueActions(days int) []*Action {
	limit := p.Today() + calendar.Date(days)
	var out []*Action
	for _, a := range p.AllActions() {
		if a.Status != ActionDone && !a.Due.IsZero() && a.Due <= limit {
			out = append(out, a)
		}
	}
	return out
}

// AddAction validates and saves a new action step.
func (p *Portfolio) AddAction(a Action) (*Action, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a.ID = ID(storage.NewID().String())
	a.Created = p.now().UTC()
	a.Updated = a.Created
	if err := p.validateAction(&a); err != nil {
		return nil, err
	}
	if a.Status == ActionDone && a.DoneOn.IsZero() {
		a.DoneOn = p.Today()
	}
	if err := p.update(func(tx *storage.Tx) error { return putAction(tx, &a) }); err != nil {
		return nil, err
	}
	p.actions[a.ID] = &a
	return &a, nil
}

// UpdateAction saves a changed copy of an existing action.
func (p *Portfolio) UpdateAction(a Action) (*Action, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.actions[a.ID]
	if !ok {
		return nil, fmt.Errorf("%w: no action %s", ErrNotFound, a.ID)
	}
	a.Created = old.Created
	a.Updated = p.now().UTC()
	if err := p.validateAction(&a); err != nil {
		return nil, err
	}
	switch {
	case a.Status == ActionDone && a.DoneOn.IsZero():
		a.DoneOn = p.Today()
	case a.Status != ActionDone:
		a.DoneOn = 0
	}
	if err := p.update(func(tx *storage.Tx) error { return putAction(tx, &a) }); err != nil {
		return nil, err
	}
	p.actions[a.ID] = &a
	return &a, nil
}

// SetActionStatus moves an action to todo, doing or done.
func (p *Portfolio) SetActionStatus(id ID, s ActionStatus) (*Action, error) {
	a, ok := p.Action(id)
	if !ok {
		return nil, fmt.Errorf("%w: no action %s", ErrNotFound, id)
	}
	c := *a
	c.Status = s
	return p.UpdateAction(c)
}

// DeleteAction moves an action step to the trash. Entries that reflected on it keep
// the link, which shows the action as in the trash until it is restored, and still
// validates (InTrash).
func (p *Portfolio) DeleteAction(id ID) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.actions[id]; !ok {
		return fmt.Errorf("%w: no action %s", ErrNotFound, id)
	}
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if err := p.update(func(tx *storage.Tx) error { return tx.Delete(collActions, sid) }); err != nil {
		return err
	}
	delete(p.actions, id)
	return nil
}

// CompleteAction marks an action done. If reflection is not nil it is saved as a
// formative entry linked to the action and its goal, in the same transaction, so the
// formative cycle is never left half-recorded.
func (p *Portfolio) CompleteAction(id ID, reflection *Entry) (*Action, *Entry, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.actions[id]
	if !ok {
		return nil, nil, fmt.Errorf("%w: no action %s", ErrNotFound, id)
	}
	a := *old
	now := p.now().UTC()
	a.Status = ActionDone
	a.Updated = now
	if a.DoneOn.IsZero() {
		a.DoneOn = p.Today()
	}
	var e *Entry
	var esid storage.ID
	if reflection != nil {
		c := *reflection
		e = &c
		esid = storage.NewID()
		e.ID = ID(esid.String())
		e.Created, e.Updated = now, now
		e.Functions = e.Functions.With(Formative)
		if strings.TrimSpace(e.Title) == "" {
			e.Title = truncateRunes("Reflection: "+a.What, MaxTitleRunes)
		}
		e.ActionIDs = appendUnique(e.ActionIDs, a.ID)
		if a.GoalID != "" {
			e.GoalIDs = appendUnique(e.GoalIDs, a.GoalID)
		}
		if err := p.validateEntry(e); err != nil {
			return nil, nil, err
		}
		a.ReflectionID = e.ID
	}
	err := p.update(func(tx *storage.Tx) error {
		if e != nil {
			if err := tx.Put(collEntries, esid, encodeEntry(e)); err != nil {
				return err
			}
		}
		return putAction(tx, &a)
	})
	if err != nil {
		return nil, nil, err
	}
	p.actions[a.ID] = &a
	if e != nil {
		p.insert(newIndexed(e))
	}
	return &a, e, nil
}

// LinkReflection links an existing entry to a done action as its reflection.
func (p *Portfolio) LinkReflection(actionID, entryID ID) (*Action, error) {
	a, ok := p.Action(actionID)
	if !ok {
		return nil, fmt.Errorf("%w: no action %s", ErrNotFound, actionID)
	}
	c := *a
	c.ReflectionID = entryID
	return p.UpdateAction(c)
}

// truncateRunes cuts s to at most n runes, marking a cut with an ellipsis.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func appendUnique(ids []ID, id ID) []ID {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(slices.Clone(ids), id)
}

// AddGoalWithActions saves a new goal and its first action steps in one durable
// transaction, so a learning need is never left without its plan. The actions'
// GoalID is set to the new goal's.
func (p *Portfolio) AddGoalWithActions(g Goal, actions []Action) (*Goal, []*Action, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	gsid := storage.NewID()
	g.ID = ID(gsid.String())
	g.Created = p.now().UTC()
	g.Updated = g.Created
	if err := p.validateGoal(&g); err != nil {
		return nil, nil, err
	}
	saved := make([]*Action, len(actions))
	for i := range actions {
		a := actions[i]
		a.ID = ID(storage.NewID().String())
		a.GoalID = ""
		a.Created, a.Updated = g.Created, g.Created
		if err := p.validateAction(&a); err != nil {
			return nil, nil, fmt.Errorf("action plan step %d: %w", i+1, err)
		}
		a.GoalID = g.ID
		if a.Status == ActionDone && a.DoneOn.IsZero() {
			a.DoneOn = p.Today()
		}
		saved[i] = &a
	}
	err := p.update(func(tx *storage.Tx) error {
		if err := tx.Put(collGoals, gsid, record.EncodeGoal(&g)); err != nil {
			return err
		}
		for _, a := range saved {
			if err := putAction(tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	p.goals[g.ID] = &g
	for _, a := range saved {
		p.actions[a.ID] = a
	}
	return &g, saved, nil
}
