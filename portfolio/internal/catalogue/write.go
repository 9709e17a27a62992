package catalogue

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// Catalogue is the catalogue as committed to the vault.
type Catalogue struct {
	mu sync.Mutex
	s  State
	// owned are the decrypted chunks the rows' metadata share.
	owned [][]byte
	// pending are the rows of entries that transactions added without writing
	// the catalogue (Deferred: an import's batches), which the next Stage writes.
	pending []KeyedRow
}

// Defer keeps rows (Deferred's) for the next Stage to write.
func (c *Catalogue) Defer(rows []KeyedRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, rows...)
}

// Written drops the rows kept by Defer once a transaction staged with them has
// committed. Between the Stage that wrote them and it no rows are kept: both run
// under the import's hold on the portfolio.
func (c *Catalogue) Written() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = nil
}

// State is one committed state of the catalogue. Its slices and maps are never
// changed in place: a write makes the next state beside it.
type State struct {
	// ok: the records on disk are the format-2 chunks dir names, and nothing else
	// but the generation record.
	OK  bool
	Dir []Chunk
	// chunks are the chunks read so far, by record ID, each checked against dir.
	Chunks map[storage.ID][]KeyedRow
	// Without ok: known says rows is every row, in order, with their stamps
	// compared with the entry records', and onDisk names the catalogue's records,
	// all written again by the next write. Without known, a write deletes the
	// directory, and the next open rebuilds the catalogue from the records.
	Known  bool
	Rows   []KeyedRow
	OnDisk []storage.ID
}

// own keeps plaintexts of chunks the catalogue's rows share, for clear.
func (c *Catalogue) Own(plains [][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.owned = append(c.owned, plains...)
}

// clear overwrites the chunks' plaintexts and drops the rows: Close.
func (c *Catalogue) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range c.owned {
		clear(b)
	}
	c.owned, c.s = nil, State{}
}

func New() *Catalogue {
	return &Catalogue{s: State{OK: true, Chunks: map[storage.ID][]KeyedRow{}}}
}

func (c *Catalogue) Current() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.s
}

func (c *Catalogue) Set(s State) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s = s
}

// cache adds chunks read and checked against the directory of state s, if s is
// still the committed state.
func (c *Catalogue) Cache(dir []Chunk, read map[storage.ID][]KeyedRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.s.OK || len(c.s.Dir) != len(dir) || (len(dir) > 0 && &c.s.Dir[0] != &dir[0]) {
		return
	}
	next := maps.Clone(c.s.Chunks)
	maps.Copy(next, read)
	c.s.Chunks = next
}

// total is how many rows the directory names.
func (s *State) Total() int {
	if !s.OK {
		return len(s.Rows)
	}
	n := 0
	for _, c := range s.Dir {
		n += c.Rows
	}
	return n
}

