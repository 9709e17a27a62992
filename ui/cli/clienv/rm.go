package clienv

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/attachment"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// RmCmd deletes a record of any kind (kind ""), or of one kind, for `goal rm` and the
// like; resolve finds the record from the argument.
func RmCmd(s *Session, kind portfolio.Kind, use, example string) *cobra.Command {
	var yes bool
	what := "record"
	if kind != "" {
		what = KindNoun(kind)
	}
	c := &cobra.Command{
		Use:     use,
		Aliases: []string{"delete"},
		Short:   "Move " + WithArticle(what) + " to the trash, after asking at the terminal (--yes in scripts)",
		Long: "Move " + WithArticle(what) + " to the trash. A goal goes with its action plan; a relationship with its meetings and ratings. " +
			"Links to what is deleted stay, and show it as in the trash. At a terminal folio asks first; " +
			"in a script pass --yes. `folio trash restore ID` brings a record back with its history; " +
			"`folio trash empty` erases what is in the trash.",
		Example: example,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := OneArg(c, args, what+" ID")
			if err != nil {
				return err
			}
			return runRm(s, kind, arg, yes)
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return c
}

func runRm(s *Session, kind portfolio.Kind, arg string, yes bool) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	var id portfolio.ID
	switch kind {
	case "":
		id, kind, err = history.ResolveRecord(p, arg)
	case portfolio.KindRelationship:
		var r *portfolio.Relationship
		if r, err = s.ResolveRelationship(p, arg); err == nil {
			id = r.ID
		}
	default:
		id, _, err = p.Resolve(arg, kind)
	}
	if err != nil {
		return err
	}
	plan, err := history.PlanDeletion(p, id, kind)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("%s %s %q", plan.Kind, id.Short(), sanitize.Line(plan.Title))
	others := plan.Others()
	// The files attached to what goes go with it, and are erased with it when the
	// trash is emptied: the question names them.
	files, err := attachment.CountAttached(p, plan.Includes)
	if err != nil {
		return err
	}
	if files > 0 {
		if others != "" {
			others += " and "
		}
		others += fmt.Sprintf("%d attached file%s", files, Plural(files))
	}
	if others != "" {
		what += " with its " + others
	}
	if ok, err := s.ConfirmDelete("Move "+what+" to the trash?", "deleting", what, yes); !ok {
		return err
	}
	if _, err := history.Delete(p, id, kind); err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Moved %s to the trash; `folio trash restore %s` brings it back.\n", what, id.Short())
	return nil
}
