package cli

import (
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// relationshipExtras is what 'mentor show' adds to a relationship beyond its record
// and meetings: the tally of topics discussed and the self-ratings.
type relationshipExtras struct {
	Topics      []portfolio.TopicCount  `json:"topics"`
	Ratings     []*portfolio.Rating     `json:"ratings"`
	BeforeAfter []portfolio.StagedScore `json:"before_after"`
}

func extrasOf(p *portfolio.Portfolio, r *portfolio.Relationship) relationshipExtras {
	ratings := relationshipRatings(p, r.ID)
	return relationshipExtras{Topics: nonNil(p.TopicTally(r.ID)), Ratings: nonNil(ratings), BeforeAfter: nonNil(portfolio.BeforeAfter(ratings))}
}

// writeExtras prints the extras under the relationship's details.
func writeExtras(w io.Writer, x relationshipExtras) {
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
