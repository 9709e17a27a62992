package mentoring

import (
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// relationshipExtras is what 'mentor show' adds to a relationship beyond its record
// and meetings: the tally of topics discussed and the self-ratings.
type relationshipExtras struct {
	Topics      []mentorship.TopicCount  `json:"topics"`
	Ratings     []*portfolio.Rating      `json:"ratings"`
	BeforeAfter []mentorship.StagedScore `json:"before_after"`
	Timeline    *mentorship.Timeline     `json:"timeline,omitempty"`
	// Entries are the entries linked to the relationship (an action learning
	// set's records).
	Entries []clienv.EntrySummary `json:"entries"`
}

func extrasOf(p *portfolio.Portfolio, r *portfolio.Relationship) relationshipExtras {
	ratings := relationshipRatings(p, r.ID)
	x := relationshipExtras{Topics: clienv.NonNil(mentorship.TopicTally(p, r.ID)), Ratings: clienv.NonNil(ratings), BeforeAfter: clienv.NonNil(mentorship.BeforeAfter(ratings))}
	if t, ok := mentorship.TimelineOf(p, r.ID); ok {
		x.Timeline = &t
	}
	x.Entries = []clienv.EntrySummary{}
	for _, e := range mentorship.LinkedEntries(p, r.ID) {
		x.Entries = append(x.Entries, clienv.SummarizeEntry(e))
	}
	return x
}

// writeExtras prints the extras under the relationship's details.
func writeExtras(w io.Writer, x relationshipExtras) {
	if t := x.Timeline; t != nil {
		fmt.Fprintf(w, "\nTimeline (%d months, %s to %s):\n", t.Months, t.Start, t.End)
		fmt.Fprintf(w, "  Meetings: %d held, %d expected by now", t.Held, t.Expected)
		if t.Planned > 0 {
			fmt.Fprintf(w, ", %d planned", t.Planned)
		}
		fmt.Fprintln(w)
		for _, m := range t.Milestones {
			mark := "[ ]"
			switch {
			case m.Done:
				mark = "[x]"
			case m.Late:
				mark = "[!]"
			}
			fmt.Fprintf(w, "  %s %s  %s\n", mark, m.Due, m.Name)
		}
		if warn := t.Warning(); warn != "" {
			fmt.Fprintf(w, "  %s\n", warn)
		}
	}
	if len(x.Entries) > 0 {
		fmt.Fprintln(w, "\nEntries:")
		for _, e := range x.Entries {
			fmt.Fprintf(w, "  %s  %s  %s\n", e.ID.Short(), e.Date, sanitize.Line(e.Title))
		}
	}
	if len(x.Topics) > 0 {
		fmt.Fprintln(w, "\nTopics discussed (held meetings):")
		for _, t := range x.Topics {
			fmt.Fprintf(w, "  %3d  %s\n", t.Meetings, sanitize.Line(t.Topic))
		}
	}
	if len(x.BeforeAfter) > 0 {
		fmt.Fprintln(w, "\nSelf-ratings (1 to 5):")
		writeBeforeAfter(w, x.BeforeAfter)
	}
}
