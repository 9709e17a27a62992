// Package codec is the wire format of the vault's records: protocol buffers, read
// and written with protowire, field by field. records.proto is the written schema;
// Schema is the same as a table, and a test holds the two together.
package codec

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

// SchemaVersion is the version every record carries in its field 1. Records are
// encoded in the protocol buffers wire format: a documented format any protobuf
// library (or `protoc --decode_raw`) can read, which decodes far faster than JSON, and
// which lets later versions add fields that older ones skip. The field numbers are in
// records.proto (and docs/VAULT.md) and must never be reused.
const SchemaVersion = 1

// Encoder appends fields to B. Zero values are left out, as protobuf does.
type Encoder struct{ B []byte }

func (e *Encoder) Uint(num protowire.Number, v uint64) {
	if v == 0 {
		return
	}
	e.B = protowire.AppendTag(e.B, num, protowire.VarintType)
	e.B = protowire.AppendVarint(e.B, v)
}

func (e *Encoder) Int(num protowire.Number, v int64) {
	if v == 0 {
		return
	}
	e.B = protowire.AppendTag(e.B, num, protowire.VarintType)
	e.B = protowire.AppendVarint(e.B, protowire.EncodeZigZag(v))
}

func (e *Encoder) Str(num protowire.Number, s string) {
	if s == "" {
		return
	}
	e.B = protowire.AppendTag(e.B, num, protowire.BytesType)
	e.B = protowire.AppendString(e.B, s)
}

func (e *Encoder) Strs(num protowire.Number, ss []string) {
	for _, s := range ss {
		e.B = protowire.AppendTag(e.B, num, protowire.BytesType)
		e.B = protowire.AppendString(e.B, s)
	}
}

// Item writes s even when it is empty, as one item of a list, so a decoded list
// re-encodes as it was.
func (e *Encoder) Item(num protowire.Number, s string) {
	e.B = protowire.AppendTag(e.B, num, protowire.BytesType)
	e.B = protowire.AppendString(e.B, s)
}

// Time writes a set time even when it is the Unix epoch, whose value is 0: only the
// zero Time means "not set".
func (e *Encoder) Time(num protowire.Number, t time.Time) {
	if !t.IsZero() {
		e.B = protowire.AppendTag(e.B, num, protowire.VarintType)
		e.B = protowire.AppendVarint(e.B, protowire.EncodeZigZag(t.UnixMicro()))
	}
}

func (e *Encoder) Message(num protowire.Number, m []byte) {
	e.B = protowire.AppendTag(e.B, num, protowire.BytesType)
	e.B = protowire.AppendBytes(e.B, m)
}

// Field is one decoded field: a varint or a byte string.
type Field struct {
	Num protowire.Number
	V   uint64
	B   []byte
	// s is b as a substring of the record's one string copy, when it was decoded with
	// one (see DecodeShared), so that reading a string field copies nothing.
	s      string
	shared bool
}

func (f Field) Str() string {
	if f.shared {
		return f.s
	}
	return string(f.B)
}

// Sub walks a nested message, keeping its strings shared with the record's.
func (f Field) Sub(bytesFields FieldSet, fn func(Field) error) error {
	return walk(f.B, f.s, f.shared, &bytesFields, fn)
}
func (f Field) Int() int64      { return protowire.DecodeZigZag(f.V) }
func (f Field) Time() time.Time { return time.UnixMicro(f.Int()).UTC() }

// FieldSet is a set of field numbers below 64.
type FieldSet uint64

func Fields(nums ...protowire.Number) FieldSet {
	var s FieldSet
	for _, n := range nums {
		s |= 1 << n
	}
	return s
}

func (s FieldSet) Has(n protowire.Number) bool { return n < 64 && s&(1<<n) != 0 }

// Decode walks a record, calling fn for each varint or byte string field and
// skipping any other wire type, so records written by newer versions still load. It
// also skips a field of the wrong wire type for its number, as protobuf does: byte
// strings only for numbers in bytesFields, varints for the others. A mistyped field
// is then never read as an empty or zero value.
func Decode(b []byte, bytesFields FieldSet, fn func(Field) error) error {
	return walk(b, "", false, &bytesFields, fn)
}

// DecodeShared is Decode whose string fields are substrings of src, which must
// hold the same bytes as b: one copy of the record serves all its strings.
func DecodeShared(b []byte, src string, bytesFields FieldSet, fn func(Field) error) error {
	return walk(b, src, true, &bytesFields, fn)
}

func walk(b []byte, src string, shared bool, bytesFields *FieldSet, fn func(Field) error) error {
	size := len(b)
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("bad Field tag: %w", protowire.ParseError(n))
		}
		b = b[n:]
		f := Field{Num: num}
		isBytes := bytesFields == nil || bytesFields.Has(num)
		isVarint := bytesFields == nil || !bytesFields.Has(num)
		switch {
		case typ == protowire.VarintType && isVarint:
			f.V, n = protowire.ConsumeVarint(b)
		case typ == protowire.BytesType && isBytes:
			f.B, n = protowire.ConsumeBytes(b)
			if shared && n >= 0 {
				off := size - len(b) + n - len(f.B)
				f.s, f.shared = src[off:off+len(f.B)], true
			}
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return fmt.Errorf("bad Field %d: %w", num, protowire.ParseError(n))
			}
			b = b[n:]
			continue
		}
		if n < 0 {
			return fmt.Errorf("bad Field %d: %w", num, protowire.ParseError(n))
		}
		b = b[n:]
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// CheckVersion rejects records from a newer schema than this build knows, rather than
// silently dropping their meaning.
func CheckVersion(f Field) error {
	if f.V > SchemaVersion {
		return fmt.Errorf("record schema %d is newer than this folio reads (%d)", f.V, SchemaVersion)
	}
	return nil
}
