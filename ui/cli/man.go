package cli

import (
	"fmt"
	"regexp"

	"github.com/foliohq/folio/ui/cli/clienv"
	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

const manExitStatus = `0 done; 1 anything else, including a vault written by a newer folio; 2 bad usage or bad input, nothing was changed; 3 wrong passphrase, nothing was changed; 4 the vault is open in another folio; 5 the vault, its header or a record is damaged or failed authentication.`

const manFiles = `The vault is one encrypted file, by default in folio's folder under the platform's data directory ($XDG_DATA_HOME on Linux, ~/Library/Application Support on macOS, %LocalAppData% on Windows); --vault and FOLIO_VAULT override it. Templates and settings files live in folio's folder under the platform's configuration directory.`

func manCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (roff), as in: folio man > folio.1",
		Example: `folio man > folio.1
man ./folio.1`,
		Hidden: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			page, err := manPage(c.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(c.OutOrStdout(), page)
			return err
		},
	}
}

// manPage renders folio's manual page from its commands and flags.
func manPage(root *cobra.Command) (string, error) {
	page, err := mcobra.NewManPage(1, root)
	if err != nil {
		return "", err
	}
	page = page.WithSection("Exit status", manExitStatus).WithSection("Files", manFiles)
	// mango writes a flag's one-letter form with the long form's two dashes
	// ("--y --yes"), which is not what the command accepts.
	shortFlag := regexp.MustCompile(`\\fB--([[:alnum:]]) --`)
	return shortFlag.ReplaceAllString(page.Build(roff.NewDocument()), `\fB-$1 --`), nil
}
