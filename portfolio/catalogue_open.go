package portfolio

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/foliohq/folio/storage"
)

// rowsGate is the portfolio's lock. Most of what takes it reads every entry's row
// (p.entries, p.byDate), which an open from a trusted catalogue leaves unread: the
// first Lock or RLock reads them all, once. What needs only some rows (listing the
// newest, adding an entry, Close) takes the lock through the raw methods, and must
// not then take it the ordinary way.
type rowsGate struct {
	sync.RWMutex
	once   sync.Once
	load   func()
	unread atomic.Bool
}

func (g *rowsGate) ensure() {
	if !g.unread.Load() {
		return
	}
	g.once.Do(func() {
		g.load()
		g.unread.Store(false)
	})
}

// Lock and RLock read every row first, if the open left them unread.
func (g *rowsGate) Lock()  { g.ensure(); g.RWMutex.Lock() }
func (g *rowsGate) RLock() { g.ensure(); g.RWMutex.RLock() }

// rawLock and rawRLock lock without reading the rows.
func (g *rowsGate) rawLock()  { g.RWMutex.Lock() }
func (g *rowsGate) rawRLock() { g.RWMutex.RLock() }

// rowsRead says whether p.entries and p.byDate hold every entry.
func (g *rowsGate) rowsRead() bool { return !g.unread.Load() }

// leaveUnread says the rows are not in memory: load reads them.
func (g *rowsGate) leaveUnread(load func()) {
	g.load = load
	g.unread.Store(true)
}

// loadEntries opens the catalogue. While the generation record names the vault's
// last transaction and the directory decodes, the catalogue is in step and no
// row is read: the rows are read when something first needs them all (loadRows),
// and listings of the newest read only the chunks they show (findWindow).
// Otherwise every row is read and checked against the entry records' stamps
// (rowsFromRecords), and the catalogue is written again if it needs it.
func (p *Portfolio) loadEntries(readOnly bool) error {
	idx, dir, ok, err := Trusted(p.vault)
	if err != nil {
		return err
	}
	if ok {
		p.idx.Store(idx)
		p.cat.Set(State{OK: true, Dir: dir, Chunks: map[storage.ID][]KeyedRow{}})
		if len(dir) == 0 {
			p.setEntries(nil)
			p.bodies = true
		} else {
			// Armed once the open's own loading is done (Open): what it
			// loads does not need the rows.
			p.rowsDeferred = true
		}
		return nil
	}
	return p.rowsFromRecords(readOnly)
}

// trustedCatalogue reads the generation record and the directory, and says
// whether the catalogue is in step with the vault: the generation record names
// the vault's last transaction, the directory decodes, and the catalogue holds
// nothing else but the chunks. It returns the text index's state and the
// directory.
func Trusted(v *storage.Vault) (*IndexState, []Chunk, bool, error) {
	current, err := v.Generation()
	if err != nil {
		return nil, nil, false, err
	}
	var gen GenRecord
	var dir []Chunk
	haveGen, haveDir := false, false
	_, err = v.LoadSome(Coll, []storage.ID{GenID, DirID}, func(id storage.ID, _ storage.Stamp, plain []byte) error {
		switch id {
		case GenID:
			gen, haveGen = DecodeGenRecord(plain)
		case DirID:
			d, err := DecodeDir(plain)
			dir, haveDir = d, err == nil
		}
		return nil
	})
	if err != nil {
		return nil, nil, false, err
	}
	if haveGen && gen.Gen == current && haveDir {
		// The generation, the directory and the chunks: nothing else may be there.
		if n, ok, err := v.Count(Coll); err == nil && (!ok || n == uint64(2+len(dir))) {
			return gen.Idx, dir, true, nil
		}
	}
	return nil, nil, false, nil
}

