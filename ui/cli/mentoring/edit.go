package mentoring

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func mentorEditCmd(s *session) *cobra.Command {
	var person, org, start, every string
	var months int
	c := &cobra.Command{
		Use:   "edit RELATIONSHIP",
		Short: "Change a relationship's name, organisation, start, length or meeting interval",
		Example: `folio mentor edit Adebayo --every fortnightly --months 12
folio mentor edit 4m2x --with "Dr T. Adebayo" --org "St Elsewhere"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			changed := clienv.ChangedFunc(c.Flags())
			if !changed("with", "org", "start", "months", "every") {
				return clienv.Usagef("mentor edit needs a change: --with, --org, --start, --months or --every")
			}
			// As mentor add checks it; 0 takes the planned length away.
			if changed("months") && months != 0 && (months < mentorship.MinPlanMonths || months > mentorship.MaxPlanMonths) {
				return clienv.Usagef("--months %d is outside %d to %d (0 for no planned length)", months, mentorship.MinPlanMonths, mentorship.MaxPlanMonths)
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			old, err := s.ResolveRelationship(p, arg)
			if err != nil {
				return err
			}
			r := *old
			if changed("with") {
				r.Person = person
			}
			if changed("org") {
				r.Organisation = org
			}
			if changed("start") {
				if r.Start, err = s.Date(start); err != nil {
					return err
				}
			}
			if changed("months") {
				r.LengthMonths = months
			}
			if changed("every") {
				if r.IntervalDays, err = portfolio.ParseInterval(every); err != nil {
					return err
				}
			}
			saved, err := mentorship.UpdateRelationship(p, r)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved %s.\n", sanitize.Line(saved.Title()))
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&person, "with", "", "the other person's name or pseudonym")
	fs.StringVar(&org, "org", "", "their organisation")
	fs.StringVar(&start, "start", "", "the start date")
	fs.IntVar(&months, "months", 0, "planned length in whole months, 1 to 24 (0 for none)")
	fs.StringVar(&every, "every", "", "how often to meet: weekly, fortnightly, monthly, 'every 6 weeks'")
	return c
}

// saveMeetingEdit saves the edited meeting m: a planned one as it is, a held one
// with its agreed actions as they are.
func saveMeetingEdit(p *portfolio.Portfolio, m portfolio.Meeting) (*portfolio.Meeting, error) {
	if !m.Held {
		return mentorship.UpdateMeeting(p, m)
	}
	// One in the trash keeps its link (EditHeldMeeting holds on to it) rather
	// than blocking every other change to the meeting.
	var live []portfolio.ID
	for _, id := range m.AgreedActionIDs {
		if _, ok := goals.Action(p, id); ok {
			live = append(live, id)
		}
	}
	return mentorship.EditHeldMeeting(p, m, live)
}

func meetingEditCmd(s *session) *cobra.Command {
	var date, format, next string
	var topics []string
	var shared bool
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change a meeting's date, format, topics, next date or sharing",
		Example: `folio meeting edit 8pq1 --date yesterday --format phone/video
folio meeting edit 8pq1 --topic "DOAC dosing" --topic "Rota" --next "in 4 weeks"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "meeting ID")
			if err != nil {
				return err
			}
			changed := clienv.ChangedFunc(c.Flags())
			if !changed("date", "format", "topic", "next", "shared") {
				return clienv.Usagef("meeting edit needs a change: --date, --format, --topic, --next or --shared")
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindMeeting)
			if err != nil {
				return err
			}
			old, _ := mentorship.Meeting(p, id)
			m := *old
			if changed("date") {
				parse := s.FutureDate
				if m.Held {
					parse = s.heldDate
				}
				if m.Date, err = parse(date); err != nil {
					return err
				}
			}
			if changed("format") {
				if m.Format, err = portfolio.ParseMeetingFormat(format); err != nil {
					return err
				}
			}
			if changed("topic") {
				m.Topics = topics
			}
			if changed("next") {
				if m.NextDate, err = s.FutureDate(next); err != nil {
					return err
				}
			}
			if changed("shared") {
				m.Shared = shared
			}
			saved, err := saveMeetingEdit(p, m)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved the meeting %s on %s.\n", saved.ID.Short(), saved.Date)
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&date, "date", "", "when it was (or will be) held")
	fs.StringVar(&format, "format", "", "1:1, group or phone/video")
	clienv.StringList(fs, &topics, "topic", "the topics, replacing the old ones (repeatable)")
	fs.StringVar(&next, "next", "", "date of the next meeting")
	fs.BoolVar(&shared, "shared", false, "mark the notes fit to share (--shared=false to unmark)")
	return c
}
