package portfolio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/foliohq/folio/storage"
)

// The catalogue is a sealed index of every entry's metadata (everything but the
// body, sections and fields) kept in the vault, so opening a portfolio reads one
// small record per chunk instead of decrypting and decoding every entry. It is
// never trusted over the records: each row holds the stamp of the entry record it
// was made from, and at open the stamps of the entry records (read without
// decrypting) are compared with the rows'. An entry whose row is missing, stale or
// unreadable is read in full and its row rewritten; rows of entries that are gone
// are dropped. docs/VAULT.md describes the format.
const (
	collCatalogue = "catalogue"
	// catalogueVersion is the first byte of every chunk's plaintext.
	catalogueVersion = 1
	// catalogueChunks is how many records the catalogue is split into: an entry's
	// row is in the chunk numbered by the first byte of its ID, so adding one
	// entry rewrites about 1/256 of the catalogue.
	catalogueChunks = 256
)

var errCatalogue = errors.New("catalogue chunk is malformed")

// genID is the catalogue record holding the generation (storage.Vault.Generation)
// of the last transaction that kept the catalogue in step with the entries: every
// transaction made through Portfolio.update writes it. While it names the vault's
// current generation, nothing has changed the entries since, so opening trusts the
// rows' stamps without reading every entry record's. Any other writer, an older
// folio included, moves the generation on without it, and the next open compares
// every stamp. Ten 0xff bytes: never a chunk's ID, whose last nine bytes are zero.
var genID = storage.ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// genVersion is the first byte of the generation record's plaintext.
const genVersion = 1

// encodeGen is the generation record: its version, then the generation as a uvarint.
func encodeGen(g uint64) []byte {
	return binary.AppendUvarint([]byte{genVersion}, g)
}

func decodeGen(b []byte) (uint64, bool) {
	if len(b) < 2 || b[0] != genVersion {
		return 0, false
	}
	g, n := canonicalUvarint(b[1:])
	return g, n > 0 && n == len(b)-1
}

// catRow is one entry's row: the stamp of the record it describes, the size of
// that record's plaintext, and the entry's metadata in the entry record format.
type catRow struct {
	stamp storage.Stamp
	size  int
	meta  []byte
}

// catalogue is the catalogue as committed to the vault.
type catalogue struct {
	chunks [catalogueChunks]map[storage.ID]catRow
}

func newCatalogue() *catalogue {
	c := &catalogue{}
	for i := range c.chunks {
		c.chunks[i] = map[storage.ID]catRow{}
	}
	return c
}

// chunkID is the record ID of chunk n: n, then zeros.
func chunkID(n int) storage.ID { return storage.ID{byte(n)} }

func chunkOf(id storage.ID) int { return int(id[0]) }

// metaOf is e without what only showing, exporting or searching it needs.
func metaOf(e *Entry) *Entry {
	m := *e
	m.Body, m.Sections, m.Fields = "", nil, nil
	return &m
}

// encodeChunk writes rows sorted by ID, so equal catalogues are equal bytes:
// version, row count (uvarint), then per row the ID, stamp, record size (uvarint),
// metadata length (uvarint) and metadata.
func encodeChunk(rows map[storage.ID]catRow) []byte {
	ids := make([]storage.ID, 0, len(rows))
	n := 1 + binary.MaxVarintLen64
	for id, r := range rows {
		ids = append(ids, id)
		n += storage.IDSize + storage.StampSize + 2*binary.MaxVarintLen64 + len(r.meta)
	}
	slices.SortFunc(ids, func(a, b storage.ID) int { return slices.Compare(a[:], b[:]) })
	b := make([]byte, 0, n)
	b = append(b, catalogueVersion)
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		r := rows[id]
		b = append(b, id[:]...)
		b = append(b, r.stamp[:]...)
		b = binary.AppendUvarint(b, uint64(r.size))
		b = binary.AppendUvarint(b, uint64(len(r.meta)))
		b = append(b, r.meta...)
	}
	return b
}

