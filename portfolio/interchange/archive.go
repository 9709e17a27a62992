// Package interchange reads and writes the files that carry records in and out of a
// vault: the full JSON archive (docs/EXPORT.md), jrnl's JSON export and Markdown
// notes. Applying what is read, in one transaction, is portfolio/archive's
// (archive.ImportArchive) and ImportEntries' (entries.go).
package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
)

// MarshalArchive writes the archive as indented JSON. Text is written as it is, with
// control characters escaped by JSON, so the file itself is inert in a terminal.
func MarshalArchive(a *archive.Archive) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// archiveSections are the top-level keys and where each decodes to.
func sections(a *archive.Archive, hist *[]rawHistory) map[string]any {
	return map[string]any{
		"history": hist,
		"format":  &a.Format, "version": &a.Version, "exported_at": &a.ExportedAt,
		"settings": &a.Settings, "templates_used": &a.TemplatesUsed,
		"entries": &a.Entries, "goals": &a.Goals, "actions": &a.Actions,
		"relationships": &a.Relationships, "meetings": &a.Meetings,
		"ratings": &a.Ratings, "received": &a.Received, "contacts": &a.Contacts,
		"evaluations": &a.Evaluations, "attachments": &a.Attachments,
	}
}

// ParseArchive reads an archive strictly: the format and version first, then each
// section, refusing unknown keys anywhere (a reader that dropped them would not be
// lossless) and naming the file, the JSON path and the line of any problem. Every
// record that cannot be read is named in one error.
func ParseArchive(data []byte, name string) (*archive.Archive, error) {
	a, _, err := ParseArchiveSkipping(data, name, false)
	return a, err
}

// ParseArchiveSkipping is ParseArchive that, with skipBad, leaves out each record
// (or history) that cannot be read, with the history (or record) of the same ID, and
// names each in skipped. Problems with the file as a whole are errors either way.
func ParseArchiveSkipping(data []byte, name string, skipBad bool) (a *archive.Archive, skipped []string, err error) {
	a, err = parseArchive(data, name, &skipped)
	if err != nil {
		return nil, nil, err
	}
	if len(skipped) == 0 {
		return a, nil, nil
	}
	if !skipBad {
		if len(skipped) == 1 {
			return nil, nil, fmt.Errorf("%w: %s", portfolio.ErrMalformed, skipped[0])
		}
		return nil, nil, fmt.Errorf("%w: %s: %d records cannot be read; fix them, or pass --skip-bad to import the rest: %s", portfolio.ErrMalformed, name, len(skipped), strings.Join(skipped, "; "))
	}
	return a, skipped, nil
}

func parseArchive(data []byte, name string, bad *[]string) (*archive.Archive, error) {
	doc, err := readJSON(data, name)
	if err != nil {
		return nil, err
	}
	doc.badIDs = map[portfolio.ID]bool{}
	a := &archive.Archive{Name: name}
	var hist []rawHistory
	dst := sections(a, &hist)
	if _, ok := doc.keys["format"]; !ok {
		return nil, doc.errorf(0, "", "has no \"format\"; it is not a folio archive")
	}
	// Format and version first, so a newer archive is reported as newer rather than
	// by the first field this version does not know.
	for _, k := range []string{"format", "version"} {
		if err := doc.decodeValue(k, dst[k], false, nil); err != nil {
			return nil, err
		}
	}
	if a.Format != archive.ArchiveFormat {
		return nil, doc.errorf(doc.keys["format"], "format", "is a %q file, not a %s", a.Format, archive.ArchiveFormat)
	}
	if a.Version > archive.ArchiveVersion {
		return nil, doc.errorf(doc.keys["version"], "version", "is archive version %d, newer than this folio reads (%d); update folio", a.Version, archive.ArchiveVersion)
	}
	if a.Version < 1 {
		return nil, doc.errorf(doc.keys["version"], "version", "archive version %d is not a version", a.Version)
	}
	for _, k := range doc.order {
		d, ok := dst[k]
		if !ok {
			return nil, doc.errorf(doc.keys[k], k, "is not a key of a version %d archive", a.Version)
		}
		if k == "format" || k == "version" {
			continue
		}
		if k == "history" && a.Version < 2 {
			return nil, doc.errorf(doc.keys[k], k, "is not a key of a version %d archive; an archive with history is version 2", a.Version)
		}
		if k == "attachments" && a.Version < archive.ArchiveVersionAttachments {
			return nil, doc.errorf(doc.keys[k], k, "is not a key of a version %d archive; an archive with attachments is version %d", a.Version, archive.ArchiveVersionAttachments)
		}
		var each func(i, start int) error
		if k == "history" {
			// Each history's records are decoded as soon as it is read, and its raw
			// JSON let go, rather than every record's bytes kept to the end.
			a.History = make([]archive.RecordHistory, 0, len(hist))
			each = func(i, start int) error {
				// The last read: i counts a history left out too.
				j := len(hist) - 1
				err := readHistory(doc, a, i, start, hist[j])
				hist[j] = rawHistory{}
				return err
			}
		}
		if err := doc.decodeValue(k, d, true, each); err != nil {
			return nil, err
		}
	}
	*bad = doc.bad
	if len(doc.bad) > 0 {
		leaveOut(a, doc.badIDs)
	}
	return a, nil
}

