package interchange

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// ImportJrnlFile imports the jrnl export in the file r (size bytes), named name,
// as ParseJrnl and ImportEntries import its bytes, without holding them: a
// 100,000-entry export is 75 MB, and its entries' text most of it. It reads the file
// once with a streaming decoder and checks each entry as it is read
// (precheck.Checked), keeping where its JSON is in the file, a hash of it and its
// content key; the import then plans the entries new to the vault without their
// text, and reads each again from the file when its batch is written. A file
// changed since it was read is refused (ErrChanged), with nothing written.
//
// The stream reads the file as jrnl writes it (UTF-8 JSON, indented or not, no
// byte-order mark, no "format" key). Anything else, any error in the file, and a
// fallback with no function, give ok false, with nothing written: the caller then
// reads the file whole with ParseJrnl, so what is accepted and every message are
// ParseJrnl's and ImportEntries' (FuzzJrnlFile).
func ImportJrnlFile(p *portfolio.Portfolio, r io.ReaderAt, size int64, name string, fallback portfolio.Functions, loc *time.Location, opt EntryImportOptions) (rep *archive.Report, ok bool, err error) {
	return importJrnlFile(p, r, size, name, fallback, loc, opt, batching{})
}

func importJrnlFile(p *portfolio.Portfolio, r io.ReaderAt, size int64, name string, fallback portfolio.Functions, loc *time.Location, opt EntryImportOptions, b batching) (*archive.Report, bool, error) {
	if size > portfolio.MaxImportBytes || fallback.Empty() {
		return nil, false, nil
	}
	js := &jrnlStream{
		r: r, fileSize: size, name: name, fallback: fallback, loc: loc,
		checked: precheck.New(p), seed: maphash.MakeSeed(), index: map[*portfolio.Entry]int{},
	}
	// Read and checked before the import takes the vault's lock, which also lets
	// a build of the search index that an open started read the vault first:
	// left waiting for the lock, the core would read every new entry back whole
	// when the import commits (docs/PERFORMANCE.md, "The jrnl import in bounded
	// memory").
	if err := js.read(); err != nil {
		return nil, false, nil
	}
	rep, err := importEach(p, opt, b, js.plan)
	if err != nil {
		return nil, true, err
	}
	return rep, true, nil
}

// jrnlStream is one streamed import of a jrnl export: each entry of the file
// (spans), and the light entries planned.
type jrnlStream struct {
	r        io.ReaderAt
	fileSize int64
	name     string
	fallback portfolio.Functions
	loc      *time.Location
	checked  *precheck.Checked
	seed     maphash.Seed
	spans    []jrnlSpan
	im       *entryImport
	// index places each light entry planned in spans.
	index map[*portfolio.Entry]int
	buf   []byte
}

// jrnlSpan is an entry of the file: where its JSON is and a hash of it, its place
// in the list, whether jrnl gave its time, its content key as checked, and the
// entry as checked without its text (nil once it is not to be written), and
// where in its JSON the text is (bodyAt).
type jrnlSpan struct {
	off        int64
	n          int32
	i          int32
	hash       uint64
	timed      bool
	key        [sha256.Size]byte
	e          *portfolio.Entry
	body, bend int32
}

// read reads the file's object a member at a time, and the entries list an entry
// at a time; any error in it, or anything ParseJrnl might read otherwise, is
// errStream.
func (js *jrnlStream) read() error {
	u := &utf8Reader{r: bufio.NewReaderSize(io.NewSectionReader(js.r, 0, js.fileSize), 1<<16)}
	tee := &keptReader{r: u}
	dec := json.NewDecoder(tee)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errStream
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		k, ok := t.(string)
		// An archive has "format"; it is read whole, as the command line's sniff
		// would read it.
		if err != nil || !ok || seen[k] || k == "format" {
			return errStream
		}
		seen[k] = true
		if k == "entries" {
			if err := js.entries(dec, tee); err != nil {
				return err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return errStream
		}
	}
	if err := streamEnded(dec, u); err != nil || !seen["entries"] {
		return errStream
	}
	return nil
}

