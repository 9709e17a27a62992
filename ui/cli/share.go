package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

func runKey(s *session, args []string) error {
	fs := s.flags("key", "")
	if err := parseNoArgs(fs, args, ""); err != nil {
		return err
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	pub, err := p.PublicKey()
	if err != nil {
		return err
	}
	fmt.Fprintln(s.Stdout, pub)
	fmt.Fprintln(s.Stderr, "This is your vault's public key: give it to whoever shares summaries with you. The private key stays sealed in the vault.")
	return nil
}

func runReceive(s *session, args []string) error {
	var with string
	fs := s.flags("receive", "FILE.age [--with RELATIONSHIP]")
	fs.StringVar(&with, "with", "", "attach it to this relationship (its ID or the other person's name)")
	arg, err := parseOne(fs, args, "file: the .age file someone shared with you")
	if err != nil {
		return err
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return usagef("cannot read %s: %v", arg, err)
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	relID, err := s.optionalRelationship(p, with)
	if err != nil {
		return err
	}
	doc, err := p.Receive(data, filepath.Base(arg), relID)
	if errors.Is(err, portfolio.ErrAlreadyReceived) {
		fmt.Fprintf(s.Stdout, "%s\n", doc.ID)
		fmt.Fprintf(s.Stderr, "Nothing kept: %s; read it with 'folio show %s'.\n", sanitize.Line(err.Error()), doc.ID.Short())
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "%s\n", doc.ID)
	fmt.Fprintf(s.Stderr, "Kept %q in the vault, read-only; read it with 'folio show %s'.\n", sanitize.Text(doc.Title), doc.ID.Short())
	return nil
}

func runReceived(s *session, args []string) error {
	var with string
	var asJSON bool
	fs := s.flags("received", "[--with RELATIONSHIP] [--json]")
	fs.StringVar(&with, "with", "", "only documents attached to this relationship")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	if err := parseNoArgs(fs, args, ""); err != nil {
		return err
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	relID, err := s.optionalRelationship(p, with)
	if err != nil {
		return err
	}
	docs := nonNil(p.ReceivedDocuments(relID))
	if asJSON {
		return writeJSON(s.Stdout, docs)
	}
	if len(docs) == 0 {
		fmt.Fprintln(s.Stderr, "Nothing received yet.")
	}
	for _, d := range docs {
		line := fmt.Sprintf("%s  %s  %s", d.ID.Short(), d.ReceivedAt.Local().Format("2006-01-02"), sanitize.Text(d.Title))
		if r, ok := p.Relationship(d.RelationshipID); ok {
			line += "  (" + sanitize.Text(r.Title()) + ")"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func (s *session) showReceived(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	var doc *portfolio.Received
	for _, d := range p.ReceivedDocuments("") {
		if d.ID == id {
			doc = d
		}
	}
	if asJSON {
		return writeJSON(s.Stdout, doc)
	}
	body := doc.Body
	if doc.MediaType == portfolio.MediaPDF {
		// A PDF's bytes are not text for a terminal.
		body = fmt.Sprintf("A PDF document of %d bytes, %q; 'show --json' gives its bytes (base64 in \"data\").", len(doc.Data), doc.Title)
	}
	fmt.Fprintf(s.Stdout, "Received %s from %s (read-only)\n\n%s\n", doc.ReceivedAt.Local().Format("2006-01-02 15:04"),
		sanitize.Text(doc.FileName), sanitize.Text(strings.TrimRight(body, "\n")))
	return nil
}
