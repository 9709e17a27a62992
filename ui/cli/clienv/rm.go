package clienv

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
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
		Short:   "Delete " + WithArticle(what) + ", after asking at the terminal (--yes in scripts)",
		Long: "Delete " + WithArticle(what) + ". A goal goes with its action plan; a relationship with its meetings and ratings. " +
			"Links to what is deleted are dropped from the records that stay. At a terminal folio asks first; " +
			"in a script pass --yes. Deleted records are gone from the vault, but not from backups made before.",
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
		id, kind, err = p.ResolveRecord(arg)
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
	plan, err := p.PlanDeletion(id, kind)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("%s %s %q", plan.Kind, id.Short(), sanitize.Line(plan.Title))
	if others := plan.Others(); others != "" {
		what += " with its " + others
	}
	if ok, err := s.ConfirmDelete("Delete "+what+"?", "deleting", what, yes); !ok {
		return err
	}
	d, err := p.Delete(id, kind)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Deleted %s.\n", what)
	if d.Unlinked > 0 {
		fmt.Fprintf(s.Stderr, "Dropped the links to it from %d other record%s.\n", d.Unlinked, Plural(d.Unlinked))
	}
	return nil
}
