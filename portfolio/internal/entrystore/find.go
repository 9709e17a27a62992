package entrystore

import (
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/portfolio/search"
)

// Find returns the entries the query selects, newest first. Only the bodies of
// the entries returned are read, unless the query has text to search for. A text
// search over minIndex entries or more builds the token index.
func (es *Store) Find(q Query, minIndex int) []*Entry {
	words := search.Words(q.Text)
	if len(words) == 0 {
		if out, ok := es.FindWindow(q); ok {
			return out
		}
	}
	if len(words) > 0 {
		if out, ok := es.FindPersisted(q, words); ok {
			return out
		}
		es.EnsureBodies()
	}
	es.mu.RLock()
	defer es.mu.RUnlock()
	return es.WholeEntries(es.Search.Select(*es.byDate, q, words, minIndex, func() { es.StartSearch(minIndex) }))
}

// StartSearch builds the token index in the background, unless a build runs.
func (es *Store) StartSearch(minIndex int) { es.Search.Start(es.mu, es.order, minIndex) }

// order is the date order; the caller holds es.mu.
func (es *Store) order() []*indexed { return *es.byDate }

// SearchReady reports whether text searches are answered from a finished
// in-memory token index, with no build of it running.
func (es *Store) SearchReady() bool {
	es.mu.RLock()
	ready := es.Search.Index() != nil
	es.mu.RUnlock()
	return ready && !es.Search.Building()
}

// Tags lists every tag in use, sorted case-insensitively, with how many entries carry it.
func (es *Store) Tags() []entryindex.TagCount {
	es.mu.RLock()
	defer es.mu.RUnlock()
	return entryindex.Tags(*es.byDate)
}

// FunctionCounts counts entries per function in today's month, its year and in all.
func (es *Store) FunctionCounts(today calendar.Date) entryindex.Counts {
	es.mu.RLock()
	defer es.mu.RUnlock()
	return entryindex.FunctionCounts(*es.byDate, today)
}

// OnThisDay returns entries about today in earlier years, newest first.
func (es *Store) OnThisDay(today calendar.Date) []*Entry {
	es.mu.RLock()
	defer es.mu.RUnlock()
	return es.WholeEntries(entryindex.OnThisDay(*es.byDate, today))
}
