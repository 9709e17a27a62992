package entryindex

import (
	"fmt"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// ID is the entry's ID.
func (ix *Slot) ID() ID { return ix.id }

// Date is the day the entry is about.
func (ix *Slot) Date() calendar.Date { return ix.date }

// Created is when the entry was written.
func (ix *Slot) Created() time.Time { return ix.created }

// Row is the entry's catalogue row, nil if it was made from the whole entry.
func (ix *Slot) Row() []byte { return ix.row }

// Decoded is the entry's metadata if its row has been decoded (or the slot was
// made from an entry), else nil; unlike Meta it decodes nothing.
func (ix *Slot) Decoded() *Entry { return ix.m.Load() }

// Keep says the entry's strings point into plain, its decrypted record, which
// Wipe overwrites.
func (ix *Slot) Keep(plain []byte) { ix.plain = plain }

// Wipe overwrites the decrypted record and the folded search text the slot
// keeps, when the portfolio closes.
func (ix *Slot) Wipe() {
	clear(ix.plain)
	clear(ix.Text)
}

// Entry is the whole entry, or nil if its body has not been read (or could not be).
func (ix *Slot) Entry() *Entry {
	if ix.whole {
		return ix.m.Load()
	}
	return ix.full.Load()
}

// Loader reads entry records from the vault (*storage.Vault implements it).
type Loader interface {
	LoadSome(collection string, ids []storage.ID, fn func(id storage.ID, stamp storage.Stamp, plain []byte) error) ([]storage.Damage, error)
}

// ReadBodies reads the records of ids and keeps each whole entry with its slot
// in byID. keep is given each record the entries' strings share, damage each
// record that fails to open or decode. Concurrent readers may read the same
// record twice; either copy is the same.
func ReadBodies(v Loader, byID map[ID]*Slot, ids []storage.ID, keep func(plain []byte), damage func(storage.Damage)) {
	damaged, err := v.LoadSome(catalogue.CollEntries, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
		ix := byID[ID(sid.String())]
		if ix == nil {
			return nil
		}
		e := &Entry{ID: ix.id}
		if err := record.DecodeEntryOwned(plain, e); err != nil {
			damage(storage.Damage{Collection: catalogue.CollEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", storage.ErrDamaged, err)})
			return nil
		}
		keep(plain)
		ix.full.Store(e)
		return nil
	})
	if err != nil {
		for _, id := range ids {
			damage(storage.Damage{Collection: catalogue.CollEntries, ID: id.String(), Err: err})
		}
		return
	}
	for _, d := range damaged {
		damage(d)
	}
}

// Whole returns the whole entries of list, in order, calling read with the IDs
// of the bodies not yet read (ReadBodies) in one walk of the vault. An entry
// whose record read does not make whole is left out.
func Whole(list []*Slot, read func([]storage.ID)) []*Entry {
	// Once the bodies are read, every entry is whole: one pass, since touching
	// each entry's memory is most of the cost for a long list.
	out := make([]*Entry, len(list))
	i := 0
	for ; i < len(list); i++ {
		e := list[i].Entry()
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
		if ix.Entry() == nil {
			if sid, err := storage.ParseID(string(ix.id)); err == nil {
				need = append(need, sid)
			}
		}
	}
	if len(need) > 0 {
		read(need)
	}
	out = out[:i]
	for _, ix := range list[i:] {
		if e := ix.Entry(); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// MakeWhole makes each slot of list whose body has been read whole, its
// metadata the whole entry. The caller holds the lock for writing.
func MakeWhole(list []*Slot) {
	for _, ix := range list {
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
}

// StorageIDs is the vault IDs of the entries of list, in order.
func StorageIDs(list []*Slot) []storage.ID {
	ids := make([]storage.ID, 0, len(list))
	for _, ix := range list {
		if sid, err := storage.ParseID(string(ix.id)); err == nil {
			ids = append(ids, sid)
		}
	}
	return ids
}
