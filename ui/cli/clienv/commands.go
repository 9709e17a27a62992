package clienv

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// UnknownCommand is the error for a word that is not a command of c, with the
// nearest commands as a suggestion.
func UnknownCommand(c *cobra.Command, word string) error {
	what := "a " + Name(c) + " command"
	if c.HasParent() {
		what = "a " + Name(c) + " subcommand"
	}
	msg := fmt.Sprintf("%q is not %s", word, what)
	if s := c.SuggestionsFor(word); len(s) > 0 {
		for i := range s {
			s[i] = "'" + c.CommandPath() + " " + s[i] + "'"
		}
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
		return Usagef("%s Run '%s --help' to see them", msg, c.CommandPath())
	}
	return Usagef("%s; run '%s --help' to see them", msg, c.CommandPath())
}

// Name is a command's path without the program name: "goal add".
func Name(c *cobra.Command) string {
	if !c.HasParent() {
		return "folio"
	}
	return strings.TrimPrefix(c.CommandPath(), "folio ")
}

// NoArgs checks a command that takes flags only; hint, if any, says where the words
// belong instead.
func NoArgs(c *cobra.Command, args []string, hint string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s takes no arguments, got %q", Name(c), strings.Join(args, " "))
	if hint != "" {
		msg += "; " + hint
	}
	return Usagef("%s", msg)
}

// OneArg checks a command that takes exactly one argument, described by what
// ("goal ID", "relationship: its ID or ...") when it is missing or doubled.
func OneArg(c *cobra.Command, args []string, what string) (string, error) {
	if len(args) != 1 {
		return "", Usagef("%s takes one %s", Name(c), what)
	}
	return args[0], nil
}

// Group makes a command whose work is done by its subcommands; run alone or with a
// word that is none of them, it says which there are.
func Group(use, short, example string, subs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short, Example: example, SuggestionsMinimumDistance: 2,
		// A word that is no subcommand is refused, also with --help (see cli.Run).
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return UnknownCommand(c, args[0])
			}
			return nil
		}}
	c.RunE = func(c *cobra.Command, args []string) error {
		var names []string
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
		if len(args) == 0 {
			return Usagef("%s needs a subcommand: %s", Name(c), list)
		}
		return UnknownCommand(c, args[0])
	}
	c.AddCommand(subs...)
	return c
}

// StringList reads a repeatable flag; commas are not split, so a title may hold them.
func StringList(fs *pflag.FlagSet, p *[]string, name, usage string) {
	fs.StringArrayVar(p, name, nil, usage)
}

// ChangedFunc reports whether any of the named flags was given.
func ChangedFunc(fs *pflag.FlagSet) func(...string) bool {
	return func(names ...string) bool {
		for _, n := range names {
			if fs.Changed(n) {
				return true
			}
		}
		return false
	}
}
