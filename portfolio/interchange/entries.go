package interchange

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

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
	return importEach(p, opt, b, func(im *entryImport) error {
		for _, s := range src {
			e, err := im.add(s)
			if err != nil {
				im.bad = append(im.bad, s.Where+": "+validate.Reason(err))
				continue
			}
			if e != nil {
				// New to the vault (its ID is new), so written in batches, in the
				// order of their IDs (archive.Staging.WriteFresh).
				im.sg.WriteFresh(e)
			}
		}
		return nil
	})
}

// entryImport is an import of entries from another program's files under way:
// the content keys of the vault's entries and of those planned, and the entries
// refused, as "where: why".
type entryImport struct {
	sg   *archive.Staging
	have map[[sha256.Size]byte]bool
	now  time.Time
	row  portfolio.KindRow
	c    *archive.Counts
	bad  []string
}

// lightOf is the light entry rec names in index, and where its span is; ok is
// false for a record that is not one (held whole, or not an entry).
func lightOf(rec any, index map[*portfolio.Entry]int) (light *portfolio.Entry, at int, ok bool) {
	if light, ok = rec.(*portfolio.Entry); ok {
		at, ok = index[light]
	}
	return light, at, ok
}

// madeWhole is the light entry with its text read again, checked again (the
// check tidies what it checks, and the day may have turned) and named by its
// source's key: what is written (archive.Staging.ReadWhole). where says in a
// refusal where the entry is.
func (im *entryImport) madeWhole(light *portfolio.Entry, body string, key [sha256.Size]byte, where string) (any, error) {
	e := *light
	e.Body = body
	if err := im.sg.Check(&e); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", portfolio.ErrMalformed, where, validate.Reason(err))
	}
	e.Source = hex.EncodeToString(key[:])
	return &e, nil
}

// importEach runs each, which reads the entries and passes them to add, in an
// import's staging, and commits what it planned unless an entry was refused.
func importEach(p *portfolio.Portfolio, opt EntryImportOptions, b batching, each func(im *entryImport) error) (*archive.Report, error) {
	rep := archive.NewReport()
	err := archive.Stage(p, func(sg *archive.Staging) error {
		sg.Batches(b.size, b.after)
		im := &entryImport{sg: sg, have: map[[sha256.Size]byte]bool{}, now: sg.Now(), c: rep.Counts["entries"]}
		im.row, _ = portfolio.KindOf(portfolio.KindEntry)
		sg.EachEntry(func(e *portfolio.Entry) {
			// Both keys: a source with a time is matched with it, one without, without.
			im.have[contentKey(e, false)] = true
			im.have[contentKey(e, true)] = true
			// And the source it was imported from, which an edit since does not change.
			var k [sha256.Size]byte
			if _, err := hex.Decode(k[:], []byte(e.Source)); err == nil && e.Source != "" {
				im.have[k] = true
			}
		})
		if err := each(im); err != nil {
			return err
		}
		bad := im.bad
		if len(bad) > 0 && !opt.SkipBad {
			if len(bad) == 1 {
				return fmt.Errorf("%w: %s", portfolio.ErrMalformed, bad[0])
			}
			return fmt.Errorf("%w: %d entries cannot be imported; fix them, or pass --skip-bad to import the rest: %s", portfolio.ErrMalformed, len(bad), strings.Join(bad, "; "))
		}
		rep.Skipped = bad
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// add checks the entry s gives as a new entry, and returns it with a new ID, its
// times and its content key (Source) set, or nil if the vault or the import holds
// it already; an error says why it is refused.
func (im *entryImport) add(s SourceEntry) (*portfolio.Entry, error) {
	e := s.Entry
	e.ID = portfolio.ID(storage.NewID().String())
	precheck.SetTimes(im.row, &e, im.now)
	if err := im.sg.Check(&e); err != nil {
		return nil, err
	}
	k := contentKey(&e, s.Timed)
	e.Source = hex.EncodeToString(k[:])
	if !im.fresh(k) {
		return nil, nil
	}
	return &e, nil
}

// fresh says whether an entry of content key k is new to the vault and the
// import, and counts it as added if so, as already there if not.
func (im *entryImport) fresh(k [sha256.Size]byte) bool {
	if im.have[k] {
		im.c.Unchanged++
		return false
	}
	im.have[k] = true
	im.c.Added++
	return true
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
