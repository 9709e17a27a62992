package clienv

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/foliohq/folio/portfolio/inert"
)

// The domain's records keep times at the precision they were made with (a new
// record's creation has nanoseconds, one read back from the vault microseconds), and
// a record with no tags has a nil list. The command line's JSON promises one format
// (docs/CLI.md): times in RFC 3339, UTC, to the second, and lists that are never
// null. normalizeJSON rewrites only the values of the fields below, by name, so text
// the user wrote (a title that looks like a time) is never touched.

// timeFields are the JSON fields that hold times.
func isTimeField(name string) bool {
	switch name {
	case "created", "updated", "received_at", "exported_at", "added", "removed",
		// history's and the trash's: "deleted" is a time there (a flag in a version,
		// which is left alone as it is not a string).
		"saved", "deleted":
		return true
	}
	return false
}

// isListField reports the JSON fields that hold lists.
func isListField(name string) bool {
	switch name {
	case "tags", "functions", "goal_ids", "action_ids", "actions", "entries", "goals",
		"meetings", "ratings", "received", "relationships", "scores", "templates_used",
		"values", "sections", "fields", "agenda", "agreed", "topics", "attachments":
		return true
	}
	return false
}

// normalizeJSON rewrites compact JSON as the command line's contract has it.
func normalizeJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out bytes.Buffer
	if err := copyValue(dec, &out, ""); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return out.Bytes(), nil
}

// copyValue copies one value from dec to out; field is the name it is held under in
// an object, "" in an array or at the top.
func copyValue(dec *json.Decoder, out *bytes.Buffer, field string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		out.WriteString(t.String())
		end := json.Delim(']')
		if t == '{' {
			end = '}'
		}
		for i := 0; dec.More(); i++ {
			if i > 0 {
				out.WriteByte(',')
			}
			name := ""
			if t == '{' {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ = key.(string)
				writeString(out, name)
				out.WriteByte(':')
			}
			if err := copyValue(dec, out, name); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		out.WriteString(end.String())
	case nil:
		if isListField(field) {
			out.WriteString("[]")
		} else {
			out.WriteString("null")
		}
	case string:
		if isTimeField(field) {
			if tm, err := time.Parse(time.RFC3339Nano, t); err == nil {
				t = tm.UTC().Format(time.RFC3339)
			}
		}
		writeString(out, t)
	case json.Number:
		out.WriteString(t.String())
	case bool:
		if t {
			out.WriteString("true")
		} else {
			out.WriteString("false")
		}
	}
	return nil
}

func writeString(out *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	out.Write(b)
}

const TimeFormat = "2006-01-02T15:04:05Z07:00"

// WriteJSON writes v indented, with C1 and bidi controls escaped (see inert.JSON).
func WriteJSON(w io.Writer, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	raw, err = normalizeJSON(raw)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return err
	}
	_, err = w.Write(append(inert.JSON(out.Bytes()), '\n'))
	return err
}
