package interchange

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/archive/precheck"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// SourceEntry is an entry read from another program's file, not yet saved, with where
// it came from ("journal.json:12:5: entries[3]", "notes/audit.md") for errors.
type SourceEntry struct {
	Entry portfolio.Entry
	Where string
	// Timed says Entry.Created is when the source says the entry was written (jrnl
	// keeps a time), so two entries of one day with the same text are told apart.
	Timed bool
}

// EntryImportOptions say what to do with entries that cannot be imported.
type EntryImportOptions struct {
	// SkipBad saves the entries that validate and lists the others in the report's
	// Skipped, with why; without it, one bad entry refuses them all.
	SkipBad bool
}

// ImportEntries saves entries read from another program's files, all of them or
// none, after validating each as AddEntry would. Every entry
// that fails validation is named in one error, or with opt.SkipBad skipped.
//
// Such files carry no folio IDs, so an entry counts as already imported when the vault
// holds an entry with the same date, title, body and tags (compared after the
// trimming every save does), and, when the source gives a time, the same time; it is
// then skipped, as is a repeat within the files. Importing the same
// files twice therefore adds nothing, while an imported entry edited since is no longer
// the same and would be imported again.
//
// The new entries are written in batches, each in a transaction of its own under
// the import's journal (docs/VAULT.md, "An import under way"), so the vault does not
// hold them all in one transaction; an import that fails or is killed is taken out.
func ImportEntries(p *portfolio.Portfolio, src []SourceEntry, opt EntryImportOptions) (*archive.Report, error) {
	return importEntries(p, src, opt, batching{})
}

// batching is how an import writes its new entries (archive.Staging.Batches): the
// tests' small batches, and a function called as each commits.
type batching struct {
	size  int
	after func(n int) error
}

func importEntries(p *portfolio.Portfolio, src []SourceEntry, opt EntryImportOptions, b batching) (*archive.Report, error) {
	rep := archive.NewReport()
	err := archive.Stage(p, func(sg *archive.Staging) error {
		sg.Batches(b.size, b.after)
		have := map[[sha256.Size]byte]bool{}
		sg.EachEntry(func(e *portfolio.Entry) {
			// Both keys: a source with a time is matched with it, one without, without.
			have[contentKey(e, false)] = true
			have[contentKey(e, true)] = true
			// And the source it was imported from, which an edit since does not change.
			var k [sha256.Size]byte
			if _, err := hex.Decode(k[:], []byte(e.Source)); err == nil && e.Source != "" {
				have[k] = true
			}
		})
		now := sg.Now()
		row, _ := portfolio.KindOf(portfolio.KindEntry)
		var bad []string
		var planned []*portfolio.Entry
		c := rep.Counts["entries"]
		for _, s := range src {
			e := s.Entry
			e.ID = portfolio.ID(storage.NewID().String())
			precheck.SetTimes(row, &e, now)
			if err := sg.Check(&e); err != nil {
				bad = append(bad, s.Where+": "+validate.Reason(err))
				continue
			}
			k := contentKey(&e, s.Timed)
			e.Source = hex.EncodeToString(k[:])
			if have[k] {
				c.Unchanged++
				continue
			}
			have[k] = true
			planned = append(planned, &e)
			c.Added++
		}
		if len(bad) > 0 && !opt.SkipBad {
			if len(bad) == 1 {
				return fmt.Errorf("%w: %s", portfolio.ErrMalformed, bad[0])
			}
			return fmt.Errorf("%w: %d entries cannot be imported; fix them, or pass --skip-bad to import the rest: %s", portfolio.ErrMalformed, len(bad), strings.Join(bad, "; "))
		}
		rep.Skipped = bad
		// New to the vault (their IDs are new), so written in batches, in the order
		// of their IDs (archive.Staging.WriteFresh).
		for _, e := range planned {
			sg.WriteFresh(e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// contentKey identifies an entry by what it says, for imports from files without IDs,
// with the time it was written when timed. Lengths are written first so no two
// different entries share a key; tags are compared as a set, ignoring case.
func contentKey(e *portfolio.Entry, timed bool) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d:%s\x00%d:%s", e.Date, len(e.Title), e.Title, len(e.Body), e.Body)
	tags := make([]string, len(e.Tags))
	for i, t := range e.Tags {
		tags[i] = strings.ToLower(t)
	}
	slices.Sort(tags)
	for _, t := range tags {
		fmt.Fprintf(h, "\x00%d:%s", len(t), t)
	}
	if timed {
		fmt.Fprintf(h, "\x00t%d", e.Created.Unix())
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}
