package portfolio

import (
	"fmt"
	"maps"
	"slices"

	"github.com/foliohq/folio/storage"
)

// SetAgreedActions changes which existing actions were agreed at a held meeting:
// the meeting's list and each affected action's link to it are written in one
// transaction, so one undo takes the change back whole.
func (p *Portfolio) SetAgreedActions(meetingID ID, actionIDs []ID) (*Meeting, error) {
	m, ok := p.meeting(meetingID)
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, meetingID)
	}
	return p.EditHeldMeeting(*m, actionIDs)
}

// EditHeldMeeting saves a changed copy of a held meeting, checked as UpdateMeeting
// checks one, with actionIDs as the actions agreed at it, all in one transaction.
// An action taken off the meeting keeps its place in the plan but loses its link to
// the meeting; one moved from another meeting of the same relationship leaves that
// meeting's list. Agreed actions now in the trash stay on the list, as links do.
func (p *Portfolio) EditHeldMeeting(m Meeting, actionIDs []ID) (*Meeting, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.m.meetings[m.ID]
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, m.ID)
	}
	if !old.Held {
		return nil, invalid("the meeting of %s is planned, not held: actions are agreed when it is recorded", old.Date)
	}
	sid, err := storageID(m.ID)
	if err != nil {
		return nil, err
	}
	now := p.now().UTC()
	m.Held, m.RelationshipID, m.Created, m.Updated = true, old.RelationshipID, old.Created, now
	want := dedupe(actionIDs)
	for _, id := range want {
		a, ok := p.actions[id]
		if !ok {
			return nil, fmt.Errorf("%w: no action %s to agree", ErrNotFound, id)
		}
		if o, ok := p.m.meetings[a.MeetingID]; ok && o.RelationshipID != old.RelationshipID {
			return nil, invalid("the action %q was agreed at a meeting of another relationship", a.What)
		}
	}
	// Validate with the live actions only: a trashed one cannot be checked, but its
	// link is kept rather than dropped unseen.
	m.AgreedActionIDs = want
	if err := p.validateMeeting(&m); err != nil {
		return nil, err
	}
	for _, id := range old.AgreedActionIDs {
		if _, live := p.actions[id]; !live && p.InTrash(id) {
			m.AgreedActionIDs = appendUnique(m.AgreedActionIDs, id)
		}
	}

	actions := map[ID]*Action{}
	others := map[ID]*Meeting{}
	for _, id := range want {
		a := p.actions[id]
		if a.MeetingID == m.ID {
			continue
		}
		if o, ok := p.m.meetings[a.MeetingID]; ok {
			c := *o
			if prev, ok := others[o.ID]; ok {
				c = *prev
			}
			c.AgreedActionIDs = slices.DeleteFunc(slices.Clone(c.AgreedActionIDs), func(x ID) bool { return x == id })
			c.Updated = now
			others[o.ID] = &c
		}
		c := *a
		c.MeetingID, c.Updated = m.ID, now
		actions[id] = &c
	}
	for _, id := range old.AgreedActionIDs {
		a, ok := p.actions[id]
		if !ok || slices.Contains(want, id) || a.MeetingID != m.ID {
			continue
		}
		c := *a
		c.MeetingID, c.Updated = "", now
		actions[id] = &c
	}

	// The meeting first, so the undo log describes the step by it; the rest in a
	// fixed order.
	ids := slices.Sorted(maps.Keys(actions))
	mids := slices.Sorted(maps.Keys(others))
	err = p.update(func(tx *storage.Tx) error {
		if err := tx.Put(collMeetings, sid, encodeMeeting(&m)); err != nil {
			return err
		}
		for _, id := range ids {
			if err := putAction(tx, actions[id]); err != nil {
				return err
			}
		}
		for _, mid := range mids {
			o := others[mid]
			osid, err := storageID(o.ID)
			if err != nil {
				return err
			}
			if err := tx.Put(collMeetings, osid, encodeMeeting(o)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id, a := range actions {
		p.actions[id] = a
	}
	for id, o := range others {
		p.m.meetings[id] = o
	}
	p.m.meetings[m.ID] = &m
	return &m, nil
}
