package mentoring

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// rated is why a self-rating's date may not be after today.
const rated = "give the day you rated yourself"

func rateCmd(s *session) *cobra.Command {
	var stage, date, note string
	var scores []string
	c := &cobra.Command{
		Use:   "rate RELATIONSHIP",
		Short: "Rate yourself 1 to 5 at a stage of a relationship",
		Long: "Rate yourself from 1 to 5 at the start, middle or end of a relationship (--stage\n" +
			"start|middle|end), one --score ITEM=N for each item rated: as a mentee\n" +
			"(or peer) the outcomes schemes measure, as a mentor your mentoring skills. Items are\n" +
			"named as in the list (a unique start of the name will do); rate as many as you like.\n" +
			"Outcomes: " + strings.Join(portfolio.ProgressOutcomes, ", ") + ".\n" +
			"Mentoring skills: " + strings.Join(portfolio.MentorSkills, ", ") + ".",
		Example: `folio rate Sam --stage start --score "self-confidence=2" --score "decision-making=3"
folio rate Sam --stage end --score "self-conf=4" --date "last friday"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			if !slices.Contains(portfolio.ProgressStages, stage) {
				return clienv.Usagef("say when with --stage start, --stage middle or --stage end")
			}
			if len(scores) == 0 {
				return clienv.Usagef("give at least one --score ITEM=N, N from 1 to 5")
			}
			parsed, err := parseScores(scores, false)
			if err != nil {
				return err
			}
			when, err := clienv.HappenedDate(date, calendar.DateOf(s.Now()), rated)
			if err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			r, err := s.ResolveRelationship(p, arg)
			if err != nil {
				return err
			}
			kind := portfolio.RatingProgress
			if r.Role == portfolio.RoleMentor {
				kind = portfolio.RatingSkills
			}
			saved, err := mentorship.AddRating(p, portfolio.Rating{Kind: kind, RelationshipID: r.ID, Stage: stage, Date: when, Scores: parsed, Note: note})
			if err != nil {
				return err
			}
			fmt.Fprintln(s.Stdout, saved.ID)
			fmt.Fprintf(s.Stderr, "Rated %d %s at the %s; 'folio ratings %s' shows before and after.\n", len(saved.Scores), clienv.PluralWord(len(saved.Scores), "item", "items"), stage, r.ID.Short())
			return nil
		},
	}
	c.Flags().StringVar(&stage, "stage", "", "start, middle or end (required)")
	clienv.StringList(c.Flags(), &scores, "score", "ITEM=N, N from 1 to 5 (repeatable)")
	c.Flags().StringVar(&date, "date", "", "the day you rated (default today; "+calendar.DateForms+")")
	c.Flags().StringVar(&note, "note", "", "a note on the rating")
	return c
}

// parseScores reads --score ITEM=N values, N from 1 to 5. With removable, "ITEM="
// is a score of 0, which removes the item when a rating is edited.
func parseScores(scores []string, removable bool) ([]portfolio.Score, error) {
	var parsed []portfolio.Score
	for _, sc := range scores {
		name, value, ok := strings.Cut(sc, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if ok && name != "" && value == "" && removable {
			parsed = append(parsed, portfolio.Score{Name: name})
			continue
		}
		n, err := strconv.Atoi(value)
		if !ok || err != nil || name == "" {
			return nil, clienv.Usagef("--score %q is not ITEM=N, such as \"self-confidence=3\"", sc)
		}
		if n < 1 || n > 5 {
			return nil, clienv.Usagef("--score %q: scores run from 1 to 5", sc)
		}
		parsed = append(parsed, portfolio.Score{Name: name, Value: n})
	}
	return parsed, nil
}

func relationshipRatingsCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "ratings RELATIONSHIP",
		Short: "Show a relationship's self-ratings, before and after",
		Example: `folio ratings Sam
folio ratings Sam --json`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			r, err := s.ResolveRelationship(p, arg)
			if err != nil {
				return err
			}
			ratings := relationshipRatings(p, r.ID)
			table := mentorship.BeforeAfter(ratings)
			if asJSON {
				return clienv.WriteJSON(s.Stdout, struct {
					RelationshipID portfolio.ID             `json:"relationship_id"`
					Ratings        []*portfolio.Rating      `json:"ratings"`
					BeforeAfter    []mentorship.StagedScore `json:"before_after"`
				}{r.ID, clienv.NonNil(ratings), clienv.NonNil(table)})
			}
			if len(ratings) == 0 {
				fmt.Fprintf(s.Stderr, "No ratings yet; rate with 'folio rate %s --stage start --score ITEM=N'.\n", r.ID.Short())
				return nil
			}
			fmt.Fprintf(s.Stdout, "Self-ratings, %s\n\n", sanitize.Line(r.Title()))
			writeBeforeAfter(s.Stdout, table)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.AddCommand(ratingEditCmd(s))
	return c
}

func ratingEditCmd(s *session) *cobra.Command {
	var date, note, stage string
	var scores []string
	c := &cobra.Command{
		Use:   "edit ID [--score ITEM=N]... [--date D] [--note T] [--stage start|middle|end]",
		Short: "Change a self-rating's scores, date, note or stage",
		Long: "Change a self-rating. Each --score merges into the rating: it changes that item's\n" +
			"score, or adds the item; ITEM= with no number removes the item's score. Items are\n" +
			"named as in 'folio rate' (a unique start of the name will do). What was rated (the\n" +
			"relationship, and skills or progress) stays. 'folio mentor ratings' lists the IDs.",
		Example: `folio ratings edit r1r1 --score "self-confidence=4"
folio ratings edit r1r1 --score "realism=" --stage middle --date "3 April"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "rating ID, as listed by 'folio mentor ratings'")
			if err != nil {
				return err
			}
			changed := clienv.ChangedFunc(c.Flags())
			if !changed("score", "date", "note", "stage") {
				return clienv.Usagef("ratings edit needs a change: --score, --date, --note or --stage")
			}
			var ch mentorship.RatingChange
			if ch.Scores, err = parseScores(scores, true); err != nil {
				return err
			}
			if changed("stage") {
				if !slices.Contains(portfolio.ProgressStages, stage) {
					return clienv.Usagef("say when with --stage start, --stage middle or --stage end")
				}
				ch.Stage = &stage
			}
			if changed("date") {
				when, err := clienv.HappenedDate(date, calendar.DateOf(s.Now()), rated)
				if err != nil {
					return err
				}
				ch.Date = &when
			}
			if changed("note") {
				ch.Note = &note
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, kind, err := history.ResolveRecord(p, arg)
			if err != nil {
				return err
			}
			if kind != portfolio.KindRating {
				return clienv.Usagef("%s is %s, not a rating", id.Short(), clienv.WithArticle(clienv.KindNoun(kind)))
			}
			saved, err := mentorship.UpdateRating(p, id, ch)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved rating %s: %d %s at the %s.\n", saved.ID.Short(), len(saved.Scores), clienv.PluralWord(len(saved.Scores), "item", "items"), saved.Stage)
			return nil
		},
	}
	clienv.StringList(c.Flags(), &scores, "score", "ITEM=N, N from 1 to 5, or ITEM= to remove the item (repeatable)")
	c.Flags().StringVar(&date, "date", "", "the day you rated ("+calendar.DateForms+")")
	c.Flags().StringVar(&note, "note", "", "a note on the rating (empty to remove it)")
	c.Flags().StringVar(&stage, "stage", "", "start, middle or end")
	return c
}

