package entryindex

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// EachMeta passes fn the metadata of each slot of list, in order, and returns
// their IDs. A slot's row not yet decoded is decoded for the call into one
// scratch entry, not cached on the slot as Meta would: fn keeps none.
func EachMeta(list []*Slot, fn func(*Entry)) []ID {
	ids := make([]ID, 0, len(list))
	var scratch Entry
	for _, ix := range list {
		m := ix.m.Load()
		if m == nil {
			scratch = Entry{}
			_ = record.DecodeEntryOwned(ix.row, &scratch)
			scratch.ID, scratch.Date, scratch.Created = ix.id, ix.date, ix.created
			m = &scratch
		}
		fn(m)
		ids = append(ids, ix.id)
	}
	return ids
}

// EachBatch reads the whole entries of ids in their order, n at a time, with
// read (ReadBatch under the caller's lock), and passes each batch to fn, from the
// caller's goroutine, one batch at a time; a batch's decrypted records are
// overwritten once fn returns. fn's error, or read's, stops the walk and is
// returned.
func EachBatch(ids []ID, n int, read func([]ID) ([]*Entry, [][]byte, error), fn func([]*Entry) error) error {
	n = max(n, 1)
	type batch struct {
		entries []*Entry
		plains  [][]byte
		err     error
	}
	// The next batch is read while fn works on this one: two batches in memory,
	// and the vault's reads off the export's path.
	readAt := func(start int) chan batch {
		ch := make(chan batch, 1)
		go func() {
			es, plains, err := read(ids[start:min(start+n, len(ids))])
			ch <- batch{es, plains, err}
		}()
		return ch
	}
	wipe := func(b batch) {
		for _, pl := range b.plains {
			clear(pl)
		}
	}
	var next chan batch
	if len(ids) > 0 {
		next = readAt(0)
	}
	for start := 0; start < len(ids); start += n {
		b := <-next
		next = nil
		if b.err == nil && start+n < len(ids) {
			next = readAt(start + n)
		}
		err := b.err
		if err == nil {
			err = fn(b.entries)
		}
		wipe(b)
		if err != nil {
			if next != nil {
				wipe(<-next)
			}
			return err
		}
	}
	return nil
}

// ReadBatch reads the whole entries of list, in order, and the plaintexts their
// strings share; an entry whole in byID already is not read again. One whose
// record fails to open or decode is passed to damage and left out, and so is
// one not in the vault.
func ReadBatch(v Loader, byID map[ID]*Slot, list []ID, damage func(storage.Damage)) ([]*Entry, [][]byte) {
	out := make([]*Entry, len(list))
	at := make(map[storage.ID]int, len(list))
	var ids []storage.ID
	for i, id := range list {
		if ix := byID[id]; ix != nil {
			if e := ix.Entry(); e != nil {
				out[i] = e // whole in memory already
				continue
			}
		}
		sid, err := storage.ParseID(string(id))
		if err != nil {
			continue
		}
		at[sid] = i
		ids = append(ids, sid)
	}
	plains := make([][]byte, len(list))
	if len(ids) > 0 {
		damaged, err := v.LoadSome(catalogue.CollEntries, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
			i, ok := at[sid]
			if !ok {
				return nil
			}
			// Each index is written by one call only: no lock needed.
			plains[i] = plain
			e := &Entry{ID: list[i]}
			if err := record.DecodeEntryOwned(plain, e); err != nil {
				damage(storage.Damage{Collection: catalogue.CollEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", storage.ErrDamaged, err)})
				return nil
			}
			out[i] = e
			return nil
		})
		if err != nil {
			for _, b := range plains {
				clear(b)
			}
			for _, id := range ids {
				damage(storage.Damage{Collection: catalogue.CollEntries, ID: id.String(), Err: err})
			}
			return nil, nil
		}
		for _, d := range damaged {
			damage(d)
		}
	}
	whole := out[:0]
	for _, e := range out {
		if e != nil {
			whole = append(whole, e)
		}
	}
	return whole, plains
}
