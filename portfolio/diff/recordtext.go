package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// fieldsText writes a record other than an entry as "label: value" lines, in the
// order of its JSON fields, so a version or a diff reads as the record does rather
// than as braces and quotes. Nested records get their parent's label as a prefix
// ("agenda 2 text: ..."); empty fields are left out, as is what every version
// changes (its ID, created and updated times), which the version list already shows.
func fieldsText(r any) string {
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Sprint(r)
	}
	var b strings.Builder
	writeObject(&b, "", raw, true)
	return strings.TrimSuffix(b.String(), "\n")
}

func writeObject(b *strings.Builder, prefix string, raw json.RawMessage, top bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // the opening brace
		return
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return
		}
		key, _ := k.(string)
		if top && (key == "id" || key == "created" || key == "updated") {
			continue
		}
		writeValue(b, prefix+strings.ReplaceAll(key, "_", " "), v)
	}
}

func writeValue(b *strings.Builder, label string, v json.RawMessage) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return
	}
	switch v[0] {
	case '{':
		writeObject(b, label+" ", v, false)
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil || len(items) == 0 {
			return
		}
		var scalars []string
		for _, it := range items {
			s, ok := scalarText(it)
			if !ok {
				scalars = nil
				break
			}
			scalars = append(scalars, s)
		}
		if scalars != nil {
			fmt.Fprintf(b, "%s: %s\n", label, strings.Join(scalars, ", "))
			return
		}
		for i, it := range items {
			var sec portfolio.Section
			if json.Unmarshal(it, &sec) == nil && sec.Heading != "" {
				// Notes by heading read as they were written: "notes, Goal: ...".
				fmt.Fprintf(b, "%s, %s: %s\n", label, sec.Heading, sec.Body)
				continue
			}
			writeValue(b, fmt.Sprintf("%s %d", label, i+1), it)
		}
	default:
		if s, ok := scalarText(v); ok && s != "" {
			fmt.Fprintf(b, "%s: %s\n", label, s)
		}
	}
}

// scalarText is a JSON string, number or boolean as text; null is empty.
func scalarText(v json.RawMessage) (string, bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] == '{' || v[0] == '[' {
		return "", false
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	}
	if string(v) == "null" {
		return "", true
	}
	return string(v), true
}

// RecordText is a version's record as text to compare with another's (WordDiff): an
// entry's title, body and sections as written, any other record as its fields, one
// "label: value" a line (fieldsText).
// A deletion is empty.
func RecordText(v portfolio.Version) string {
	switch r := v.Record.(type) {
	case nil:
		return ""
	case *portfolio.Entry:
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n%s", r.Title, r.Body)
		for _, s := range r.Sections {
			fmt.Fprintf(&b, "\n\n## %s\n\n%s", s.Heading, s.Body)
		}
		for _, f := range r.Fields {
			fmt.Fprintf(&b, "\n\n%s: %s", f.Label, strings.Join(f.Values, ", "))
		}
		if len(r.Tags) > 0 {
			fmt.Fprintf(&b, "\n\ntags: %s", strings.Join(r.Tags, ", "))
		}
		return b.String()
	default:
		return fieldsText(r)
	}
}