// FetchChunks reads the chunks of dir at the given indexes that s has not read,
// each checked against dir; any missing, damaged or disagreeing is an error, and
// the catalogue is then not to be trusted.
func FetchChunks(v Vault, s *State, dir []Chunk, at []int) (map[storage.ID][]KeyedRow, [][]byte, error) {
	want := map[storage.ID]int{}
	var ids []storage.ID
	for _, i := range at {
		if _, ok := s.Chunks[dir[i].ID]; !ok {
			want[dir[i].ID] = i
			ids = append(ids, dir[i].ID)
		}
	}
	read := make(map[storage.ID][]KeyedRow, len(ids))
	var plains [][]byte
	if len(ids) == 0 {
		return read, nil, nil
	}
	var mu sync.Mutex
	var bad error
	damaged, err := v.LoadSome(Coll, ids, func(id storage.ID, stamp storage.Stamp, plain []byte) error {
		i := want[id]
		rows, err := DecodeChunk2(plain)
		if err == nil && stamp != dir[i].Stamp {
			err = errNotNamed(id)
		}
		if err == nil {
			err = CheckChunk(dir[i], rows, nextChunk(dir, i))
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
		return nil, plains, fmt.Errorf("%w: chunk %s: %w", ErrCatalogue, damaged[0].ID, damaged[0].Err)
	case len(read) != len(ids):
		return nil, plains, fmt.Errorf("%w: a chunk the directory names is missing", ErrCatalogue)
	}
	return read, plains, nil
}

// seg is a chunk while a write changes it.
type seg struct {
	dc      Chunk
	orig    int        // index in the directory; -1 for a chunk this write made
	rows    []KeyedRow // nil until read
	read    bool
	changed bool
	// owned is set once rows is this save's own copy: the rows read before it
	// are shared with the State readers hold, so the first change copies them and
	// the changes after it edit the copy.
	owned bool
}

// edit returns sg's rows as this save's own copy.
func (sg *seg) edit() []KeyedRow {
	if !sg.owned {
		sg.rows, sg.owned = slices.Clone(sg.rows), true
	}
	return sg.rows
}

// stageChange is an entry's new row, or nil for a deleted entry.
type stageChange struct {
	id  storage.ID
	new *KeyedRow
}

// stage brings the catalogue up to date with the entry records tx changed, in the
// same transaction, and writes the generation record. fresh names entries the
// caller knows had no row (new IDs). It returns the state to commit with the
// transaction (nil if the catalogue did not change) and the text index's state.
func (c *Catalogue) Stage(v Vault, tx *storage.Tx, idx *IndexState, fresh map[storage.ID]bool, old map[storage.ID]Key) (*State, *IndexState, error) {
	var order []storage.ID
	last := map[storage.ID]*KeyedRow{}
	// The rows kept by Defer are written too, with tx's own changes, which
	// replace any of them with the same ID; Written drops them once tx commits.
	c.mu.Lock()
	pending := c.pending
	c.mu.Unlock()
	if len(pending) > 0 {
		// They had no row before the transactions that added them.
		fresh = maps.Clone(fresh)
		if fresh == nil {
			fresh = map[storage.ID]bool{}
		}
		for i := range pending {
			id := pending[i].Key.ID
			if _, seen := last[id]; !seen {
				order = append(order, id)
			}
			last[id], fresh[id] = &pending[i], true
		}
	}
	for _, ch := range tx.Changes() {
		if ch.Collection != CollEntries {
			continue
		}
		if _, seen := last[ch.ID]; !seen {
			order = append(order, ch.ID)
		}
		if ch.Deleted {
			last[ch.ID] = nil
			continue
		}
		r, err := rowOf(ch)
		if err != nil {
			return nil, nil, err
		}
		last[ch.ID] = r
	}
	var next *State
	if len(order) > 0 {
		changes := make([]stageChange, len(order))
		for i, id := range order {
			changes[i] = stageChange{id, last[id]}
		}
		cur := c.Current()
		var err error
		switch {
		case cur.OK:
			next, err = cur.applyChanges(v, tx, changes, fresh, old, c.Own)
			if errors.Is(err, ErrCatalogue) {
				// A chunk disagrees with the directory: the catalogue cannot be
				// kept in step here. Without the directory, the next open
				// compares every stamp and writes the catalogue again.
				next, err = &State{}, tx.Delete(Coll, DirID)
			}
		case cur.Known:
			next, err = rewriteCatalogue(tx, cur.OnDisk, mergeRows(cur.Rows, changes))
		default:
			next, err = &State{}, tx.Delete(Coll, DirID)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	// The text index learns of the saved entries through its recent list; a
	// deleted entry stays in it until the next rebuild, and matches nothing.
	if idx != nil && len(order) > 0 {
		n := &IndexState{Buckets: idx.Buckets, Recent: maps.Clone(idx.Recent)}
		for _, id := range order {
			n.Recent[id] = true
		}
		idx = n
	}
	if err := tx.Put(Coll, GenID, EncodeGenRecord(GenRecord{Gen: tx.Generation(), Idx: idx})); err != nil {
		return nil, nil, err
	}
	return next, idx, nil
}

// rowOf is the catalogue's row of an entry put.
func rowOf(ch storage.Change) (*KeyedRow, error) {
	e := &record.Entry{ID: record.ID(ch.ID.String())}
	if err := record.DecodeEntryOwned(ch.Plain, e); err != nil {
		return nil, fmt.Errorf("catalogue: entry %s: %w", ch.ID, err)
	}
	return &KeyedRow{
		Key: Key{Date: e.Date, Created: e.Created, ID: ch.ID},
		Row: Row{Stamp: ch.Stamp, Size: len(ch.Plain), Meta: record.EncodeEntry(MetaOf(e))},
	}, nil
}

// Deferred is the rows of the entries tx adds, for a transaction that leaves the
// catalogue behind them (an import's batch): it writes neither the catalogue nor
// the generation record, so until a later transaction writes the rows (Stage's
// Defer) the catalogue is not in step with the vault, and an open would check
// and mend it. Rewriting the chunks a batch's entries fall in, batch after batch,
// cost an import of 100k entries a rewrite of the whole catalogue for each (its
// entries are in ID order, their dates anywhere). Every entry tx changes must be
// one it adds.
func Deferred(tx *storage.Tx) ([]KeyedRow, error) {
	var rows []KeyedRow
	for _, ch := range tx.Changes() {
		if ch.Collection != CollEntries {
			continue
		}
		if ch.Deleted {
			return nil, fmt.Errorf("catalogue: entry %s is deleted in a transaction that only adds entries", ch.ID)
		}
		r, err := rowOf(ch)
		if err != nil {
			return nil, err
		}
		rows = append(rows, *r)
	}
	return rows, nil
}

// mergeRows is rows, in order, with changes made.
func mergeRows(rows []KeyedRow, changes []stageChange) []KeyedRow {
	drop := make(map[storage.ID]bool, len(changes))
	var added []KeyedRow
	for _, ch := range changes {
		drop[ch.id] = true
		if ch.new != nil {
			added = append(added, *ch.new)
		}
	}
	kept := slices.DeleteFunc(slices.Clone(rows), func(r KeyedRow) bool { return drop[r.Key.ID] })
	slices.SortFunc(added, func(a, b KeyedRow) int { return CompareKeys(a.Key, b.Key) })
	return mergeSorted(kept, added)
}

// applyChanges rewrites the chunks the changes fall in (the one an entry's old row
// is in and the one its new row goes in), splitting and merging them, each under a
// new random ID, and the directory.
func (s *State) applyChanges(v Vault, tx *storage.Tx, changes []stageChange, fresh map[storage.ID]bool, old map[storage.ID]Key, own func([][]byte)) (*State, error) {
	g := &segments{s: s, v: v, own: own, list: make([]*seg, len(s.Dir))}
	for i, dc := range s.Dir {
		g.list[i] = &seg{dc: dc, orig: i}
		if rows, ok := s.Chunks[dc.ID]; ok {
			g.list[i].rows, g.list[i].read = rows, true
		}
	}
	if err := g.removeOld(changes, fresh, old); err != nil {
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
	s    *State
	v    Vault
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
	read, plains, err := FetchChunks(g.v, g.s, g.s.Dir, need)
	g.own(plains)
	if err != nil && !errors.Is(err, ErrCatalogue) {
		// A chunk that cannot be read fails the catalogue, not the save.
		err = fmt.Errorf("%w: %w", ErrCatalogue, err)
	}
	if err != nil {
		return err
	}
	for _, sg := range ss {
		if !sg.read {
			sg.rows, sg.read = read[sg.dc.ID], true
		}
	}
	return nil
}

// removeOld takes the changed entries' old rows out. An entry the caller knows is
// new has none; one whose old row's key the caller gives is looked for in the
// chunk that key falls in alone (an edit at 100k entries reads one chunk, not
// all); any other, or one not found there, is looked for in every chunk (a scan
// of IDs, cheaper than a map for a few changes).
func (g *segments) removeOld(changes []stageChange, fresh map[storage.ID]bool, old map[storage.ID]Key) error {
	var where map[storage.ID]int
	for _, ch := range changes {
		if fresh[ch.id] {
			continue
		}
		if k, ok := old[ch.id]; ok && len(g.list) > 0 {
			sg := g.list[chunkForSegs(g.list, k)]
			if err := g.load(sg); err != nil {
				return err
			}
			if slices.ContainsFunc(sg.rows, func(r KeyedRow) bool { return r.Key.ID == ch.id }) {
				sg.rows = slices.DeleteFunc(sg.edit(), func(r KeyedRow) bool { return r.Key.ID == ch.id })
				sg.changed = true
				continue
			}
		}
		if where == nil {
			if err := g.load(g.list...); err != nil {
				return err
			}
			where = map[storage.ID]int{}
			if len(changes) > 8 {
				for i, sg := range g.list {
					for _, r := range sg.rows {
						where[r.Key.ID] = i
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
		sg.rows = slices.DeleteFunc(sg.edit(), func(r KeyedRow) bool { return r.Key.ID == ch.id })
		sg.changed = true
	}
	return nil
}

// insertNew puts the changed entries' new rows in the chunks their keys fall in.
// Which chunk a key falls in does not depend on the rows added before it (only the
// first chunk's bound moves, and only down), so the rows are gathered per chunk and
// merged into it once: an import of n entries into one chunk costs n log n, not n².
func (g *segments) insertNew(changes []stageChange) error {
	add := map[int][]KeyedRow{}
	for _, ch := range changes {
		if ch.new == nil {
			continue
		}
		if len(g.list) == 0 {
			g.list = append(g.list, &seg{orig: -1, read: true, changed: true, owned: true})
		}
		i := chunkForSegs(g.list, ch.new.Key)
		add[i] = append(add[i], *ch.new)
	}
	for _, i := range slices.Sorted(maps.Keys(add)) {
		sg := g.list[i]
		if err := g.load(sg); err != nil {
			return err
		}
		rows := add[i]
		slices.SortFunc(rows, func(a, b KeyedRow) int { return CompareKeys(a.Key, b.Key) })
		sg.rows, sg.owned = mergeSorted(sg.rows, rows), true
		sg.changed = true
		sg.dc.First = sg.rows[0].Key
	}
	return nil
}

// mergeSorted is the rows of a and b, both in key order, in one new slice in key order.
func mergeSorted(a, b []KeyedRow) []KeyedRow {
	out := make([]KeyedRow, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if CompareKeys(b[0].Key, a[0].Key) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// writeSegs writes each changed chunk under a new random ID, deletes the records
// of the chunks rewritten or merged away, and writes the directory.
func (s *State) writeSegs(tx *storage.Tx, segs []*seg) (*State, error) {
	next := &State{OK: true, Chunks: maps.Clone(s.Chunks)}
	for _, sg := range segs {
		if !sg.changed {
			next.Dir = append(next.Dir, sg.dc)
			continue
		}
		dc := Chunk{ID: NewChunkID(), Rows: len(sg.rows), First: sg.rows[0].Key}
		st, err := PutChunk(tx, dc.ID, sg.rows)
		if err != nil {
			return nil, err
		}
		dc.Stamp = st
		next.Dir = append(next.Dir, dc)
		next.Chunks[dc.ID] = sg.rows
	}
	keep := make(map[storage.ID]bool, len(next.Dir))
	for _, dc := range next.Dir {
		keep[dc.ID] = true
	}
	for _, dc := range s.Dir {
		if !keep[dc.ID] {
			if err := tx.Delete(Coll, dc.ID); err != nil {
				return nil, err
			}
			delete(next.Chunks, dc.ID)
		}
	}
	if err := tx.Put(Coll, DirID, EncodeDir(next.Dir)); err != nil {
		return nil, err
	}
	return next, nil
}

func findRow(segs []*seg, id storage.ID) (int, bool) {
	for i, sg := range segs {
		for _, r := range sg.rows {
			if r.Key.ID == id {
				return i, true
			}
		}
	}
	return 0, false
}

// chunkForSegs is the index of the segment a row with key k belongs in: the last
// whose first key is not after k, or the first for a key newer than all. A
// segment whose first row this write removed keeps that key as its bound.
func chunkForSegs(segs []*seg, k Key) int {
	lo, hi := 0, len(segs)
	for lo < hi {
		m := (lo + hi) / 2
		if CompareKeys(segs[m].dc.First, k) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}

func rowsBytes(rows []KeyedRow) int {
	n := 0
	for _, r := range rows {
		n += rowBytes(r.Row)
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
		sg.dc.First = sg.rows[0].Key
		size := rowsBytes(sg.rows)
		if len(sg.rows) > 1 && (len(sg.rows) > ChunkMaxRows || size > ChunkMaxBytes) {
			cut := len(sg.rows) / 2
			if len(sg.rows) <= ChunkMaxRows {
				// Too many bytes: cut where half of them are.
				half, n := 0, 0
				for cut = 0; cut < len(sg.rows)-1 && half < size/2; cut++ {
					n = rowBytes(sg.rows[cut].Row)
					half += n
				}
				cut = max(cut, 1)
			}
			a := &seg{orig: -1, read: true, changed: true, rows: sg.rows[:cut:cut]}
			b := &seg{orig: -1, read: true, changed: true, rows: sg.rows[cut:]}
			a.dc.First, b.dc.First = a.rows[0].Key, b.rows[0].Key
			segs = slices.Replace(segs, i, i+1, a, b)
			i--
			continue
		}
		if len(sg.rows) < ChunkMinRows && len(segs) > 1 {
			j := i + 1
			if j == len(segs) {
				j = i - 1
			}
			if err := load(segs[j]); err != nil {
				return nil, err
			}
			lo, hi := min(i, j), max(i, j)
			rows := slices.Concat(segs[lo].rows, segs[hi].rows)
			if len(rows) <= ChunkMaxRows && rowsBytes(rows) <= ChunkMaxBytes {
				m := &seg{orig: -1, read: true, changed: true, rows: rows}
				m.dc.First = rows[0].Key
				segs = slices.Replace(segs, lo, hi+1, m)
				i = lo - 1
			}
		}
	}
	return segs, nil
}

// PutChunk writes one chunk and returns the stamp it was sealed with.
func PutChunk(tx *storage.Tx, id storage.ID, rows []KeyedRow) (storage.Stamp, error) {
	if err := tx.Put(Coll, id, EncodeChunk2(rows)); err != nil {
		return storage.Stamp{}, err
	}
	ch := tx.Changes()
	if last := ch[len(ch)-1]; last.Collection == Coll && last.ID == id {
		return last.Stamp, nil
	}
	return storage.Stamp{}, fmt.Errorf("catalogue: chunk %s was not the last change", id)
}

// rewriteCatalogue writes the whole catalogue from rows (every row, in order):
// the records in onDisk deleted, the rows cut into chunks under new random IDs,
// and the directory. The caller writes the generation record.
func rewriteCatalogue(tx *storage.Tx, onDisk []storage.ID, rows []KeyedRow) (*State, error) {
	for _, id := range onDisk {
		if id == GenID {
			continue
		}
		if err := tx.Delete(Coll, id); err != nil {
			return nil, err
		}
	}
	next := &State{OK: true, Chunks: map[storage.ID][]KeyedRow{}}
	for start := 0; start < len(rows); {
		end, size := start, 0
		for end < len(rows) && end-start < ChunkFillRows && (end == start || size+rowBytes(rows[end].Row) <= ChunkFillBytes) {
			size += rowBytes(rows[end].Row)
			end++
		}
		run := rows[start:end:end]
		dc := Chunk{ID: NewChunkID(), Rows: len(run), First: run[0].Key}
		st, err := PutChunk(tx, dc.ID, run)
		if err != nil {
			return nil, err
		}
		dc.Stamp = st
		next.Dir = append(next.Dir, dc)
		next.Chunks[dc.ID] = run
		start = end
	}
	if err := tx.Put(Coll, DirID, EncodeDir(next.Dir)); err != nil {
		return nil, err
	}
	return next, nil
}

// nextChunk is the chunk after dir[i] in the directory, nil for the last: what
// CheckChunk holds a chunk's last row against.
func nextChunk(dir []Chunk, i int) *Chunk {
	if i+1 < len(dir) {
		return &dir[i+1]
	}
	return nil
}

// errNotNamed is the damage of a chunk whose stamp is not the directory's for it:
// an older or another copy under its ID.
func errNotNamed(id storage.ID) error {
	return fmt.Errorf("%w: chunk %s is not the one the directory names", ErrCatalogue, id)
}
