// Command folio is a private, encrypted reflective learning portfolio for the terminal.
package main

import (
	"fmt"
	"os"

	"golang.org/x/term"

	"folio/ui/cli"
)

func main() {
	err := cli.Run(cli.Env{
		Args:     os.Args[1:],
		Stdin:    os.Stdin,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Terminal: term.IsTerminal(int(os.Stdin.Fd())),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, cli.Message(err))
	}
	os.Exit(cli.ExitStatus(err))
}
