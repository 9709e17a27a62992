package goals

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// maxDueDays bounds --days: ten years ahead is more than any plan.
const maxDueDays = 3660

func dueCmd(s *session) *cobra.Command {
	var days int
	var asJSON bool
	c := &cobra.Command{
		Use:   "due",
		Short: "List overdue and upcoming actions, meetings and the revalidation date",
		Long: "List what is overdue and what falls due in the next --days days: actions not done,\n" +
			"each relationship's next meeting, and the revalidation renewal date (folio settings).\n\n" +
			"folio runs no server and writes no reminder anywhere unencrypted: 'folio due' tells\n" +
			"you when you ask. For reminders outside folio, put your meetings and actions in your\n" +
			"own calendar with the calendar (ICS) export; see 'folio export --help'.",
		Example: `folio due
folio due --days 30 --json`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			if days < 0 || days > maxDueDays {
				return clienv.Usagef("--days %d is outside 0 to %d", days, maxDueDays)
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			items := mentorship.Due(p, days)
			if asJSON {
				return clienv.WriteJSON(s.Stdout, clienv.NonNil(items))
			}
			if len(items) == 0 {
				fmt.Fprintf(s.Stderr, "Nothing overdue, and nothing due in the next %d days.\n", days)
				return nil
			}
			for _, it := range items {
				fmt.Fprintf(s.Stdout, "%s  %-12s  %s  (%s)\n", it.Due, it.Kind, sanitize.Line(it.Title), dueWhen(it))
			}
			return nil
		},
	}
	c.Flags().IntVar(&days, "days", 14, "how many days ahead to look")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// dueWhen says how far off a due date is, in words.
func dueWhen(it mentorship.DueItem) string {
	switch {
	case it.Days == 0:
		return "today"
	case it.Days == -1:
		return "overdue by 1 day"
	case it.Days < 0:
		return fmt.Sprintf("overdue by %d days", -it.Days)
	case it.Days == 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", it.Days)
}