// entries reads the list of entries, converting and checking each as it is
// read, and noting where it is and what it says. Each entry is decoded straight
// from the stream, and its JSON taken from what tee kept of it.
func (js *jrnlStream) entries(dec *json.Decoder, tee *keptReader) error {
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return errStream
	}
	for i := 0; dec.More(); i++ {
		from := dec.InputOffset()
		var j jrnlEntry
		if err := dec.Decode(&j); err != nil {
			return errStream
		}
		end := dec.InputOffset()
		// What the decoder read: the comma before the entry, space, the entry.
		raw := bytes.TrimLeft(tee.span(from, end), ", \t\r\n")
		tee.drop(end)
		if u32(len(raw)) || u32(i) || checkRecord(raw) != nil {
			return errStream
		}
		off := end - int64(len(raw))
		e, timed, f := fromJrnl(&j, js.fallback, js.loc)
		if f != nil {
			return errStream
		}
		// Sets its times and tidies it as the import does, then its key is known.
		js.checked.Check(i, &e)
		sp := jrnlSpan{
			off: off, n: int32(len(raw)), i: int32(i), hash: maphash.Bytes(js.seed, raw),
			timed: timed, key: contentKey(&e, timed), e: &e,
		}
		sp.body, sp.bend = bodyAt(raw)
		e.Body = ""
		js.spans = append(js.spans, sp)
	}
	if _, err := dec.Token(); err != nil {
		return errStream
	}
	return nil
}

// plan plans the entries read, under the import's lock: each one's check, made
// as it was read, if the vault answers its questions as then (otherwise it is
// read and checked again); those new to the vault are planned light, read whole
// when written. The entries refused are named as ParseJrnl names them.
func (js *jrnlStream) plan(im *entryImport) error {
	js.im = im
	im.now = js.checked.Now()
	im.sg.ReadWhole(js.whole, js.size)
	var refused []int
	for x := range js.spans {
		sp := &js.spans[x]
		err, ok := im.sg.Checked(js.checked, int(sp.i))
		if !ok {
			e, rerr := js.again(sp)
			if rerr != nil {
				return rerr
			}
			if err = im.sg.Check(e); err == nil {
				sp.key = contentKey(e, sp.timed)
				e.Body = ""
				sp.e = e
			}
		}
		if err != nil {
			refused = append(refused, x)
			im.bad = append(im.bad, validate.Reason(err))
			sp.e = nil
			continue
		}
		if !im.fresh(sp.key) {
			sp.e = nil
			continue
		}
		sp.e.ID = portfolio.ID(storage.NewID().String())
		js.index[sp.e] = x
		im.sg.WriteFresh(sp.e)
	}
	// Asked no more: let them go before the writes.
	js.checked, im.have = nil, nil
	if len(refused) == 0 {
		return nil
	}
	offs := make([]int64, len(refused))
	for k, x := range refused {
		offs[k] = js.spans[x].off
	}
	at, err := linesAt(js.r, offs)
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	for k, x := range refused {
		im.bad[len(im.bad)-len(refused)+k] = fmt.Sprintf("%s:%d:%d: entries[%d]: %s", js.name, at[k][0], at[k][1], js.spans[x].i, im.bad[len(im.bad)-len(refused)+k])
	}
	return nil
}

// raw is the JSON of sp read again from the file, in a buffer used again for
// the next; a file changed since it was read is ErrChanged.
func (js *jrnlStream) raw(sp *jrnlSpan) ([]byte, error) {
	if cap(js.buf) < int(sp.n) {
		js.buf = make([]byte, sp.n)
	}
	raw := js.buf[:sp.n]
	if _, err := js.r.ReadAt(raw, sp.off); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	if maphash.Bytes(js.seed, raw) != sp.hash {
		return nil, ErrChanged
	}
	return raw, nil
}

// again is the entry of sp read again from the file, its times set as the
// import sets them, not yet checked.
func (js *jrnlStream) again(sp *jrnlSpan) (*portfolio.Entry, error) {
	raw, err := js.raw(sp)
	if err != nil {
		return nil, err
	}
	// Decoding copies what it keeps out of raw.
	var j jrnlEntry
	if err := json.Unmarshal(raw, &j); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	e, _, f := fromJrnl(&j, js.fallback, js.loc)
	if f != nil {
		return nil, ErrChanged
	}
	precheck.SetTimes(js.im.row, &e, js.im.now)
	return &e, nil
}

// u32 says n is too large for a span's length (no record is: checkRecord).
func u32(n int) bool { return n > 1<<31-1 }

// streamEnded reads the object's close: nothing but space may follow it, and every
// byte must have been UTF-8.
func streamEnded(dec *json.Decoder, u *utf8Reader) error {
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return errStream
	}
	if space, err := onlySpace(io.MultiReader(dec.Buffered(), u)); err != nil || !space || !u.done() {
		return errStream
	}
	return nil
}

