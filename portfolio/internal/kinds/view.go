package kinds

import (
	"time"

	"github.com/foliohq/folio/portfolio/validate"
)

// View is one row of the table of record kinds as the generic code above the
// core sees it (portfolio.KindRow): what it may ask of a record of the kind, which it holds
// as a pointer to its type (*Entry, *Meeting, ..., *Settings) erased to any.
type View[P any] struct{ s Row[P] }

// View is the row as the generic code above the core sees it.
func (r Row[P]) View() View[P] { return View[P]{r} }

// Kind is the row's kind.
func (k View[P]) Kind() Kind { return k.s.Kind }

// Word names one record of the kind in an import's messages ("received document").
func (k View[P]) Word() string { return k.s.Word }

// Counts is the kind's line in an import's report ("received documents").
func (k View[P]) Counts() string { return k.s.Counts }

// NewRecord is an empty record of the kind, to decode into.
func (k View[P]) NewRecord() any { return k.s.New() }

// Is says rec is a record of the kind.
func (k View[P]) Is(rec any) bool { return k.s.Is(rec) }

// ID is the ID rec carries; "" for settings.
func (k View[P]) ID(rec any) ID { return k.s.ID(rec) }

// Encode is rec's plaintext as the vault holds it: two records are the same when
// their plaintexts are.
func (k View[P]) Encode(rec any) []byte { return k.s.Encode(rec) }

// Updated is when rec was last changed; false for a kind never edited.
func (k View[P]) Updated(rec any) (time.Time, bool) {
	if k.s.Updated == nil {
		return time.Time{}, false
	}
	return k.s.Updated(rec), true
}

// Check validates rec as an import does, asking l about its links (the archive
// package's staged copy of the vault).
func (k View[P]) Check(l validate.Links, rec any) error { return k.s.Check(l, rec) }

// Times are where rec keeps when it was created and last updated; updated is nil
// for a kind never edited, and both are nil for settings.
func (k View[P]) Times(rec any) (created, updated *time.Time) {
	if k.s.Times == nil {
		return nil, nil
	}
	return k.s.Times(rec)
}

// Owner is the record whose deletion takes rec along and whose restoring brings it
// back (a goal of its actions, a relationship of its meetings and ratings); "" for
// a kind that has none.
func (k View[P]) Owner(rec any) ID {
	if k.s.Owner == nil {
		return ""
	}
	return k.s.Owner(rec)
}

// Decode reads a record of the row's kind from its plaintext, which it may keep;
// its ID is id, whatever the plaintext says.
func (k View[P]) Decode(id ID, plain []byte) (any, error) { return k.s.Decode(id, plain) }

// Collection is the vault's collection of the row's kind.
func (k View[P]) Collection() string { return k.s.Coll }

// OwnerKind is the kind of the row's owner; "" for none.
func (k View[P]) OwnerKind() Kind { return k.s.OwnerKind }

// NeedsOwner says a record of the kind cannot be without its owner, so restoring
// it brings the owner back too (a meeting's or rating's relationship).
func (k View[P]) NeedsOwner() bool { return k.s.NeedsOwner }
