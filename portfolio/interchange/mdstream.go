package interchange

import (
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"os"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// ImportMarkdown imports the Markdown file or folder at path as ReadMarkdown and
// ImportEntries import it, the files ReadMarkdown leaves out first in the report's
// Skipped, holding the text of at most lightFrom bytes of files: each entry read
// past them is checked as it is read (precheck) and kept without its text, with its
// file's size, a hash of its bytes and its content key, and its file is read again
// when its batch is written. A file changed since is refused (ErrChanged), with
// nothing written. Every message is ReadMarkdown's and ImportEntries'.
func ImportMarkdown(p *portfolio.Portfolio, path string, fallback portfolio.Functions, now time.Time, opt EntryImportOptions, lightFrom int64) (*archive.Report, error) {
	return importMarkdown(p, path, fallback, now, opt, lightFrom, batching{})
}

func importMarkdown(p *portfolio.Portfolio, path string, fallback portfolio.Functions, now time.Time, opt EntryImportOptions, lightFrom int64, b batching) (*archive.Report, error) {
	ms := &mdStream{
		fallback: fallback, now: now, lightFrom: lightFrom,
		checked: precheck.New(p), seed: maphash.MakeSeed(), index: map[*portfolio.Entry]int{},
	}
	src, skipped, err := readMarkdown(path, fallback, now, MarkdownOptions(opt), ms.keep)
	if err != nil {
		return nil, err
	}
	rep, err := importEach(p, opt, b, func(im *entryImport) error { return ms.plan(im, src) })
	if err != nil {
		return nil, err
	}
	rep.Skipped = append(skipped, rep.Skipped...)
	return rep, nil
}

// mdStream is one import of Markdown files: each entry's file (spans, in the
// order ReadMarkdown keeps them), and the light entries planned.
type mdStream struct {
	fallback  portfolio.Functions
	now       time.Time
	lightFrom int64
	// read is how many bytes of files were read.
	read    int64
	checked *precheck.Checked
	seed    maphash.Seed
	spans   []mdSpan
	im      *entryImport
	// index places each light entry planned in spans.
	index map[*portfolio.Entry]int
}

// mdSpan is an entry read: held light or not, and for a light one its file (the
// entry's Where), size and a hash of its bytes, whether it gave its time, and its
// content key as checked.
type mdSpan struct {
	light bool
	path  string
	n     int
	hash  uint64
	timed bool
	key   [sha256.Size]byte
}

// keep is readMarkdown's hook: past lightFrom bytes of files, the entry is
// checked, its key noted and its text let go.
func (ms *mdStream) keep(e *SourceEntry, data []byte) {
	i := len(ms.spans)
	ms.read += int64(len(data))
	if ms.read <= ms.lightFrom {
		ms.spans = append(ms.spans, mdSpan{})
		return
	}
	// Sets its times and tidies it as the import does, then its key is known.
	ms.checked.Check(i, &e.Entry)
	ms.spans = append(ms.spans, mdSpan{
		light: true, path: e.Where, n: len(data), hash: maphash.Bytes(ms.seed, data),
		timed: e.Timed, key: contentKey(&e.Entry, e.Timed),
	})
	// What is kept is copied out of the file's text, which it may be part of.
	e.Entry.Body, e.Entry.Title = "", strings.Clone(e.Entry.Title)
	for k, tag := range e.Entry.Tags {
		e.Entry.Tags[k] = strings.Clone(tag)
	}
}

// plan plans the entries read, under the import's lock: one held whole as
// ImportEntries does; a light one by its check made as it was read, if the vault
// answers its questions as then (otherwise it is read and checked again), planned
// light and read whole when written.
func (ms *mdStream) plan(im *entryImport, src []SourceEntry) error {
	ms.im = im
	im.now = ms.checked.Now()
	im.sg.ReadWhole(ms.whole, ms.size)
	for i := range src {
		s, sp := &src[i], &ms.spans[i]
		if !sp.light {
			e, err := im.add(*s)
			if err != nil {
				im.bad = append(im.bad, s.Where+": "+validate.Reason(err))
				continue
			}
			if e != nil {
				im.sg.WriteFresh(e)
			}
			continue
		}
		err, ok := im.sg.Checked(ms.checked, i)
		if !ok {
			e, rerr := ms.again(sp)
			if rerr != nil {
				return rerr
			}
			if err = im.sg.Check(&e.Entry); err == nil {
				sp.key = contentKey(&e.Entry, sp.timed)
				e.Entry.Body = ""
				s.Entry = e.Entry
			}
		}
		if err != nil {
			im.bad = append(im.bad, s.Where+": "+validate.Reason(err))
			continue
		}
		if !im.fresh(sp.key) {
			continue
		}
		light := &s.Entry
		light.ID = portfolio.ID(storage.NewID().String())
		ms.index[light] = i
		im.sg.WriteFresh(light)
	}
	// Asked no more: let them go before the writes.
	ms.checked, im.have = nil, nil
	return nil
}

// again is the entry of sp's file read again, its times set as the import sets
// them, not yet checked.
func (ms *mdStream) again(sp *mdSpan) (*SourceEntry, error) {
	data, err := os.ReadFile(sp.path)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrChanged, UnwrapPath(err))
	}
	if len(data) != sp.n || maphash.Bytes(ms.seed, data) != sp.hash {
		return nil, ErrChanged
	}
	e, err := ParseMarkdown(data, sp.path, ms.fallback, ms.now)
	if err != nil {
		return nil, ErrChanged
	}
	precheck.SetTimes(ms.im.row, &e.Entry, ms.im.now)
	return &e, nil
}

// whole is a light entry with its text read again from its file, checked again:
// what is written (archive.Staging.ReadWhole). An entry held whole is itself.
func (ms *mdStream) whole(rec any) (any, error) {
	light, i, ok := lightOf(rec, ms.index)
	if !ok {
		return rec, nil
	}
	sp := &ms.spans[i]
	again, err := ms.again(sp)
	if err != nil {
		return nil, err
	}
	return ms.im.madeWhole(light, again.Entry.Body, sp.key, sp.path)
}

// size is about how many bytes an entry's plaintext takes, to size a batch: a
// light one's file, whose entry it lets go (asked once an entry, after whole).
func (ms *mdStream) size(rec any) int {
	e, ok := rec.(*portfolio.Entry)
	if !ok {
		return 0
	}
	i, ok := ms.index[e]
	if !ok {
		return len(e.Title) + len(e.Body)
	}
	delete(ms.index, e)
	return ms.spans[i].n
}
