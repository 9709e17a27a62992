package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/cli/documents"
	"github.com/foliohq/folio/ui/cli/goals"
	"github.com/foliohq/folio/ui/cli/mentoring"
	"github.com/foliohq/folio/ui/cli/records"
	"github.com/foliohq/folio/ui/cli/synccmd"
	"github.com/foliohq/folio/ui/cli/vaultcmd"
	"github.com/spf13/cobra"
)

// Run runs folio with env.Args (without the program name).
func Run(env Env) error {
	if err := harden(); err != nil {
		// Refusing to run would lock the user out of their own notes; say it instead.
		fmt.Fprintf(env.Stderr, "folio: warning: %v; a crash could leave decrypted text in a core file.\n", err)
	}
	s := &clienv.Session{Env: env}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	if err := unknownCommandWithHelp(env.Args); err != nil {
		return err
	}
	root := newRoot(s)
	root.SetArgs(env.Args)
	root.SetIn(env.Stdin)
	// Only help, version, completion scripts and the man page go to root's output.
	out := &trimWriter{w: env.Stdout}
	root.SetOut(out)
	root.SetErr(env.Stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version()),
		// folio's own man command writes where it is told, and carries the exit statuses.
		fang.WithoutManpage(),
		// main prints the one sentence and maps the exit status (docs/CLI.md); fang's
		// styled error block would break that contract.
		fang.WithErrorHandler(func(io.Writer, fang.Styles, error) {}),
	)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	s.FinishSnapshot()
	s.WarnDamage()
	if err == nil && s.Unreadable {
		// What was shown is not all that was saved: scripts must notice.
		return &DamagedError{Msg: "part of the vault could not be read (see the warnings above); run 'folio check', and restore from a backup if it confirms the damage"}
	}
	return err
}

// unknownCommandWithHelp says that a word where a command or subcommand belongs is
// none, also when help is asked for: cobra shows help before it checks a command's
// arguments, so `folio tags --help` printed all of folio's help with status 0.
func unknownCommandWithHelp(args []string) error {
	asked := false
	for _, a := range args {
		if a == "--" {
			break
		}
		asked = asked || a == "--help" || a == "-h"
	}
	if !asked {
		return nil
	}
	// A root of its own: parsing flags here must not touch the session's values.
	c, rest, err := newRoot(&clienv.Session{}).Find(args)
	if err != nil || !c.HasAvailableSubCommands() || c.Args == nil {
		return nil
	}
	c.InitDefaultHelpFlag()
	if c.ParseFlags(rest) != nil {
		return nil // the flag error is for the run proper to report
	}
	if words := c.Flags().Args(); len(words) > 0 {
		return c.ValidateArgs(words)
	}
	return nil
}

// Command groups in `folio --help`.
const (
	groupEntries   = "entries"
	groupGoals     = "goals"
	groupMentoring = "mentoring"
	groupShare     = "share"
	groupVault     = "vault"
)