// relationshipRatings is a relationship's ratings of both kinds, oldest first.
func relationshipRatings(p *portfolio.Portfolio, relID portfolio.ID) []*portfolio.Rating {
	out := append(mentorship.Ratings(p, portfolio.RatingSkills, relID), mentorship.Ratings(p, portfolio.RatingProgress, relID)...)
	slices.SortStableFunc(out, func(a, b *portfolio.Rating) int {
		if a.Date != b.Date {
			return int(a.Date - b.Date)
		}
		return a.Created.Compare(b.Created)
	})
	return out
}

// writeBeforeAfter prints the table of scores by stage, with the change from start
// to end.
func writeBeforeAfter(w io.Writer, table []mentorship.StagedScore) {
	cell := func(v int) string {
		if v == 0 {
			return "-"
		}
		return strconv.Itoa(v)
	}
	fmt.Fprintf(w, "  %-32s  %5s  %6s  %3s  %s\n", "", "start", "middle", "end", "change")
	for _, row := range table {
		change := ""
		if c, ok := row.Change(); ok {
			change = fmt.Sprintf("%+d", c)
		}
		fmt.Fprintf(w, "  %-32s  %5s  %6s  %3s  %s\n", sanitize.Line(row.Item), cell(row.Start), cell(row.Middle), cell(row.End), change)
	}
}
