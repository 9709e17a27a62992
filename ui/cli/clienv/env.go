// Package clienv is what every command group of folio's command line shares: the
// session (the environment and the global flags), opening the vault, the passphrase
// and the terminal, standard input, JSON output, the error kinds that carry exit
// statuses, and the small cobra helpers the commands are built with. The groups
// import it; it imports none of them.
package clienv

import (
	"fmt"
	"io"
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
	// LightImportFrom is the size from which an archive or jrnl file is imported
	// a record at a time (interchange.ReadArchiveLight, ImportJrnlFile), and past
	// which Markdown files' entries are held without their text
	// (interchange.ImportMarkdown); 0 means DefaultLightImportFrom.
	// Tests set it low to take that path with small files.
	LightImportFrom int64
}

// DefaultLightImportFrom: below it an archive file is read whole, which is a
// third faster than a record at a time and costs about six (with histories) to
// nine (current records) times its size in memory: a 10k-entry vault's archive
// with its histories, 56 MB, takes 3.1 s and 334 MiB whole against 4.7 s and
// 260 MiB light. Above it the memory read whole would pass the import's bound
// (docs/PERFORMANCE.md, "The archive's import in bounded memory"). A jrnl
// export read whole costs less, some seven times its size (a 30k-entry export,
// 22.6 MB: 1.2 s and 267 MiB whole, 1.3 s and 243 MiB a record at a time), and
// takes the same bound ("The jrnl import in bounded memory").
const DefaultLightImportFrom = 64 << 20

// AppOptions is what the command line hands the full-screen app.
type AppOptions struct {
	VaultPath string
	LockAfter time.Duration
	Now       func() time.Time
	ConfigDir string
}

// UsageError is bad usage or bad input: exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef is a UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// DamagedError reports that a check found damage: exit status 5.
type DamagedError struct{ Msg string }

func (e *DamagedError) Error() string { return e.Msg }

// InUseError is the vault being in use, with the sentence that says what to do
// about it for the command that met it; it exits as ErrInUse does.
type InUseError struct{ Msg string }

func (e InUseError) Error() string { return e.Msg }

func (e InUseError) Unwrap() error { return portfolio.ErrInUse }