// leaveOut drops from a the records, histories and attachments of the IDs in bad: a
// record left out takes its history with it, and a history left out its record, so
// neither is imported without the other.
func leaveOut(a *archive.Archive, bad map[portfolio.ID]bool) {
	for _, l := range []any{&a.Entries, &a.Goals, &a.Actions, &a.Relationships, &a.Meetings, &a.Ratings, &a.Received, &a.Contacts, &a.Evaluations} {
		sv := reflect.ValueOf(l).Elem()
		kept := sv.Slice(0, 0)
		for i := range sv.Len() {
			if !bad[portfolio.ID(sv.Index(i).FieldByName("ID").String())] {
				kept = reflect.Append(kept, sv.Index(i))
			}
		}
		sv.Set(kept)
	}
	a.History = slices.DeleteFunc(a.History, func(h archive.RecordHistory) bool { return bad[h.ID] })
	a.Attachments = slices.DeleteFunc(a.Attachments, func(x archive.ArchivedAttachment) bool { return bad[x.Record] || bad[x.ID] })
}

// rawHistory is a history as read, before each version's record is decoded by its
// kind.
type rawHistory struct {
	Kind     portfolio.Kind `json:"kind"`
	ID       portfolio.ID   `json:"id"`
	Versions []rawVersion   `json:"versions"`
}

type rawVersion struct {
	archive.ArchivedVersion
	Record json.RawMessage `json:"record,omitempty"`
}

// readHistory decodes the records of the history read as element i of the list,
// which starts at off, strictly, as its kind's list would be, and checks it
// (RecordHistory.Check), naming the element and its line.
func readHistory(doc *jsonDoc, a *archive.Archive, i, off int, rh rawHistory) error {
	path := fmt.Sprintf("history[%d]", i)
	h := archive.RecordHistory{Kind: rh.Kind, ID: rh.ID, Versions: make([]archive.ArchivedVersion, 0, len(rh.Versions))}
	for j, rv := range rh.Versions {
		v := rv.ArchivedVersion
		if len(rv.Record) > 0 && !bytes.Equal(rv.Record, []byte("null")) {
			rec, ok := archive.NewArchivedRecord(rh.Kind)
			if !ok {
				return doc.errorf(off, path+".kind", "records of kind %q keep no history", rh.Kind)
			}
			vpath := fmt.Sprintf("%s.versions[%d].record", path, j)
			if err := checkRecord(rv.Record); err != nil {
				return doc.errorf(off, vpath, "%s", err)
			}
			dec := json.NewDecoder(bytes.NewReader(rv.Record))
			dec.DisallowUnknownFields()
			if err := dec.Decode(rec); err != nil {
				return doc.errorf(off, vpath, "%s", stripJSONPrefix(err))
			}
			v.Record = rec
		}
		h.Versions = append(h.Versions, v)
	}
	if err := h.Check(); err != nil {
		return doc.errorf(off, path, "%s", reason(err))
	}
	a.History = append(a.History, h)
	return nil
}

// jsonDoc is a JSON object read for import, with where each top-level key's value
// starts, so errors can give a line.
type jsonDoc struct {
	name  string
	data  []byte
	keys  map[string]int // key -> offset of its value
	ends  map[string]int // key -> offset just past its value
	order []string
	// elems are the offsets of the elements of each list decoded so far.
	elems map[string][]int
	pos   position
	// bad names the records of lists that could not be read, and badIDs their IDs
	// where they could be read, for ParseArchiveSkipping.
	bad    []string
	badIDs map[portfolio.ID]bool
}

