package mentorship

import (
	"cmp"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// TopicCount is how many held meetings discussed a topic.
type TopicCount struct {
	Topic    string `json:"topic"`
	Meetings int    `json:"meetings"`
}

// TallyTopics counts, for each topic, the held meetings that discussed it: most
// discussed first, then by name. Topics are matched ignoring case and spacing, and
// shown as first written; a topic listed twice on one meeting counts once.
func TallyTopics(meetings []*portfolio.Meeting) []TopicCount {
	counts := map[string]*TopicCount{}
	var order []string
	for _, m := range meetings {
		if !m.Held {
			continue
		}
		seen := map[string]bool{}
		for _, t := range m.Topics {
			key := strings.ToLower(strings.Join(strings.Fields(t), " "))
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			c := counts[key]
			if c == nil {
				c = &TopicCount{Topic: strings.TrimSpace(t)}
				counts[key] = c
				order = append(order, key)
			}
			c.Meetings++
		}
	}
	out := make([]TopicCount, 0, len(order))
	for _, k := range order {
		out = append(out, *counts[k])
	}
	slices.SortStableFunc(out, func(a, b TopicCount) int {
		if c := cmp.Compare(b.Meetings, a.Meetings); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(a.Topic), strings.ToLower(b.Topic))
	})
	return out
}

// TopicTally tallies the topics of a relationship's held meetings; relID "" tallies
// every relationship's.
func TopicTally(p *portfolio.Portfolio, relID portfolio.ID) []TopicCount {
	return TallyTopics(Meetings(p, relID))
}
