package portfolio

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

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
	idx, dir, ok, err := catalogue.Trusted(p.vault)
	if err != nil {
		return err
	}
	if ok {
		p.idx.Store(idx)
		p.cat.Set(catalogue.State{OK: true, Dir: dir, Chunks: map[storage.ID][]catalogue.KeyedRow{}})
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
		p.damaged = append(p.damaged, Damage{Collection: catalogue.Coll, Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
	}
}

// rowsFromChunks reads every chunk the directory names and makes the entries'
// index slots from their rows, already in order. Any chunk missing, damaged or
// disagreeing with the directory, or an entry twice, is an error.
func (p *Portfolio) rowsFromChunks() error {
	s := p.cat.Current()
	if !s.OK || p.catSuspect.Load() {
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
	p.cat.Cache(s.Dir, read)
	p.entries, p.byDate = entries, list
	p.bodies = len(list) == 0
	return nil
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
	entries, list, all, err := entryindex.FromScan(p.vault, sc, func(d Damage) { p.damaged = append(p.damaged, d) })
	if err != nil {
		return err
	}
	p.entries, p.byDate = entries, list
	p.bodies = len(sc.Missing) == len(sc.Stamps)
	if idx := sc.Index(); idx != nil {
		p.idx.Store(idx)
	}
	if sc.InStep() {
		p.cat.Set(catalogue.State{OK: true, Dir: sc.Dir, Chunks: sc.Chunks})
		return nil
	}
	p.catRepairs = p.cat.Repair(p.vault, sc.CatStamps, sc.DamagedCat, all, p.idx.Load(), readOnly)
	return nil
}

// catalogueRows is every row by entry, with the chunks read again from disk and
// compared with the directory. The caller holds p.mu.
func (p *Portfolio) catalogueRows() (map[storage.ID]catalogue.Row, []string) {
	return p.cat.RowsOnDisk(p.vault)
}

// checkCatalogue compares every catalogue row with the entry record it describes,
// read whole, and the chunks with the directory, and says what disagrees. The next
// open rewrites a row whose stamp is stale, so a disagreement with a fresh stamp
// means the catalogue was written wrongly. The caller holds p.mu.
func (p *Portfolio) checkCatalogue() []string {
	rows, problems := p.catalogueRows()
	return catalogue.CompareRows(rows, p.wholeEntries(p.byDate), problems)
}
