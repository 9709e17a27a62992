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

// inUseError is the vault being in use, with the sentence that says what to do
// about it for the command that met it; it exits as ErrInUse does.
type inUseError struct{ msg string }

func (e inUseError) Unwrap() error { return portfolio.ErrInUse }

