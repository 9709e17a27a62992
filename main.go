// Command folio is a private, encrypted reflective learning portfolio for the terminal.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"

	"golang.org/x/term"

	"github.com/foliohq/folio/ui"
	"github.com/foliohq/folio/ui/cli"
)

// lockedEnv carries the lock screen's note into the process image that locking
// starts; its presence means "start at the lock screen".
const lockedEnv = "FOLIO_LOCKED"

func main() {
	os.Exit(run())
}

// run runs folio with the process's arguments and streams and returns its exit status.
//
// When the full-screen app locks, it ends; run then replaces the process with a fresh
// image of folio started at the lock screen (relaunch), so that nothing the unlocked
// app held survives, not even the freed copies of rendered text Go leaves in memory
// until it reuses it. Where that is not possible, run collects, returns the freed
// memory to the system and starts the app again in this process.
func run() int {
	note := os.Getenv(lockedEnv)
	os.Unsetenv(lockedEnv) // not for the editors and viewers the app starts
	for {
		err := cli.Run(cli.Env{
			Args:           os.Args[1:],
			Stdin:          os.Stdin,
			Stdout:         os.Stdout,
			Stderr:         os.Stderr,
			Terminal:       term.IsTerminal(int(os.Stdin.Fd())),
			StdoutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
			RunTUI: func(o cli.AppOptions) error {
				beforeApp()
				return ui.Run(ui.Options{VaultPath: o.VaultPath, LockAfter: o.LockAfter, Now: o.Now, ConfigDir: o.ConfigDir,
					Relaunch: true, LockedNote: note})
			},
		})
		var locked *ui.Locked
		if errors.As(err, &locked) {
			note = locked.Note
			relaunch(note) // returns only if it could not
			runtime.GC()
			debug.FreeOSMemory()
			continue
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, cli.Message(err))
		}
		return cli.ExitStatus(err)
	}
}
