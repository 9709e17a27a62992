package document

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// topicsSection is a tally of the topics discussed at held meetings, most discussed
// first, or nothing when no held meeting names a topic. The topics are the user's
// words: the identifier scan reads that column.
func topicsSection(intro string, meetings []*portfolio.Meeting) []Section {
	tally := mentorship.TallyTopics(meetings)
	if len(tally) == 0 {
		return nil
	}
	held := 0
	for _, m := range meetings {
		if m.Held {
			held++
		}
	}
	rows := make([][]string, 0, len(tally))
	for _, t := range tally {
		rows = append(rows, []string{t.Topic, fmt.Sprint(t.Meetings)})
	}
	table := docTable([]string{"Topic", "Meetings"}, rows)
	table.UserColumns = []int{0}
	return []Section{{Heading: "Topics discussed", Blocks: []Block{
		docPara("%s: %d held %s.", intro, held, map[bool]string{true: "meeting", false: "meetings"}[held == 1]),
		table,
	}}}
}

// meetingsUpTo is a relationship's meetings on or before a day.
func meetingsUpTo(p *portfolio.Portfolio, relID portfolio.ID, day calendar.Date) []*portfolio.Meeting {
	var out []*portfolio.Meeting
	for _, m := range mentorship.Meetings(p, relID) {
		if m.Date <= day {
			out = append(out, m)
		}
	}
	return out
}

// meetingsIn is every relationship's meetings dated since..until.
func meetingsIn(p *portfolio.Portfolio, since, until calendar.Date) []*portfolio.Meeting {
	var out []*portfolio.Meeting
	for _, m := range mentorship.Meetings(p, "") {
		if m.Date >= since && m.Date <= until {
			out = append(out, m)
		}
	}
	return out
}
