package portfolio

import (
	"errors"
	"fmt"
	"strings"

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

// Deletion is what deleting a record takes with it to the trash.
type Deletion struct {
	Kind  Kind
	ID    ID
	Title string
	// Deleted counts the records deleted, by kind, the record itself included.
	Deleted map[Kind]int

	gone map[ID]Kind
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

// PlanDeletion says what deleting the record id of kind would move to the trash,
// changing nothing. A goal goes with its action plan; a relationship with its
// meetings and ratings. Links to what is deleted stay in the records that keep them
// (an entry's goal and action links, an agreed action's meeting, agenda items, a
// received document's relationship): their readers show the target as in the trash
// (InTrash), and restoring it mends them.
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
		d.Title = ix.meta().Title
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
	return d, nil
}

// collectionOf is where records of a kind are stored.
var collectionOf = map[Kind]string{
	KindEntry: collEntries, KindGoal: collGoals, KindAction: collActions,
	KindRelationship: collRelationships, KindMeeting: collMeetings,
	KindRating: collRatings, KindReceived: collReceived,
}

// Delete moves the record id of kind, with what goes with it, to the trash, in one
// transaction (PlanDeletion says what).
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

// writeDeletion deletes the gone records in tx: each gets a tombstone version and
// leaves its live collection.
func writeDeletion(tx *storage.Tx, d *Deletion) error {
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

// applyDeletion brings the in-memory records in line with a stored deletion.
func (p *Portfolio) applyDeletion(d *Deletion) {
	for id, k := range d.gone {
		p.forget(k, id)
	}
}

// forget drops a deleted record of kind from memory.
func (p *Portfolio) forget(kind Kind, id ID) {
	switch kind {
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
	case KindSettings:
		p.m.settings, p.m.settingsID = Settings{}, storage.ID{}
	case KindContact:
		delete(p.contacts, id)
	}
}
