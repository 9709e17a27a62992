package portfolio

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// The store API: the narrow way a feature package (mentorship, share, ...) keeps its
// own record kinds' logic outside the core. A change runs in p.Update, which holds
// the write lock and one vault transaction (p.update, so the catalogue, the text
// index, the vault's ID sets and history stay in step); Put and Delete on a record
// kind write inside it and change the records in memory only once it commits. Reads
// run in p.View under the read lock, or inside an Update. Validation stays in the
// core (Validate), so a record is checked by the same rules on save and on import.

// Record is a kind of record the store API reads and writes.
type Record interface {
	Goal | Action | Relationship | Meeting | Rating | Contact | Received
}

// Tx is a change in progress (from Update) or a read (from View). It is valid only
// inside the function it was given to.
type Tx struct {
	p *Portfolio
	// stx is the vault transaction; nil in a View, where Put and Delete refuse.
	stx *storage.Tx
	// done are the in-memory changes of the Puts and Deletes, applied in order
	// once the transaction commits.
	done []func()
}

// Update runs fn in one vault transaction under the write lock. If fn returns an
// error, or the write fails, nothing is written and the records in memory are as
// they were.
func (p *Portfolio) Update(fn func(*Tx) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	tx := &Tx{p: p}
	err := p.update(func(stx *storage.Tx) error {
		tx.stx = stx
		defer func() { tx.stx = nil }()
		return fn(tx)
	})
	if err != nil {
		return err
	}
	for _, apply := range tx.done {
		apply()
	}
	return nil
}

// View runs fn under the read lock; Put and Delete inside it fail.
func (p *Portfolio) View(fn func(*Tx) error) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return fn(&Tx{p: p})
}

// Now is the portfolio's clock, in UTC as records keep it.
func (tx *Tx) Now() time.Time { return tx.p.now().UTC() }

// Today is the current calendar day in local time.
func (tx *Tx) Today() calendar.Date { return tx.p.Today() }

// NewID is a fresh record ID.
func (tx *Tx) NewID() ID { return ID(storage.NewID().String()) }

// spec is the table's row of a kind.
func spec[T Record]() kindSpec {
	s, ok := specOfRecord(new(T))
	if !ok || s.Save == nil || s.Mem == nil {
		panic("unreachable: the table has a row with a map and a Validate for every Record")
	}
	return s
}

// records is the in-memory map of a kind.
func records[T Record](p *Portfolio) map[ID]*T {
	return spec[T]().Mem(p).(map[ID]*T)
}

// Get returns the record of kind T with this ID, as it was when the transaction
// began.
func Get[T Record](tx *Tx, id ID) (*T, bool) {
	v, ok := records[T](tx.p)[id]
	return v, ok
}

// Lookup is Get in a read of its own. It needs only the records of kind T, kept
// in memory, so it does not read the entries' rows an open left unread: showing
// one entry names its goals, actions and mentor without reading every row.
func Lookup[T Record](p *Portfolio, id ID) (*T, bool) {
	p.mu.RawRLock()
	defer p.mu.RUnlock()
	v, ok := records[T](p)[id]
	return v, ok
}

// ListOf is every record of kind T, in no particular order, read as Lookup reads
// one: without the entries' rows.
func ListOf[T Record](p *Portfolio) []*T {
	p.mu.RawRLock()
	defer p.mu.RUnlock()
	return slices.Collect(maps.Values(records[T](p)))
}

// All yields every record of kind T, in no particular order, as they were when the
// transaction began.
func All[T Record](tx *Tx) iter.Seq[*T] {
	return maps.Values(records[T](tx.p))
}

// Put writes v, which must have its ID (Tx.NewID for a new record). The caller has
// validated it; v must not be changed afterwards, as the portfolio keeps it.
func Put[T Record](tx *Tx, v *T) error {
	if tx.stx == nil {
		return fmt.Errorf("%w: a record is written inside Update", ErrReadOnly)
	}
	s := spec[T]()
	coll, id, plain := s.Coll, s.ID(v), s.Encode(v)
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if err := tx.stx.Put(coll, sid, plain); err != nil {
		return err
	}
	m := records[T](tx.p)
	tx.done = append(tx.done, func() { m[id] = v })
	return nil
}

// Delete removes the record of kind T with this ID; it is kept in history as
// every deletion is.
func Delete[T Record](tx *Tx, id ID) error {
	if tx.stx == nil {
		return fmt.Errorf("%w: a record is deleted inside Update", ErrReadOnly)
	}
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if err := tx.stx.Delete(spec[T]().Coll, sid); err != nil {
		return err
	}
	m := records[T](tx.p)
	tx.done = append(tx.done, func() { delete(m, id) })
	return nil
}

// PutEntry validates a new or changed entry by the core's rules for a saved entry
// and writes it; it is indexed once the transaction commits. Entries are not a
// Record: they live in the catalogue and the indexes, which only the core keeps. It
// is for a change that writes an entry beside other records (an action done and
// its reflection), so the two are one transaction.
func PutEntry(tx *Tx, e *Entry) error {
	if tx.stx == nil {
		return fmt.Errorf("%w: an entry is written inside Update", ErrReadOnly)
	}
	if err := tx.p.validateEntry(e); err != nil {
		return err
	}
	sid, err := storageID(e.ID)
	if err != nil {
		return err
	}
	if err := tx.stx.Put(collEntries, sid, encodeEntry(e)); err != nil {
		return err
	}
	p := tx.p
	tx.done = append(tx.done, func() {
		p.remove(e.ID)
		p.insert(newIndexed(e))
	})
	return nil
}

// Validate checks v by the core's rules for its kind, the ones an import applies,
// filling in what they default (a relationship's start and status, a rating's date).
// A meeting is checked as recorded (held, or planned with an agenda).
func Validate[T Record](tx *Tx, v *T) error {
	return spec[T]().Save(tx.p, v)
}

// Invalid is an ErrInvalid error saying what is wrong, for feature packages' checks.
func Invalid(format string, args ...any) error { return invalid(format, args...) }
