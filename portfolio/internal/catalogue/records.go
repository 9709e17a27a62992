package catalogue

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/portfolio/search"
	"github.com/foliohq/folio/storage"
)

// readRecords reads the entry records of found, whole, in their order: keep is
// given each record an entry was decoded from (its strings share it), damage
// each record that fails to open or decode, which is left out. ok is false if
// one is missing or not the record its row was made from (another stamp).
func ReadRecords(v catalogue.Vault, found []catalogue.KeyedRow, keep func(plain []byte), damage func(Damage)) ([]*Entry, bool) {
	if len(found) == 0 {
		return nil, true
	}
	at := make(map[storage.ID]int, len(found))
	ids := make([]storage.ID, len(found))
	for i, r := range found {
		at[r.Key.ID], ids[i] = i, r.Key.ID
	}
	out := make([]*Entry, len(found))
	seen := make([]bool, len(found))
	var mu sync.Mutex
	stale := false
	damaged, err := v.LoadSome(collEntries, ids, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
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
		e := &Entry{ID: ID(sid.String())}
		if err := decodeEntryOwned(plain, e); err != nil {
			damage(Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
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

// compareRows adds to problems what disagrees between the rows and the whole
// entries they describe.
func CompareRows(rows map[storage.ID]catalogue.Row, whole []*Entry, problems []string) []string {
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
		if !bytes.Equal(row.Meta, encodeEntry(catalogue.MetaOf(e))) {
			problems = append(problems, fmt.Sprintf("the catalogue row for entry %s differs from its record", e.ID))
		}
	}
	return problems
}
