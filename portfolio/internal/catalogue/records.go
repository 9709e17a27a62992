package catalogue

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// ReadRecords reads the entry records of found, whole, in their order: keep is
// given each record an entry was decoded from (its strings share it), damage
// each record that fails to open or decode, which is left out. ok is false if
// one is missing or not the record its row was made from (another stamp).
func ReadRecords(v Vault, found []KeyedRow, keep func(plain []byte), damage func(storage.Damage)) ([]*record.Entry, bool) {
	if len(found) == 0 {
		return nil, true
	}
	at := make(map[storage.ID]int, len(found))
	ids := make([]storage.ID, len(found))
	for i, r := range found {
		at[r.Key.ID], ids[i] = i, r.Key.ID
	}
	out := make([]*record.Entry, len(found))
	seen := make([]bool, len(found))
	var mu sync.Mutex
	stale := false
	damaged, err := v.LoadSome(CollEntries, ids, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
		i := at[sid]
		mu.Lock()
		seen[i] = true
		mu.Unlock()
		if stamp != found[i].Row.Stamp {
			mu.Lock()
			stale = true
			mu.Unlock()
			return nil
		}
		e := &record.Entry{ID: record.ID(sid.String())}
		if err := record.DecodeEntryOwned(plain, e); err != nil {
			damage(storage.Damage{Collection: CollEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", storage.ErrDamaged, err)})
			return nil
		}
		keep(plain)
		out[i] = e
		return nil
	})
	if err != nil || stale {
		return nil, false
	}
	for _, d := range damaged {
		if id, err := storage.ParseID(d.ID); err == nil {
			if i, ok := at[id]; ok {
				seen[i] = true
			}
		}
		damage(d)
	}
	list := out[:0]
	for i, e := range out {
		if !seen[i] {
			return nil, false
		}
		if e != nil {
			list = append(list, e)
		}
	}
	return list, true
}

// CompareRows adds to problems what disagrees between the rows and the whole
// entries they describe.
func CompareRows(rows map[storage.ID]Row, whole []*record.Entry, problems []string) []string {
	for _, e := range whole {
		sid, err := storage.ParseID(string(e.ID))
		if err != nil {
			continue
		}
		row, ok := rows[sid]
		if !ok {
			problems = append(problems, fmt.Sprintf("the catalogue has no row for entry %s", e.ID))
			continue
		}
		if !bytes.Equal(row.Meta, record.EncodeEntry(MetaOf(e))) {
			problems = append(problems, fmt.Sprintf("the catalogue row for entry %s differs from its record", e.ID))
		}
	}
	return problems
}
