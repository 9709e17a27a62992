package portfolio

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage"
)

// KindRating is a dated set of self-ratings. Resolve does not look among ratings;
// ResolveRecord does.
const KindRating Kind = "rating"

// ResolveRecord is Resolve over every kind of record, ratings included.
func (p *Portfolio) ResolveRecord(prefix string) (ID, Kind, error) {
	id, kind, err := p.Resolve(prefix, "")
	want := strings.ToLower(strings.TrimSpace(prefix))
	if len(want) < MinPrefix {
		return id, kind, err
	}
	p.mu.RLock()
	var ratings []ID
	for rid := range p.m.ratings {
		if strings.HasPrefix(string(rid), want) {
			ratings = append(ratings, rid)
		}
	}
	p.mu.RUnlock()
	switch {
	case len(ratings) == 0:
		return id, kind, err
	case len(ratings) == 1 && err != nil && !IsAmbiguous(err):
		return ratings[0], KindRating, nil
	}
	return "", "", fmt.Errorf("%w: more than one record has an ID starting %q; type more of the ID", ErrAmbiguousID, want)
}

// IsAmbiguous reports whether err says an ID prefix names more than one record.
func IsAmbiguous(err error) bool { return errors.Is(err, ErrAmbiguousID) }

// Deletion is what deleting a record takes with it, and what it unlinks.
type Deletion struct {
	Kind  Kind
	ID    ID
	Title string
	// Deleted counts the records deleted, by kind, the record itself included.
	Deleted map[Kind]int
	// Unlinked counts the records kept but changed to drop links to deleted ones.
	Unlinked int

	gone    map[ID]Kind
	entries []*Entry
	actions []*Action
	meets   []*Meeting
	recv    []*Received
}

// Others describes what goes with the record besides itself ("3 actions, 2 meetings"),
// or "" for nothing.
func (d *Deletion) Others() string {
	var parts []string
	for _, k := range []Kind{KindAction, KindMeeting, KindRating} {
		n := d.Deleted[k]
		if k == d.Kind {
			n--
		}
		if n > 0 {
			name := string(k)
			if n > 1 {
				name += "s"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, name))
		}
	}
	return strings.Join(parts, ", ")
}

// PlanDeletion says what deleting the record id of kind would delete and unlink,
// changing nothing. A goal goes with its action plan; a relationship with its
// meetings and ratings. Links to what is deleted are dropped from the records that
// stay (an entry's goal and action links, an agreed action's meeting, agenda items,
// a received document's relationship), so nothing is left pointing at nothing.
func (p *Portfolio) PlanDeletion(id ID, kind Kind) (*Deletion, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.planDeletion(id, kind)
}

func (p *Portfolio) planDeletion(id ID, kind Kind) (*Deletion, error) {
	d := &Deletion{Kind: kind, ID: id, Deleted: map[Kind]int{}, gone: map[ID]Kind{}}
	gone := func(id ID, k Kind) {
		d.gone[id] = k
		d.Deleted[k]++
	}
	switch kind {
	case KindEntry:
		ix, ok := p.entries[id]
		if !ok {
			return nil, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
		}
		d.Title = ix.e.Title
		gone(id, kind)
	case KindGoal:
		g, ok := p.goals[id]
		if !ok {
			return nil, fmt.Errorf("%w: no goal %s", ErrNotFound, id)
		}
		d.Title = g.Title
		gone(id, kind)
		for _, a := range p.actions {
			if a.GoalID == id {
				gone(a.ID, KindAction)
			}
		}
	case KindAction:
		a, ok := p.actions[id]
		if !ok {
			return nil, fmt.Errorf("%w: no action %s", ErrNotFound, id)
		}
		d.Title = a.What
		gone(id, kind)
	case KindRelationship:
		r, ok := p.m.relationships[id]
		if !ok {
			return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, id)
		}
		d.Title = r.Title()
		gone(id, kind)
		for _, m := range p.m.meetings {
			if m.RelationshipID == id {
				gone(m.ID, KindMeeting)
			}
		}
		for _, r := range p.m.ratings {
			if r.RelationshipID == id {
				gone(r.ID, KindRating)
			}
		}
	case KindMeeting:
		m, ok := p.m.meetings[id]
		if !ok {
			return nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, id)
		}
		d.Title = "meeting on " + m.Date.String()
		gone(id, kind)
	case KindReceived:
		r, ok := p.received[id]
		if !ok {
			return nil, fmt.Errorf("%w: no received document %s", ErrNotFound, id)
		}
		d.Title = r.Title
		gone(id, kind)
	case KindRating:
		r, ok := p.m.ratings[id]
		if !ok {
			return nil, fmt.Errorf("%w: no rating %s", ErrNotFound, id)
		}
		d.Title = fmt.Sprintf("%s rating on %s", r.Kind, r.Date)
		gone(id, kind)
	default:
		return nil, invalid("records of kind %q cannot be deleted", kind)
	}
	p.planUnlinks(d)
	return d, nil
}

// planUnlinks collects copies of the records that stay but link to deleted ones,
// with those links dropped.
func (p *Portfolio) planUnlinks(d *Deletion) {
	now := p.now().UTC()
	p.unlinkEntries(d, now)
	p.unlinkActions(d, now)
	p.unlinkMeetings(d, now)
	p.unlinkReceived(d)
	d.Unlinked = len(d.entries) + len(d.actions) + len(d.meets) + len(d.recv)
}

// isGone reports whether the deletion removes id.
func (d *Deletion) isGone(id ID) bool { _, ok := d.gone[id]; return ok }

// without is ids less those the deletion removes, nil when none are left.
func (d *Deletion) without(ids []ID) []ID {
	out := slices.DeleteFunc(slices.Clone(ids), d.isGone)
	if len(out) == 0 {
		return nil
	}
	return out
}