func newRoot(s *clienv.Session) *cobra.Command {
	var lockAfter time.Duration
	root := &cobra.Command{
		Use:   "folio",
		Short: "A private, encrypted reflective learning portfolio",
		Long: "folio: a private, encrypted reflective learning portfolio.\n\n" +
			"With no command, folio opens the full-screen app. The commands make\n" +
			"everything scriptable.\n\n" +
			"Exit status: 0 done; 2 bad usage or bad input; 3 wrong passphrase;\n" +
			"4 vault in use; 5 vault damaged; 1 anything else.",
		Example: `# open the full-screen app
folio
# write a reflection from a file, and list the last ten
folio add --function formative --title "Inhaler counselling" < note.md
folio list --limit 10`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return clienv.UnknownCommand(c, args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return runTUI(s, lockAfter) },
	}
	root.SetVersionTemplate(versionLine() + "\n")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&s.VaultPath, "vault", "", "the vault file (default: $FOLIO_VAULT, else the vault in folio's data folder)")
	pf.StringVar(&s.PassphraseFile, "passphrase-file", "", "read the passphrase from this file (- for the first line of standard input)")
	pf.BoolVar(&s.AcceptRollback, "accept-rollback", false, "keep a vault whose last change could not be read as it is")
	pf.BoolVar(&s.NoSync, "no-sync", false, "do not apply other devices' changes from the sync folder when opening the vault")
	root.Flags().DurationVar(&lockAfter, "lock-after", 10*time.Minute, "the app locks after this long idle (0 never locks)")
	root.AddGroup(
		&cobra.Group{ID: groupEntries, Title: "Entries"},
		&cobra.Group{ID: groupGoals, Title: "Goals and actions"},
		&cobra.Group{ID: groupMentoring, Title: "Mentoring"},
		&cobra.Group{ID: groupShare, Title: "Export, import and sharing"},
		&cobra.Group{ID: groupVault, Title: "The vault"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add(groupEntries, records.EntryCommands(s)...)
	add(groupGoals, goals.Commands(s)...)
	add(groupMentoring, mentoring.Commands(s)...)
	add(groupShare, append(documents.Commands(s), mentoring.ContactsCmd(s))...)
	// The vault's own commands work on it as it is; sync's apply changes themselves.
	add(groupVault, append(clienv.WithoutSync(s, append(vaultcmd.Commands(s), synccmd.Commands(s)...)...), versionCmd(s))...)
	root.AddCommand(manCmd())
	adoptDefaults(root)
	for _, c := range root.Commands() {
		inherit(c)
	}
	completeValues(s, root)
	return root
}

// adoptDefaults makes cobra's own help and completion commands keep folio's
// contract: an unknown topic or shell is bad usage (status 2), not help.
func adoptDefaults(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Example = "folio help add\nfolio help goal add"
			c.Run = nil
			c.RunE = func(c *cobra.Command, args []string) error {
				cmd, rest, err := c.Root().Find(args)
				if err != nil {
					return err
				}
				if len(rest) > 0 {
					return clienv.UnknownCommand(cmd, rest[0])
				}
				return cmd.Help()
			}
		case "completion":
			c.Example = `folio completion bash > /etc/bash_completion.d/folio
folio completion zsh > "${fpath[1]}/_folio"
folio completion fish > ~/.config/fish/completions/folio.fish
folio completion powershell | Out-String | Invoke-Expression`
			c.SuggestionsMinimumDistance = 2
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return clienv.Usagef("completion needs a shell: bash, fish, powershell or zsh")
				}
				return clienv.UnknownCommand(c, args[0])
			}
			for _, sh := range c.Commands() {
				sh.Example = "folio completion " + sh.Name()
			}
		}
	}
}

// inherit gives every command below the root the root's flag error handling.
func inherit(c *cobra.Command) {
	c.SetFlagErrorFunc(flagError)
	for _, sub := range c.Commands() {
		inherit(sub)
	}
}

// flagError makes a flag parsing error one sentence that says where the flags are
// listed; "unknown flag" reads as the flag package has always put it.
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "unknown flag: "); ok {
		msg = "flag provided but not defined: " + rest
	}
	// "invalid argument "abc" for "--limit" flag" says it; Go's parse details do not.
	if i := strings.Index(msg, ": strconv."); i >= 0 {
		msg = msg[:i]
	}
	if c.HasParent() {
		msg = clienv.Name(c) + ": " + msg
	}
	return clienv.Usagef("%s; run '%s --help' for its flags", msg, c.CommandPath())
}

func versionCmd(s *clienv.Session) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "folio version",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			fmt.Fprintln(s.Stdout, versionLine())
			return nil
		},
	}
}

func runTUI(s *clienv.Session, lockAfter time.Duration) error {
	if lockAfter < 0 {
		return clienv.Usagef("--lock-after must not be negative")
	}
	if s.PassphraseFile != "" {
		return clienv.Usagef("the full-screen app asks for the passphrase itself; --passphrase-file is for commands")
	}
	path, err := s.Path()
	if err != nil {
		return err
	}
	// The app reads the user's templates from here; without a home folder it still
	// offers the built-in ones.
	configDir, _ := s.Dirs().Config()
	if s.RunTUI == nil {
		return errors.New("this build of folio has no full-screen app; use its commands ('folio --help')")
	}
	return s.RunTUI(AppOptions{VaultPath: path, LockAfter: lockAfter, Now: s.Now, ConfigDir: configDir})
}
