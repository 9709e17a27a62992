package entrystore

import (
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/portfolio/search"
)

// Find returns the entries the query selects, newest first. Only the bodies of
// the entries returned are read, unless the query has text to search for. A text
// search over minIndex entries or more builds the token index.
func (p *Store) Find(q Query, minIndex int) []*Entry {
	words := search.Words(q.Text)
	if len(words) == 0 {
		if out, ok := p.FindWindow(q); ok {
			return out
		}
	}
	if len(words) > 0 {
		if out, ok := p.FindPersisted(q, words); ok {
			return out
		}
		p.EnsureBodies()
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.WholeEntries(p.Search.Select(*p.byDate, q, words, minIndex, func() { p.StartSearch(minIndex) }))
}

// StartSearch builds the token index in the background, unless a build runs.
func (p *Store) StartSearch(minIndex int) { p.Search.Start(p.mu, p.order, minIndex) }

// order is the date order; the caller holds p.mu.
func (p *Store) order() []*indexed { return *p.byDate }

// SearchReady reports whether text searches are answered from a finished
// in-memory token index, with no build of it running.
func (p *Store) SearchReady() bool {
	p.mu.RLock()
	ready := p.Search.Index() != nil
	p.mu.RUnlock()
	return ready && !p.Search.Building()
}

// Tags lists every tag in use, sorted case-insensitively, with how many entries carry it.
func (p *Store) Tags() []entryindex.TagCount {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return entryindex.Tags(*p.byDate)
}

// FunctionCounts counts entries per function in today's month, its year and in all.
func (p *Store) FunctionCounts(today calendar.Date) entryindex.Counts {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return entryindex.FunctionCounts(*p.byDate, today)
}

// OnThisDay returns entries about today in earlier years, newest first.
func (p *Store) OnThisDay(today calendar.Date) []*Entry {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.WholeEntries(entryindex.OnThisDay(*p.byDate, today))
}