// unlinkEntries plans the entries that stay but name a deleted goal, action or meeting.
func (p *Portfolio) unlinkEntries(d *Deletion, now time.Time) {
	isGone := d.isGone
	for _, ix := range p.byDate {
		e := ix.e
		if isGone(e.ID) {
			continue
		}
		if slices.ContainsFunc(e.GoalIDs, isGone) || slices.ContainsFunc(e.ActionIDs, isGone) || e.MeetingID != "" && isGone(e.MeetingID) {
			whole := p.whole(ix)
			if whole == nil {
				// Rewriting it from its catalogue row would lose its text; Check
				// reports the damaged record and its link stays.
				continue
			}
			c := *whole
			c.GoalIDs, c.ActionIDs = d.without(e.GoalIDs), d.without(e.ActionIDs)
			if isGone(c.MeetingID) {
				c.MeetingID = ""
			}
			c.Updated = now
			d.entries = append(d.entries, &c)
		}
	}
}

// unlinkActions plans the actions that stay but name a deleted reflection or meeting.
func (p *Portfolio) unlinkActions(d *Deletion, now time.Time) {
	isGone := d.isGone
	for _, a := range p.actions {
		if isGone(a.ID) {
			continue
		}
		if a.ReflectionID != "" && isGone(a.ReflectionID) || a.MeetingID != "" && isGone(a.MeetingID) {
			c := *a
			if isGone(c.ReflectionID) {
				c.ReflectionID = ""
			}
			if isGone(c.MeetingID) {
				c.MeetingID = ""
			}
			c.Updated = now
			d.actions = append(d.actions, &c)
		}
	}
}

// unlinkMeetings plans the meetings that stay but agreed, or put on the agenda, a
// deleted record.
func (p *Portfolio) unlinkMeetings(d *Deletion, now time.Time) {
	isGone := d.isGone
	for _, m := range p.m.meetings {
		if isGone(m.ID) {
			continue
		}
		linked := func(it AgendaItem) bool { return it.LinkID != "" && isGone(it.LinkID) }
		if slices.ContainsFunc(m.AgreedActionIDs, isGone) || slices.ContainsFunc(m.Agenda, linked) {
			c := *m
			c.AgreedActionIDs = d.without(m.AgreedActionIDs)
			c.Agenda = slices.DeleteFunc(slices.Clone(m.Agenda), linked)
			if len(c.Agenda) == 0 {
				c.Agenda = nil
			}
			c.Updated = now
			d.meets = append(d.meets, &c)
		}
	}
}

// unlinkReceived plans the received documents filed under a deleted relationship.
func (p *Portfolio) unlinkReceived(d *Deletion) {
	for _, r := range p.received {
		if !d.isGone(r.ID) && r.RelationshipID != "" && d.isGone(r.RelationshipID) {
			c := *r
			c.RelationshipID = ""
			d.recv = append(d.recv, &c)
		}
	}
}

// collectionOf is where records of a kind are stored.
var collectionOf = map[Kind]string{
	KindEntry: collEntries, KindGoal: collGoals, KindAction: collActions,
	KindRelationship: collRelationships, KindMeeting: collMeetings,
	KindRating: collRatings, KindReceived: collReceived,
}

// Delete deletes the record id of kind with what goes with it, and drops links to
// them from the records that stay, all in one transaction (PlanDeletion says what).
func (p *Portfolio) Delete(id ID, kind Kind) (*Deletion, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, err := p.planDeletion(id, kind)
	if err != nil {
		return nil, err
	}
	if err := p.update(func(tx *storage.Tx) error { return writeDeletion(tx, d) }); err != nil {
		return nil, err
	}
	p.applyDeletion(d)
	return d, nil
}

// writeDeletion stores the unlinked copies and deletes the gone records in tx.
func writeDeletion(tx *storage.Tx, d *Deletion) error {
	put := func(coll string, id ID, data []byte) error {
		sid, err := storageID(id)
		if err != nil {
			return err
		}
		return tx.Put(coll, sid, data)
	}
	for _, e := range d.entries {
		if err := put(collEntries, e.ID, encodeEntry(e)); err != nil {
			return err
		}
	}
	for _, a := range d.actions {
		if err := putAction(tx, a); err != nil {
			return err
		}
	}
	for _, m := range d.meets {
		if err := put(collMeetings, m.ID, encodeMeeting(m)); err != nil {
			return err
		}
	}
	for _, r := range d.recv {
		if err := put(collReceived, r.ID, encodeReceived(r)); err != nil {
			return err
		}
	}
	for id, k := range d.gone {
		sid, err := storageID(id)
		if err != nil {
			return err
		}
		if err := tx.Delete(collectionOf[k], sid); err != nil {
			return err
		}
	}
	return nil
}

// applyDeletion brings the in-memory catalogue in line with a stored deletion.
func (p *Portfolio) applyDeletion(d *Deletion) {
	for _, e := range d.entries {
		p.remove(e.ID)
		p.insert(newIndexed(e))
	}
	for _, a := range d.actions {
		p.actions[a.ID] = a
	}
	for _, m := range d.meets {
		p.m.meetings[m.ID] = m
	}
	for _, r := range d.recv {
		p.received[r.ID] = r
	}
	for id, k := range d.gone {
		switch k {
		case KindEntry:
			p.remove(id)
		case KindGoal:
			delete(p.goals, id)
		case KindAction:
			delete(p.actions, id)
		case KindRelationship:
			delete(p.m.relationships, id)
		case KindMeeting:
			delete(p.m.meetings, id)
		case KindRating:
			delete(p.m.ratings, id)
		case KindReceived:
			delete(p.received, id)
		}
	}
}
