package vaultcmd

import (
	"github.com/spf13/cobra"

	"github.com/foliohq/folio/ui/cli/clienv"
)

// Commands are the vault's own commands (the "The vault" group but version), in the
// order the root adds them.
func Commands(cs *clienv.Session) []*cobra.Command {
	s := &session{cs}
	return []*cobra.Command{initCmd(s), settingsCmd(s), backupCmd(s), passwdCmd(s), checkCmd(s)}
}
