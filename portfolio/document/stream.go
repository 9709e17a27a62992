package document

import (
	"runtime"
	"strings"
	"sync"

	"github.com/foliohq/folio/portfolio"
)

// streamBatch is how many entries a streamed document reads at once: enough for
// the vault's reads to run over the cores and to share the branch pages each
// batch's seeks read again (at 100k entries 512 a batch took an eighth off the
// CPU of 256), few enough that the two batches in memory, of 2 KB entries, are
// a few megabytes (peak RSS of the 10k export 39 MiB, against 43-46 at 1024).
const streamBatch = 512

// Streamed is a document whose records are read from the vault a batch at a
// time, so that scanning and rendering it hold one batch, not the vault: a
// summary of everything at 100k entries is hundreds of megabytes whole. Doc is
// the document without those records, which belong at the end of the blocks of
// Doc.Sections[At].
type Streamed struct {
	Doc Doc
	At  int
	// each passes the records' blocks to fn, in order, a batch at a time. The
	// blocks' strings share the batch's decrypted records, which are overwritten
	// once fn returns.
	each func(fn func([]Block) error) error
}

// Records passes the streamed records' blocks to fn, in order, a batch at a time.
// The blocks are good only until fn returns: what fn keeps it must copy.
func (s Streamed) Records(fn func([]Block) error) error {
	if s.each == nil {
		return nil
	}
	return s.each(fn)
}

// Whole is the document with every record in place, for the formats that draw a
// document whole (HTML, PDF) and the small ones.
func (s Streamed) Whole() (Doc, error) {
	d := s.Doc
	d.Sections = append([]Section(nil), s.Doc.Sections...)
	blocks := append([]Block(nil), d.Sections[s.At].Blocks...)
	err := s.Records(func(bs []Block) error {
		for _, b := range bs {
			blocks = append(blocks, cloneBlock(b))
		}
		return nil
	})
	if err != nil {
		return Doc{}, err
	}
	d.Sections[s.At].Blocks = blocks
	return d, nil
}

// cloneBlock is a record block with its own copy of every string, which outlives
// the batch it was read in.
func cloneBlock(b Block) Block {
	if b.Record == nil {
		return b
	}
	texts := func(ss []string) []string {
		if ss == nil {
			return nil
		}
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = strings.Clone(s)
		}
		return out
	}
	r := *b.Record
	r.Title, r.Meta, r.Body = strings.Clone(r.Title), strings.Clone(r.Meta), strings.Clone(r.Body)
	r.Fields = make([]Field, len(b.Record.Fields))
	for i, f := range b.Record.Fields {
		r.Fields[i] = Field{Label: strings.Clone(f.Label), Value: strings.Clone(f.Value), Values: texts(f.Values), Colleague: f.Colleague}
	}
	if b.Record.Fields == nil {
		r.Fields = nil
	}
	r.Parts = make([]Part, len(b.Record.Parts))
	for i, p := range b.Record.Parts {
		r.Parts[i] = Part{Heading: strings.Clone(p.Heading), Body: strings.Clone(p.Body), Items: texts(p.Items), Colleague: p.Colleague}
	}
	if b.Record.Parts == nil {
		r.Parts = nil
	}
	b.Record = &r
	return b
}

// entryRecords streams the records of the entries of ids (from FindMeta), read
// whole a batch at a time. The counts at the top of the document come from the
// entries' metadata, drawn before any body is read; an entry whose body cannot be
// read (damaged) is left out of the records, so the last block says how many of
// those counted were left out, rather than let the totals claim records the
// document does not hold.
func entryRecords(p *portfolio.Portfolio, ids []portfolio.ID, rec func(*portfolio.Entry) *Record) func(fn func([]Block) error) error {
	return func(fn func([]Block) error) error {
		read := 0
		err := p.EachWhole(ids, streamBatch, func(es []*portfolio.Entry) error {
			read += len(es)
			blocks := make([]Block, len(es))
			for i, e := range es {
				blocks[i] = Block{Kind: BlockRecord, Record: rec(e)}
			}
			return fn(blocks)
		})
		if err != nil {
			return err
		}
		if left := len(ids) - read; left > 0 {
			return fn([]Block{unreadNote(left)})
		}
		return nil
	}
}

// unreadNote says that n entries counted in a document's totals could not be
// read, and are not in it.
func unreadNote(n int) Block {
	verb := "are"
	if n == 1 {
		verb = "is"
	}
	return docPara("%d %s counted above could not be read (the vault may be damaged), so %s not shown here; 'folio check' names which.", n, entriesWord(n), verb)
}

// ScanStreamed is Scan of s.Whole(), holding a batch of records at a time; the
// records of a batch are scanned over the cores, as the scan is most of an
// export's work. The findings are in the document's order, as Scan's.
func ScanStreamed(s Streamed) ([]Finding, error) {
	sc := s.scanHead()
	err := s.Records(func(bs []Block) error {
		sc.out = append(sc.out, s.scanBatch(bs)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.scanTail(sc), nil
}

// ScanWhile is ScanStreamed done in the same read of the records as another
// use of them: the document returned is s, but as each batch of its records
// passes to a Records call's fn, the batch is scanned over the cores while fn
// works on it. findings, called once that Records call has returned, is what
// ScanStreamed(s) returns. An export whose findings cannot stop it (--yes)
// draws and scans from one read of the bodies, not two.
func ScanWhile(s Streamed) (scanned Streamed, findings func() []Finding) {
	sc := s.scanHead()
	scanned = s
	if s.each != nil {
		scanned.each = func(fn func([]Block) error) error {
			return s.each(func(bs []Block) error {
				var found []Finding
				done := make(chan struct{})
				go func() {
					defer close(done)
					found = s.scanBatch(bs)
				}()
				err := fn(bs)
				// The batch's records are overwritten once this returns.
				<-done
				sc.out = append(sc.out, found...)
				return err
			})
		}
	}
	return scanned, func() []Finding { return s.scanTail(sc) }
}

// scanHead scans what comes before the streamed records: the document's quotes
// and the blocks of its sections up to and including Sections[At].
func (s Streamed) scanHead() *scanner {
	sc := &scanner{known: s.Doc.KnownNames}
	sc.quotes(s.Doc.Quotes)
	for _, sec := range s.Doc.Sections[:s.At+1] {
		for _, b := range sec.Blocks {
			sc.block(sec.Heading, b)
		}
	}
	return sc
}

// scanTail adds to sc's findings those of the sections after the records.
func (s Streamed) scanTail(sc *scanner) []Finding {
	for _, sec := range s.Doc.Sections[s.At+1:] {
		for _, b := range sec.Blocks {
			sc.block(sec.Heading, b)
		}
	}
	return sc.out
}

// scanBatch scans one batch of the streamed records over the cores and returns
// its findings in order, their text copied out of the batch's records, which are
// overwritten after it.
func (s Streamed) scanBatch(bs []Block) []Finding {
	heading := s.Doc.Sections[s.At].Heading
	found := make([][]Finding, len(bs))
	workers := min(runtime.GOMAXPROCS(0), len(bs))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(bs); k += workers {
				one := scanner{known: s.Doc.KnownNames}
				one.block(heading, bs[k])
				found[k] = one.out
			}
		}()
	}
	wg.Wait()
	var out []Finding
	for _, fs := range found {
		for _, f := range fs {
			f.Where, f.Text = strings.Clone(f.Where), strings.Clone(f.Text)
			out = append(out, f)
		}
	}
	return out
}
