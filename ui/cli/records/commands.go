package records

import (
	"github.com/spf13/cobra"

	"github.com/foliohq/folio/ui/cli/clienv"
)

// EntryCommands are the commands of the "Entries" group, in the order the root adds
// them.
func EntryCommands(cs *clienv.Session) []*cobra.Command {
	s := &session{Session: cs}
	return append([]*cobra.Command{addCmd(s), editCmd(s), listCmd(s), showCmd(s), searchCmd(s), templatesCmd(s), frameworksCmd(s), coverageCmd(s), historyCmd(s), restoreCmd(s), trashCmd(s),
		clienv.RmCmd(cs, "", "rm ID", `folio rm 3kq9
folio rm 7hd2 --yes`)}, attachmentCommands(s)...)
}
