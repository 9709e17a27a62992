package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"reflect"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
)

// ReadArchive reads the archive in the file r (size bytes) as ParseArchive reads
// its bytes, without holding them: a 100,000-entry archive is a quarter of a
// gigabyte, which ParseArchive holds whole beside what it decodes. It decodes the
// file in one pass, a record at a time, as folio writes it: UTF-8 JSON with
// "format" and "version" first. Anything else, and any error, is read again whole
// by ParseArchive, so what is accepted and every error are ParseArchive's.
func ReadArchive(r io.ReadSeeker, size int64, name string) (*archive.Archive, error) {
	if size <= portfolio.MaxImportBytes {
		if a, err := streamArchive(r, name, nil); err == nil {
			return a, nil
		}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, portfolio.MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	return ParseArchive(data, name)
}

// errStream means the streaming reader gives the file to ParseArchive;
// errHistory that an archive with histories is read with its entries whole.
var (
	errStream  = errors.New("not read as a stream")
	errHistory = errors.New("an archive with histories")
)

// ReadArchiveLight is ReadArchive keeping each entry without its body, sections
// and fields, which the archive's Bodies read again from r when needed: the
// entries' text is most of an archive, and an import needs it one entry at a time.
// check, when not nil, is called with each entry whole as it is read, before its
// text is let go (precheck.Checked.Check, which may change it).
// An archive with histories, whose merge takes the listed records whole, and one
// the stream does not read, are read as ReadArchive reads them, whole.
func ReadArchiveLight(r interface {
	io.ReadSeeker
	io.ReaderAt
}, size int64, name string, check func(i int, e *portfolio.Entry)) (*archive.Archive, error) {
	if size <= portfolio.MaxImportBytes {
		light := &fileBodies{r: r, check: check}
		a, err := streamArchive(r, name, light)
		if err == nil {
			if len(a.Entries) > 0 {
				a.Bodies = light
			}
			return a, nil
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
	}
	return ReadArchive(r, size, name)
}

// fileBodies reads entries again from the file a light archive was read from:
// where each one's JSON is and a hash of it, so that a file changed since is
// refused rather than read as something else.
type fileBodies struct {
	r     io.ReaderAt
	check func(i int, e *portfolio.Entry)
	seed  maphash.Seed
	spans []bodySpan
}

type bodySpan struct {
	off  int64
	n    int
	hash uint64
}

// note is the streamList hook that strips each entry of a, once decoded, and
// notes where its JSON is. dec has just read it, so it ends at dec's offset.
func (b *fileBodies) note(dec *json.Decoder, a *archive.Archive) func(i int, raw []byte) error {
	return func(i int, raw []byte) error {
		e := &a.Entries[i]
		if b.check != nil {
			b.check(i, e)
		}
		e.Body, e.Sections, e.Fields = "", nil, nil
		b.spans = append(b.spans, bodySpan{off: dec.InputOffset() - int64(len(raw)), n: len(raw), hash: maphash.Bytes(b.seed, raw)})
		return nil
	}
}

// ErrChanged means an archive's file changed while it was being imported.
var ErrChanged = fmt.Errorf("%w: the file changed while it was being imported; import it again", portfolio.ErrMalformed)

func (b *fileBodies) Entry(i int) (*portfolio.Entry, error) {
	sp := b.spans[i]
	raw := make([]byte, sp.n)
	if _, err := b.r.ReadAt(raw, sp.off); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	if maphash.Bytes(b.seed, raw) != sp.hash {
		return nil, ErrChanged
	}
	e := &portfolio.Entry{}
	if err := decodeRecord(raw, e, true); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	return e, nil
}

func (b *fileBodies) Size(i int) int { return b.spans[i].n }

// streamArchive is ReadArchive's one pass. It accepts only what ParseArchive
// accepts, and decodes it the same (FuzzStreamArchive); it may refuse more, with
// errStream or any error, for ParseArchive to say why.
//
// With light set, each entry is kept without its body, sections and fields, and
// light notes where in the file it is, to read it whole again (ReadArchiveLight).
func streamArchive(r io.Reader, name string, light *fileBodies) (*archive.Archive, error) {
	u := &utf8Reader{r: bufio.NewReaderSize(r, 1<<16)}
	if light != nil {
		light.seed = maphash.MakeSeed()
	}
	dec := json.NewDecoder(u)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errStream
	}
	s := &archiveStream{dec: dec, u: u, light: light, doc: &jsonDoc{name: name}, seen: map[string]bool{}}
	s.a = &archive.Archive{Name: name}
	s.dst = sections(s.a, &s.hist)
	for i := 0; dec.More(); i++ {
		if err := s.member(i); err != nil {
			return nil, err
		}
	}
	if err := s.end(); err != nil {
		return nil, err
	}
	return s.a, nil
}

// archiveStream is one streamed read of an archive's object, a member (key and
// value) at a time.
type archiveStream struct {
	dec   *json.Decoder
	u     *utf8Reader
	light *fileBodies
	a     *archive.Archive
	hist  []rawHistory
	// dst is where each known key's value is decoded to (sections).
	dst  map[string]any
	doc  *jsonDoc
	seen map[string]bool
}

// member reads the object's i-th key and decodes its value.
func (s *archiveStream) member(i int) error {
	k, err := s.key(i)
	if err != nil {
		return err
	}
	d := s.dst[k]
	switch k {
	case "format", "version":
		return s.header(k, d)
	case "history":
		if s.a.Version < 2 {
			return errStream
		}
		if s.light != nil {
			// Histories are merged with the listed records whole.
			return errHistory
		}
	case "attachments":
		if s.a.Version < archive.ArchiveVersionAttachments {
			return errStream
		}
	}
	if !isSlicePtr(d) {
		_, err := decodeRaw(s.dec, d, true)
		return err
	}
	return s.list(k, d)
}

// key reads the object's i-th key: one the archive knows, given once, "format"
// and "version" first, as ParseArchive checks them before the rest.
func (s *archiveStream) key(i int) (string, error) {
	t, err := s.dec.Token()
	if err != nil || s.u.invalid {
		return "", errStream
	}
	k, ok := t.(string)
	if !ok || s.seen[k] {
		return "", errStream
	}
	s.seen[k] = true
	if (i == 0 && k != "format") || (i == 1 && k != "version") {
		return "", errStream
	}
	if _, ok := s.dst[k]; !ok {
		return "", errStream
	}
	return k, nil
}

// header decodes the format or the version into d, leaving an archive that is
// not folio's, or of a version it does not read, to ParseArchive.
func (s *archiveStream) header(k string, d any) error {
	if _, err := decodeRaw(s.dec, d, false); err != nil {
		return err
	}
	if k == "format" && s.a.Format != archive.ArchiveFormat {
		return errStream
	}
	if k == "version" && (s.a.Version > archive.ArchiveVersion || s.a.Version < 1) {
		return errStream
	}
	return nil
}

// list decodes the list under key k into d a record at a time: a history is
// read into the archive as soon as it is decoded, and an entry read light is
// noted and let go of its text.
func (s *archiveStream) list(k string, d any) error {
	var each func(i int) error
	if k == "history" {
		s.a.History = []archive.RecordHistory{}
		each = func(i int) error {
			err := readHistory(s.doc, s.a, i, -1, s.hist[i])
			s.hist[i] = rawHistory{}
			return err
		}
	}
	var after func(i int, raw []byte) error
	if k == "entries" && s.light != nil {
		after = s.light.note(s.dec, s.a)
	}
	return streamList(s.dec, d, each, after)
}

// end reads the object's close: nothing but space may follow it, every byte must
// be UTF-8, and the format and version must have been given.
func (s *archiveStream) end() error {
	if _, err := s.dec.Token(); err != nil {
		return err
	}
	space, err := onlySpace(io.MultiReader(s.dec.Buffered(), s.u))
	if err != nil {
		return err
	}
	if !space || !s.u.done() || !s.seen["format"] || !s.seen["version"] {
		return errStream
	}
	return nil
}

// onlySpace reads r to its end and says whether it held nothing but JSON's
// whitespace: what may follow a document's last value.
func onlySpace(r io.Reader) (bool, error) {
	var buf [4096]byte
	for {
		n, err := r.Read(buf[:])
		if len(bytes.Trim(buf[:n], " \t\r\n")) > 0 {
			return false, nil
		}
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// decodeRaw decodes the next value of dec into dst as ParseArchive's decodeValue
// does: refused when larger than any record or giving a key twice, and, if strict,
// when it holds a key dst does not know.
func decodeRaw(dec *json.Decoder, dst any, strict bool) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	return raw, decodeRecord(raw, dst, strict)
}

// decodeRecord decodes one value's JSON, raw, into dst, as decodeRaw does.
func decodeRecord(raw []byte, dst any, strict bool) error {
	if err := checkRecord(raw); err != nil {
		return err
	}
	rd := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		rd.DisallowUnknownFields()
	}
	return rd.Decode(dst)
}

// streamList decodes the next value of dec, a list or null, into the slice dst
// points to, one element at a time, calling each (when not nil) after each.
//
// after, when not nil, is called with each element's index and JSON.
func streamList(dec *json.Decoder, dst any, each func(i int) error, after func(i int, raw []byte) error) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	sv := reflect.ValueOf(dst).Elem()
	if t == nil {
		sv.SetZero()
		return nil
	}
	if t != json.Delim('[') {
		return errStream
	}
	sv.SetLen(0)
	for i := 0; dec.More(); i++ {
		elem := reflect.New(sv.Type().Elem())
		raw, err := decodeRaw(dec, elem.Interface(), true)
		if err != nil {
			return err
		}
		sv.Set(reflect.Append(sv, elem.Elem()))
		if after != nil {
			if err := after(i, raw); err != nil {
				return err
			}
		}
		if each != nil {
			if err := each(i); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token()
	return err
}

// utf8Reader passes r's bytes on, noting whether they are all UTF-8: JSON decoding
// would turn a byte that is not into U+FFFD, and an import refuses it instead. A
// character cut between two reads is checked whole.
type utf8Reader struct {
	r       io.Reader
	carry   []byte
	invalid bool
	eof     bool
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if n > 0 && !u.invalid {
		b := append(u.carry, p[:n]...)
		// Keep back an incomplete character at the end for the next read.
		cut := len(b)
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					cut = i
				}
				break
			}
		}
		if !utf8.Valid(b[:cut]) {
			u.invalid = true
		}
		u.carry = append(u.carry[:0], b[cut:]...)
	}
	if err == io.EOF {
		u.eof = true
	}
	return n, err
}

// done says the whole input was read and was UTF-8 to its end.
func (u *utf8Reader) done() bool { return u.eof && !u.invalid && len(u.carry) == 0 }

// StartsAsArchive says whether head, the start of a file, begins as folio writes
// its archive: a JSON object whose first key is "format". Such a file is read with
// ReadArchive; a jrnl export has no "format" key.
func StartsAsArchive(head []byte) bool {
	i := skipSpace(head, 0)
	if i >= len(head) || head[i] != '{' {
		return false
	}
	i = skipSpace(head, i+1)
	return bytes.HasPrefix(head[i:], []byte(`"format"`))
}
