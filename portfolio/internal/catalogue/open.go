package catalogue

import (
	"fmt"
	"slices"
	"sync"

	"github.com/foliohq/folio/storage"
)

// Trusted reads the generation record and the directory, and says
// whether the catalogue is in step with the vault: the generation record names
// the vault's last transaction, the directory decodes, and the catalogue holds
// nothing else but the chunks. It returns the text index's state and the
// directory.
func Trusted(v Vault) (*IndexState, []Chunk, bool, error) {
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

// ReadAll reads every chunk s's directory names that s has not read, each
// checked against the directory.
func (c *Catalogue) ReadAll(v Vault, s *State) (map[storage.ID][]KeyedRow, error) {
	at := make([]int, len(s.Dir))
	for i := range at {
		at[i] = i
	}
	read, plains, err := FetchChunks(v, s, s.Dir, at)
	c.Own(plains)
	return read, err
}

// RecordsScan is what an untrusted open reads of the catalogue: every record of
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

// ScanRecords reads every catalogue record, of either format, and compares every
// row's stamp with its entry record's.
func (c *Catalogue) ScanRecords(v Vault) (*RecordsScan, error) {
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
	stamps, damaged, err := v.Stamps(CollEntries)
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

// InStep says whether the catalogue needs nothing written. A vault with no
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
func (c *Catalogue) Repair(v Vault, catStamps map[storage.ID]storage.Stamp, damagedCat []storage.Damage, all []KeyedRow, idx *IndexState, readOnly bool) int {
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
		if CheckChunk(dc, rows, nextChunk(dir, i)) != nil {
			return false
		}
	}
	return true
}

// write writes the whole catalogue from rows with the generation record, and
// idx as the text index's state. Best effort: a vault that may not be written
// (damaged, or opened after a rollback) still opens; the state stays as it was,
// and the next write or open tries again.
func (c *Catalogue) write(v Vault, onDisk []storage.ID, rows []KeyedRow, idx *IndexState) {
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

// RowsOnDisk is catalogueRows on the vault v.
func (c *Catalogue) RowsOnDisk(v Vault) (map[storage.ID]Row, []string) {
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