// decodeChunk reads chunk n. Every row must belong in chunk n, once; the metadata
// is checked when it is decoded.
func decodeChunk(n int, b []byte) (map[storage.ID]catRow, error) {
	if len(b) < 1 || b[0] != catalogueVersion {
		return nil, fmt.Errorf("%w: unknown version", errCatalogue)
	}
	b = b[1:]
	count, k := canonicalUvarint(b)
	// A row takes at least its ID, stamp and two one-byte lengths.
	if k <= 0 || count > uint64(len(b))/(storage.IDSize+storage.StampSize+2) {
		return nil, fmt.Errorf("%w: bad row count", errCatalogue)
	}
	b = b[k:]
	rows := make(map[storage.ID]catRow, count)
	for range count {
		if len(b) < storage.IDSize+storage.StampSize {
			return nil, fmt.Errorf("%w: row cut short", errCatalogue)
		}
		var id storage.ID
		var r catRow
		copy(id[:], b)
		copy(r.stamp[:], b[storage.IDSize:])
		b = b[storage.IDSize+storage.StampSize:]
		size, k := canonicalUvarint(b)
		if k <= 0 || size > 1<<32 {
			return nil, fmt.Errorf("%w: bad record size", errCatalogue)
		}
		b = b[k:]
		l, k := canonicalUvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return nil, fmt.Errorf("%w: bad metadata length", errCatalogue)
		}
		b = b[k:]
		r.size, r.meta = int(size), b[:l:l]
		b = b[l:]
		if chunkOf(id) != n {
			return nil, fmt.Errorf("%w: row %s is in chunk %d", errCatalogue, id, n)
		}
		if _, dup := rows[id]; dup {
			return nil, fmt.Errorf("%w: row %s twice", errCatalogue, id)
		}
		rows[id] = r
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last row", errCatalogue, len(b))
	}
	return rows, nil
}

// canonicalUvarint reads a varint written in its shortest form, so that a chunk has
// one encoding; n <= 0 when there is none.
func canonicalUvarint(b []byte) (v uint64, n int) {
	v, n = binary.Uvarint(b)
	if n > 0 && n != len(binary.AppendUvarint(nil, v)) {
		return 0, -1
	}
	return v, n
}

// catChange is a row to write (row non-nil) or drop, staged in a transaction.
type catChange map[storage.ID]*catRow

// stage brings the catalogue up to date with the entry records tx changed,
// rewriting each chunk they fall in; the changes take effect in memory only once
// the transaction commits (apply).
func (c *catalogue) stage(tx *storage.Tx, idx *indexState) (catChange, *indexState, error) {
	changes := catChange{}
	for _, ch := range tx.Changes() {
		if ch.Collection != collEntries {
			continue
		}
		if ch.Deleted {
			changes[ch.ID] = nil
			continue
		}
		e := &Entry{ID: ID(ch.ID.String())}
		if err := decodeEntryOwned(ch.Plain, e); err != nil {
			return nil, nil, fmt.Errorf("catalogue: entry %s: %w", ch.ID, err)
		}
		changes[ch.ID] = &catRow{stamp: ch.Stamp, size: len(ch.Plain), meta: encodeEntry(metaOf(e))}
	}
	dirty := map[int]bool{}
	for id := range changes {
		dirty[chunkOf(id)] = true
	}
	for n := range dirty {
		if err := tx.Put(collCatalogue, chunkID(n), encodeChunk(c.merged(n, changes))); err != nil {
			return nil, nil, err
		}
	}
	// The text index learns of the saved entries through its recent list; a
	// deleted entry stays in it until the next rebuild, and matches nothing.
	if idx != nil && len(changes) > 0 {
		next := &indexState{buckets: idx.buckets, recent: maps.Clone(idx.recent)}
		for id := range changes {
			next.recent[id] = true
		}
		idx = next
	}
	if err := tx.Put(collCatalogue, genID, encodeGenRecord(genRecord{gen: tx.Generation(), idx: idx})); err != nil {
		return nil, nil, err
	}
	return changes, idx, nil
}

// merged is chunk n with changes applied.
func (c *catalogue) merged(n int, changes catChange) map[storage.ID]catRow {
	rows := make(map[storage.ID]catRow, len(c.chunks[n])+1)
	for id, r := range c.chunks[n] {
		rows[id] = r
	}
	for id, r := range changes {
		if chunkOf(id) != n {
			continue
		}
		if r == nil {
			delete(rows, id)
		} else {
			rows[id] = *r
		}
	}
	return rows
}

func (c *catalogue) apply(changes catChange) {
	for id, r := range changes {
		if r == nil {
			delete(c.chunks[chunkOf(id)], id)
		} else {
			c.chunks[chunkOf(id)][id] = *r
		}
	}
}

