package mentoring

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func contactsCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "contacts",
		Short: "List, add and remove the people you share files with, so --to takes their name",
		Long: "A contact is a name and the key files for that person are encrypted to: an age recipient " +
			"(age1...) or an SSH public key (ssh-ed25519, ssh-rsa). Every --to of the export commands " +
			"takes a contact's name as well as a key. Names are unique, ignoring case.",
		Example: `folio contacts
folio contacts add Sam age1...
folio contacts add "Dr Adebayo" "ssh-ed25519 AAAA..." --with Adebayo
folio export summary --out summary.md.age --to Sam
folio contacts rm Sam --yes`,
		SuggestionsMinimumDistance: 2,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return clienv.UnknownCommand(c, args[0])
			}
			return runContacts(s, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.AddCommand(contactsListCmd(s), contactsAddCmd(s), contactsRmCmd(s))
	return c
}

func contactsListCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "list",
		Short:   "List your contacts and their keys",
		Example: "folio contacts list --json",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return runContacts(s, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func runContacts(s *session, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	list := clienv.NonNil(share.Contacts(p))
	if asJSON {
		return clienv.WriteJSON(s.Stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(s.Stderr, "No contacts yet; add one with 'folio contacts add NAME KEY'.")
	}
	for _, ct := range list {
		line := sanitize.Line(ct.Name) + "  " + sanitize.Line(ct.Recipient)
		if r, ok := mentorship.Relationship(p, ct.RelationshipID); ok {
			line += "  (" + sanitize.Line(r.Title()) + ")"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func contactsAddCmd(s *session) *cobra.Command {
	var with string
	c := &cobra.Command{
		Use:   "add NAME RECIPIENT",
		Short: "Keep a person's key under a name",
		Example: `folio contacts add Sam age1...
folio contacts add "Dr Adebayo" "$(cat adebayo.pub)" --with Adebayo`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) != 2 {
				return clienv.Usagef("%s takes a name and a key (age1..., ssh-ed25519 or ssh-rsa)", clienv.Name(c))
			}
			if err := validate.CheckRecipient(args[1]); err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			relID, err := s.OptionalRelationship(p, with)
			if err != nil {
				return err
			}
			ct, err := share.AddContact(p, portfolio.Contact{Name: args[0], Recipient: args[1], RelationshipID: relID})
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Added contact %s; export with --to %q.\n", sanitize.Line(ct.Name), sanitize.Line(ct.Name))
			return nil
		},
	}
	c.Flags().StringVar(&with, "with", "", "the relationship the contact belongs to")
	return c
}

func contactsRmCmd(s *session) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:     "rm NAME",
		Aliases: []string{"delete"},
		Short:   "Forget a contact, after asking at the terminal (--yes in scripts)",
		Example: "folio contacts rm Sam --yes",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "contact name")
			if err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			ct, ok := share.Contact(p, arg)
			if !ok {
				return fmt.Errorf("%w: no contact named %q; 'folio contacts' lists them", portfolio.ErrNotFound, sanitize.Line(arg))
			}
			what := fmt.Sprintf("contact %q", sanitize.Line(ct.Name))
			if ok, err := s.ConfirmDelete("Forget "+what+"?", "forgetting", what, yes); !ok {
				return err
			}
			if _, err := share.DeleteContact(p, ct.Name); err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Forgot %s.\n", what)
			return nil
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "forget without asking")
	return c
}
