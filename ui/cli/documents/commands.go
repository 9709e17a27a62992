package documents

import (
	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// Commands are the commands of the "Export, import and sharing" group that this
// package holds, in the order the root adds them.
func Commands(cs *clienv.Session) []*cobra.Command {
	s := &session{cs}
	return []*cobra.Command{exportCmd(s), importCmd(s), keyCmd(s), receiveCmd(s), receivedCmd(s)}
}

// ShowReceived prints a received document, for `folio show ID`.
func ShowReceived(cs *clienv.Session, p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	return (&session{cs}).showReceived(p, id, asJSON)
}
