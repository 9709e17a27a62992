package portfolio

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/foliohq/folio/storage"
)

// catalogue is the catalogue as committed to the vault.
type catalogue struct {
	mu sync.Mutex
	s  catState
	// owned are the decrypted chunks the rows' metadata share.
	owned [][]byte
}

// catState is one committed state of the catalogue. Its slices and maps are never
// changed in place: a write makes the next state beside it.
type catState struct {
	// ok: the records on disk are the format-2 chunks dir names, and nothing else
	// but the generation record.
	ok  bool
	dir []dirChunk
	// chunks are the chunks read so far, by record ID, each checked against dir.
	chunks map[storage.ID][]catEntry
	// Without ok: known says rows is every row, in order, with their stamps
	// compared with the entry records', and onDisk names the catalogue's records,
	// all written again by the next write. Without known, a write deletes the
	// directory, and the next open rebuilds the catalogue from the records.
	known  bool
	rows   []catEntry
	onDisk []storage.ID
}

// own keeps plaintexts of chunks the catalogue's rows share, for clear.
func (c *catalogue) own(plains [][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.owned = append(c.owned, plains...)
}

// clear overwrites the chunks' plaintexts and drops the rows: Close.
func (c *catalogue) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range c.owned {
		clear(b)
	}
	c.owned, c.s = nil, catState{}
}

func newCatalogue() *catalogue {
	return &catalogue{s: catState{ok: true, chunks: map[storage.ID][]catEntry{}}}
}

func (c *catalogue) state() catState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.s
}

func (c *catalogue) set(s catState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s = s
}

// cache adds chunks read and checked against the directory of state s, if s is
// still the committed state.
func (c *catalogue) cache(dir []dirChunk, read map[storage.ID][]catEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.s.ok || len(c.s.dir) != len(dir) || (len(dir) > 0 && &c.s.dir[0] != &dir[0]) {
		return
	}
	next := maps.Clone(c.s.chunks)
	maps.Copy(next, read)
	c.s.chunks = next
}

// total is how many rows the directory names.
func (s *catState) total() int {
	if !s.ok {
		return len(s.rows)
	}
	n := 0
	for _, c := range s.dir {
		n += c.rows
	}
	return n
}

// fetchChunks reads the chunks of dir at the given indexes that s has not read,
// each checked against dir; any missing, damaged or disagreeing is an error, and
// the catalogue is then not to be trusted.
func fetchChunks(v *storage.Vault, s *catState, dir []dirChunk, at []int) (map[storage.ID][]catEntry, [][]byte, error) {
	want := map[storage.ID]int{}
	var ids []storage.ID
	for _, i := range at {
		if _, ok := s.chunks[dir[i].id]; !ok {
			want[dir[i].id] = i
			ids = append(ids, dir[i].id)
		}
	}
	read := make(map[storage.ID][]catEntry, len(ids))
	var plains [][]byte
	if len(ids) == 0 {
		return read, nil, nil
	}
	var mu sync.Mutex
	var bad error
	damaged, err := v.LoadSome(collCatalogue, ids, func(id storage.ID, stamp storage.Stamp, plain []byte) error {
		i := want[id]
		rows, err := decodeChunk2(plain)
		if err == nil && stamp != dir[i].stamp {
			err = fmt.Errorf("%w: chunk %s is not the one the directory names", errCatalogue, id)
		}
		if err == nil {
			var next *dirChunk
			if i+1 < len(dir) {
				next = &dir[i+1]
			}
			err = checkChunk(dir[i], rows, next)
		}
		mu.Lock()
		defer mu.Unlock()
		plains = append(plains, plain)
		if err != nil {
			bad = err
			return nil
		}
		read[id] = rows
		return nil
	})
	switch {
	case err != nil:
		return nil, plains, err
	case bad != nil:
		return nil, plains, bad
	case len(damaged) > 0:
		return nil, plains, fmt.Errorf("%w: chunk %s: %w", errCatalogue, damaged[0].ID, damaged[0].Err)
	case len(read) != len(ids):
		return nil, plains, fmt.Errorf("%w: a chunk the directory names is missing", errCatalogue)
	}
	return read, plains, nil
}

// seg is a chunk while a write changes it.
type seg struct {
	dc      dirChunk
	orig    int        // index in the directory; -1 for a chunk this write made
	rows    []catEntry // nil until read
	read    bool
	changed bool
}

// stageChange is an entry's new row, or nil for a deleted entry.
type stageChange struct {
	id  storage.ID
	new *catEntry
}

