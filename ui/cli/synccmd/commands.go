// Package synccmd is the command line's sync group: one portfolio on several devices
// through a shared folder (docs/SYNC.md).
package synccmd

import (
	"github.com/spf13/cobra"

	"github.com/foliohq/folio/ui/cli/clienv"
)

// session is the run's shared state; this group's helpers are its methods.
type session struct{ *clienv.Session }

// Commands are the sync group's top-level commands.
func Commands(cs *clienv.Session) []*cobra.Command {
	s := &session{cs}
	return []*cobra.Command{syncCmd(s)}
}
