package mentorship

import (
	"cmp"
	"slices"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
)

// DueKind says what a DueItem is.
type DueKind string

// What can be due.
const (
	DueAction       DueKind = "action"
	DueMeeting      DueKind = "meeting"
	DueRevalidation DueKind = "revalidation"
	DueEnding       DueKind = "ending"
)

// DueItem is something with a date that is past or coming: an action not done, a
// relationship's next meeting, the revalidation renewal date.
type DueItem struct {
	Kind  DueKind       `json:"kind"`
	ID    portfolio.ID  `json:"id,omitempty"`
	Title string        `json:"title"`
	Due   calendar.Date `json:"due"`
	// Days is from today to Due: negative when overdue, 0 today.
	Days    int  `json:"days"`
	Overdue bool `json:"overdue"`
	// RelationshipID is the relationship of a meeting, or of the meeting an action
	// was agreed at.
	RelationshipID portfolio.ID `json:"relationship_id,omitempty"`
}

// Due lists what is overdue and what falls due within days of today, soonest first:
// actions not done, the next meeting of each relationship that has not ended (the
// planned meeting, else the date agreed at the last one) and its planned end, and
// the renewal date.
// Nothing of this is written anywhere: it is worked out when asked for.
func Due(p *portfolio.Portfolio, days int) []DueItem {
	today := p.Today()
	horizon := today + calendar.Date(max(days, 0))
	var out []DueItem
	add := func(it DueItem) {
		if it.Due.IsZero() || it.Due > horizon {
			return
		}
		it.Days = int(it.Due - today)
		it.Overdue = it.Due < today
		out = append(out, it)
	}
	for _, a := range goals.AllActions(p) {
		if a.Status == portfolio.ActionDone {
			continue
		}
		it := DueItem{Kind: DueAction, ID: a.ID, Title: a.What, Due: a.Due}
		if m, ok := Meeting(p, a.MeetingID); ok {
			it.RelationshipID = m.RelationshipID
		}
		add(it)
	}
	for _, r := range Relationships(p) {
		if r.Status == portfolio.RelEnded {
			continue
		}
		if end := EndDate(r); !end.IsZero() {
			add(DueItem{Kind: DueEnding, Title: r.Title() + ": planned end, review and close or agree more time", Due: end, RelationshipID: r.ID})
		}
		st := Stats(p, r.ID)
		it := DueItem{Kind: DueMeeting, Title: r.Title(), Due: st.Next, RelationshipID: r.ID}
		if st.Upcoming != nil {
			it.ID = st.Upcoming.ID
		}
		add(it)
	}
	if d := p.Settings().RenewalDate; !d.IsZero() {
		add(DueItem{Kind: DueRevalidation, Title: "revalidation: submit your records by the renewal date", Due: d})
	}
	slices.SortFunc(out, func(a, b DueItem) int {
		if c := cmp.Compare(a.Due, b.Due); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.Title, b.Title)
	})
	return out
}
