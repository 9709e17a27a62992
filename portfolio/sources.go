package portfolio

import (
	"crypto/sha256"
	"fmt"

	"github.com/foliohq/folio/storage"
)

// SourceEntry is an entry read from another program's file, not yet saved, with where
// it came from ("journal.json:12:5: entries[3]", "notes/audit.md") for errors.
type SourceEntry struct {
	Entry Entry
	Where string
}

// ImportEntries saves entries read from another program's files, all in one
// transaction after validating each as AddEntry would, or none of them.
//
// Such files carry no folio IDs, so an entry counts as already imported when the vault
// holds an entry with the same date, title and body (compared after the trimming every
// save does); it is then skipped, as is a repeat within the files. Importing the same
// files twice therefore adds nothing, while an imported entry edited since is no longer
// the same and would be imported again.
func (p *Portfolio) ImportEntries(src []SourceEntry) (*ImportReport, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rep := newReport()
	have := make(map[[sha256.Size]byte]bool, len(p.entries)+len(src))
	for _, e := range p.wholeEntries(p.byDate) {
		have[contentKey(e)] = true
	}
	now := p.now().UTC()
	pl := &plan{}
	c := rep.Counts["entries"]
	for _, s := range src {
		e := s.Entry
		e.ID = ID(storage.NewID().String())
		setTimes(&e.Created, &e.Updated, now)
		if err := p.validateEntry(&e); err != nil {
			return nil, fmt.Errorf("%w: %s: %s", ErrMalformed, s.Where, reason(err))
		}
		k := contentKey(&e)
		if have[k] {
			c.Unchanged++
			continue
		}
		have[k] = true
		pl.entries = append(pl.entries, &e)
		c.Added++
	}
	if err := p.commit(pl); err != nil {
		return nil, err
	}
	return rep, nil
}

// contentKey identifies an entry by what it says, for imports from files without IDs.
// Lengths are written first so no two different entries share a key.
func contentKey(e *Entry) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d:%s\x00%d:%s", e.Date, len(e.Title), e.Title, len(e.Body), e.Body)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}
