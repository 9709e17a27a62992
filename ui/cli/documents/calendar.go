package documents

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func exportCalendarCmd(s *session) *cobra.Command {
	var dest clienv.ExportDest
	var with string
	var details bool
	c := &cobra.Command{
		Use:   "calendar --out FILE.ics",
		Short: "Planned meetings and open actions' due dates as an iCalendar file",
		Example: `folio export calendar --out folio.ics
folio export calendar --with "Dr Adebayo" --details --out mentoring.ics`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "name a relationship with --with"); err != nil {
				return err
			}
			if err := dest.RefuseBinaryOnTerminal(s.Session); err != nil {
				return err
			}
			if err := dest.Check(); err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			q := document.CalendarQuery{Details: details}
			if with != "" {
				r, err := s.ResolveRelationship(p, with)
				if err != nil {
					return err
				}
				q.Relationship = r.ID
			}
			encrypted, err := dest.Write(s.Session, p, document.Calendar(p, q))
			if err != nil {
				return err
			}
			if dest.Out != "-" {
				fmt.Fprintf(s.Stderr, "Wrote %s.\n", dest.Out)
				if !encrypted && details {
					fmt.Fprintln(s.Stderr, "It holds names and agendas and is not encrypted: keep it private.")
				}
			}
			return nil
		},
	}
	dest.Register(c.Flags())
	c.Flags().StringVar(&with, "with", "", "only this relationship (its ID or the other person's name)")
	c.Flags().BoolVar(&details, "details", false, "put names, agendas and actions in the events (default: \"Mentoring meeting\", \"Action due\")")
	return c
}