// update runs fn in one durable transaction and, in the same transaction, brings
// the catalogue up to date with the entries fn put or deleted. Every write of the
// portfolio goes through it.
func (p *Portfolio) update(fn func(*storage.Tx) error) error {
	var changes catChange
	var prev, next *indexState
	err := p.vault.Update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		prev = p.idx.Load()
		var err error
		changes, next, err = p.cat.stage(tx, prev)
		if err == nil {
			// Before the commit, so the next transaction stages on top of this one.
			p.idx.Store(next)
		}
		return err
	})
	if err != nil {
		p.idx.CompareAndSwap(next, prev)
		return err
	}
	p.cat.apply(changes)
	return nil
}

// put stores one record through update, so that every write keeps the catalogue's
// generation current and the next open need not read the entries' stamps.
func (p *Portfolio) put(collection string, id storage.ID, plain []byte) error {
	return p.update(func(tx *storage.Tx) error { return tx.Put(collection, id, plain) })
}

// catalogueRead is what an open found in the catalogue's records: each chunk's
// index slots, the generation record, and the chunks that need writing again.
type catalogueRead struct {
	metas   [][]*indexed // by chunk: rows whose keys decoded
	gen     genRecord
	haveGen bool
	dirty   map[int]bool // chunks damaged or stale, to be rebuilt from the records
	strays  []storage.ID // records in the catalogue's bucket under no chunk's ID
}

// loadEntries reads the entries' metadata from the catalogue. If the catalogue's
// generation is the vault's, it is in step and is used as it is; otherwise every
// entry record's stamp is compared with its row, the entries the catalogue does not
// describe as they are are read in full, and the chunks that were missing, stale or
// damaged are written back with the generation (unless the vault is read-only): one
// transaction, so an upgrade from a vault without a catalogue is all or nothing.
func (p *Portfolio) loadEntries(readOnly bool) error {
	cr, err := p.readCatalogue()
	if err != nil {
		return err
	}
	current, err := p.vault.Generation()
	if err != nil {
		return err
	}
	if cr.haveGen && cr.gen.gen == current && len(cr.dirty) == 0 && len(cr.strays) == 0 {
		p.idx.Store(cr.gen.idx)
		all := make([]*indexed, 0, p.cat.rows())
		for _, list := range cr.metas {
			all = append(all, list...)
		}
		p.setEntries(all)
		p.bodies = len(all) == 0
		return nil
	}
	p.catStamps = true
	stamps, damaged, err := p.vault.Stamps(collEntries)
	if err != nil {
		return err
	}
	p.damaged = append(p.damaged, damaged...)
	all, missing := p.reconcileCatalogue(&cr, stamps)
	if len(missing) > 0 {
		read, err := p.loadUncatalogued(missing)
		if err != nil {
			return err
		}
		all = append(all, read...)
	}
	p.setEntries(all)
	p.bodies = len(missing) == len(stamps)
	// A writer that kept neither changed the entries it left without rows or with
	// stale ones; folio's own writers keep both, and an older folio that kept the
	// catalogue deletes the generation record as a stray, so without one the index
	// is not trusted.
	if cr.haveGen && cr.gen.idx != nil {
		idx := &indexState{buckets: cr.gen.idx.buckets, recent: cr.gen.idx.recent}
		for _, id := range missing {
			idx.recent[id] = true
		}
		p.idx.Store(idx)
	}
	p.catRepairs = len(cr.dirty) + len(cr.strays)
	// Only a repair is written: a command that is refused changes nothing, and a
	// generation left behind costs the next open a walk of the stamps, no more.
	if readOnly || (len(cr.dirty) == 0 && len(cr.strays) == 0) {
		return nil
	}
	p.writeCatalogueRepairs(cr)
	return nil
}

// readCatalogue decodes each chunk's rows as it opens, over the cores. Damaged
// chunks are not errors: their rows are rebuilt from the records.
func (p *Portfolio) readCatalogue() (catalogueRead, error) {
	cr := catalogueRead{metas: make([][]*indexed, catalogueChunks), dirty: map[int]bool{}}
	var mu sync.Mutex
	_, err := p.vault.Load(collCatalogue, func(sid storage.ID, plain []byte) error {
		if sid == genID {
			g, ok := decodeGenRecord(plain)
			mu.Lock()
			cr.gen, cr.haveGen = g, ok
			mu.Unlock()
			return nil
		}
		n := chunkOf(sid)
		rows, err := decodeChunk(n, plain)
		// One allocation of index slots per chunk rather than one per entry: at
		// 100k entries the allocator and the collector were a fifth of opening.
		// Only the order's keys are decoded; the rest of a row waits for meta.
		list := make([]*indexed, 0, len(rows))
		ixs := make([]indexed, len(rows))
		for id, r := range rows {
			ix := &ixs[len(list)]
			ix.id, ix.row = ID(id.String()), r.meta
			if decodeKeys(r.meta, ix) != nil {
				err = errCatalogue
				break
			}
			list = append(list, ix)
		}
		mu.Lock()
		defer mu.Unlock()
		// The rows' strings share the chunk's plaintext: Close overwrites it.
		p.owned = append(p.owned, plain)
		switch {
		case sid != chunkID(n):
			cr.strays = append(cr.strays, sid)
		case err != nil:
			cr.dirty[n] = true
		default:
			p.cat.chunks[n] = rows
			cr.metas[n] = list
		}
		return nil
	})
	return cr, err
}

