package portfolio

import (
	"github.com/foliohq/folio/portfolio/internal/entryindex"
)

// The entries in memory are entryindex's slots, in the date order p.byDate and by
// ID in p.entries, under p.mu; finding and streaming them is entrystore's
// (find.go, stream.go there), which the methods here call.
type indexed = entryindex.Slot

// newIndexed is the slot of a whole entry, with its search text.
func newIndexed(e *Entry) *indexed { return entryindex.New(e) }

// metaIndexed is a slot with e as its metadata and no search text.
func metaIndexed(e *Entry) *indexed { return entryindex.NewMeta(e) }

// Query selects entries. Zero fields select everything.
type Query = entryindex.Query

// TagCount is a tag and how many entries carry it.
type TagCount = entryindex.TagCount

// Counts are entries per function over three periods, for the dashboard.
type Counts = entryindex.Counts

// Find returns the entries the query selects, newest first. Only the bodies of
// the entries returned are read, unless the query has text to search for.
func (p *Portfolio) Find(q Query) []*Entry { return p.es.Find(q, p.tokenIndexMin) }

// startSearch builds the token index in the background, unless a build runs.
func (p *Portfolio) startSearch() { p.es.StartSearch(p.tokenIndexMin) }

// SearchReady reports whether text searches are answered from a finished
// in-memory token index, with no build of it running: from then on a search
// costs what it reads, not a scan. Benchmarks wait for it, so that they time a
// search, not the build a first search starts in the background.
func (p *Portfolio) SearchReady() bool { return p.es.SearchReady() }

// insert puts ix into the date order.
func (p *Portfolio) insert(ix *indexed) { p.byDate = entryindex.Insert(p.byDate, p.entries, ix) }

// remove takes the entry id out of the date order.
func (p *Portfolio) remove(id ID) { p.byDate = entryindex.Remove(p.byDate, p.entries, id) }

// Tags lists every tag in use, sorted case-insensitively, with how many entries carry it.
func (p *Portfolio) Tags() []TagCount { return p.es.Tags() }

// FunctionCounts counts entries per function this month, this year and in all.
// An entry under two functions counts under each.
func (p *Portfolio) FunctionCounts() Counts { return p.es.FunctionCounts(p.Today()) }

// OnThisDay returns entries about this calendar day in earlier years, newest first.
func (p *Portfolio) OnThisDay() []*Entry { return p.es.OnThisDay(p.Today()) }

// FindMeta is Find for a query without text, answered from the rows alone: it
// passes fn the entries q selects, newest first, as their metadata (no body,
// sections or fields, unless the entry is whole in memory already), and returns
// their IDs in that order. An entry is fn's only for the call: none is kept, by
// fn or here, so an export of everything holds IDs, not a hundred thousand
// entries, and reads the bodies with EachWhole a batch at a time.
func (p *Portfolio) FindMeta(q Query, fn func(*Entry)) []ID { return p.es.FindMeta(q, fn) }

// EachWhole reads the whole entries of ids (from FindMeta) in their order, n at
// a time, and passes each batch to fn, from the caller's goroutine, one batch at
// a time; a batch's entries are not kept after fn returns, and their decrypted
// records are overwritten then, so fn must copy what it keeps. An entry whose
// record fails to open or decode is left out and listed by Damaged, as Find
// leaves it out; one deleted since FindMeta is left out. fn's error stops the
// walk and is returned.
func (p *Portfolio) EachWhole(ids []ID, n int, fn func([]*Entry) error) error {
	return p.es.EachWhole(ids, n, fn)
}

// ReleaseRows lets a read-only portfolio's rows go once a command is done with
// them (entrystore's ReleaseRows says when it does).
func (p *Portfolio) ReleaseRows() { p.es.ReleaseRows() }
