package cli

import (
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/spf13/cobra"
)

// completeValues lets the shells complete the values of the flags that take one of a
// few words (--function, --sharing) or a template's name (--template, and the NAME of
// 'templates show'), wherever they appear; without it the shell offers file names.
func completeValues(s *clienv.Session, c *cobra.Command) {
	words := func(ws ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(ws, cobra.ShellCompDirectiveNoFileComp)
	}
	templates := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		lib, err := s.Library()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return lib.Names(), cobra.ShellCompDirectiveNoFileComp
	}
	for name, complete := range map[string]cobra.CompletionFunc{
		"function": words("normative", "formative", "restorative"),
		"sharing":  words("unshared", "shareable", "private"),
		"template": templates,
	} {
		if c.Flags().Lookup(name) != nil { // not LocalFlags, which merges the parents' flags in and changes the manual page
			c.RegisterFlagCompletionFunc(name, complete)
		}
	}
	if c.Name() == "show" && c.HasParent() && c.Parent().Name() == "templates" {
		c.ValidArgsFunction = func(c *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return templates(c, args, "")
		}
	}
	for _, sub := range c.Commands() {
		completeValues(s, sub)
	}
}
