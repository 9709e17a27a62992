package clienv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/ui/sanitize"
	"github.com/spf13/cobra"
)

// WriteRecordJSON writes the record v (a JSON object) as WriteJSON does, with the
// files attached to the record id listed under "attachments" (an empty list for
// none), so a script sees a record's evidence where it sees the record.
func WriteRecordJSON(w io.Writer, p *portfolio.Portfolio, id portfolio.ID, v any) error {
	list, err := attachment.Attachments(p, id)
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
	list, err := attachment.Attachments(p, id)
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

// ShowCmd is a record kind's "show ID" command: it opens the vault to read, finds
// the record with resolve, prints it with show (as JSON with --json) and, after the
// text, lists its attached files. argName says what ID stands for in errors.
func ShowCmd(s *Session, use, short, example, argName string,
	resolve func(p *portfolio.Portfolio, arg string) (portfolio.ID, error),
	show func(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     use,
		Short:   short,
		Example: example,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := OneArg(c, args, argName)
			if err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			id, err := resolve(p, arg)
			if err != nil {
				return err
			}
			if err := show(p, id, asJSON); err != nil || asJSON {
				return err
			}
			return ShowAttachments(s.Stdout, p, id)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// ResolveAs is ShowCmd's resolve for IDs of one kind.
func ResolveAs(kind portfolio.Kind) func(p *portfolio.Portfolio, arg string) (portfolio.ID, error) {
	return func(p *portfolio.Portfolio, arg string) (portfolio.ID, error) {
		id, _, err := p.Resolve(arg, kind)
		return id, err
	}
}
