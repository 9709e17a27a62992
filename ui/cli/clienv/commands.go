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

// changedFunc reports whether any of the named flags was given.
func changedFunc(fs *pflag.FlagSet) func(...string) bool {
	return func(names ...string) bool {
		for _, n := range names {
			if fs.Changed(n) {
				return true
			}
		}
		return false
	}
}