// readJSON checks that data is UTF-8 and well-formed JSON holding an object, and
// notes where each top-level value starts.
func readJSON(data []byte, name string) (*jsonDoc, error) {
	doc := &jsonDoc{name: name, data: data, keys: map[string]int{}, ends: map[string]int{}, elems: map[string][]int{}}
	if len(data) > portfolio.MaxImportBytes {
		return nil, fmt.Errorf("%w: %s is %d bytes; the most folio imports is %d MiB", portfolio.ErrMalformed, name, len(data), portfolio.MaxImportBytes>>20)
	}
	data, err := DecodeText(data)
	if err != nil {
		return nil, doc.errorf(-1, "", "%s", reason(err))
	}
	doc.data = data
	if !utf8.Valid(data) {
		return nil, doc.errorf(invalidUTF8(data), "", "is not valid UTF-8 text")
	}
	// json.Valid checks without building the document, which for a large archive
	// would cost several times the file in memory.
	if !json.Valid(data) {
		if looksLikeJrnlText(data) {
			return nil, doc.errorf(-1, "", "is a jrnl plain-text journal; folio reads jrnl's JSON export, so run 'jrnl --export json > journal.json' and import that file")
		}
		// Unmarshal checks the syntax before it decodes, so this only finds the error.
		err := json.Unmarshal(data, new(struct{}))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, doc.errorf(int(se.Offset), "", "is not valid JSON: %s", se.Error())
		}
		return nil, doc.errorf(0, "", "is not valid JSON: %v", err)
	}
	first := firstNonSpace(data)
	if data[first] != '{' {
		return nil, doc.errorf(first, "", "holds a JSON %s, not an object", jsonKindAt(data[first]))
	}
	// The document is valid, so the walk below can skip values without checking them.
	err = forEachMember(data, first, func(k string, start, end int) error {
		if _, dup := doc.keys[k]; dup {
			return doc.errorf(start, k, "appears twice")
		}
		doc.keys[k] = start
		doc.ends[k] = end
		doc.order = append(doc.order, k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// decodeValue decodes the value of top-level key k into dst. A list is decoded one
// element at a time so an error names the element and its line, calling each (when
// not nil) after each element; strict refuses unknown keys.
func (doc *jsonDoc) decodeValue(k string, dst any, strict bool, each func(i, start int) error) error {
	off, ok := doc.keys[k]
	if !ok {
		return nil
	}
	if doc.data[off] == '[' && isSlicePtr(dst) {
		return decodeList(doc, off, k, dst, strict, each)
	}
	raw := doc.data[off:doc.ends[k]]
	if err := checkRecord(raw); err != nil {
		return doc.errorf(off, k, "%s", err)
	}
	rd := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		rd.DisallowUnknownFields()
	}
	if err := rd.Decode(dst); err != nil {
		return doc.decodeError(err, off, k)
	}
	return nil
}

// decodeError turns a decoding error into one naming the file, path and line.
func (doc *jsonDoc) decodeError(err error, base int, path string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p += "." + te.Field
		}
		return doc.errorf(base+int(te.Offset), p, "is a JSON %s where %s was expected", te.Value, goTypeWord(te.Type.Kind().String()))
	}
	msg := stripJSONPrefix(err)
	if strings.Contains(msg, "Time.UnmarshalJSON") || strings.Contains(msg, "parsing time") {
		msg = "a time must be RFC 3339 text such as 2026-03-14T10:05:00Z"
	}
	return doc.errorf(base, path, "%s", msg)
}

// errorf makes an error naming the file, its line and column at offset, and the JSON
// path when there is one.
func (doc *jsonDoc) errorf(offset int, path, format string, args ...any) error {
	pos := doc.name
	if offset >= 0 && offset <= len(doc.data) {
		line, col := lineCol(doc.data, offset)
		pos = fmt.Sprintf("%s:%d:%d", doc.name, line, col)
	}
	if path != "" {
		pos += ": " + path
	}
	return fmt.Errorf("%w: %s: %s", portfolio.ErrMalformed, pos, fmt.Sprintf(format, args...))
}

// badRecord notes the element of a list, from start to end, that err says cannot be
// read, and its ID when one can be read from it.
func (doc *jsonDoc) badRecord(k string, err error, start, end int) {
	msg := strings.TrimPrefix(err.Error(), portfolio.ErrMalformed.Error()+": ")
	var rec struct {
		ID portfolio.ID `json:"id"`
	}
	if json.Unmarshal(doc.data[start:end], &rec) == nil && rec.ID != "" {
		doc.badIDs[rec.ID] = true
		if k == "history" {
			msg += fmt.Sprintf(" (the record %s goes with it)", rec.ID)
		}
	}
	doc.bad = append(doc.bad, msg)
}

// position turns offsets into lines and columns, counting on from the last offset
// asked for, so asking for every element's place in order costs one pass over the
// file rather than one from the start per element.
type position struct {
	off, line, col int
}

// at is the line and column (in characters, from 1) of offset in data.
func (p *position) at(data []byte, offset int) (int, int) {
	if p.line == 0 || offset < p.off {
		*p = position{line: 1, col: 1}
	}
	for _, c := range data[p.off:offset] {
		switch {
		case c == '\n':
			p.line, p.col = p.line+1, 1
		case c&0xC0 != 0x80: // not a continuation byte: a new character
			p.col++
		}
	}
	p.off = offset
	return p.line, p.col
}

// lineCol counts lines and columns (in characters) from 1.
func lineCol(data []byte, offset int) (int, int) {
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}

