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
	idx, dir, ok, err := trustedCatalogue(p.vault)
	if err != nil {
		return err
	}
	if ok {
		p.idx.Store(idx)
		p.cat.set(catState{ok: true, dir: dir, chunks: map[storage.ID][]catEntry{}})
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
func trustedCatalogue(v *storage.Vault) (*indexState, []dirChunk, bool, error) {
	current, err := v.Generation()
	if err != nil {
		return nil, nil, false, err
	}
	var gen genRecord
	var dir []dirChunk
	haveGen, haveDir := false, false
	_, err = v.LoadSome(collCatalogue, []storage.ID{genID, dirID}, func(id storage.ID, _ storage.Stamp, plain []byte) error {
		switch id {
		case genID:
			gen, haveGen = decodeGenRecord(plain)
		case dirID:
			d, err := decodeDir(plain)
			dir, haveDir = d, err == nil
		}
		return nil
	})
	if err != nil {
		return nil, nil, false, err
	}
	if haveGen && gen.gen == current && haveDir {
		// The generation, the directory and the chunks: nothing else may be there.
		if n, ok, err := v.Count(collCatalogue); err == nil && (!ok || n == uint64(2+len(dir))) {
			return gen.idx, dir, true, nil
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
		p.damaged = append(p.damaged, Damage{Collection: collCatalogue, Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
	}
}

// rowsFromChunks reads every chunk the directory names and makes the entries'
// index slots from their rows, already in order. Any chunk missing, damaged or
// disagreeing with the directory, or an entry twice, is an error.
func (p *Portfolio) rowsFromChunks() error {
	s := p.cat.state()
	if !s.ok || p.catSuspect.Load() {
		return errCatalogue
	}
	read, err := p.cat.readAll(p.vault, &s)
	if err != nil {
		return err
	}
	n := s.total()
	// One allocation of index slots for every entry: at 100k entries the allocator
	// and the collector were a fifth of opening.
	ixs := make([]indexed, n)
	list := make([]*indexed, 0, n)
	entries := make(map[ID]*indexed, n)
	for _, dc := range s.dir {
		rows, ok := s.chunks[dc.id]
		if !ok {
			rows = read[dc.id]
		}
		for _, r := range rows {
			if len(list) == n {
				return fmt.Errorf("%w: more rows than the directory says", errCatalogue)
			}
			ix := &ixs[len(list)]
			ix.id, ix.date, ix.created, ix.row = ID(r.key.id.String()), r.key.date, r.key.created, r.row.meta
			if _, dup := entries[ix.id]; dup {
				return fmt.Errorf("%w: row %s twice", errCatalogue, ix.id)
			}
			entries[ix.id] = ix
			list = append(list, ix)
		}
	}
	p.cat.cache(s.dir, read)
	p.entries, p.byDate = entries, list
	p.bodies = len(list) == 0
	return nil
}

// readAll reads every chunk s's directory names that s has not read, each
// checked against the directory.
func (c *catalogue) readAll(v *storage.Vault, s *catState) (map[storage.ID][]catEntry, error) {
	at := make([]int, len(s.dir))
	for i := range at {
		at[i] = i
	}
	read, plains, err := fetchChunks(v, s, s.dir, at)
	c.own(plains)
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
	sc, err := p.cat.scanRecords(p.vault)
	if err != nil {
		return err
	}
	p.damaged = append(p.damaged, sc.damaged...)
	all := make([]catEntry, 0, len(sc.stamps))
	for _, e := range sc.rows {
		all = append(all, e)
	}
	var whole []*indexed
	if len(sc.missing) > 0 {
		var read []catEntry
		if whole, read, err = p.loadUncatalogued(sc.missing); err != nil {
			return err
		}
		all = append(all, read...)
	}
	slices.SortFunc(all, func(a, b catEntry) int { return compareKeys(a.key, b.key) })
	p.setRows(all, whole)
	p.bodies = len(sc.missing) == len(sc.stamps)
	if idx := sc.index(); idx != nil {
		p.idx.Store(idx)
	}
	if sc.inStep() {
		p.cat.set(catState{ok: true, dir: sc.dir, chunks: sc.chunks})
		return nil
	}
	p.catRepairs = p.cat.repair(p.vault, sc.catStamps, sc.damagedCat, all, p.idx.Load(), readOnly)
	return nil
}

// recordsScan is what an untrusted open reads of the catalogue: every record of
// it, with the entry records' stamps, and which rows match their records.
type recordsScan struct {
	// damagedCat are the catalogue's records that failed to open; catStamps
	// the stamps of those that opened.
	damagedCat []storage.Damage
	catStamps  map[storage.ID]storage.Stamp
	// stamps are the entry records', and damaged those whose stamps could not
	// be read.
	stamps  map[storage.ID]storage.Stamp
	damaged []storage.Damage
	gen     genRecord
	haveGen bool
	dir     []dirChunk
	chunks  map[storage.ID][]catEntry
	// rows are the rows whose stamps are their records'; missing the entries
	// without one.
	rows    map[storage.ID]catEntry
	missing []storage.ID
	// layout: the records are exactly the format-2 catalogue dir describes;
	// clean: no row is stale, names no entry or appears twice.
	layout, clean bool
}

// scanRecords reads every catalogue record, of either format, and compares every
// row's stamp with its entry record's.
func (c *catalogue) scanRecords(v *storage.Vault) (*recordsScan, error) {
	var mu sync.Mutex
	recs := map[storage.ID][]byte{}
	damagedCat, err := v.Load(collCatalogue, func(id storage.ID, plain []byte) error {
		mu.Lock()
		recs[id] = plain
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	catStamps, _, err := v.Stamps(collCatalogue)
	if err != nil {
		return nil, err
	}
	stamps, damaged, err := v.Stamps(collEntries)
	if err != nil {
		return nil, err
	}
	sc := &recordsScan{damagedCat: damagedCat, catStamps: catStamps, stamps: stamps, damaged: damaged}
	if b, ok := recs[genID]; ok {
		sc.gen, sc.haveGen = decodeGenRecord(b)
	}
	layout := len(damagedCat) == 0
	if b, ok := recs[dirID]; ok {
		if sc.dir, err = decodeDir(b); err != nil {
			layout = false
		}
	} else {
		layout = false
	}
	var allFormat2 bool
	sc.chunks, sc.rows, sc.clean, allFormat2 = c.matchRows(recs, stamps)
	layout = layout && allFormat2
	if layout {
		layout = sameLayout(sc.dir, sc.chunks, catStamps, sc.haveGen)
	}
	sc.layout = layout
	for id := range stamps {
		if _, ok := sc.rows[id]; !ok {
			sc.missing = append(sc.missing, id)
		}
	}
	return sc, nil
}

// index is the text index's state the scan found, with the entries without rows
// as recent, or nil if there is none to trust. A writer that kept neither
// changed the entries it left without rows or with stale ones; folio's own
// writers keep both, and an older folio that kept the catalogue deletes the
// generation record as a stray, so without one the index is not trusted.
func (sc *recordsScan) index() *indexState {
	if !sc.haveGen || sc.gen.idx == nil {
		return nil
	}
	idx := &indexState{buckets: sc.gen.idx.buckets, recent: sc.gen.idx.recent}
	for _, id := range sc.missing {
		idx.recent[id] = true
	}
	return idx
}

// inStep says whether the catalogue needs nothing written. A vault with no
// entries and no catalogue but the generation (a new one) needs nothing written
// either: its first entry's save writes the directory.
func (sc *recordsScan) inStep() bool {
	_, genOnly := sc.catStamps[genID]
	empty := len(sc.stamps) == 0 && len(sc.damagedCat) == 0 && (len(sc.catStamps) == 0 || genOnly && len(sc.catStamps) == 1)
	return empty || sc.layout && sc.clean && len(sc.missing) == 0
}

// matchRows decodes the catalogue's chunks (every record but the generation and
// the directory) and keeps each row whose stamp is its entry record's. clean is
// false if a row is stale, names no entry or appears twice; allFormat2 is false if
// a chunk does not decode or is not under a format-2 ID.
func (c *catalogue) matchRows(recs map[storage.ID][]byte, stamps map[storage.ID]storage.Stamp) (chunks map[storage.ID][]catEntry, rows map[storage.ID]catEntry, clean, allFormat2 bool) {
	chunks = map[storage.ID][]catEntry{}
	rows = make(map[storage.ID]catEntry, len(stamps))
	clean, allFormat2 = true, true
	for id, plain := range recs {
		if id == genID || id == dirID {
			continue
		}
		c.own([][]byte{plain})
		list, err := decodeAnyChunk(id, plain)
		if err != nil || !chunkIDAllowed(id) {
			allFormat2 = false
		}
		if err != nil {
			continue
		}
		chunks[id] = list
		for _, e := range list {
			st, ok := stamps[e.key.id]
			if !ok || st != e.row.stamp {
				clean = false
				continue
			}
			if _, dup := rows[e.key.id]; dup {
				clean = false
				continue
			}
			rows[e.key.id] = e
		}
	}
	return chunks, rows, clean, allFormat2
}

// repair notes that the catalogue on disk (catStamps' records and the damaged
// ones) is to be replaced by one made from all, and writes it unless readOnly,
// with idx as the text index's state. It returns how many records it replaces.
func (c *catalogue) repair(v *storage.Vault, catStamps map[storage.ID]storage.Stamp, damagedCat []storage.Damage, all []catEntry, idx *indexState, readOnly bool) int {
	onDisk := make([]storage.ID, 0, len(catStamps)+len(damagedCat))
	for id := range catStamps {
		onDisk = append(onDisk, id)
	}
	for _, d := range damagedCat {
		if id, err := storage.ParseID(d.ID); err == nil && !slices.Contains(onDisk, id) {
			onDisk = append(onDisk, id)
		}
	}
	c.set(catState{known: true, rows: all, onDisk: onDisk})
	// Only a repair is written: a command that is refused changes nothing, and a
	// generation left behind costs the next open a walk of the stamps, no more.
	if !readOnly {
		c.write(v, onDisk, all, idx)
	}
	return max(1, len(onDisk))
}

// decodeAnyChunk reads a chunk of either format by its ID's shape: format 1 under
// a byte then nine zeros, format 2 under any other.
func decodeAnyChunk(id storage.ID, plain []byte) ([]catEntry, error) {
	if chunkIDAllowed(id) {
		return decodeChunk2(plain)
	}
	if id != chunkID(chunkOf(id)) {
		return nil, errCatalogue
	}
	m, err := decodeChunk1(chunkOf(id), plain)
	if err != nil {
		return nil, err
	}
	out := make([]catEntry, 0, len(m))
	for eid, r := range m {
		date, created, err := decodeOrder(r.meta)
		if err != nil {
			return nil, fmt.Errorf("%w: row %s: %w", errCatalogue, eid, err)
		}
		out = append(out, catEntry{key: orderKey{date: date, created: created, id: eid}, row: r})
	}
	return out, nil
}

// sameLayout says whether the chunks are exactly those dir names, as it names
// them, and the catalogue holds nothing else but the generation record.
func sameLayout(dir []dirChunk, chunks map[storage.ID][]catEntry, stamps map[storage.ID]storage.Stamp, haveGen bool) bool {
	extra := 1 // the directory
	if haveGen {
		extra++
	}
	if len(chunks) != len(dir) || len(stamps) != len(dir)+extra {
		return false
	}
	for i, dc := range dir {
		rows, ok := chunks[dc.id]
		if !ok || stamps[dc.id] != dc.stamp {
			return false
		}
		var next *dirChunk
		if i+1 < len(dir) {
			next = &dir[i+1]
		}
		if checkChunk(dc, rows, next) != nil {
			return false
		}
	}
	return true
}

// write writes the whole catalogue from rows with the generation record, and
// idx as the text index's state. Best effort: a vault that may not be written
// (damaged, or opened after a rollback) still opens; the state stays as it was,
// and the next write or open tries again.
func (c *catalogue) write(v *storage.Vault, onDisk []storage.ID, rows []catEntry, idx *indexState) {
	var next *catState
	err := v.Update(func(tx *storage.Tx) error {
		var err error
		if next, err = rewriteCatalogue(tx, onDisk, rows); err != nil {
			return err
		}
		return tx.Put(collCatalogue, genID, encodeGenRecord(genRecord{gen: tx.Generation(), idx: idx}))
	})
	if err == nil {
		c.set(*next)
	}
}

// setRows makes the entries from rows (in order) and the entries read whole.
func (p *Portfolio) setRows(rows []catEntry, whole []*indexed) {
	got := make(map[ID]*indexed, len(whole))
	for _, ix := range whole {
		got[ix.id] = ix
	}
	ixs := make([]indexed, len(rows))
	list := make([]*indexed, 0, len(rows))
	for i, r := range rows {
		id := ID(r.key.id.String())
		if ix, ok := got[id]; ok {
			list = append(list, ix)
			continue
		}
		ix := &ixs[i]
		ix.id, ix.date, ix.created, ix.row = id, r.key.date, r.key.created, r.row.meta
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
func (p *Portfolio) loadUncatalogued(missing []storage.ID) ([]*indexed, []catEntry, error) {
	var mu sync.Mutex
	var read []*indexed
	var rows []catEntry
	damaged, err := p.vault.LoadSome(collEntries, missing, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
		e := &Entry{ID: ID(sid.String())}
		if err := decodeEntryOwned(plain, e); err != nil {
			mu.Lock()
			p.damaged = append(p.damaged, Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			mu.Unlock()
			return nil
		}
		// The row is made before the entry is indexed: encodeEntry reads e.
		row := catEntry{key: orderKey{date: e.Date, created: e.Created, id: sid}, row: catRow{stamp: stamp, size: len(plain), meta: encodeEntry(metaOf(e))}}
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
func (p *Portfolio) catalogueRows() (map[storage.ID]catRow, []string) {
	return p.cat.rowsOnDisk(p.vault)
}

// rowsOnDisk is catalogueRows on the vault v.
func (c *catalogue) rowsOnDisk(v *storage.Vault) (map[storage.ID]catRow, []string) {
	s := c.state()
	out := map[storage.ID]catRow{}
	var problems []string
	if !s.ok {
		for _, r := range s.rows {
			out[r.key.id] = r.row
		}
		return out, nil
	}
	at := make([]int, len(s.dir))
	for i := range at {
		at[i] = i
	}
	fresh := catState{chunks: map[storage.ID][]catEntry{}}
	read, plains, err := fetchChunks(v, &fresh, s.dir, at)
	c.own(plains)
	if err != nil {
		problems = append(problems, fmt.Sprintf("the catalogue's chunks disagree with its directory: %v", err))
		read = s.chunks
	}
	for _, rows := range read {
		for _, r := range rows {
			out[r.key.id] = r.row
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
		if !bytes.Equal(row.meta, encodeEntry(metaOf(e))) {
			problems = append(problems, fmt.Sprintf("the catalogue row for entry %s differs from its record", e.ID))
		}
	}
	return problems
}
