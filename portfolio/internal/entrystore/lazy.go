package entrystore

import (
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
)

// WholeEntries returns the whole entries of list, in order, reading the bodies not
// yet read in one walk of the vault. An entry whose record fails to open or decode
// is left out and listed by Damaged, as it would have been at open. The caller
// holds p.mu, for reading or writing.
func (p *Store) WholeEntries(list []*indexed) []*Entry {
	return entryindex.Whole(list, p.readBodies)
}

// readBodies reads the records of ids and keeps each whole entry with its row.
func (p *Store) readBodies(ids []storage.ID) {
	entryindex.ReadBodies(p.vault, *p.entries, ids, p.KeepLazy, p.NoteDamage)
}

// KeepLazy keeps a record read on demand, whose bytes an entry's strings share:
// Close overwrites it.
func (p *Store) KeepLazy(plain []byte) {
	p.lazy.Lock()
	p.lazyOwned = append(p.lazyOwned, plain)
	p.lazy.Unlock()
}

// Whole is the whole entry of ix, or nil if its record cannot be read.
func (p *Store) Whole(ix *indexed) *Entry {
	if e := p.WholeEntries([]*indexed{ix}); len(e) == 1 {
		return e[0]
	}
	return nil
}

func (p *Store) NoteDamage(d Damage) {
	p.lazy.Lock()
	defer p.lazy.Unlock()
	for _, have := range p.lazyDamaged {
		if have.ID == d.ID && have.Collection == d.Collection {
			return
		}
	}
	p.lazyDamaged = append(p.lazyDamaged, d)
}

// EnsureBodies reads every body not yet read: a text search needs them all.
// Cheap once done.
func (p *Store) EnsureBodies() {
	p.mu.RLock()
	done := *p.bodies
	p.mu.RUnlock()
	if done {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if *p.bodies {
		return
	}
	p.WholeEntries(*p.byDate)
	entryindex.MakeWhole(*p.byDate)
	*p.bodies = true
}