// stage brings the catalogue up to date with the entry records tx changed, in the
// same transaction, and writes the generation record. fresh names entries the
// caller knows had no row (new IDs). It returns the state to commit with the
// transaction (nil if the catalogue did not change) and the text index's state.
func (c *catalogue) stage(v *storage.Vault, tx *storage.Tx, idx *indexState, fresh map[storage.ID]bool) (*catState, *indexState, error) {
	var order []storage.ID
	last := map[storage.ID]*catEntry{}
	for _, ch := range tx.Changes() {
		if ch.Collection != collEntries {
			continue
		}
		if _, seen := last[ch.ID]; !seen {
			order = append(order, ch.ID)
		}
		if ch.Deleted {
			last[ch.ID] = nil
			continue
		}
		e := &Entry{ID: ID(ch.ID.String())}
		if err := decodeEntryOwned(ch.Plain, e); err != nil {
			return nil, nil, fmt.Errorf("catalogue: entry %s: %w", ch.ID, err)
		}
		last[ch.ID] = &catEntry{
			key: orderKey{date: e.Date, created: e.Created, id: ch.ID},
			row: catRow{stamp: ch.Stamp, size: len(ch.Plain), meta: encodeEntry(metaOf(e))},
		}
	}
	var next *catState
	if len(order) > 0 {
		changes := make([]stageChange, len(order))
		for i, id := range order {
			changes[i] = stageChange{id, last[id]}
		}
		cur := c.state()
		var err error
		switch {
		case cur.ok:
			next, err = cur.applyChanges(v, tx, changes, fresh, c.own)
			if errors.Is(err, errCatalogue) {
				// A chunk disagrees with the directory: the catalogue cannot be
				// kept in step here. Without the directory, the next open
				// compares every stamp and writes the catalogue again.
				next, err = &catState{}, tx.Delete(collCatalogue, dirID)
			}
		case cur.known:
			next, err = rewriteCatalogue(tx, cur.onDisk, mergeRows(cur.rows, changes))
		default:
			next, err = &catState{}, tx.Delete(collCatalogue, dirID)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	// The text index learns of the saved entries through its recent list; a
	// deleted entry stays in it until the next rebuild, and matches nothing.
	if idx != nil && len(order) > 0 {
		n := &indexState{buckets: idx.buckets, recent: maps.Clone(idx.recent)}
		for _, id := range order {
			n.recent[id] = true
		}
		idx = n
	}
	if err := tx.Put(collCatalogue, genID, encodeGenRecord(genRecord{gen: tx.Generation(), idx: idx})); err != nil {
		return nil, nil, err
	}
	return next, idx, nil
}

// mergeRows is rows, in order, with changes made.
func mergeRows(rows []catEntry, changes []stageChange) []catEntry {
	drop := make(map[storage.ID]bool, len(changes))
	for _, ch := range changes {
		drop[ch.id] = true
	}
	out := make([]catEntry, 0, len(rows)+len(changes))
	for _, r := range rows {
		if !drop[r.key.id] {
			out = append(out, r)
		}
	}
	for _, ch := range changes {
		if ch.new != nil {
			out = append(out, *ch.new)
		}
	}
	slices.SortFunc(out, func(a, b catEntry) int { return compareKeys(a.key, b.key) })
	return out
}

// applyChanges rewrites the chunks the changes fall in (the one an entry's old row
// is in and the one its new row goes in), splitting and merging them, each under a
// new random ID, and the directory.
func (s *catState) applyChanges(v *storage.Vault, tx *storage.Tx, changes []stageChange, fresh map[storage.ID]bool, own func([][]byte)) (*catState, error) {
	g := &segments{s: s, v: v, own: own, list: make([]*seg, len(s.dir))}
	for i, dc := range s.dir {
		g.list[i] = &seg{dc: dc, orig: i}
		if rows, ok := s.chunks[dc.id]; ok {
			g.list[i].rows, g.list[i].read = rows, true
		}
	}
	if err := g.removeOld(changes, fresh); err != nil {
		return nil, err
	}
	if err := g.insertNew(changes); err != nil {
		return nil, err
	}
	segs, err := rebalance(g.list, g.load)
	if err != nil {
		return nil, err
	}
	return s.writeSegs(tx, segs)
}

// segments are a catalogue's chunks while a save changes them, each chunk's rows
// read from the vault when first needed.
type segments struct {
	s    *catState
	v    *storage.Vault
	own  func([][]byte)
	list []*seg
}

// load reads the rows of those of ss not read yet.
func (g *segments) load(ss ...*seg) error {
	var need []int
	for _, sg := range ss {
		if !sg.read {
			need = append(need, sg.orig)
		}
	}
	if len(need) == 0 {
		return nil
	}
	read, plains, err := fetchChunks(g.v, g.s, g.s.dir, need)
	g.own(plains)
	if err != nil && !errors.Is(err, errCatalogue) {
		// A chunk that cannot be read fails the catalogue, not the save.
		err = fmt.Errorf("%w: %w", errCatalogue, err)
	}
	if err != nil {
		return err
	}
	for _, sg := range ss {
		if !sg.read {
			sg.rows, sg.read = read[sg.dc.id], true
		}
	}
	return nil
}

// removeOld takes the changed entries' old rows out. An entry the caller knows is
// new has none; any other is looked for in every chunk (a scan of IDs, cheaper
// than a map for a few changes).
func (g *segments) removeOld(changes []stageChange, fresh map[storage.ID]bool) error {
	var where map[storage.ID]int
	for _, ch := range changes {
		if fresh[ch.id] {
			continue
		}
		if where == nil {
			if err := g.load(g.list...); err != nil {
				return err
			}
			where = map[storage.ID]int{}
			if len(changes) > 8 {
				for i, sg := range g.list {
					for _, r := range sg.rows {
						where[r.key.id] = i
					}
				}
			}
		}
		i, ok := where[ch.id]
		if len(changes) <= 8 {
			i, ok = findRow(g.list, ch.id)
		}
		if !ok {
			continue
		}
		sg := g.list[i]
		sg.rows = slices.DeleteFunc(slices.Clone(sg.rows), func(r catEntry) bool { return r.key.id == ch.id })
		sg.changed = true
	}
	return nil
}

// insertNew puts the changed entries' new rows in the chunks their keys fall in.
func (g *segments) insertNew(changes []stageChange) error {
	for _, ch := range changes {
		if ch.new == nil {
			continue
		}
		if len(g.list) == 0 {
			g.list = append(g.list, &seg{orig: -1, read: true, changed: true})
		}
		i := chunkForSegs(g.list, ch.new.key)
		if err := g.load(g.list[i]); err != nil {
			return err
		}
		sg := g.list[i]
		at, _ := slices.BinarySearchFunc(sg.rows, ch.new.key, func(r catEntry, k orderKey) int { return compareKeys(r.key, k) })
		sg.rows = slices.Insert(slices.Clone(sg.rows), at, *ch.new)
		sg.changed = true
		sg.dc.first = sg.rows[0].key
	}
	return nil
}

// writeSegs writes each changed chunk under a new random ID, deletes the records
// of the chunks rewritten or merged away, and writes the directory.
func (s *catState) writeSegs(tx *storage.Tx, segs []*seg) (*catState, error) {
	next := &catState{ok: true, chunks: maps.Clone(s.chunks)}
	for _, sg := range segs {
		if !sg.changed {
			next.dir = append(next.dir, sg.dc)
			continue
		}
		dc := dirChunk{id: newChunkID(), rows: len(sg.rows), first: sg.rows[0].key}
		st, err := putChunk(tx, dc.id, sg.rows)
		if err != nil {
			return nil, err
		}
		dc.stamp = st
		next.dir = append(next.dir, dc)
		next.chunks[dc.id] = sg.rows
	}
	keep := make(map[storage.ID]bool, len(next.dir))
	for _, dc := range next.dir {
		keep[dc.id] = true
	}
	for _, dc := range s.dir {
		if !keep[dc.id] {
			if err := tx.Delete(collCatalogue, dc.id); err != nil {
				return nil, err
			}
			delete(next.chunks, dc.id)
		}
	}
	if err := tx.Put(collCatalogue, dirID, encodeDir(next.dir)); err != nil {
		return nil, err
	}
	return next, nil
}

func findRow(segs []*seg, id storage.ID) (int, bool) {
	for i, sg := range segs {
		for _, r := range sg.rows {
			if r.key.id == id {
				return i, true
			}
		}
	}
	return 0, false
}

// chunkForSegs is the index of the segment a row with key k belongs in: the last
// whose first key is not after k, or the first for a key newer than all. A
// segment whose first row this write removed keeps that key as its bound.
func chunkForSegs(segs []*seg, k orderKey) int {
	lo, hi := 0, len(segs)
	for lo < hi {
		m := (lo + hi) / 2
		if compareKeys(segs[m].dc.first, k) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}

func rowsBytes(rows []catEntry) int {
	n := 0
	for _, r := range rows {
		n += rowBytes(r.row)
	}
	return n
}

// rebalance drops empty chunks, splits those past the limits in two and merges
// small ones into a neighbour when the two fit in one.
func rebalance(segs []*seg, load func(...*seg) error) ([]*seg, error) {
	for i := 0; i < len(segs); i++ {
		sg := segs[i]
		if !sg.changed {
			continue
		}
		if len(sg.rows) == 0 {
			segs = slices.Delete(segs, i, i+1)
			i--
			continue
		}
		sg.dc.first = sg.rows[0].key
		size := rowsBytes(sg.rows)
		if len(sg.rows) > 1 && (len(sg.rows) > chunkMaxRows || size > chunkMaxBytes) {
			cut := len(sg.rows) / 2
			if len(sg.rows) <= chunkMaxRows {
				// Too many bytes: cut where half of them are.
				half, n := 0, 0
				for cut = 0; cut < len(sg.rows)-1 && half < size/2; cut++ {
					n = rowBytes(sg.rows[cut].row)
					half += n
				}
				cut = max(cut, 1)
			}
			a := &seg{orig: -1, read: true, changed: true, rows: sg.rows[:cut:cut]}
			b := &seg{orig: -1, read: true, changed: true, rows: sg.rows[cut:]}
			a.dc.first, b.dc.first = a.rows[0].key, b.rows[0].key
			segs = slices.Replace(segs, i, i+1, a, b)
			i--
			continue
		}
		if len(sg.rows) < chunkMinRows && len(segs) > 1 {
			j := i + 1
			if j == len(segs) {
				j = i - 1
			}
			if err := load(segs[j]); err != nil {
				return nil, err
			}
			lo, hi := min(i, j), max(i, j)
			rows := slices.Concat(segs[lo].rows, segs[hi].rows)
			if len(rows) <= chunkMaxRows && rowsBytes(rows) <= chunkMaxBytes {
				m := &seg{orig: -1, read: true, changed: true, rows: rows}
				m.dc.first = rows[0].key
				segs = slices.Replace(segs, lo, hi+1, m)
				i = lo - 1
			}
		}
	}
	return segs, nil
}

// putChunk writes one chunk and returns the stamp it was sealed with.
func putChunk(tx *storage.Tx, id storage.ID, rows []catEntry) (storage.Stamp, error) {
	if err := tx.Put(collCatalogue, id, encodeChunk2(rows)); err != nil {
		return storage.Stamp{}, err
	}
	ch := tx.Changes()
	if last := ch[len(ch)-1]; last.Collection == collCatalogue && last.ID == id {
		return last.Stamp, nil
	}
	return storage.Stamp{}, fmt.Errorf("catalogue: chunk %s was not the last change", id)
}

// rewriteCatalogue writes the whole catalogue from rows (every row, in order):
// the records in onDisk deleted, the rows cut into chunks under new random IDs,
// and the directory. The caller writes the generation record.
func rewriteCatalogue(tx *storage.Tx, onDisk []storage.ID, rows []catEntry) (*catState, error) {
	for _, id := range onDisk {
		if id == genID {
			continue
		}
		if err := tx.Delete(collCatalogue, id); err != nil {
			return nil, err
		}
	}
	next := &catState{ok: true, chunks: map[storage.ID][]catEntry{}}
	for start := 0; start < len(rows); {
		end, size := start, 0
		for end < len(rows) && end-start < chunkFillRows && (end == start || size+rowBytes(rows[end].row) <= chunkFillBytes) {
			size += rowBytes(rows[end].row)
			end++
		}
		run := rows[start:end:end]
		dc := dirChunk{id: newChunkID(), rows: len(run), first: run[0].key}
		st, err := putChunk(tx, dc.id, run)
		if err != nil {
			return nil, err
		}
		dc.stamp = st
		next.dir = append(next.dir, dc)
		next.chunks[dc.id] = run
		start = end
	}
	if err := tx.Put(collCatalogue, dirID, encodeDir(next.dir)); err != nil {
		return nil, err
	}
	return next, nil
}

// update runs fn in one durable transaction and, in the same transaction, brings
// the catalogue up to date with the entries fn put or deleted. Every write of the
// portfolio goes through it.
func (p *Portfolio) update(fn func(*storage.Tx) error) error {
	var next *catState
	var prev, nextIdx *indexState
	err := p.vault.Update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		prev = p.idx.Load()
		var err error
		var fresh map[storage.ID]bool
		if f := p.catFresh.Load(); f != nil {
			fresh = *f
		}
		next, nextIdx, err = p.cat.stage(p.vault, tx, prev, fresh)
		if err == nil {
			// Before the commit, so the next transaction stages on top of this one.
			p.idx.Store(nextIdx)
		}
		return err
	})
	if err != nil {
		p.idx.CompareAndSwap(nextIdx, prev)
		return err
	}
	if next != nil {
		p.cat.set(*next)
	}
	return nil
}

// put stores one record through update, so that every write keeps the catalogue's
// generation current and the next open need not read the entries' stamps.
func (p *Portfolio) put(collection string, id storage.ID, plain []byte) error {
	return p.update(func(tx *storage.Tx) error { return tx.Put(collection, id, plain) })
}