// loadRows reads every row, for the gate: from the chunks the directory names if
// they agree with it, else from the records as an untrusted open does.
func (p *Portfolio) loadRows() {
	p.mu.rawLock()
	defer p.mu.RWMutex.Unlock()
	if p.vault == nil || p.closed {
		return
	}
	if err := p.rowsFromChunks(); err == nil {
		return
	}
	if err := p.rowsFromRecords(p.readOnly); err != nil {
		p.damaged = append(p.damaged, Damage{Collection: Coll, Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
	}
}

// rowsFromChunks reads every chunk the directory names and makes the entries'
// index slots from their rows, already in order. Any chunk missing, damaged or
// disagreeing with the directory, or an entry twice, is an error.
func (p *Portfolio) rowsFromChunks() error {
	s := p.cat.Current()
	if !s.OK || p.catSuspect.Load() {
		return ErrCatalogue
	}
	read, err := p.cat.ReadAll(p.vault, &s)
	if err != nil {
		return err
	}
	n := s.Total()
	// One allocation of index slots for every entry: at 100k entries the allocator
	// and the collector were a fifth of opening.
	ixs := make([]indexed, n)
	list := make([]*indexed, 0, n)
	entries := make(map[ID]*indexed, n)
	for _, dc := range s.Dir {
		rows, ok := s.Chunks[dc.ID]
		if !ok {
			rows = read[dc.ID]
		}
		for _, r := range rows {
			if len(list) == n {
				return fmt.Errorf("%w: more rows than the directory says", ErrCatalogue)
			}
			ix := &ixs[len(list)]
			ix.id, ix.date, ix.created, ix.row = ID(r.Key.ID.String()), r.Key.Date, r.Key.Created, r.Row.Meta
			if _, dup := entries[ix.id]; dup {
				return fmt.Errorf("%w: row %s twice", ErrCatalogue, ix.id)
			}
			entries[ix.id] = ix
			list = append(list, ix)
		}
	}
	p.cat.Cache(s.Dir, read)
	p.entries, p.byDate = entries, list
	p.bodies = len(list) == 0
	return nil
}

// readAll reads every chunk s's directory names that s has not read, each
// checked against the directory.
func (c *Catalogue) ReadAll(v *storage.Vault, s *State) (map[storage.ID][]KeyedRow, error) {
	at := make([]int, len(s.Dir))
	for i := range at {
		at[i] = i
	}
	read, plains, err := FetchChunks(v, s, s.Dir, at)
	c.Own(plains)
	return read, err
}

// rowsFromRecords reads every catalogue record, of either format, and compares
// every row's stamp with its entry record's: rows that match are used, entries
// without one are read whole, and unless the records are exactly the format-2
// catalogue they describe, the whole catalogue is written again in one
// transaction (unless readOnly, or the vault may not be written), so a vault of
// catalogue format 1 or without a catalogue is upgraded all at once or not at all.
func (p *Portfolio) rowsFromRecords(readOnly bool) error {
	p.catStamps = true
	sc, err := p.cat.ScanRecords(p.vault)
	if err != nil {
		return err
	}
	p.damaged = append(p.damaged, sc.Damaged...)
	all := make([]KeyedRow, 0, len(sc.Stamps))
	for _, e := range sc.Rows {
		all = append(all, e)
	}
	var whole []*indexed
	if len(sc.Missing) > 0 {
		var read []KeyedRow
		if whole, read, err = p.loadUncatalogued(sc.Missing); err != nil {
			return err
		}
		all = append(all, read...)
	}
	slices.SortFunc(all, func(a, b KeyedRow) int { return CompareKeys(a.Key, b.Key) })
	p.setRows(all, whole)
	p.bodies = len(sc.Missing) == len(sc.Stamps)
	if idx := sc.Index(); idx != nil {
		p.idx.Store(idx)
	}
	if sc.InStep() {
		p.cat.Set(State{OK: true, Dir: sc.Dir, Chunks: sc.Chunks})
		return nil
	}
	p.catRepairs = p.cat.Repair(p.vault, sc.CatStamps, sc.DamagedCat, all, p.idx.Load(), readOnly)
	return nil
}

// recordsScan is what an untrusted open reads of the catalogue: every record of
// it, with the entry records' stamps, and which rows match their records.
type RecordsScan struct {
	// damagedCat are the catalogue's records that failed to open; catStamps
	// the stamps of those that opened.
	DamagedCat []storage.Damage
	CatStamps  map[storage.ID]storage.Stamp
	// stamps are the entry records', and damaged those whose stamps could not
	// be read.
	Stamps  map[storage.ID]storage.Stamp
	Damaged []storage.Damage
	gen     GenRecord
	haveGen bool
	Dir     []Chunk
	Chunks  map[storage.ID][]KeyedRow
	// rows are the rows whose stamps are their records'; missing the entries
	// without one.
	Rows    map[storage.ID]KeyedRow
	Missing []storage.ID
	// layout: the records are exactly the format-2 catalogue dir describes;
	// clean: no row is stale, names no entry or appears twice.
	layout, clean bool
}

// scanRecords reads every catalogue record, of either format, and compares every
// row's stamp with its entry record's.
func (c *Catalogue) ScanRecords(v *storage.Vault) (*RecordsScan, error) {
	var mu sync.Mutex
	recs := map[storage.ID][]byte{}
	damagedCat, err := v.Load(Coll, func(id storage.ID, plain []byte) error {
		mu.Lock()
		recs[id] = plain
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	catStamps, _, err := v.Stamps(Coll)
	if err != nil {
		return nil, err
	}
	stamps, damaged, err := v.Stamps(collEntries)
	if err != nil {
		return nil, err
	}
	sc := &RecordsScan{DamagedCat: damagedCat, CatStamps: catStamps, Stamps: stamps, Damaged: damaged}
	if b, ok := recs[GenID]; ok {
		sc.gen, sc.haveGen = DecodeGenRecord(b)
	}
	layout := len(damagedCat) == 0
	if b, ok := recs[DirID]; ok {
		if sc.Dir, err = DecodeDir(b); err != nil {
			layout = false
		}
	} else {
		layout = false
	}
	var allFormat2 bool
	sc.Chunks, sc.Rows, sc.clean, allFormat2 = c.matchRows(recs, stamps)
	layout = layout && allFormat2
	if layout {
		layout = sameLayout(sc.Dir, sc.Chunks, catStamps, sc.haveGen)
	}
	sc.layout = layout
	for id := range stamps {
		if _, ok := sc.Rows[id]; !ok {
			sc.Missing = append(sc.Missing, id)
		}
	}
	return sc, nil
}

// index is the text index's state the scan found, with the entries without rows
// as recent, or nil if there is none to trust. A writer that kept neither
// changed the entries it left without rows or with stale ones; folio's own
// writers keep both, and an older folio that kept the catalogue deletes the
// generation record as a stray, so without one the index is not trusted.
func (sc *RecordsScan) Index() *IndexState {
	if !sc.haveGen || sc.gen.Idx == nil {
		return nil
	}
	idx := &IndexState{Buckets: sc.gen.Idx.Buckets, Recent: sc.gen.Idx.Recent}
	for _, id := range sc.Missing {
		idx.Recent[id] = true
	}
	return idx
}

// inStep says whether the catalogue needs nothing written. A vault with no
// entries and no catalogue but the generation (a new one) needs nothing written
// either: its first entry's save writes the directory.
func (sc *RecordsScan) InStep() bool {
	_, genOnly := sc.CatStamps[GenID]
	empty := len(sc.Stamps) == 0 && len(sc.DamagedCat) == 0 && (len(sc.CatStamps) == 0 || genOnly && len(sc.CatStamps) == 1)
	return empty || sc.layout && sc.clean && len(sc.Missing) == 0
}

// matchRows decodes the catalogue's chunks (every record but the generation and
// the directory) and keeps each row whose stamp is its entry record's. clean is
// false if a row is stale, names no entry or appears twice; allFormat2 is false if
// a chunk does not decode or is not under a format-2 ID.
func (c *Catalogue) matchRows(recs map[storage.ID][]byte, stamps map[storage.ID]storage.Stamp) (chunks map[storage.ID][]KeyedRow, rows map[storage.ID]KeyedRow, clean, allFormat2 bool) {
	chunks = map[storage.ID][]KeyedRow{}
	rows = make(map[storage.ID]KeyedRow, len(stamps))
	clean, allFormat2 = true, true
	for id, plain := range recs {
		if id == GenID || id == DirID {
			continue
		}
		c.Own([][]byte{plain})
		list, err := decodeAnyChunk(id, plain)
		if err != nil || !ChunkIDAllowed(id) {
			allFormat2 = false
		}
		if err != nil {
			continue
		}
		chunks[id] = list
		for _, e := range list {
			st, ok := stamps[e.Key.ID]
			if !ok || st != e.Row.Stamp {
				clean = false
				continue
			}
			if _, dup := rows[e.Key.ID]; dup {
				clean = false
				continue
			}
			rows[e.Key.ID] = e
		}
	}
	return chunks, rows, clean, allFormat2
}

// repair notes that the catalogue on disk (catStamps' records and the damaged
// ones) is to be replaced by one made from all, and writes it unless readOnly,
// with idx as the text index's state. It returns how many records it replaces.
func (c *Catalogue) Repair(v *storage.Vault, catStamps map[storage.ID]storage.Stamp, damagedCat []storage.Damage, all []KeyedRow, idx *IndexState, readOnly bool) int {
	onDisk := make([]storage.ID, 0, len(catStamps)+len(damagedCat))
	for id := range catStamps {
		onDisk = append(onDisk, id)
	}
	for _, d := range damagedCat {
		if id, err := storage.ParseID(d.ID); err == nil && !slices.Contains(onDisk, id) {
			onDisk = append(onDisk, id)
		}
	}
	c.Set(State{Known: true, Rows: all, OnDisk: onDisk})
	// Only a repair is written: a command that is refused changes nothing, and a
	// generation left behind costs the next open a walk of the stamps, no more.
	if !readOnly {
		c.write(v, onDisk, all, idx)
	}
	return max(1, len(onDisk))
}

// decodeAnyChunk reads a chunk of either format by its ID's shape: format 1 under
// a byte then nine zeros, format 2 under any other.
func decodeAnyChunk(id storage.ID, plain []byte) ([]KeyedRow, error) {
	if ChunkIDAllowed(id) {
		return DecodeChunk2(plain)
	}
	if id != ChunkID(ChunkOf(id)) {
		return nil, ErrCatalogue
	}
	m, err := DecodeChunk1(ChunkOf(id), plain)
	if err != nil {
		return nil, err
	}
	out := make([]KeyedRow, 0, len(m))
	for eid, r := range m {
		date, created, err := DecodeOrder(r.Meta)
		if err != nil {
			return nil, fmt.Errorf("%w: row %s: %w", ErrCatalogue, eid, err)
		}
		out = append(out, KeyedRow{Key: Key{Date: date, Created: created, ID: eid}, Row: r})
	}
	return out, nil
}

// sameLayout says whether the chunks are exactly those dir names, as it names
// them, and the catalogue holds nothing else but the generation record.
func sameLayout(dir []Chunk, chunks map[storage.ID][]KeyedRow, stamps map[storage.ID]storage.Stamp, haveGen bool) bool {
	extra := 1 // the directory
	if haveGen {
		extra++
	}
	if len(chunks) != len(dir) || len(stamps) != len(dir)+extra {
		return false
	}
	for i, dc := range dir {
		rows, ok := chunks[dc.ID]
		if !ok || stamps[dc.ID] != dc.Stamp {
			return false
		}
		var next *Chunk
		if i+1 < len(dir) {
			next = &dir[i+1]
		}
		if CheckChunk(dc, rows, next) != nil {
			return false
		}
	}
	return true
}

// write writes the whole catalogue from rows with the generation record, and
// idx as the text index's state. Best effort: a vault that may not be written
// (damaged, or opened after a rollback) still opens; the state stays as it was,
// and the next write or open tries again.
func (c *Catalogue) write(v *storage.Vault, onDisk []storage.ID, rows []KeyedRow, idx *IndexState) {
	var next *State
	err := v.Update(func(tx *storage.Tx) error {
		var err error
		if next, err = rewriteCatalogue(tx, onDisk, rows); err != nil {
			return err
		}
		return tx.Put(Coll, GenID, EncodeGenRecord(GenRecord{Gen: tx.Generation(), Idx: idx}))
	})
	if err == nil {
		c.Set(*next)
	}
}

// setRows makes the entries from rows (in order) and the entries read whole.
func (p *Portfolio) setRows(rows []KeyedRow, whole []*indexed) {
	got := make(map[ID]*indexed, len(whole))
	for _, ix := range whole {
		got[ix.id] = ix
	}
	ixs := make([]indexed, len(rows))
	list := make([]*indexed, 0, len(rows))
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
	p.entries = make(map[ID]*indexed, len(list))
	for _, ix := range list {
		p.entries[ix.id] = ix
	}
	p.byDate = list
}

// loadUncatalogued reads the entries the catalogue did not describe in full and
// makes their rows; a record that does not decode is named as damaged.
func (p *Portfolio) loadUncatalogued(missing []storage.ID) ([]*indexed, []KeyedRow, error) {
	var mu sync.Mutex
	var read []*indexed
	var rows []KeyedRow
	damaged, err := p.vault.LoadSome(collEntries, missing, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
		e := &Entry{ID: ID(sid.String())}
		if err := decodeEntryOwned(plain, e); err != nil {
			mu.Lock()
			p.damaged = append(p.damaged, Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			mu.Unlock()
			return nil
		}
		// The row is made before the entry is indexed: encodeEntry reads e.
		row := KeyedRow{Key: Key{Date: e.Date, Created: e.Created, ID: sid}, Row: Row{Stamp: stamp, Size: len(plain), Meta: encodeEntry(MetaOf(e))}}
		ix := newIndexed(e)
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
	p.damaged = append(p.damaged, damaged...)
	return read, rows, nil
}

// catalogueRows is every row by entry, with the chunks read again from disk and
// compared with the directory. The caller holds p.mu.
func (p *Portfolio) catalogueRows() (map[storage.ID]Row, []string) {
	return p.cat.RowsOnDisk(p.vault)
}

// rowsOnDisk is catalogueRows on the vault v.
func (c *Catalogue) RowsOnDisk(v *storage.Vault) (map[storage.ID]Row, []string) {
	s := c.Current()
	out := map[storage.ID]Row{}
	var problems []string
	if !s.OK {
		for _, r := range s.Rows {
			out[r.Key.ID] = r.Row
		}
		return out, nil
	}
	at := make([]int, len(s.Dir))
	for i := range at {
		at[i] = i
	}
	fresh := State{Chunks: map[storage.ID][]KeyedRow{}}
	read, plains, err := FetchChunks(v, &fresh, s.Dir, at)
	c.Own(plains)
	if err != nil {
		problems = append(problems, fmt.Sprintf("the catalogue's chunks disagree with its directory: %v", err))
		read = s.Chunks
	}
	for _, rows := range read {
		for _, r := range rows {
			out[r.Key.ID] = r.Row
		}
	}
	return out, problems
}

// checkCatalogue compares every catalogue row with the entry record it describes,
// read whole, and the chunks with the directory, and says what disagrees. The next
// open rewrites a row whose stamp is stale, so a disagreement with a fresh stamp
// means the catalogue was written wrongly. The caller holds p.mu.
func (p *Portfolio) checkCatalogue() []string {
	rows, problems := p.catalogueRows()
	whole := p.wholeEntries(p.byDate)
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
		if !bytes.Equal(row.Meta, encodeEntry(MetaOf(e))) {
			problems = append(problems, fmt.Sprintf("the catalogue row for entry %s differs from its record", e.ID))
		}
	}
	return problems
}
