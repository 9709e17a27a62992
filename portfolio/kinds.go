package portfolio

import (
	"sync"
	"time"

	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// The table of record kinds: what the generic code (history, undo, the archive and
// its import, the archive's history and its merge, sync) knows of each kind, so that
// it loops over kinds instead of switching over them by hand. A new kind is one row
// in portfolio/internal/kinds (rows.go; ARCHITECTURE.md, "Add a record kind"),
// which also erases a typed row for the generic code and finds a row, and holds
// the settings' row; the row of entries, which reaches the core's index, is here.
//
// The table is fixed: the rows, built once on first use and never written
// after (Go has no constant of functions). There is no way to register into it, so
// nothing changes it behind the core's back and every portfolio sees the same kinds;
// lookups hand out copies of rows. Built per lookup it cost 34 µs and 158
// allocations (BenchmarkKindTable), too much for Get and for every version decoded.

// kindTable is the table, built once; read it through recordKinds. It is set in init
// because the rows' checks reach back to the table (an entry's check asks the trash,
// which names kinds by the table), which a variable's initialiser may not.
var kindTable func() kinds.Table[*Portfolio]

func init() { kindTable = sync.OnceValue(buildKinds) }

// kindSpec is a row of the table; kindOf[T] a row as its record type T sees it
// (portfolio/internal/kinds).
type (
	kindSpec      = kinds.Row[*Portfolio]
	kindOf[T any] = kinds.Of[*Portfolio, T]
)

// specOf is the row of a kind; false for a kind that keeps no history.
func specOf(kind Kind) (kindSpec, bool) { return recordKinds().ByKind(kind) }

// specOfCollection is the row of a collection; false for one that keeps no history.
func specOfCollection(coll string) (kindSpec, bool) { return recordKinds().ByCollection(coll) }

// specOfRecord is the row of a record's type.
func specOfRecord(rec any) (kindSpec, bool) { return recordKinds().ByRecord(rec) }

// recordKinds is the table, in the order an archive lists histories. The slice is
// shared: range over it, never write to it.
func recordKinds() kinds.Table[*Portfolio] { return kindTable() }

// buildKinds builds the table: the row of entries, which reaches the core's index,
// then the other kinds' rows and the settings' (internal/kinds, rows.go).
func buildKinds() kinds.Table[*Portfolio] {
	entries := kindOf[Entry]{
		Kind: KindEntry, Coll: collEntries, Word: "entry", Counts: "entries", Owned: true,
		IDOf: func(e *Entry) *ID { return &e.ID }, Encode: encodeEntry, Decode: decodeEntryOwned,
		Title: func(e *Entry) string { return e.Title }, Check: validate.ImportedEntry,
		Created: func(e *Entry) *time.Time { return &e.Created }, Updated: func(e *Entry) *time.Time { return &e.Updated },
	}.Row()
	// Entries are kept indexed, in date order, and open from the catalogue.
	entries.Has = func(p *Portfolio, id ID) bool { return p.entries[id] != nil }
	entries.Set = func(p *Portfolio, sid storage.ID, r any) {
		p.remove(ID(sid.String()))
		p.insert(newIndexed(r.(*Entry)))
	}
	entries.Forget = func(p *Portfolio, id ID) { p.remove(id) }
	entries.Each = func(p *Portfolio, fn func(ID)) {
		for id := range p.entries {
			fn(id)
		}
	}

	env := kinds.Env[*Portfolio]{
		Mem:      func(p *Portfolio, k Kind) any { return p.mem[k] },
		Links:    func(p *Portfolio) validate.Links { return links{p} },
		Settings: func(p *Portfolio) (*Settings, *storage.ID) { return &p.settings, &p.settingsID },
	}
	return append(append(kinds.Table[*Portfolio]{entries}, kinds.Rows(env)...), kinds.Settings(env))
}

// historyKind is the kind a collection keeps versions of.
func historyKind(coll string) (Kind, bool) {
	s, ok := specOfCollection(coll)
	return s.Kind, ok
}

// historyCollectionList are the collections that keep versions. The catalogue and the
// search index are derived from the entries and rebuilt, not edited; the vault's age
// identity is a key, which a deletion should not keep.
// TestEveryCollectionDecidesOnHistory holds the list to that.
func historyCollectionList() []string { return recordKinds().Collections() }
