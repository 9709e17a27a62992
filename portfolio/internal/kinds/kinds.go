// Package kinds is the machinery of the core's table of record kinds: a kind's row
// as its record type sees it (Of), erased for the generic code (Row) and as the
// packages above the core read it (View, which the core names KindRow), finding a
// row by kind, collection or record (Table), and the rows of every kind but
// entries (rows.go). The portfolio whose records in memory they read and write
// (P) is the core's, which builds the table (portfolio/kinds.go); history, undo,
// the trash, sync, the archive and its import loop over it instead of switching
// over kinds. Only the core imports it.
package kinds

import (
	"time"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// ID and Kind are the record types' names.
type (
	ID   = record.ID
	Kind = record.Kind
)

// Row is one record kind as the generic code sees it, over the portfolio P that
// keeps the records in memory. Records are passed as pointers to their type
// (*Entry, *Meeting, ...), erased to any. A row is made from a typed Of by its Row
// method.
type Row[P any] struct {
	Kind Kind
	Coll string
	// Word names one record in the importer's messages ("received document");
	// Counts is its line in an import's report ("received documents").
	Word, Counts string
	// Owned: decoding shares the plaintext, which Close overwrites (entries, goals,
	// actions); otherwise the record is a copy and the plaintext is cleared at once.
	Owned bool
	// New is an empty record, for decoding an archived version into; Is says a
	// record is of this kind.
	New func() any
	Is  func(any) bool
	// ID is the ID a record carries; "" for settings.
	ID func(any) ID
	// Encode is a record's plaintext as its collection holds it.
	Encode func(any) []byte
	// Decode reads a record from its plaintext; an owned kind may keep plain.
	Decode func(id ID, plain []byte) (any, error)
	// Title names a record in a list of versions.
	Title func(any) string
	// Check validates a record as an import does, asking l about its links (an
	// import's staged copy, portfolio/archive); Save as the store API's Validate
	// does, against p, nil for a kind it does not serve.
	Check func(l validate.Links, rec any) error
	Save  func(p P, rec any) error
	// Mem is the portfolio's map of the kind (a map[ID]*T), for the store API;
	// Fresh makes an empty one.
	Mem   func(p P) any
	Fresh func() any
	// In memory: Has says the record is live, Set puts it in (sid is its vault ID,
	// which settings keep), Put puts it in under its own ID, Get returns it (nil if
	// absent), Forget takes it out, Each calls fn with every ID. Nil for a kind kept
	// only in the vault (evaluations).
	Has    func(p P, id ID) bool
	Set    func(p P, sid storage.ID, rec any)
	Put    func(p P, rec any)
	Get    func(p P, id ID) any
	Forget func(p P, id ID)
	Each   func(p P, fn func(ID))
	// Owner is the record whose deletion takes this one along, of kind OwnerKind
	// (a goal's actions, a relationship's meetings and ratings), and restoring it
	// brings this one back; "" for none. NeedsOwner: the record cannot be without
	// it, so restoring this one brings the owner back too.
	Owner      func(any) ID
	OwnerKind  Kind
	NeedsOwner bool
	// For an import: Times are where a record's times are (updated nil for a kind
	// never edited); Updated is when it was last changed, nil for a kind never
	// edited, whose vault copy is always kept. Nil for settings.
	Times   func(rec any) (created, updated *time.Time)
	Updated func(any) time.Time
}

// Of is a kind's row as its record type T sees it.
type Of[P, T any] struct {
	Kind         Kind
	Coll         string
	Word, Counts string
	Owned        bool
	IDOf         func(*T) *ID // the address of a record's ID
	Encode       func(*T) []byte
	Decode       func([]byte, *T) error
	Title        func(*T) string
	// Check is an import's validation; Save the store API's (nil if it does not
	// serve the kind).
	Check func(validate.Links, *T) error
	Save  func(P, *T) error
	// Mem is the portfolio's map of the kind; nil for a kind kept only in the vault.
	Mem func(P) map[ID]*T
	// Owner: see Row.
	Owner      func(*T) ID
	OwnerKind  Kind
	NeedsOwner bool
	// Created and Updated are the record's times; Updated nil for a kind never edited.
	Created, Updated func(*T) *time.Time
}

// Row erases the row's types.
func (k Of[P, T]) Row() Row[P] {
	s := Row[P]{
		Kind: k.Kind, Coll: k.Coll, Word: k.Word, Counts: k.Counts, Owned: k.Owned,
		New:    func() any { return new(T) },
		Is:     func(r any) bool { _, ok := r.(*T); return ok },
		ID:     func(r any) ID { return *k.IDOf(r.(*T)) },
		Encode: func(r any) []byte { return k.Encode(r.(*T)) },
		Decode: func(rid ID, plain []byte) (any, error) {
			r := new(T)
			*k.IDOf(r) = rid
			err := k.Decode(plain, r)
			// The ID is the vault's key, whatever the plaintext says.
			*k.IDOf(r) = rid
			return r, err
		},
		Title: func(r any) string { return k.Title(r.(*T)) },
		Check: func(l validate.Links, r any) error { return k.Check(l, r.(*T)) },
		Times: func(r any) (*time.Time, *time.Time) {
			x := r.(*T)
			if k.Updated == nil {
				return k.Created(x), nil
			}
			return k.Created(x), k.Updated(x)
		},
	}
	if k.Updated != nil {
		s.Updated = func(r any) time.Time { return *k.Updated(r.(*T)) }
	}
	if k.Owner != nil {
		s.Owner = func(r any) ID { return k.Owner(r.(*T)) }
		s.OwnerKind, s.NeedsOwner = k.OwnerKind, k.NeedsOwner
	}
	if k.Save != nil {
		s.Save = func(p P, r any) error { return k.Save(p, r.(*T)) }
	}
	if k.Mem != nil {
		k.memory(&s)
	}
	return s
}

// memory fills in the row's calls on the portfolio's map of the kind.
func (k Of[P, T]) memory(s *Row[P]) {
	s.Mem = func(p P) any { return k.Mem(p) }
	s.Fresh = func() any { return map[ID]*T{} }
	s.Has = func(p P, id ID) bool { return k.Mem(p)[id] != nil }
	s.Set = func(p P, sid storage.ID, r any) { k.Mem(p)[ID(sid.String())] = r.(*T) }
	s.Forget = func(p P, id ID) { delete(k.Mem(p), id) }
	s.Put = func(p P, r any) {
		x := r.(*T)
		k.Mem(p)[*k.IDOf(x)] = x
	}
	s.Get = func(p P, id ID) any {
		if r := k.Mem(p)[id]; r != nil {
			return r
		}
		return nil
	}
	s.Each = func(p P, fn func(ID)) {
		for id := range k.Mem(p) {
			fn(id)
		}
	}
}

// Table is the rows, in the order an archive lists histories. It is shared: range
// over it, never write to it.
type Table[P any] []Row[P]

// ByKind is the row of a kind; false for a kind that keeps no history.
func (t Table[P]) ByKind(kind Kind) (Row[P], bool) {
	for _, s := range t {
		if s.Kind == kind {
			return s, true
		}
	}
	return Row[P]{}, false
}

// ByCollection is the row of a collection; false for one that keeps no history.
func (t Table[P]) ByCollection(coll string) (Row[P], bool) {
	for _, s := range t {
		if s.Coll == coll {
			return s, true
		}
	}
	return Row[P]{}, false
}

// ByRecord is the row of a record's type.
func (t Table[P]) ByRecord(rec any) (Row[P], bool) {
	for _, s := range t {
		if s.Is(rec) {
			return s, true
		}
	}
	return Row[P]{}, false
}

// Collections are the rows' collections, in order.
func (t Table[P]) Collections() []string {
	out := make([]string, 0, len(t))
	for _, s := range t {
		out = append(out, s.Coll)
	}
	return out
}
