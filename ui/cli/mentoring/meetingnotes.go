package mentoring

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// meetingNotesCmd prints the headings a relationship's meeting notes are written
// under: GROW for mentoring, the restorative headings for peer support.
func meetingNotesCmd(s *session) *cobra.Command {
	var with string
	c := &cobra.Command{
		Use:   "notes --with RELATIONSHIP",
		Short: "Print a Markdown skeleton of a meeting's notes: restorative headings for peer support, GROW otherwise",
		Long: "Print the headings a meeting's notes are written under, with their prompts as comments, to fill in " +
			"and give to 'folio meeting add'. A peer-support relationship's meetings are restorative: what happened, " +
			"its impact on me, what helped, what I will do, and signposting offered, with the support services listed. " +
			"Mentoring and action learning meetings follow GROW. The headings are the templates restorative-session " +
			"and meeting-record, which your own templates of those names replace.",
		Example: `folio meeting notes --with 'Ward 7 debrief group' > notes.md
folio meeting add --with 'Ward 7 debrief group' --format group < notes.md`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "name the relationship with --with"); err != nil {
				return err
			}
			if with == "" {
				return clienv.Usagef("meeting notes needs --with: the relationship's ID or the other person's name")
			}
			lib, err := s.Library()
			if err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			r, err := s.ResolveRelationship(p, with)
			if err != nil {
				return err
			}
			t, err := lib.MeetingNotes(r)
			if err != nil {
				s.WarnLibraryProblems(lib)
				return err
			}
			fmt.Fprint(s.Stdout, sanitize.Text(fill.MeetingNotesSkeleton(t, r, lib.Signposting())))
			return nil
		},
	}
	c.Flags().StringVar(&with, "with", "", "the relationship: its ID or the other person's name")
	return c
}

// signpostAfterMeeting shows the support services on standard error after a
// restorative meeting is recorded, as after a restorative entry.
func (s *session) signpostAfterMeeting(p *portfolio.Portfolio, m *portfolio.Meeting) {
	if m == nil || !mentorship.FunctionsOf(p, m).Has(portfolio.Restorative) {
		return
	}
	l, err := s.Library()
	if err != nil {
		return
	}
	fmt.Fprintln(s.Stderr)
	clienv.WriteSignpostingBrief(s.Stderr, l.Signposting())
}
