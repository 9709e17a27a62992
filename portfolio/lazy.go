package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/storage"
)

// entry is the whole entry, or nil if its body has not been read (or could not be).
func (ix *indexed) entry() *Entry {
	if ix.whole {
		return ix.m.Load()
	}
	return ix.full.Load()
}

// wholeEntries returns the whole entries of list, in order, reading the bodies not
// yet read in one walk of the vault. An entry whose record fails to open or decode
// is left out and listed by Damaged, as it would have been at open. The caller
// holds p.mu, for reading or writing.
func (p *Portfolio) wholeEntries(list []*indexed) []*Entry {
	// Once the bodies are read, every entry is whole: one pass, since touching
	// each entry's memory is most of the cost for a long list.
	out := make([]*Entry, len(list))
	i := 0
	for ; i < len(list); i++ {
		e := list[i].entry()
		if e == nil {
			break
		}
		out[i] = e
	}
	if i == len(list) {
		return out
	}
	var need []storage.ID
	for _, ix := range list[i:] {
		if ix.entry() == nil {
			if sid, err := storage.ParseID(string(ix.id)); err == nil {
				need = append(need, sid)
			}
		}
	}
	if len(need) > 0 {
		p.readBodies(need)
	}
	out = out[:i]
	for _, ix := range list[i:] {
		if e := ix.entry(); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// whole is the whole entry of ix, or nil if its record cannot be read.
func (p *Portfolio) whole(ix *indexed) *Entry {
	if e := p.wholeEntries([]*indexed{ix}); len(e) == 1 {
		return e[0]
	}
	return nil
}

// readBodies reads the records of ids and keeps each whole entry with its row.
// Concurrent readers may read the same record twice; either copy is the same.
func (p *Portfolio) readBodies(ids []storage.ID) {
	damaged, err := p.vault.LoadSome(collEntries, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
		ix := p.entries[ID(sid.String())]
		if ix == nil {
			return nil
		}
		e := &Entry{ID: ix.id}
		if err := decodeEntryOwned(plain, e); err != nil {
			p.noteDamage(Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		p.lazy.Lock()
		// The entry's strings share plain: Close overwrites it.
		p.lazyOwned = append(p.lazyOwned, plain)
		p.lazy.Unlock()
		ix.full.Store(e)
		return nil
	})
	if err != nil {
		for _, id := range ids {
			p.noteDamage(Damage{Collection: collEntries, ID: id.String(), Err: err})
		}
		return
	}
	for _, d := range damaged {
		p.noteDamage(d)
	}
}

func (p *Portfolio) noteDamage(d Damage) {
	p.lazy.Lock()
	defer p.lazy.Unlock()
	for _, have := range p.lazyDamaged {
		if have.ID == d.ID && have.Collection == d.Collection {
			return
		}
	}
	p.lazyDamaged = append(p.lazyDamaged, d)
}

// ensureBodies reads every body not yet read: a text search needs them all.
// Cheap once done.
func (p *Portfolio) ensureBodies() {
	p.mu.RLock()
	done := p.bodies
	p.mu.RUnlock()
	if done {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bodies {
		return
	}
	p.wholeEntries(p.byDate)
	for _, ix := range p.byDate {
		if ix.whole {
			continue
		}
		// No folded copy of the text is kept: the token index's build folds each
		// entry once as it reads it, and a search folds as it scans.
		if e := ix.full.Load(); e != nil {
			ix.m.Store(e)
			ix.whole = true
		}
	}
	p.bodies = true
}