// invalidUTF8 is the offset of the first byte that is not UTF-8, or -1. JSON decoding
// would silently turn such bytes into U+FFFD; an import refuses them instead.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// jrnlTextStart is how an entry of jrnl's plain-text journal starts: its date and
// time, bracketed since jrnl 2.
var jrnlTextStart = regexp.MustCompile(`^\[?[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{1,2}:[0-9]{2}`)

// looksLikeJrnlText says whether data starts as jrnl's plain-text journal does.
func looksLikeJrnlText(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	return jrnlTextStart.Match(data[:min(len(data), 64)])
}

func firstNonSpace(data []byte) int {
	return max(0, bytes.IndexFunc(data, func(r rune) bool { return r != ' ' && r != '\t' && r != '\n' && r != '\r' }))
}

// jsonKindAt names the kind of JSON value that starts with c.
func jsonKindAt(c byte) string {
	switch c {
	case 'n':
		return "null"
	case '[':
		return "list"
	case '"':
		return "string"
	case 't', 'f':
		return "true or false"
	case '{':
		return "object"
	}
	return "number"
}

func goTypeWord(kind string) string {
	switch kind {
	case "string":
		return "text"
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

func stripJSONPrefix(err error) string {
	return reason(errors.New(strings.TrimPrefix(err.Error(), "json: ")))
}

func isSlicePtr(v any) bool {
	t := reflect.TypeOf(v)
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Slice
}

// maxRecordJSON is more than any record folio writes takes as JSON: the largest is a
// received document (MaxReceivedBytes), whose text JSON may escape at six bytes a
// byte. A larger record is refused before it is decoded.
const maxRecordJSON = 6*portfolio.MaxReceivedBytes + 1<<20

// checkRecord refuses a record, as raw JSON, that is larger than any folio writes or
// gives a key twice: JSON readers disagree on which copy wins, so folio takes none.
// raw must be one value of valid JSON.
func checkRecord(raw []byte) error {
	if len(raw) > maxRecordJSON {
		return fmt.Errorf("is %d bytes; no record folio writes is more than %d MiB", len(raw), maxRecordJSON>>20)
	}
	if raw[0] != '{' && raw[0] != '[' {
		return nil
	}
	if _, dup, found := duplicateKeyAt(raw, 0); found {
		return fmt.Errorf("the key %q is given twice", dup)
	}
	return nil
}

// decodeList decodes the JSON list whose bracket is at base into the slice dst points
// to, one element at a time, calling each (when not nil) with each element's index
// and start as it is decoded.
func decodeList(doc *jsonDoc, base int, k string, dst any, strict bool, each func(i, start int) error) error {
	sv := reflect.ValueOf(dst).Elem()
	sv.SetLen(0)
	// One decoder reads the whole list, each element straight into its value: its
	// buffer is reused from one element to the next, and an error's offset still
	// counts from the element's start.
	dec := json.NewDecoder(bytes.NewReader(doc.data[base:doc.ends[k]]))
	if strict {
		dec.DisallowUnknownFields()
	}
	dec.Token() // the opening [, already known to be there
	// A record that cannot be read is noted (badRecord) and the list read on, so
	// every bad record is named, where badIDs is set (ParseArchive's record lists).
	collect := doc.badIDs != nil && k != "templates_used"
	return forEachElem(doc.data, base, func(i, start, end int) error {
		doc.elems[k] = append(doc.elems[k], start)
		path := fmt.Sprintf("%s[%d]", k, i)
		if err := checkRecord(doc.data[start:end]); err != nil {
			err = doc.errorf(start, path, "%s", err)
			if !collect {
				return err
			}
			doc.badRecord(k, err, start, end)
			// The shared decoder did not read past this element: each one after it
			// is read on its own.
			dec = nil
			return nil
		}
		elem := reflect.New(sv.Type().Elem())
		one := func() *json.Decoder {
			d := json.NewDecoder(bytes.NewReader(doc.data[start:end]))
			if strict {
				d.DisallowUnknownFields()
			}
			return d
		}
		d := dec
		if d == nil {
			d = one()
		}
		if err := d.Decode(elem.Interface()); err != nil {
			// The shared decoder counts an error's offset from before the comma and
			// space; decoded again on its own, the element gives it from its start.
			if e := one().Decode(reflect.New(sv.Type().Elem()).Interface()); e != nil {
				err = e
			}
			err = doc.decodeError(err, start, path)
			if !collect {
				return err
			}
			doc.badRecord(k, err, start, end)
			return nil
		}
		sv.Set(reflect.Append(sv, elem.Elem()))
		if each != nil {
			err := each(i, start)
			if err != nil && collect && errors.Is(err, portfolio.ErrMalformed) {
				doc.badRecord(k, err, start, end)
				return nil
			}
			return err
		}
		return nil
	})
}
