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
	s, ok := specOf(kind)
	if !ok || !deletable(kind) {
		return nil, invalid("records of kind %q cannot be deleted", kind)
	}
	if !s.has(p, id) {
		return nil, fmt.Errorf("%w: no %s %s", ErrNotFound, s.word, id)
	}
	d := &Deletion{Kind: kind, ID: id, Deleted: map[Kind]int{}, gone: map[ID]Kind{}}
	gone := func(id ID, k Kind) {
		d.gone[id] = k
		d.Deleted[k]++
	}
	if kind == KindEntry {
		d.Title = p.entries[id].meta().Title
	} else {
		d.Title = s.title(s.get(p, id))
	}
	gone(id, kind)
	// What the table says goes with it: a goal's actions, a relationship's
	// meetings and ratings.
	for _, o := range recordKinds() {
		if o.owner == nil || o.ownerKind != kind {
			continue
		}
		o.each(p, func(oid ID) {
			if o.owner(o.get(p, oid)) == id {
				gone(oid, o.kind)
			}
		})
	}
	return d, nil
}

// deletable says whether a record of kind may be deleted on its own. Contacts are
// removed by name (package share); settings and questionnaires are not deleted.
func deletable(kind Kind) bool {
	switch kind {
	case KindEntry, KindGoal, KindAction, KindRelationship, KindMeeting, KindRating, KindReceived:
		return true
	}
	return false
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
		s, _ := specOf(k)
		if err := tx.Delete(s.coll, sid); err != nil {
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
	if s, ok := specOf(kind); ok && s.forget != nil {
		s.forget(p, id)
	}
}
