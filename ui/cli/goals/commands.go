// Package goals is the command line's "Goals and actions" group: goals, their action
// plans, and what is due.
package goals

import (
	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// session is the run's shared state; this group's helpers are its methods.
type session struct{ *clienv.Session }

// Commands are the commands of the "Goals and actions" group.
func Commands(cs *clienv.Session) []*cobra.Command {
	s := &session{cs}
	return []*cobra.Command{goalCmd(s), actionCmd(s), dueCmd(s)}
}

// ShowGoal prints a goal with its action plan, for `show` of any record.
func ShowGoal(cs *clienv.Session, p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	return (&session{cs}).showGoal(p, id, asJSON)
}