// reconcileCatalogue keeps the rows whose stamps match their records' and returns
// them with the IDs of the entries that have no row (or had a stale one), marking
// their chunks dirty.
func (p *Portfolio) reconcileCatalogue(cr *catalogueRead, stamps map[storage.ID]storage.Stamp) (all []*indexed, missing []storage.ID) {
	all = make([]*indexed, 0, len(stamps))
	for n, list := range cr.metas {
		for _, ix := range list {
			id, _ := storage.ParseID(string(ix.id))
			st, ok := stamps[id]
			if !ok || st != p.cat.chunks[n][id].stamp {
				delete(p.cat.chunks[n], id)
				cr.dirty[n] = true
				continue
			}
			all = append(all, ix)
		}
	}
	for id := range stamps {
		if _, ok := p.cat.chunks[chunkOf(id)][id]; !ok {
			missing = append(missing, id)
			cr.dirty[chunkOf(id)] = true
		}
	}
	return all, missing
}

// loadUncatalogued reads the entries the catalogue did not describe in full and
// makes their rows; a record that does not decode is named as damaged.
func (p *Portfolio) loadUncatalogued(missing []storage.ID) ([]*indexed, error) {
	var mu sync.Mutex
	var read []*indexed
	damaged, err := p.vault.LoadSome(collEntries, missing, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
		e := &Entry{ID: ID(sid.String())}
		if err := decodeEntryOwned(plain, e); err != nil {
			mu.Lock()
			p.damaged = append(p.damaged, Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			mu.Unlock()
			return nil
		}
		// The row is made before the entry is indexed: encodeEntry reads e.
		row := catRow{stamp: stamp, size: len(plain), meta: encodeEntry(metaOf(e))}
		ix := newIndexed(e)
		ix.plain = plain
		mu.Lock()
		p.cat.chunks[chunkOf(sid)][sid] = row
		read = append(read, ix)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.damaged = append(p.damaged, damaged...)
	return read, nil
}

// writeCatalogueRepairs writes the rebuilt chunks and the generation, dropping strays.
// Best effort: a vault that may not be written (damaged, or opened after a rollback)
// still opens, and the next open compares the stamps again.
func (p *Portfolio) writeCatalogueRepairs(cr catalogueRead) {
	_ = p.vault.Update(func(tx *storage.Tx) error {
		for _, id := range cr.strays {
			if err := tx.Delete(collCatalogue, id); err != nil {
				return err
			}
		}
		for n := range cr.dirty {
			if err := tx.Put(collCatalogue, chunkID(n), encodeChunk(p.cat.chunks[n])); err != nil {
				return err
			}
		}
		return tx.Put(collCatalogue, genID, encodeGenRecord(genRecord{gen: tx.Generation(), idx: p.idx.Load()}))
	})
}

// setEntries makes all the entries, newest first.
func (p *Portfolio) setEntries(all []*indexed) {
	if len(p.entries) == 0 {
		// Sized once: growing a map of 100k entries rehashes it a dozen times.
		p.entries = make(map[ID]*indexed, len(all))
	}
	for _, ix := range all {
		p.entries[ix.id] = ix
	}
	p.byDate = all
	sortNewestFirst(p.byDate)
}

// rows is how many rows the catalogue holds.
func (c *catalogue) rows() int {
	n := 0
	for _, ch := range c.chunks {
		n += len(ch)
	}
	return n
}

// checkCatalogue compares every catalogue row with the entry record it describes,
// read whole, and says which rows disagree. The next open rewrites a row whose
// stamp is stale, so a disagreement with a fresh stamp means the catalogue was
// written wrongly. The caller holds p.mu.
func (p *Portfolio) checkCatalogue() []string {
	var problems []string
	for _, e := range p.wholeEntries(p.byDate) {
		sid, err := storage.ParseID(string(e.ID))
		if err != nil {
			continue
		}
		row, ok := p.cat.chunks[chunkOf(sid)][sid]
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
