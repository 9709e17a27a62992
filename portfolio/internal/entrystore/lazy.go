package entrystore

import (
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
)

// WholeEntries returns the whole entries of list, in order, reading the bodies not
// yet read in one walk of the vault. An entry whose record fails to open or decode
// is left out and listed by Damaged, as it would have been at open. The caller
// holds es.mu, for reading or writing.
func (es *Store) WholeEntries(list []*indexed) []*Entry {
	return entryindex.Whole(list, es.readBodies)
}

// readBodies reads the records of ids and keeps each whole entry with its row.
func (es *Store) readBodies(ids []storage.ID) {
	entryindex.ReadBodies(es.vault, *es.entries, ids, es.KeepLazy, es.NoteDamage)
}

// KeepLazy keeps a record read on demand, whose bytes an entry's strings share:
// Close overwrites it.
func (es *Store) KeepLazy(plain []byte) {
	es.lazy.Lock()
	es.lazyOwned = append(es.lazyOwned, plain)
	es.lazy.Unlock()
}

// Whole is the whole entry of ix, or nil if its record cannot be read.
func (es *Store) Whole(ix *indexed) *Entry {
	if e := es.WholeEntries([]*indexed{ix}); len(e) == 1 {
		return e[0]
	}
	return nil
}

func (es *Store) NoteDamage(d Damage) {
	es.lazy.Lock()
	defer es.lazy.Unlock()
	for _, have := range es.lazyDamaged {
		if have.ID == d.ID && have.Collection == d.Collection {
			return
		}
	}
	es.lazyDamaged = append(es.lazyDamaged, d)
}

// EnsureBodies reads every body not yet read: a text search needs them all.
// Cheap once done.
func (es *Store) EnsureBodies() {
	es.mu.RLock()
	done := *es.bodies
	es.mu.RUnlock()
	if done {
		return
	}
	es.mu.Lock()
	defer es.mu.Unlock()
	if *es.bodies {
		return
	}
	es.WholeEntries(*es.byDate)
	entryindex.MakeWhole(*es.byDate)
	*es.bodies = true
}
