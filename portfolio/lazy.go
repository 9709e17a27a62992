package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/storage"
)

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
