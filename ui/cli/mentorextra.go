package cli

import (
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// relationshipExtras is what 'mentor show' adds to a relationship beyond its record
// and meetings: the tally of topics discussed.
type relationshipExtras struct {
	Topics []portfolio.TopicCount `json:"topics"`
}

func extrasOf(p *portfolio.Portfolio, r *portfolio.Relationship) relationshipExtras {
	return relationshipExtras{Topics: nonNil(p.TopicTally(r.ID))}
}

// writeExtras prints the extras under the relationship's details.
func writeExtras(w io.Writer, x relationshipExtras) {
	if len(x.Topics) > 0 {
		fmt.Fprintln(w, "\nTopics discussed (held meetings):")
		for _, t := range x.Topics {
			fmt.Fprintf(w, "  %3d  %s\n", t.Meetings, sanitize.Line(t.Topic))
		}
	}
}
