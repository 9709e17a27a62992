package clienv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// WriteRecordJSON writes the record v (a JSON object) as WriteJSON does, with the
// files attached to the record id listed under "attachments" (an empty list for
// none), so a script sees a record's evidence where it sees the record.
func WriteRecordJSON(w io.Writer, p *portfolio.Portfolio, id portfolio.ID, v any) error {
	list, err := p.Attachments(id)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' {
		return errors.New("a record's JSON is not an object")
	}
	att, err := json.Marshal(NonNil(list))
	if err != nil {
		return err
	}
	out := append([]byte(nil), raw[:len(raw)-1]...)
	if len(raw) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"attachments":`...)
	out = append(out, att...)
	out = append(out, '}')
	return WriteJSON(w, json.RawMessage(out))
}

// ShowAttachments lists the files attached to the record id under it, for the
// show commands: name, size, media type and ID; nothing for none.
func ShowAttachments(w io.Writer, p *portfolio.Portfolio, id portfolio.ID) error {
	list, err := p.Attachments(id)
	if err != nil || len(list) == 0 {
		return err
	}
	fmt.Fprintln(w, "\nAttachments:")
	for _, a := range list {
		fmt.Fprintf(w, "  %s  %s  (%s, %s)\n", a.ID.Short(), sanitize.Line(a.Name), SizeText(a.Size), sanitize.Line(a.MediaType))
	}
	return nil
}

// SizeText is a file size for people: bytes, KiB or MiB.
func SizeText(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
}
