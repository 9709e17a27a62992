package goals

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func goalEditCmd(s *session) *cobra.Command {
	var title, why, target string
	var functions []string
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change a goal's title, why, target date or functions",
		Example: `folio goal edit 7hd2 --target "end of next month"
folio goal edit 7hd2 --title "Confident with DOAC dosing in renal impairment"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "goal ID")
			if err != nil {
				return err
			}
			changed := clienv.ChangedFunc(c.Flags())
			if !changed("title", "why", "target", "function") {
				return clienv.Usagef("goal edit needs a change: --title, --why, --target or --function")
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindGoal)
			if err != nil {
				return err
			}
			old, _ := goals.Get(p, id)
			g := *old
			if changed("title") {
				g.Title = title
			}
			if changed("why") {
				g.Why = why
			}
			if changed("target") {
				if g.Target, err = s.FutureDate(target); err != nil {
					return err
				}
			}
			if changed("function") {
				if g.Functions, err = portfolio.ParseFunctions(functions); err != nil {
					return err
				}
			}
			saved, err := goals.Update(p, g)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved goal %s %q.\n", saved.ID.Short(), sanitize.Line(saved.Title))
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&title, "title", "", "what you want to learn or achieve")
	fs.StringVar(&why, "why", "", "why it matters")
	fs.StringVar(&target, "target", "", "target date, or an empty string for none")
	clienv.StringList(fs, &functions, "function", "Proctor functions, replacing the old ones")
	return c
}

func actionEditCmd(s *session) *cobra.Command {
	var what, due string
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change an action's step or due date",
		Example: `folio action edit 9x1c --due "next friday"
folio action edit 9x1c --what "Read the renal dosing guideline, section 4"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "action ID")
			if err != nil {
				return err
			}
			changed := clienv.ChangedFunc(c.Flags())
			if !changed("what", "due") {
				return clienv.Usagef("action edit needs a change: --what or --due")
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindAction)
			if err != nil {
				return err
			}
			old, _ := goals.Action(p, id)
			a := *old
			if changed("what") {
				a.What = what
			}
			if changed("due") {
				if a.Due, err = s.FutureDate(due); err != nil {
					return err
				}
			}
			saved, err := goals.UpdateAction(p, a)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved action %s %q.\n", saved.ID.Short(), sanitize.Line(saved.What))
			return nil
		},
	}
	c.Flags().StringVar(&what, "what", "", "the step to take")
	c.Flags().StringVar(&due, "due", "", "due date, or an empty string for none")
	return c
}
