// Package cli is folio's command line: the subcommands that make everything the TUI
// does scriptable. Run parses arguments and reports failures as errors; main maps them
// to exit statuses with ExitStatus.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// Env is what a command may touch of the outside world.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Getenv reads environment variables; nil means os.Getenv.
	Getenv func(string) string
	// Terminal reports whether stdin is an interactive terminal, so no body is waiting
	// on it.
	Terminal bool
	// StdoutTerminal reports whether stdout is a terminal, where binary output
	// (an age file, a PDF) is refused.
	StdoutTerminal bool
	// OpenTTY opens the controlling terminal for prompts; nil means the platform's
	// (/dev/tty, or the console on Windows).
	OpenTTY func() (TTY, error)
	// RunTUI starts the full-screen app. main wires it, so the command line does not
	// link the app; nil means the app is not available in this build.
	RunTUI func(AppOptions) error
}

// AppOptions is what the command line hands the full-screen app.
type AppOptions struct {
	VaultPath string
	LockAfter time.Duration
	Now       func() time.Time
	ConfigDir string
}

// UsageError is bad usage or bad input: exit status 2.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// DamagedError reports that a check found damage: exit status 5.
type DamagedError struct{ msg string }

func (e *DamagedError) Error() string { return e.msg }

// Exit statuses, as in the command-line contract.
const (
	ExitOK         = 0
	ExitFailure    = 1
	ExitUsage      = 2
	ExitPassphrase = 3
	ExitInUse      = 4
	ExitDamaged    = 5
)

// ExitStatus maps an error from Run to the process exit status.
func ExitStatus(err error) int {
	var usage *UsageError
	var damaged *DamagedError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage), portfolio.IsBadInput(err),
		errors.Is(err, portfolio.ErrNoVault), errors.Is(err, portfolio.ErrExists),
		errors.Is(err, portfolio.ErrBadKDF):
		return ExitUsage
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		return ExitPassphrase
	case errors.Is(err, portfolio.ErrInUse):
		return ExitInUse
	case errors.As(err, &damaged), errors.Is(err, portfolio.ErrDamaged):
		return ExitDamaged
	}
	return ExitFailure
}

// inUseError is the vault being in use, with the sentence that says what to do
// about it for the command that met it; it exits as ErrInUse does.
type inUseError struct{ msg string }

func (e inUseError) Error() string { return e.msg }
func (e inUseError) Unwrap() error { return portfolio.ErrInUse }

// Message is the one sentence to print for err: what happened and what to do.
func Message(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		msg = "the passphrase is wrong; nothing was changed. Try again"
	case errors.As(err, new(inUseError)):
		// Its own sentence says what to do.
	case errors.Is(err, portfolio.ErrInUse):
		msg = "the vault is in use by another folio; close it there and try again"
	case errors.Is(err, portfolio.ErrNoVault):
		msg += "; run 'folio init' to create one, or pass --vault PATH"
	case errors.Is(err, portfolio.ErrUnsupportedVersion):
		// The storage message already says to update folio.
	case errors.Is(err, portfolio.ErrDamaged):
		msg += "; restore from a backup, or run 'folio check' for details"
	}
	msg = strings.TrimPrefix(msg, "invalid input: ")
	return "folio: " + msg + "."
}
