package mentoring

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// ratingsCmd lists the self-ratings (mentoring skills, progress), so their IDs can be
// found to delete one with 'folio rm'.
func ratingsCmd(s *session) *cobra.Command {
	var with string
	var asJSON bool
	c := &cobra.Command{
		Use:   "ratings",
		Short: "List your self-ratings of mentoring skills and progress",
		Example: `folio mentor ratings --with Adebayo
folio mentor ratings --json`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			relID, err := s.OptionalRelationship(p, with)
			if err != nil {
				return err
			}
			ratings := append(mentorship.Ratings(p, portfolio.RatingSkills, relID), mentorship.Ratings(p, portfolio.RatingProgress, relID)...)
			if asJSON {
				return clienv.WriteJSON(s.Stdout, clienv.NonNil(ratings))
			}
			if len(ratings) == 0 {
				fmt.Fprintln(s.Stderr, "No ratings yet.")
			}
			for _, r := range ratings {
				var scores []string
				for _, sc := range r.Scores {
					scores = append(scores, fmt.Sprintf("%s %d", sc.Name, sc.Value))
				}
				line := fmt.Sprintf("%s  %s  %-8s  %s", r.ID.Short(), r.Date, r.Kind, sanitize.Line(strings.Join(scores, ", ")))
				if r.Stage != "" {
					line += "  (" + r.Stage + ")"
				}
				fmt.Fprintln(s.Stdout, line)
			}
			return nil
		},
	}
	c.Flags().StringVar(&with, "with", "", "only this relationship's ratings")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
