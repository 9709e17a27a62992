package records

import "github.com/foliohq/folio/ui/cli/clienv"

// session is the run's shared state; this group's helpers are its methods.
type session struct {
	*clienv.Session
	// attach are the files add --attach keeps with the entry it saves.
	attach []string
}