// linesAt is the line and column of each of offs (ascending) in r, counted as
// position.at counts them, in one pass from the start.
func linesAt(r io.ReaderAt, offs []int64) ([][2]int, error) {
	out := make([][2]int, 0, len(offs))
	line, col := 1, 1
	var at int64
	buf := make([]byte, 64<<10)
	for _, off := range offs {
		for at < off {
			n := int(min(int64(len(buf)), off-at))
			m, err := r.ReadAt(buf[:n], at)
			for _, c := range buf[:m] {
				switch {
				case c == '\n':
					line, col = line+1, 1
				case c&0xC0 != 0x80: // not a continuation byte: a new character
					col++
				}
			}
			at += int64(m)
			if m < n {
				if err == nil {
					err = io.ErrUnexpectedEOF
				}
				return nil, err
			}
		}
		out = append(out, [2]int{line, col})
	}
	return out, nil
}

// whole is a light entry read again from the file and checked again (the check
// tidies what it checks, and the day may have turned): what is written
// (archive.Staging.ReadWhole).
func (js *jrnlStream) whole(rec any) (any, error) {
	light, x, ok := lightOf(rec, js.index)
	if !ok {
		return rec, nil
	}
	sp := &js.spans[x]
	sp.e = nil
	body, err := js.body(sp)
	if err != nil {
		return nil, err
	}
	return js.im.madeWhole(light, body, sp.key, fmt.Sprintf("%s: entries[%d]", js.name, sp.i))
}

// body is the text of the entry of sp, read again from the file: only its value
// decoded, where bodyAt found it, or the whole entry when it could not.
func (js *jrnlStream) body(sp *jrnlSpan) (string, error) {
	if sp.body == noBody {
		return "", nil
	}
	if sp.body == bodyUnsure {
		e, err := js.again(sp)
		if err != nil {
			return "", err
		}
		return e.Body, nil
	}
	raw, err := js.raw(sp)
	if err != nil {
		return "", err
	}
	v := raw[sp.body:sp.bend]
	if string(v) == "null" {
		return "", nil
	}
	// The bytes are the ones read the first time, which the decoder found to be
	// a JSON string of UTF-8.
	s, ok := unquoteJSON(v)
	if !ok {
		return "", ErrChanged
	}
	return s, nil
}

// Where bodyAt finds no text: no key for it, or a key the decoder may read as
// it besides "body".
const (
	noBody     = -1
	bodyUnsure = -2
)

// bodyAt is where, in raw (one entry's JSON object, as checkRecord and the
// decoder passed it), is the value jrnlEntry.Body is decoded from: that of the
// one key "body". noBody if there is none; bodyUnsure if a key differs from
// "body" by case alone, which the decoder matches too.
func bodyAt(raw []byte) (int32, int32) {
	start, end := int32(noBody), int32(noBody)
	forEachMember(raw, 0, func(k string, s, e int) error {
		switch {
		case k == "body" && start != bodyUnsure:
			start, end = int32(s), int32(e)
		case strings.EqualFold(k, "body"):
			start = bodyUnsure
		}
		return nil
	})
	return start, end
}

// size is about how many bytes a light entry's plaintext takes: its JSON's. It
// is asked once an entry, after whole, and lets the light entry go: what the
// batches wrote is not held through the import's last transaction.
func (js *jrnlStream) size(rec any) int {
	e, ok := rec.(*portfolio.Entry)
	if !ok {
		return 0
	}
	x, ok := js.index[e]
	if !ok {
		return 0
	}
	n := int(js.spans[x].n)
	delete(js.index, e)
	if len(js.index) == 0 {
		js.index, js.spans = nil, nil
	}
	return n
}

// keptReader passes r's bytes on and keeps them from an offset on (drop), so the
// bytes of a value the decoder has just read can be had by their offsets (span).
type keptReader struct {
	r    io.Reader
	buf  []byte
	base int64 // the offset of buf[0]
}

func (k *keptReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	k.buf = append(k.buf, p[:n]...)
	return n, err
}

// span is the bytes from offset from to end, both kept.
func (k *keptReader) span(from, end int64) []byte { return k.buf[from-k.base : end-k.base] }

// drop lets the bytes before off go: at once only when they are many, so the
// bytes after off, read ahead, are not moved at every value.
func (k *keptReader) drop(off int64) {
	if off-k.base < 1<<20 {
		return
	}
	n := copy(k.buf, k.buf[off-k.base:])
	k.buf, k.base = k.buf[:n], off
}
