package entrystore

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
)

// Gate is the portfolio's lock, which the core holds and passes to its Store. Most
// of what takes it reads every entry's row (the core's entries and date order),
// which an open from a trusted catalogue leaves unread: the first Lock or RLock
// reads them all, once. What needs only some rows (listing the newest, adding an
// entry, Close) takes the lock through the raw methods, and must not then take it
// the ordinary way.
type Gate struct {
	sync.RWMutex
	once   sync.Once
	load   func()
	unread atomic.Bool
}

// Ensure reads every row, if the open left them unread, without taking the lock.
func (g *Gate) Ensure() {
	if !g.unread.Load() {
		return
	}
	g.once.Do(func() {
		g.load()
		g.unread.Store(false)
	})
}

// Lock and RLock read every row first, if the open left them unread or they
// were let go of (ReleaseRows) before the lock was had.
func (g *Gate) Lock() {
	for {
		g.Ensure()
		g.RWMutex.Lock()
		if !g.unread.Load() {
			return
		}
		g.RWMutex.Unlock()
	}
}

func (g *Gate) RLock() {
	for {
		g.Ensure()
		g.RWMutex.RLock()
		if !g.unread.Load() {
			return
		}
		g.RWMutex.RUnlock()
	}
}

// RawLock and RawRLock lock without reading the rows.
func (g *Gate) RawLock()  { g.RWMutex.Lock() }
func (g *Gate) RawRLock() { g.RWMutex.RLock() }

// RowsRead says whether the entries in memory are every entry.
func (g *Gate) RowsRead() bool { return !g.unread.Load() }

// leaveUnread says the rows are not in memory: load reads them.
func (g *Gate) leaveUnread(load func()) {
	g.load = load
	g.unread.Store(true)
}

// LoadEntries opens the catalogue. While the generation record names the vault's
// last transaction and the directory decodes, the catalogue is in step and no
// row is read: the rows are read when something first needs them all (loadRows),
// and listings of the newest read only the chunks they show (findWindow).
// Otherwise every row is read and checked against the entry records' stamps
// (rowsFromRecords), and the catalogue is written again if it needs it.
func (p *Store) LoadEntries(readOnly bool) error {
	idx, dir, ok, err := catalogue.Trusted(p.vault)
	if err != nil {
		return err
	}
	if ok {
		p.Idx.Store(idx)
		p.cat.Set(catalogue.State{OK: true, Dir: dir, Chunks: map[storage.ID][]catalogue.KeyedRow{}})
		if len(dir) == 0 {
			*p.entries, *p.byDate = entryindex.Set(*p.entries, nil)
			*p.bodies = true
		} else {
			// Armed once the open's own loading is done (ArmGate): what it
			// loads does not need the rows.
			p.rowsDeferred = true
		}
		return nil
	}
	return p.rowsFromRecords(readOnly)
}

// loadRows reads every row, for the gate: from the chunks the directory names if
// they agree with it, else from the records as an untrusted open does.
func (p *Store) loadRows() {
	p.mu.RawLock()
	defer p.mu.RWMutex.Unlock()
	if p.vault == nil || p.Closed {
		return
	}
	if err := p.rowsFromChunks(); err == nil {
		return
	}
	if err := p.rowsFromRecords(p.ReadOnly); err != nil {
		p.damage(Damage{Collection: catalogue.Coll, Err: fmt.Errorf("%w: %w", storage.ErrDamaged, err)})
	}
}

// rowsFromChunks reads every chunk the directory names and makes the entries'
// index slots from their rows, already in order. Any chunk missing, damaged or
// disagreeing with the directory, or an entry twice, is an error.
func (p *Store) rowsFromChunks() error {
	s := p.cat.Current()
	if !s.OK || p.CatSuspect.Load() {
		return catalogue.ErrCatalogue
	}
	read, err := p.cat.ReadAll(p.vault, &s)
	if err != nil {
		return err
	}
	entries, list, err := entryindex.FromChunks(&s, read)
	if err != nil {
		return err
	}
	if !p.ReadOnly {
		// Kept for the writes to come, which change chunks; a read-only
		// portfolio, its rows in memory, reads no chunk again.
		p.cat.Cache(s.Dir, read)
	}
	*p.entries, *p.byDate = entries, list
	*p.bodies = len(list) == 0
	return nil
}

// rowsFromRecords reads every catalogue record, of either format, and compares
// every row's stamp with its entry record's: rows that match are used, entries
// without one are read whole, and unless the records are exactly the format-2
// catalogue they describe, the whole catalogue is written again in one
// transaction (unless readOnly, or the vault may not be written), so a vault of
// catalogue format 1 or without a catalogue is upgraded all at once or not at all.
func (p *Store) rowsFromRecords(readOnly bool) error {
	p.CatStamps = true
	sc, err := p.cat.ScanRecords(p.vault)
	if err != nil {
		return err
	}
	for _, d := range sc.Damaged {
		p.damage(d)
	}
	entries, list, all, err := entryindex.FromScan(p.vault, sc, p.damage)
	if err != nil {
		return err
	}
	*p.entries, *p.byDate = entries, list
	*p.bodies = len(sc.Missing) == len(sc.Stamps)
	if idx := sc.Index(); idx != nil {
		p.Idx.Store(idx)
	}
	if sc.InStep() {
		p.cat.Set(catalogue.State{OK: true, Dir: sc.Dir, Chunks: sc.Chunks})
		return nil
	}
	p.CatRepairs = p.cat.Repair(p.vault, sc.CatStamps, sc.DamagedCat, all, p.Idx.Load(), readOnly)
	return nil
}

// CatalogueRows is every row by entry, with the chunks read again from disk and
// compared with the directory. The caller holds p.mu.
func (p *Store) CatalogueRows() (map[storage.ID]catalogue.Row, []string) {
	return p.cat.RowsOnDisk(p.vault)
}

// CheckCatalogue compares every catalogue row with the entry record it describes,
// read whole, and the chunks with the directory, and says what disagrees. The next
// open rewrites a row whose stamp is stale, so a disagreement with a fresh stamp
// means the catalogue was written wrongly. The caller holds p.mu.
func (p *Store) CheckCatalogue() []string {
	rows, problems := p.CatalogueRows()
	return catalogue.CompareRows(rows, p.WholeEntries(*p.byDate), problems)
}
