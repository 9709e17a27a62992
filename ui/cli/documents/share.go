package documents

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/media"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func keyCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:     "key",
		Short:   "Show this vault's public key, for others to share with you",
		Example: "folio key > my-folio-key.txt",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return runKey(s)
		},
	}
}

func runKey(s *session) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	pub, err := share.PublicKey(p)
	if err != nil {
		return err
	}
	fmt.Fprintln(s.Stdout, pub)
	fmt.Fprintln(s.Stderr, "This is your vault's public key: give it to whoever shares summaries with you. The private key stays sealed in the vault.")
	return nil
}

func receiveCmd(s *session) *cobra.Command {
	var with string
	c := &cobra.Command{
		Use:   "receive FILE.age|-",
		Short: "Keep a summary someone encrypted to your key",
		Example: `folio receive meeting.md.age --with Adebayo
curl -s https://example.org/summary.age | folio receive -`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "file: the .age file someone shared with you")
			if err != nil {
				return err
			}
			return runReceive(s, arg, with)
		},
	}
	c.Flags().StringVar(&with, "with", "", "attach it to this relationship (its ID or the other person's name)")
	return c
}

func runReceive(s *session, arg, with string) error {
	data, err := s.ReadInput(arg, portfolio.MaxImportBytes)
	if err != nil {
		return err
	}
	p, err := s.Open(false)
	if errors.Is(err, portfolio.ErrInUse) {
		// Most often the app holds the vault, and it can receive the file itself.
		return clienv.InUseError{Msg: "the vault is open in another folio, most likely the app; close the app and try again, or receive the file inside it (m, then i, then r)"}
	}
	if err != nil {
		return err
	}
	defer p.Close()
	relID, err := s.OptionalRelationship(p, with)
	if err != nil {
		return err
	}
	doc, err := share.Receive(p, data, clienv.InputName(arg), relID)
	if errors.Is(err, share.ErrAlreadyReceived) {
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

func receivedCmd(s *session) *cobra.Command {
	var with string
	var asJSON bool
	c := &cobra.Command{
		Use:     "received",
		Short:   "List what others shared with you",
		Example: "folio received --with Adebayo",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return runReceived(s, with, asJSON)
		},
	}
	c.Flags().StringVar(&with, "with", "", "only documents attached to this relationship")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.AddCommand(receivedEditCmd(s))
	return c
}

func receivedEditCmd(s *session) *cobra.Command {
	var title, with string
	var noRel bool
	c := &cobra.Command{
		Use:   "edit ID [--title T] [--with RELATIONSHIP | --no-relationship]",
		Short: "Retitle a received document or attach it to a relationship",
		Long: "Change a received document's title, or the relationship it is attached to. Its body\n" +
			"stays exactly as it was received: it is what someone sent you, so folio never changes it.",
		Example: `folio received edit 5fq2 --title "Agenda for March, from Adebayo"
folio received edit 5fq2 --with Adebayo
folio received edit 5fq2 --no-relationship`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "received document ID, as listed by 'folio received'")
			if err != nil {
				return err
			}
			changed := clienv.ChangedFunc(c.Flags())
			if !changed("title", "with", "no-relationship") {
				return clienv.Usagef("received edit needs a change: --title, --with or --no-relationship")
			}
			if changed("with") && noRel {
				return clienv.Usagef("--with and --no-relationship contradict each other; give one")
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindReceived)
			if err != nil {
				return err
			}
			var ch share.ReceivedChange
			if changed("title") {
				ch.Title = &title
			}
			if changed("with") {
				relID, err := s.OptionalRelationship(p, with)
				if err != nil {
					return err
				}
				ch.RelationshipID = &relID
			}
			if noRel {
				none := portfolio.ID("")
				ch.RelationshipID = &none
			}
			saved, err := share.UpdateReceived(p, id, ch)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved received document %s %q.\n", saved.ID.Short(), sanitize.Line(saved.Title))
			return nil
		},
	}
	c.Flags().StringVar(&title, "title", "", "the new title")
	c.Flags().StringVar(&with, "with", "", "attach it to this relationship (its ID or the other person's name)")
	c.Flags().BoolVar(&noRel, "no-relationship", false, "attach it to no relationship")
	return c
}

func runReceived(s *session, with string, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	relID, err := s.OptionalRelationship(p, with)
	if err != nil {
		return err
	}
	docs := clienv.NonNil(share.ReceivedDocuments(p, relID))
	if asJSON {
		return clienv.WriteJSON(s.Stdout, docs)
	}
	if len(docs) == 0 {
		fmt.Fprintln(s.Stderr, "Nothing received yet.")
	}
	for _, d := range docs {
		line := fmt.Sprintf("%s  %s  %s", d.ID.Short(), d.ReceivedAt.Local().Format("2006-01-02"), sanitize.Text(d.Title))
		if r, ok := mentorship.Relationship(p, d.RelationshipID); ok {
			line += "  (" + sanitize.Text(r.Title()) + ")"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func (s *session) showReceived(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	var doc *portfolio.Received
	for _, d := range share.ReceivedDocuments(p, "") {
		if d.ID == id {
			doc = d
		}
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, doc)
	}
	body := doc.Body
	switch doc.MediaType {
	case portfolio.MediaPDF:
		// A PDF's bytes are not text for a terminal.
		body = fmt.Sprintf("A PDF document of %d bytes, %q; 'show --json' gives its bytes (base64 in \"data\").", len(doc.Data), doc.Title)
	case portfolio.MediaHTML:
		// Shown as its text, as the app shows it; the document is kept as sent.
		body = media.HTMLText(doc.Body)
	}
	fmt.Fprintf(s.Stdout, "Received %s from %s (read-only)\n\n%s\n", doc.ReceivedAt.Local().Format("2006-01-02 15:04"),
		sanitize.Text(doc.FileName), sanitize.Text(strings.TrimRight(body, "\n")))
	return nil
}
