package entryindex

import (
	"fmt"
	"slices"
	"sync"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// FromChunks makes the entries' slots from the rows of every chunk s's directory
// names, cached in s or in read (catalogue.ReadAll), already in order, and
// returns them by ID and in order. A row beyond the directory's count, or an
// entry twice, is an error.
func FromChunks(s *catalogue.State, read map[storage.ID][]catalogue.KeyedRow) (map[ID]*Slot, []*Slot, error) {
	n := s.Total()
	// One allocation of index slots for every entry: at 100k entries the allocator
	// and the collector were a fifth of opening.
	ixs := make([]Slot, n)
	list := make([]*Slot, 0, n)
	entries := make(map[ID]*Slot, n)
	for _, dc := range s.Dir {
		rows, ok := s.Chunks[dc.ID]
		if !ok {
			rows = read[dc.ID]
		}
		for _, r := range rows {
			if len(list) == n {
				return nil, nil, fmt.Errorf("%w: more rows than the directory says", catalogue.ErrCatalogue)
			}
			ix := &ixs[len(list)]
			ix.id, ix.date, ix.created, ix.row = ID(r.Key.ID.String()), r.Key.Date, r.Key.Created, r.Row.Meta
			if _, dup := entries[ix.id]; dup {
				return nil, nil, fmt.Errorf("%w: row %s twice", catalogue.ErrCatalogue, ix.id)
			}
			entries[ix.id] = ix
			list = append(list, ix)
		}
	}
	return entries, list, nil
}

// FromScan makes the entries' slots from a scan of the catalogue's records: the
// rows whose stamps are their records' and, read whole (readUncatalogued), the
// entries without one. It returns them by ID and in order, and every row, in
// order, for the catalogue's repair.
func FromScan(v Loader, sc *catalogue.RecordsScan, damage func(storage.Damage)) (map[ID]*Slot, []*Slot, []catalogue.KeyedRow, error) {
	all := make([]catalogue.KeyedRow, 0, len(sc.Stamps))
	for _, e := range sc.Rows {
		all = append(all, e)
	}
	var whole []*Slot
	if len(sc.Missing) > 0 {
		var read []catalogue.KeyedRow
		var err error
		if whole, read, err = readUncatalogued(v, sc.Missing, damage); err != nil {
			return nil, nil, nil, err
		}
		all = append(all, read...)
	}
	slices.SortFunc(all, func(a, b catalogue.KeyedRow) int { return catalogue.CompareKeys(a.Key, b.Key) })
	entries, list := fromRows(all, whole)
	return entries, list, all, nil
}

// fromRows makes the entries' slots from rows (in order) and the slots of the
// entries read whole, and returns them by ID and in order.
func fromRows(rows []catalogue.KeyedRow, whole []*Slot) (map[ID]*Slot, []*Slot) {
	got := make(map[ID]*Slot, len(whole))
	for _, ix := range whole {
		got[ix.id] = ix
	}
	ixs := make([]Slot, len(rows))
	list := make([]*Slot, 0, len(rows))
	for i, r := range rows {
		id := ID(r.Key.ID.String())
		if ix, ok := got[id]; ok {
			list = append(list, ix)
			continue
		}
		ix := &ixs[i]
		ix.id, ix.date, ix.created, ix.row = id, r.Key.Date, r.Key.Created, r.Row.Meta
		list = append(list, ix)
	}
	entries := make(map[ID]*Slot, len(list))
	for _, ix := range list {
		entries[ix.id] = ix
	}
	return entries, list
}

// readUncatalogued reads the entries the catalogue did not describe in full and
// makes their slots, whole, and their rows; a record that does not decode is
// passed to damage, one at a time, and so are the records that fail to open,
// after.
func readUncatalogued(v Loader, missing []storage.ID, damage func(storage.Damage)) ([]*Slot, []catalogue.KeyedRow, error) {
	var mu sync.Mutex
	var read []*Slot
	var rows []catalogue.KeyedRow
	damaged, err := v.LoadSome(catalogue.CollEntries, missing, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
		e := &Entry{ID: ID(sid.String())}
		if err := record.DecodeEntryOwned(plain, e); err != nil {
			mu.Lock()
			damage(storage.Damage{Collection: catalogue.CollEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", storage.ErrDamaged, err)})
			mu.Unlock()
			return nil
		}
		// The row is made before the entry is indexed: record.EncodeEntry reads e.
		row := catalogue.KeyedRow{Key: catalogue.Key{Date: e.Date, Created: e.Created, ID: sid}, Row: catalogue.Row{Stamp: stamp, Size: len(plain), Meta: record.EncodeEntry(catalogue.MetaOf(e))}}
		ix := New(e)
		ix.plain = plain
		mu.Lock()
		rows = append(rows, row)
		read = append(read, ix)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, d := range damaged {
		damage(d)
	}
	return read, rows, nil
}
