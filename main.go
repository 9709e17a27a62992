// Command folio is a private, encrypted reflective learning portfolio for the terminal.
package main

import (
	"fmt"
	"os"

	"golang.org/x/term"

	"github.com/foliohq/folio/ui"
	"github.com/foliohq/folio/ui/cli"
)

func main() {
	os.Exit(run())
}

// run runs folio with the process's arguments and streams and returns its exit status.
func run() int {
	err := cli.Run(cli.Env{
		Args:           os.Args[1:],
		Stdin:          os.Stdin,
		Stdout:         os.Stdout,
		Stderr:         os.Stderr,
		Terminal:       term.IsTerminal(int(os.Stdin.Fd())),
		StdoutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		RunTUI: func(o cli.AppOptions) error {
			return ui.Run(ui.Options{VaultPath: o.VaultPath, LockAfter: o.LockAfter, Now: o.Now, ConfigDir: o.ConfigDir})
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, cli.Message(err))
	}
	return cli.ExitStatus(err)
}
