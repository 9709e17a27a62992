// Package cli is folio's command line: the subcommands that make everything the TUI
// does scriptable. Run parses arguments and reports failures as errors; main maps them
// to exit statuses with ExitStatus.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// Version is set at build time with -ldflags "-X folio/ui/cli.Version=...".
var Version = "0.1.0-dev"

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
	// Terminal reports whether stdin is an interactive terminal, for passphrase prompts.
	Terminal bool
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

// Message is the one sentence to print for err: what happened and what to do.
func Message(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		msg = "the passphrase is wrong; nothing was changed. Try again"
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

type command struct {
	name    string
	summary string
	run     func(*session, []string) error
}

func commands() []command {
	return []command{
		{"init", "create a vault", runInit},
		{"add", "add an entry; the body is read from stdin", runAdd},
		{"list", "list entries, newest first", runList},
		{"show", "show an entry, goal or action", runShow},
		{"search", "find entries by words in title, tags or body", runSearch},
		{"templates", "reflection templates: list, show NAME, check FILE", runTemplates},
		{"goal", "goals: add, list, show, done, drop, reopen", runGoal},
		{"action", "action plan steps: add, list, start, done", runAction},
		{"mentor", "mentoring relationships: add, list, show, end", runMentor},
		{"meeting", "mentoring meetings: add (record one), list, show", runMeeting},
		{"agenda", "show or build the agenda for a relationship's next meeting", runAgenda},
		{"key", "show this vault's public key, for others to share with you", runKey},
		{"receive", "keep a summary someone encrypted to your key", runReceive},
		{"received", "list what others shared with you", runReceived},
		{"export", "write an export: meeting, summary, revalidation, or all (a JSON archive)", runExport},
		{"import", "import a folio archive, a jrnl JSON export or Markdown files", runImport},
		{"settings", "show or set the renewal date and your organisation", runSettings},
		{"backup", "write an encrypted copy of the vault", runBackup},
		{"passwd", "change the passphrase", runPasswd},
		{"check", "authenticate every record and report damage", runCheck},
		{"version", "print the version", runVersion},
		{"help", "show this help", nil},
	}
}

// Run runs folio with env.Args (without the program name).
func Run(env Env) error {
	s := &session{Env: env}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	args := env.Args
	// Global flags may come before the subcommand as well as after it.
	var name string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			name, rest = a, append(rest, args[i+1:]...)
			break
		}
		rest = append(rest, a)
		if !strings.Contains(a, "=") && takesValue(a) && i+1 < len(args) {
			rest = append(rest, args[i+1])
			i++
		}
	}
	if name == "" {
		return runTUI(s, rest)
	}
	for _, c := range commands() {
		if c.name == name {
			if c.run == nil {
				s.usage()
				return nil
			}
			err := c.run(s, rest)
			if errors.Is(err, errHelp) {
				return nil
			}
			if err == nil && s.unreadable {
				// What was shown is not all that was saved: scripts must notice.
				return &DamagedError{"part of the vault could not be read (see the warnings above); run 'folio check', and restore from a backup if it confirms the damage"}
			}
			return err
		}
	}
	return usagef("%q is not a folio command; run 'folio help' to see them", name)
}

func takesValue(flagArg string) bool {
	name := strings.TrimLeft(flagArg, "-")
	switch name {
	case "vault", "passphrase-file", "lock-after":
		return true
	}
	return false
}

func (s *session) usage() {
	w := s.Stdout
	fmt.Fprintln(w, "folio: a private, encrypted reflective learning portfolio.")
	fmt.Fprintln(w, "\nUsage: folio [command] [flags]\n\nWith no command, folio opens the full-screen app.\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nFlags for every command:\n  --vault PATH            the vault file (default: $FOLIO_VAULT, else ~/.local/share/folio/vault.folio)\n  --passphrase-file PATH  read the passphrase from a file, or - for stdin\n  --accept-rollback       keep a vault whose last change could not be read as it is\n\nRun 'folio COMMAND -h' for a command's flags.")
}

// session is one run: the environment plus the global flags.
type session struct {
	Env
	vaultPath      string
	passphraseFile string
	acceptRollback bool
	// unreadable is set when the vault opened without some of what was saved in it
	// (records missing, a lost last change): the command still runs, then exits 5.
	unreadable bool
	stdinUsed  bool
	stdinRest  []byte
}

// flags makes a flag set for a command, with the global flags registered on it.
func (s *session) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("folio "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&s.vaultPath, "vault", "", "the vault file")
	fs.StringVar(&s.passphraseFile, "passphrase-file", "", "read the passphrase from this file (- for stdin)")
	fs.BoolVar(&s.acceptRollback, "accept-rollback", false, "keep a vault whose last change could not be read as it is")
	fs.Usage = func() {
		fs.SetOutput(s.Stdout)
		fmt.Fprintf(s.Stdout, "Usage: folio %s %s\n\n", name, usage)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// errHelp means -h was asked for and shown: a success.
var errHelp = errors.New("help shown")

// parse parses flags and positional arguments in any order.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		// flag prints the usage on any error; only -h should, and to stdout.
		show := fs.Usage
		fs.Usage = func() {}
		err := fs.Parse(args)
		fs.Usage = show
		if err != nil {
			if errors.Is(err, flag.ErrHelp) {
				show()
				return nil, errHelp
			}
			return nil, usagef("%s: %v; run '%s -h' for its flags", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseNoArgs parses a command that takes flags only; hint, if any, says where the
// words belong instead.
func parseNoArgs(fs *flag.FlagSet, args []string, hint string) error {
	rest, err := parse(fs, args)
	if err != nil || len(rest) == 0 {
		return err
	}
	msg := fmt.Sprintf("%s takes no arguments, got %q", strings.TrimPrefix(fs.Name(), "folio "), strings.Join(rest, " "))
	if hint != "" {
		msg += "; " + hint
	}
	return usagef("%s", msg)
}

// parseOne parses a command that takes exactly one argument, described by what
// ("goal ID", "relationship: its ID or ...") when it is missing or doubled.
func parseOne(fs *flag.FlagSet, args []string, what string) (string, error) {
	rest, err := parse(fs, args)
	if err != nil {
		return "", err
	}
	if len(rest) != 1 {
		return "", usagef("%s takes one %s", strings.TrimPrefix(fs.Name(), "folio "), what)
	}
	return rest[0], nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
