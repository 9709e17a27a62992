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
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
)

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
	stdinPass  []byte // the first line of stdin, with --passphrase-file -
	stdinRest  []byte
	// snapshot delivers the day's automatic snapshot's outcome, once one was started;
	// noSnapshot keeps a command from starting one.
	snapshot   <-chan portfolio.DailySnapshotResult
	noSnapshot bool
	// opened are the vaults this run opened, and warned the damage already told:
	// an entry's record is read only when shown, so damage can come to light after
	// the warnings at open.
	opened []*portfolio.Portfolio
	warned map[string]bool
}

// Run runs folio with env.Args (without the program name).
func Run(env Env) error {
	if err := harden(); err != nil {
		// Refusing to run would lock the user out of their own notes; say it instead.
		fmt.Fprintf(env.Stderr, "folio: warning: %v; a crash could leave decrypted text in a core file.\n", err)
	}
	s := &session{Env: env}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	root := newRoot(s)
	root.SetArgs(env.Args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version()),
		// folio's own man command writes where it is told, and carries the exit statuses.
		fang.WithoutManpage(),
		// main prints the one sentence and maps the exit status (docs/CLI.md); fang's
		// styled error block would break that contract.
		fang.WithErrorHandler(func(io.Writer, fang.Styles, error) {}),
	)
	s.finishSnapshot()
	s.warnDamage()
	if err == nil && s.unreadable {
		// What was shown is not all that was saved: scripts must notice.
		return &DamagedError{"part of the vault could not be read (see the warnings above); run 'folio check', and restore from a backup if it confirms the damage"}
	}
	return err
}

// Command groups in `folio --help`.
const (
	groupEntries   = "entries"
	groupGoals     = "goals"
	groupMentoring = "mentoring"
	groupShare     = "share"
	groupVault     = "vault"
)

func newRoot(s *session) *cobra.Command {
	var lockAfter time.Duration
	root := &cobra.Command{
		Use:   "folio",
		Short: "A private, encrypted reflective learning portfolio",
		Long: "folio: a private, encrypted reflective learning portfolio.\n\n" +
			"With no command, folio opens the full-screen app. The commands make everything scriptable.\n\n" +
			"Exit status: 0 done; 2 bad usage or bad input; 3 wrong passphrase; 4 vault in use;\n" +
			"5 vault damaged; 1 anything else.",
		Example: `# open the full-screen app
folio
# write a reflection from a file, and list the last ten
folio add --function formative --title "Inhaler counselling" < note.md
folio list --limit 10`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return runTUI(s, lockAfter) },
	}
	root.SetVersionTemplate(versionLine() + "\n")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&s.vaultPath, "vault", "", "the vault file (default: $FOLIO_VAULT, else the vault in folio's data folder)")
	pf.StringVar(&s.passphraseFile, "passphrase-file", "", "read the passphrase from this file (- for the first line of standard input)")
	pf.BoolVar(&s.acceptRollback, "accept-rollback", false, "keep a vault whose last change could not be read as it is")
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
	add(groupEntries, addCmd(s), editCmd(s), listCmd(s), showCmd(s), searchCmd(s), templatesCmd(s),
		rmCmd(s, "", "rm ID", `folio rm 3kq9
folio rm 7hd2 --yes`), historyCmd(s), restoreCmd(s), trashCmd(s))
	add(groupGoals, goalCmd(s), actionCmd(s), dueCmd(s))
	add(groupMentoring, mentorCmd(s), meetingCmd(s), agendaCmd(s), rateCmd(s), relationshipRatingsCmd(s), evaluationCmd(s), schemeCmd(s))
	add(groupShare, exportCmd(s), importCmd(s), keyCmd(s), receiveCmd(s), receivedCmd(s), contactsCmd(s))
	add(groupVault, initCmd(s), settingsCmd(s), backupCmd(s), passwdCmd(s), checkCmd(s), versionCmd(s))
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
					return unknownCommand(cmd, rest[0])
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
					return usagef("completion needs a shell: bash, fish, powershell or zsh")
				}
				return unknownCommand(c, args[0])
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

// unknownCommand is the error for a word that is not a command of c, with the
// nearest commands as a suggestion.
func unknownCommand(c *cobra.Command, word string) error {
	what := "a " + name(c) + " command"
	if c.HasParent() {
		what = "a " + name(c) + " subcommand"
	}
	msg := fmt.Sprintf("%q is not %s", word, what)
	if s := c.SuggestionsFor(word); len(s) > 0 {
		for i := range s {
			s[i] = "'" + c.CommandPath() + " " + s[i] + "'"
		}
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
		return usagef("%s Run '%s --help' to see them", msg, c.CommandPath())
	}
	return usagef("%s; run '%s --help' to see them", msg, c.CommandPath())
}

// name is a command's path without the program name: "goal add".
func name(c *cobra.Command) string {
	if !c.HasParent() {
		return "folio"
	}
	return strings.TrimPrefix(c.CommandPath(), "folio ")
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
		msg = name(c) + ": " + msg
	}
	return usagef("%s; run '%s --help' for its flags", msg, c.CommandPath())
}

// noArgs checks a command that takes flags only; hint, if any, says where the words
// belong instead.
func noArgs(c *cobra.Command, args []string, hint string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s takes no arguments, got %q", name(c), strings.Join(args, " "))
	if hint != "" {
		msg += "; " + hint
	}
	return usagef("%s", msg)
}

// oneArg checks a command that takes exactly one argument, described by what
// ("goal ID", "relationship: its ID or ...") when it is missing or doubled.
func oneArg(c *cobra.Command, args []string, what string) (string, error) {
	if len(args) != 1 {
		return "", usagef("%s takes one %s", name(c), what)
	}
	return args[0], nil
}

// group makes a command whose work is done by its subcommands; run alone or with a
// word that is none of them, it says which there are.
func group(use, short, example string, subs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short, Example: example, SuggestionsMinimumDistance: 2}
	c.RunE = func(c *cobra.Command, args []string) error {
		var names []string
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
		if len(args) == 0 {
			return usagef("%s needs a subcommand: %s", name(c), list)
		}
		return unknownCommand(c, args[0])
	}
	c.AddCommand(subs...)
	return c
}

// stringList reads a repeatable flag; commas are not split, so a title may hold them.
func stringList(fs *pflag.FlagSet, p *[]string, name, usage string) {
	fs.StringArrayVar(p, name, nil, usage)
}

func versionCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "folio version",
		RunE: func(c *cobra.Command, args []string) error {
			if err := noArgs(c, args, ""); err != nil {
				return err
			}
			fmt.Fprintln(s.Stdout, versionLine())
			return nil
		},
	}
}

func runTUI(s *session, lockAfter time.Duration) error {
	if lockAfter < 0 {
		return usagef("--lock-after must not be negative")
	}
	if s.passphraseFile != "" {
		return usagef("the full-screen app asks for the passphrase itself; --passphrase-file is for commands")
	}
	path, err := s.path()
	if err != nil {
		return err
	}
	// The app reads the user's templates from here; without a home folder it still
	// offers the built-in ones.
	configDir, _ := s.dirs().config()
	if s.RunTUI == nil {
		return errors.New("this build of folio has no full-screen app; use its commands ('folio --help')")
	}
	return s.RunTUI(AppOptions{VaultPath: path, LockAfter: lockAfter, Now: s.Now, ConfigDir: configDir})
}
