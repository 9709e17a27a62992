// Package entrystore is the entries' storage glue beneath the portfolio core: the
// catalogue opened and its rows read when first needed (catalogue_open.go), the
// listings and searches answered from its chunks while they are unread
// (catalogue_window.go), the persisted text index (textindex.go), every write kept
// in step with the catalogue (catalogue_write.go), bodies read on demand
// (lazy.go), finding entries (find.go) and streaming them in batches
// (stream.go). A Store works on the core's entries in memory and under the core's
// lock (Gate), which the core passes in; only the core imports it.
package entrystore

import (
	"sync"
	"sync/atomic"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"
	"github.com/foliohq/folio/portfolio/record"

	"github.com/foliohq/folio/storage"
)

type (
	// Entry, ID, Query and Damage are the core's names for them.
	Entry  = record.Entry
	ID     = record.ID
	Query  = entryindex.Query
	Damage = storage.Damage
	// indexed is an entry's slot in memory.
	indexed = entryindex.Slot
)

// Store is the entries' state beside the core's entries in memory: the catalogue
// as committed, the text index, the token search and the bodies read on demand.
// Its methods run under the core's Gate as each says.
type Store struct {
	mu    *Gate
	vault *storage.Vault
	// entries, byDate and bodies are the core's fields (its entries by ID, newest
	// first, and whether every one is whole), which the core's other files read
	// under mu; the Store reads and sets them in place.
	entries *map[ID]*indexed
	byDate  *[]*indexed
	bodies  *bool
	// damage adds to the core's list of records that could not be read; it is
	// called under mu, or while the open is the portfolio's only user.
	damage func(Damage)

	// cat is the catalogue as committed.
	cat *catalogue.Catalogue
	// catFresh names the entry AddEntry is saving, which has no row to replace.
	catFresh atomic.Pointer[map[storage.ID]bool]
	// CatSuspect is set when a listing from the chunks found a row that does not
	// match its record: the rows are then read from the records.
	CatSuspect atomic.Bool
	// rowsDeferred: the open left the rows unread, for the gate to read.
	rowsDeferred bool
	// Closed is set by Close, under mu.
	Closed bool
	// CatRepairs counts the catalogue records the open found missing, stale or
	// damaged and rewrote.
	CatRepairs int
	// CatStamps is true if the open compared every entry record's stamp with the
	// catalogue, because the catalogue's generation was not the vault's.
	CatStamps bool
	// Idx is the persisted text index's state, nil if there is none to trust;
	// IdxBroken is set when a search found it damaged or incomplete. Writes that
	// do not hold mu read and replace Idx inside their transaction, which bbolt
	// runs one at a time.
	Idx       atomic.Pointer[catalogue.IndexState]
	IdxBroken atomic.Bool
	// ReadOnly is set by Open: a search then scans rather than rebuild a
	// damaged index, and the rows read later do not repair the catalogue.
	ReadOnly bool
	// Search is the in-memory token index and its background build.
	Search entryindex.TokenSearch
	// lazy guards bodies read on demand under a read lock, and the damage found
	// doing so.
	lazy        sync.Mutex
	lazyDamaged []Damage
	// lazyOwned are the records of bodies read on demand, guarded by lazy; Close
	// overwrites them as the core overwrites its own.
	lazyOwned [][]byte
}

// New is the Store of a portfolio over vault, locked by mu, whose entries in
// memory are entries, byDate and bodies, and whose damage list damage adds to.
func New(mu *Gate, vault *storage.Vault, entries *map[ID]*indexed, byDate *[]*indexed, bodies *bool, damage func(Damage)) *Store {
	return &Store{mu: mu, vault: vault, entries: entries, byDate: byDate, bodies: bodies, damage: damage, cat: catalogue.New()}
}

// Catalogue is the catalogue's state as committed.
func (p *Store) Catalogue() catalogue.State { return p.cat.Current() }

// ArmGate leaves the rows unread, for the gate's first Lock or RLock to read, if
// the open found the catalogue trusted and deferred them.
func (p *Store) ArmGate() {
	if p.rowsDeferred {
		p.mu.leaveUnread(p.loadRows)
	}
}

// Close marks the store closed and overwrites what it owns: the catalogue's
// cached rows and the records of bodies read on demand. The caller holds mu.
func (p *Store) Close() {
	p.Closed = true
	p.cat.Clear()
	p.lazy.Lock()
	for _, b := range p.lazyOwned {
		clear(b)
	}
	p.lazyOwned = nil
	p.lazy.Unlock()
}

// Damaged is the damage found reading bodies on demand.
func (p *Store) Damaged() []Damage {
	p.lazy.Lock()
	defer p.lazy.Unlock()
	return append([]Damage(nil), p.lazyDamaged...)
}

// EntryCount is how many entries the vault holds: the catalogue's count while
// the rows are unread.
func (p *Store) EntryCount() int {
	p.mu.RawRLock()
	defer p.mu.RUnlock()
	if !p.mu.RowsRead() {
		s := p.cat.Current()
		return s.Total()
	}
	return len(*p.byDate)
}
