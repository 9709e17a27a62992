package entrystore

import (
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"

	"github.com/foliohq/folio/storage"
)

// BuildIndex makes the whole index from every entry's record and writes it with
// the generation record in one transaction. The caller holds p.mu.
func (p *Store) BuildIndex() error {
	return catalogue.BuildTextIndex(p.vault, entryindex.StorageIDs(*p.byDate), p.Idx.Store)
}

// textSets reads from the persisted index, for each word, the ID prefixes of the
// entries holding a token that holds it, smallest set first. ok is false when the
// index cannot help: there is none, it is damaged, or the smallest set is past
// budget, when a scan costs less.
func (p *Store) textSets(idx *catalogue.IndexState, words [][]byte, budget int) ([]map[uint32]bool, bool) {
	sets, ok, broken := catalogue.ReadTextSets(p.vault, idx, words, budget)
	if broken {
		p.IdxBroken.Store(true)
	}
	return sets, ok
}

// fromTextIndex answers a text query from the persisted index without reading every
// body: the entries under the tokens holding each word, with the recent ones, are
// read and checked as a scan checks them. ok is false when the index cannot help
// (there is none, it is damaged, or a word is so common a scan costs less). The
// caller holds p.mu for reading.
func (p *Store) fromTextIndex(q Query, words [][]byte) (out []*Entry, ok bool) {
	idx := p.Idx.Load()
	budget := max(64, len(*p.byDate)/4)
	sets, ok := p.textSets(idx, words, budget)
	if !ok {
		return nil, false
	}
	cands := entryindex.Candidates(*p.byDate, q, func(sid storage.ID) bool {
		return catalogue.InTextSets(idx, sets, budget, sid)
	})
	if len(cands) > budget {
		return nil, false
	}
	return entryindex.MatchWords(p.WholeEntries(cands), words, q.Limit), true
}

// CheckIndex compares the persisted index with the entries, read whole: every
// token of every entry must list the entry, unless the entry is recent. The
// caller holds p.mu.
func (p *Store) CheckIndex(entries []*Entry) []string {
	return catalogue.CheckTextIndex(p.vault, p.Idx.Load(), entries)
}

// CatalogueInStep says whether the catalogue on disk is the format-2 chunks its
// directory names, in step with the records: false after a read-only open found
// it behind them, or an open to write could not write it again.
func (p *Store) CatalogueInStep() bool { return p.cat.Current().OK }

// IndexWanted reports whether a writable open should rebuild the text index: there
// is none to trust, its recent list is long, or records of it are missing.
func (p *Store) IndexWanted() bool {
	idx := p.Idx.Load()
	if idx == nil || len(idx.Recent) > catalogue.RebuildRecent(p.EntryCount()) {
		return true
	}
	n, ok, err := p.vault.Count(catalogue.CollIndex)
	return err == nil && ok && n != uint64(idx.Count())
}

// FindPersisted answers a text query from the persisted index while the bodies
// have not all been read. A writable portfolio whose index turns out damaged or
// incomplete rebuilds it; a read-only one scans.
func (p *Store) FindPersisted(q Query, words [][]byte) ([]*Entry, bool) {
	if out, ok := p.searchWindow(q, words); ok {
		return out, true
	}
	p.mu.RLock()
	if *p.bodies {
		p.mu.RUnlock()
		return nil, false
	}
	out, ok := p.fromTextIndex(q, words)
	p.mu.RUnlock()
	if ok || p.ReadOnly || !p.IdxBroken.Load() {
		return out, ok
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.IdxBroken.Load() && p.BuildIndex() == nil {
		p.IdxBroken.Store(false)
		return p.fromTextIndex(q, words)
	}
	return nil, false
}
