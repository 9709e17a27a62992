package history

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// ResolveRecord is the core's Resolve over every kind of record, ratings included.
func ResolveRecord(p *portfolio.Portfolio, prefix string) (ID, Kind, error) {
	id, kind, err := p.Resolve(prefix, "")
	want := strings.ToLower(strings.TrimSpace(prefix))
	if len(want) < portfolio.MinPrefix {
		return id, kind, err
	}
	var ratings []ID
	for _, r := range portfolio.ListOf[portfolio.Rating](p) {
		if strings.HasPrefix(string(r.ID), want) {
			ratings = append(ratings, r.ID)
		}
	}
	switch {
	case len(ratings) == 0:
		return id, kind, err
	case len(ratings) == 1 && err != nil && !portfolio.IsAmbiguous(err):
		return ratings[0], portfolio.KindRating, nil
	}
	return "", "", fmt.Errorf("%w: more than one record has an ID starting %q; type more of the ID", portfolio.ErrAmbiguousID, want)
}

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
	for _, k := range []Kind{portfolio.KindAction, portfolio.KindMeeting, portfolio.KindRating} {
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

// Includes says whether deleting the record moves the record id to the trash too.
func (d *Deletion) Includes(id ID) bool {
	_, ok := d.gone[id]
	return ok
}

// PlanDeletion says what deleting the record id of kind would move to the trash,
// changing nothing. A goal goes with its action plan; a relationship with its
// meetings and ratings. Links to what is deleted stay in the records that keep them
// (an entry's goal and action links, an agreed action's meeting, agenda items, a
// received document's relationship): their readers show the target as in the trash
// (InTrash), and restoring it mends them.
func PlanDeletion(p *portfolio.Portfolio, id ID, kind Kind) (*Deletion, error) {
	if kind == portfolio.KindEntry {
		// An entry owns nothing: its title is all the plan needs, and reading
		// it needs no other entry's row.
		e, ok := p.Entry(id)
		if !ok {
			return nil, fmt.Errorf("%w: no entry %s", portfolio.ErrNotFound, id)
		}
		return &Deletion{Kind: kind, ID: id, Title: e.Title, Deleted: map[Kind]int{kind: 1}, gone: map[ID]Kind{id: kind}}, nil
	}
	var d *Deletion
	err := p.View(func(tx *portfolio.Tx) error {
		var err error
		d, err = planDeletion(tx, id, kind)
		return err
	})
	return d, err
}

func planDeletion(tx *portfolio.Tx, id ID, kind Kind) (*Deletion, error) {
	row, ok := portfolio.KindOf(kind)
	if !ok || !deletable(kind) {
		return nil, portfolio.Invalid("records of kind %q cannot be deleted", kind)
	}
	title, ok := tx.Title(kind, id)
	if !ok {
		return nil, fmt.Errorf("%w: no %s %s", portfolio.ErrNotFound, row.Word(), id)
	}
	d := &Deletion{Kind: kind, ID: id, Title: title, Deleted: map[Kind]int{}, gone: map[ID]Kind{}}
	gone := func(id ID, k Kind) {
		d.gone[id] = k
		d.Deleted[k]++
	}
	gone(id, kind)
	// What the table says goes with it: a goal's actions, a relationship's
	// meetings and ratings.
	tx.Owned(kind, id, gone)
	return d, nil
}

// deletable says whether a record of kind may be deleted on its own. Contacts are
// removed by name (package share); settings and questionnaires are not deleted.
func deletable(kind Kind) bool {
	switch kind {
	case portfolio.KindEntry, portfolio.KindGoal, portfolio.KindAction, portfolio.KindRelationship, portfolio.KindMeeting, portfolio.KindRating, portfolio.KindReceived:
		return true
	}
	return false
}

// Delete moves the record id of kind, with what goes with it, to the trash, in one
// transaction (PlanDeletion says what).
func Delete(p *portfolio.Portfolio, id ID, kind Kind) (*Deletion, error) {
	if kind == portfolio.KindEntry {
		d, err := PlanDeletion(p, id, kind)
		if err != nil {
			return nil, err
		}
		if err := p.DeleteEntry(id); err != nil {
			return nil, err
		}
		return d, nil
	}
	var d *Deletion
	err := p.Update(func(tx *portfolio.Tx) error {
		var err error
		if d, err = planDeletion(tx, id, kind); err != nil {
			return err
		}
		for id, k := range d.gone {
			if err := tx.Trash(k, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
