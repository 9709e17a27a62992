package portfolio

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

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
	for _, ix := range p.entries {
		have[contentKey(ix.e)] = true
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

// jrnlEntry is one entry of `jrnl --export json`. Fields jrnl adds over versions
// (uuid, creator, ...) are ignored; folio has nowhere to keep them.
type jrnlEntry struct {
	Title   *string  `json:"title"`
	Body    *string  `json:"body"`
	Date    *string  `json:"date"`
	Time    string   `json:"time"`
	Tags    []string `json:"tags"`
	Starred bool     `json:"starred"`
}

// ParseJrnl reads a jrnl JSON export ({"tags": {...}, "entries": [...]}). Each entry
// becomes an entry under fallback's functions (jrnl has none, so fallback is needed),
// with jrnl's @tags as tags and "starred" added as a tag to starred ones. The date and
// time jrnl gives are when the entry was written, read in loc.
func ParseJrnl(data []byte, name string, fallback Functions, loc *time.Location) ([]SourceEntry, error) {
	doc, err := readJSON(data, name)
	if err != nil {
		return nil, err
	}
	if _, ok := doc.keys["entries"]; !ok {
		return nil, doc.errorf(0, "", "has no \"entries\" list; it is not a jrnl JSON export")
	}
	var list []jrnlEntry
	if err := doc.decodeValue("entries", &list, false); err != nil {
		return nil, err
	}
	if doc.data[doc.keys["entries"]] != '[' {
		return nil, doc.errorf(doc.keys["entries"], "entries", "is not a list")
	}
	offsets := doc.elems["entries"]
	out := make([]SourceEntry, 0, len(list))
	for i, j := range list {
		path := fmt.Sprintf("entries[%d]", i)
		bad := func(field, format string, args ...any) error {
			return doc.errorf(offsets[i], path+field, format, args...)
		}
		if j.Title == nil || j.Date == nil {
			return nil, bad("", "has no title or no date; a jrnl entry has both")
		}
		if fallback.Empty() {
			return nil, bad("", "has no Proctor function, and jrnl keeps none; pass --function normative, formative or restorative")
		}
		day, err := time.ParseInLocation(time.DateOnly, *j.Date, loc)
		if err != nil || len(*j.Date) != len(time.DateOnly) {
			return nil, bad(".date", "%q is not a date in the form YYYY-MM-DD", *j.Date)
		}
		created := day
		if j.Time != "" {
			t, err := time.ParseInLocation("2006-01-02 15:04", *j.Date+" "+j.Time, loc)
			if err != nil {
				return nil, bad(".time", "%q is not a time in the form HH:MM", j.Time)
			}
			created = t
		}
		e := Entry{Title: *j.Title, Functions: fallback, Date: DateOf(day), Created: created}
		if j.Body != nil {
			e.Body = *j.Body
		}
		for _, t := range j.Tags {
			e.Tags = append(e.Tags, strings.TrimLeft(t, "@"))
		}
		if j.Starred {
			e.Tags = append(e.Tags, "starred")
		}
		line, col := lineCol(doc.data, offsets[i])
		out = append(out, SourceEntry{Entry: e, Where: fmt.Sprintf("%s:%d:%d: %s", name, line, col, path)})
	}
	return out, nil
}
