package mentorship

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// SetAgreedActions changes which existing actions were agreed at a held meeting:
// the meeting's list and each affected action's link to it are written in one
// transaction, so one undo takes the change back whole.
func SetAgreedActions(p *portfolio.Portfolio, meetingID portfolio.ID, actionIDs []portfolio.ID) (*portfolio.Meeting, error) {
	m, ok := Meeting(p, meetingID)
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", portfolio.ErrNotFound, meetingID)
	}
	return EditHeldMeeting(p, *m, actionIDs)
}

// EditHeldMeeting saves a changed copy of a held meeting, checked as UpdateMeeting
// checks one, with actionIDs as the actions agreed at it, all in one transaction.
// An action taken off the meeting keeps its place in the plan but loses its link to
// the meeting; one moved from another meeting of the same relationship leaves that
// meeting's list. Agreed actions now in the trash stay on the list, as links do.
func EditHeldMeeting(p *portfolio.Portfolio, m portfolio.Meeting, actionIDs []portfolio.ID) (*portfolio.Meeting, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		old, ok := portfolio.Get[portfolio.Meeting](tx, m.ID)
		if !ok {
			return fmt.Errorf("%w: no meeting %s", portfolio.ErrNotFound, m.ID)
		}
		if !old.Held {
			return portfolio.Invalid("the meeting of %s is planned, not held: actions are agreed when it is recorded", old.Date)
		}
		if err := checkNextDate(&m, old); err != nil {
			return err
		}
		now := tx.Now()
		m.Held, m.RelationshipID, m.Created, m.Updated = true, old.RelationshipID, old.Created, now
		want := dedupe(actionIDs)
		for _, id := range want {
			a, ok := portfolio.Get[portfolio.Action](tx, id)
			if !ok {
				return fmt.Errorf("%w: no action %s to agree", portfolio.ErrNotFound, id)
			}
			if o, ok := portfolio.Get[portfolio.Meeting](tx, a.MeetingID); ok && o.RelationshipID != old.RelationshipID {
				return portfolio.Invalid("the action %q was agreed at a meeting of another relationship", a.What)
			}
		}
		// Validate with the live actions only: a trashed one cannot be checked, but its
		// link is kept rather than dropped unseen.
		m.AgreedActionIDs = want
		if err := portfolio.Validate(tx, &m); err != nil {
			return err
		}
		for _, id := range old.AgreedActionIDs {
			if _, live := portfolio.Get[portfolio.Action](tx, id); !live && p.InTrash(id) && !slices.Contains(m.AgreedActionIDs, id) {
				m.AgreedActionIDs = append(slices.Clone(m.AgreedActionIDs), id)
			}
		}
		actions, others := relinked(tx, old, &m, want, now)
		// The meeting first, so the undo log describes the step by it; the rest in a
		// fixed order.
		if err := portfolio.Put(tx, &m); err != nil {
			return err
		}
		for _, id := range slices.Sorted(maps.Keys(actions)) {
			if err := portfolio.Put(tx, actions[id]); err != nil {
				return err
			}
		}
		for _, mid := range slices.Sorted(maps.Keys(others)) {
			if err := portfolio.Put(tx, others[mid]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// relinked are the actions whose link to a meeting changes when m, once old, has
// want agreed at it, and the other meetings that lose one of them.
func relinked(tx *portfolio.Tx, old, m *portfolio.Meeting, want []portfolio.ID, now time.Time) (map[portfolio.ID]*portfolio.Action, map[portfolio.ID]*portfolio.Meeting) {
	actions := map[portfolio.ID]*portfolio.Action{}
	others := map[portfolio.ID]*portfolio.Meeting{}
	for _, id := range want {
		a, _ := portfolio.Get[portfolio.Action](tx, id)
		if a.MeetingID == m.ID {
			continue
		}
		if o, ok := portfolio.Get[portfolio.Meeting](tx, a.MeetingID); ok {
			c := *o
			if prev, ok := others[o.ID]; ok {
				c = *prev
			}
			c.AgreedActionIDs = slices.DeleteFunc(slices.Clone(c.AgreedActionIDs), func(x portfolio.ID) bool { return x == id })
			c.Updated = now
			others[o.ID] = &c
		}
		c := *a
		c.MeetingID, c.Updated = m.ID, now
		actions[id] = &c
	}
	for _, id := range old.AgreedActionIDs {
		a, ok := portfolio.Get[portfolio.Action](tx, id)
		if !ok || slices.Contains(want, id) || a.MeetingID != m.ID {
			continue
		}
		c := *a
		c.MeetingID, c.Updated = "", now
		actions[id] = &c
	}
	return actions, others
}

// dedupe keeps the first of each ID, in order.
func dedupe(ids []portfolio.ID) []portfolio.ID {
	var out []portfolio.ID
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
