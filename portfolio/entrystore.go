package portfolio

import "github.com/foliohq/folio/storage"

// The entries' storage glue is entrystore's (p.es): the catalogue opened and its
// rows read when first needed, the listings from its chunks, the text index, the
// writes kept in step with them and bodies read on demand. These are the names
// the core's other files call it by.

// update runs fn in one durable transaction and, in the same transaction, brings
// the catalogue up to date with the entries fn put or deleted. Every write of the
// portfolio goes through it.
func (p *Portfolio) update(fn func(*storage.Tx) error) error { return p.es.Update(fn) }

// put stores one record through update.
func (p *Portfolio) put(collection string, id storage.ID, plain []byte) error {
	return p.es.Put(collection, id, plain)
}

// wholeEntries returns the whole entries of list, in order, reading the bodies
// not yet read; the caller holds p.mu.
func (p *Portfolio) wholeEntries(list []*indexed) []*Entry { return p.es.WholeEntries(list) }

// whole is the whole entry of ix, or nil if its record cannot be read.
func (p *Portfolio) whole(ix *indexed) *Entry { return p.es.Whole(ix) }

// buildIndex makes the whole text index and writes it; the caller holds p.mu.
func (p *Portfolio) buildIndex() error { return p.es.BuildIndex() }

// noteDamage lists a record read on demand that could not be opened, for Damaged.
func (p *Portfolio) noteDamage(d Damage) { p.es.NoteDamage(d) }
