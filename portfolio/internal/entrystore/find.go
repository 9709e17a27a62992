package portfolio

import (
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/portfolio/search"
)

// The entries in memory are entryindex's slots, in the date order p.byDate and by
// ID in p.entries, under p.mu; the core's methods here lock and call it.
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

// tokenIndexMin is the entry count below which scanning is fast enough that no index
// is built. Tests lower it.
var tokenIndexMin = catalogue.ParallelThreshold

// Find returns the entries the query selects, newest first. Only the bodies of
// the entries returned are read, unless the query has text to search for.
func (p *Portfolio) Find(q Query) []*Entry {
	words := search.Words(q.Text)
	if len(words) == 0 {
		if out, ok := p.es.FindWindow(q); ok {
			return out
		}
	}
	if len(words) > 0 {
		if out, ok := p.es.FindPersisted(q, words); ok {
			return out
		}
		p.es.EnsureBodies()
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.wholeEntries(p.es.Search.Select(p.byDate, q, words, tokenIndexMin, p.startSearch))
}

// startSearch builds the token index in the background, unless a build runs.
func (p *Portfolio) startSearch() { p.es.Search.Start(&p.mu, p.order, tokenIndexMin) }

// order is the date order; the caller holds p.mu.
func (p *Portfolio) order() []*indexed { return p.byDate }

// SearchReady reports whether text searches are answered from a finished
// in-memory token index, with no build of it running: from then on a search
// costs what it reads, not a scan. Benchmarks wait for it, so that they time a
// search, not the build a first search starts in the background.
func (p *Portfolio) SearchReady() bool {
	p.mu.RLock()
	ready := p.es.Search.Index() != nil
	p.mu.RUnlock()
	return ready && !p.es.Search.Building()
}

// insert puts ix into the date order.
func (p *Portfolio) insert(ix *indexed) { p.byDate = entryindex.Insert(p.byDate, p.entries, ix) }

// remove takes the entry id out of the date order.
func (p *Portfolio) remove(id ID) { p.byDate = entryindex.Remove(p.byDate, p.entries, id) }

// Tags lists every tag in use, sorted case-insensitively, with how many entries carry it.
func (p *Portfolio) Tags() []TagCount {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return entryindex.Tags(p.byDate)
}

// FunctionCounts counts entries per function this month, this year and in all.
// An entry under two functions counts under each.
func (p *Portfolio) FunctionCounts() Counts {
	today := p.Today()
	p.mu.RLock()
	defer p.mu.RUnlock()
	return entryindex.FunctionCounts(p.byDate, today)
}

// OnThisDay returns entries about this calendar day in earlier years, newest first.
func (p *Portfolio) OnThisDay() []*Entry {
	today := p.Today()
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.wholeEntries(entryindex.OnThisDay(p.byDate, today))
}
