package portfolio

import (
	"fmt"
	"sync"
	"time"

	"github.com/foliohq/folio/storage"
)

// The lower-level store API: typed access to a kind's collection for the feature
// packages that own a concern the core only stores. The store API (store.go) serves
// the kinds kept in memory; what is here serves the rest, a record at a time, by the
// same table of kinds (kinds.go), so its collection, codec and rules stay the core's
// and the vault's format does not move with the code that uses it.

// Stored is a kind of record the core keeps in the vault alone, never in memory: a
// feature package writes one whole (PutStored) and reads them all when asked
// (LoadStored).
type Stored interface{ Evaluation }

// storedSpec is the table's row of a stored kind.
func storedSpec[T Stored]() kindSpec {
	s, ok := specOfRecord(new(T))
	if !ok || s.Check == nil || s.Mem != nil {
		panic("unreachable: the table has a row with rules and no map for every Stored kind")
	}
	return s
}

// PutStored checks v by the core's rules for its kind, the ones an import applies,
// against the records as they were when the transaction began, and writes it. v
// must have its ID (Tx.NewID for a new record).
func PutStored[T Stored](tx *Tx, v *T) error {
	stx, err := tx.writer("a record is written")
	if err != nil {
		return err
	}
	s := storedSpec[T]()
	if err := s.Check(links{tx.p}, v); err != nil {
		return err
	}
	sid, err := storageID(s.ID(v))
	if err != nil {
		return err
	}
	return stx.Put(s.Coll, sid, s.Encode(v))
}

// LoadStored reads every record of kind T from the vault, in no particular order,
// without taking the portfolio's lock: the vault reads one transaction. Records
// that fail to open or decode are returned as damage beside the rest.
func LoadStored[T Stored](p *Portfolio) ([]*T, []Damage, error) {
	s := storedSpec[T]()
	var out []*T
	var damaged []Damage
	// Load may call back from several goroutines at once.
	var mu sync.Mutex
	dmg, err := p.vault.Load(s.Coll, func(sid storage.ID, plain []byte) error {
		rec, err := s.Decode(ID(sid.String()), plain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			damaged = append(damaged, Damage{Collection: s.Coll, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		out = append(out, rec.(*T))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, append(damaged, dmg...), nil
}

// EachStoredHistory calls fn with every record's kept versions as the vault holds
// them, oldest first, live or in the trash, with the collection and kind they are
// of; collections that keep no history are passed over. It reads one vault
// transaction without taking the portfolio's lock. What fails to open is returned
// as damage beside the rest.
func (p *Portfolio) EachStoredHistory(fn func(coll string, kind Kind, sid storage.ID, vs []storage.Version) error) ([]Damage, error) {
	return p.vault.EachHistory(func(coll string, sid storage.ID, vs []storage.Version) error {
		kind, ok := historyKind(coll)
		if !ok {
			return nil
		}
		return fn(coll, kind, sid, vs)
	})
}

// DecodeVersion reads a stored version of the record id of kind as a Version, its
// record decoded. The record may share the version's plaintext, which the portfolio
// keeps until Close overwrites it, as it does the records read on demand.
func (p *Portfolio) DecodeVersion(kind Kind, id ID, v storage.Version) (Version, error) {
	return p.version(kind, id, v)
}

// The trash calls: what deleting a record (package history) reads and writes in one
// transaction. What a record takes with it is the table of kinds' (its owner rows).

// Title names the live record id of kind as a list of versions does; ok is false
// if there is none, as of the transaction's start.
func (tx *Tx) Title(kind Kind, id ID) (title string, ok bool) {
	s, found := specOf(kind)
	if !found || s.Has == nil || !s.Has(tx.p, id) {
		return "", false
	}
	if kind == KindEntry {
		return tx.p.entries[id].Meta().Title, true
	}
	return s.Title(s.Get(tx.p, id)), true
}

// Owned calls fn with every live record that the record id of kind owns, so that
// deleting it takes them along: a goal's actions, a relationship's meetings and
// ratings.
func (tx *Tx) Owned(kind Kind, id ID, fn func(ID, Kind)) {
	for _, o := range recordKinds() {
		if o.Owner == nil || o.OwnerKind != kind {
			continue
		}
		o.Each(tx.p, func(oid ID) {
			if o.Owner(o.Get(tx.p, oid)) == id {
				fn(oid, o.Kind)
			}
		})
	}
}

// Trash moves the record id of kind to the trash: it gets a tombstone version and
// leaves its collection, and the records in memory once the transaction commits.
func (tx *Tx) Trash(kind Kind, id ID) error {
	stx, err := tx.writer("a record is deleted")
	if err != nil {
		return err
	}
	s, ok := specOf(kind)
	if !ok {
		return invalid("records of kind %q cannot be deleted", kind)
	}
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	if err := stx.Delete(s.Coll, sid); err != nil {
		return err
	}
	p := tx.p
	tx.done = append(tx.done, func() { p.forget(kind, id) })
	return nil
}

// forget drops a deleted record of kind from memory.
func (p *Portfolio) forget(kind Kind, id ID) {
	if s, ok := specOf(kind); ok && s.Forget != nil {
		s.Forget(p, id)
	}
}

// RewriteEntries changes the entries ids in one transaction under the write lock,
// so a failure leaves every one as it was. For each, keep says from its metadata
// (its body perhaps not yet read) whether it changes; change then gets a copy of the
// whole entry, and the portfolio's clock in UTC, to change. The entries are not
// checked again by the rules for a saved one, so only what no rule reads (a flag,
// the time of the change) may change here. It returns how many entries it wrote;
// an ID with no entry is ErrNotFound and nothing is written.
func (p *Portfolio) RewriteEntries(ids []ID, keep func(meta *Entry) bool, change func(e *Entry, now time.Time)) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now().UTC()
	type rewrite struct {
		sid storage.ID
		e   *Entry
	}
	var changes []rewrite
	for _, id := range ids {
		ix, ok := p.entries[id]
		if !ok {
			return 0, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
		}
		if !keep(ix.Meta()) {
			continue
		}
		sid, err := storageID(id)
		if err != nil {
			return 0, err
		}
		// The whole entry: one opened from the catalogue holds only its metadata,
		// and saving that would drop the body.
		whole := p.whole(ix)
		if whole == nil {
			return 0, fmt.Errorf("%w: entry %s cannot be read", ErrDamaged, id)
		}
		e := *whole
		change(&e, now)
		changes = append(changes, rewrite{sid, &e})
	}
	if len(changes) == 0 {
		return 0, nil
	}
	err := p.update(func(tx *storage.Tx) error {
		for _, c := range changes {
			if err := tx.Put(collEntries, c.sid, encodeEntry(c.e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, c := range changes {
		p.remove(c.e.ID)
		p.insert(newIndexed(c.e))
	}
	return len(changes), nil
}
