package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
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
		if a, err := streamArchive(r, name); err == nil {
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

// errStream means the streaming reader gives the file to ParseArchive.
var errStream = errors.New("not read as a stream")

// streamArchive is ReadArchive's one pass. It accepts only what ParseArchive
// accepts, and decodes it the same (FuzzStreamArchive); it may refuse more, with
// errStream or any error, for ParseArchive to say why.
func streamArchive(r io.Reader, name string) (*archive.Archive, error) {
	u := &utf8Reader{r: bufio.NewReaderSize(r, 1<<16)}
	dec := json.NewDecoder(u)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errStream
	}
	a := &archive.Archive{Name: name}
	var hist []rawHistory
	dst := sections(a, &hist)
	doc := &jsonDoc{name: name}
	seen := map[string]bool{}
	for i := 0; dec.More(); i++ {
		t, err := dec.Token()
		if err != nil || u.invalid {
			return nil, errStream
		}
		k, ok := t.(string)
		if !ok || seen[k] {
			return nil, errStream
		}
		seen[k] = true
		// Format and version first, as ParseArchive checks them before the rest.
		if (i == 0 && k != "format") || (i == 1 && k != "version") {
			return nil, errStream
		}
		d, ok := dst[k]
		if !ok {
			return nil, errStream
		}
		switch k {
		case "format", "version":
			if err := decodeRaw(dec, d, false); err != nil {
				return nil, err
			}
			if k == "format" && a.Format != archive.ArchiveFormat {
				return nil, errStream
			}
			if k == "version" && (a.Version > archive.ArchiveVersion || a.Version < 1) {
				return nil, errStream
			}
			continue
		case "history":
			if a.Version < 2 {
				return nil, errStream
			}
		case "attachments":
			if a.Version < archive.ArchiveVersionAttachments {
				return nil, errStream
			}
		}
		if !isSlicePtr(d) {
			if err := decodeRaw(dec, d, true); err != nil {
				return nil, err
			}
			continue
		}
		var each func(i int) error
		if k == "history" {
			a.History = []archive.RecordHistory{}
			each = func(i int) error {
				err := readHistory(doc, a, i, -1, hist[i])
				hist[i] = rawHistory{}
				return err
			}
		}
		if err := streamList(dec, d, each); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	// Nothing but space may follow the object, and every byte must be UTF-8.
	rest := io.MultiReader(dec.Buffered(), u)
	var buf [4096]byte
	for {
		n, err := rest.Read(buf[:])
		if len(bytes.Trim(buf[:n], " \t\r\n")) > 0 {
			return nil, errStream
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if !u.done() {
		return nil, errStream
	}
	if !seen["format"] || !seen["version"] {
		return nil, errStream
	}
	return a, nil
}

// decodeRaw decodes the next value of dec into dst as ParseArchive's decodeValue
// does: refused when larger than any record or giving a key twice, and, if strict,
// when it holds a key dst does not know.
func decodeRaw(dec *json.Decoder, dst any, strict bool) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
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
func streamList(dec *json.Decoder, dst any, each func(i int) error) error {
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
		if err := decodeRaw(dec, elem.Interface(), true); err != nil {
			return err
		}
		sv.Set(reflect.Append(sv, elem.Elem()))
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
