// Package cli is folio's command line: the subcommands that make everything the TUI
// does scriptable. Run parses arguments and reports failures as errors; main maps them
// to exit statuses with ExitStatus.
package cli

import "github.com/foliohq/folio/ui/cli/clienv"

// The types and statuses below are the command line's interface to main; the
// command groups share them through clienv.

// Env is what a command may touch of the outside world.
type Env = clienv.Env

// AppOptions is what the command line hands the full-screen app.
type AppOptions = clienv.AppOptions

// TTY is the controlling terminal that prompts are written to and read from.
type TTY = clienv.TTY

// UsageError is bad usage or bad input: exit status 2.
type UsageError = clienv.UsageError

// DamagedError reports that a check found damage: exit status 5.
type DamagedError = clienv.DamagedError

// Exit statuses, as in the command-line contract.
const (
	ExitOK         = clienv.ExitOK
	ExitFailure    = clienv.ExitFailure
	ExitUsage      = clienv.ExitUsage
	ExitPassphrase = clienv.ExitPassphrase
	ExitInUse      = clienv.ExitInUse
	ExitDamaged    = clienv.ExitDamaged
)

// ExitStatus maps an error from Run to the process exit status.
func ExitStatus(err error) int { return clienv.ExitStatus(err) }

// Message is the one sentence to print for err: what happened and what to do.
func Message(err error) string { return clienv.Message(err) }
