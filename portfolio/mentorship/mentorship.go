// Package mentorship is the mentoring cycle worked out over a portfolio's records:
// proposing and saving an agenda, previewing it as the other party sees it,
// meeting stats and the relationship's timeline, what falls due, topic tallies,
// rating trends and session reflections. The records themselves, and every write,
// belong to package portfolio; this package reads through its methods and saves
// through them.
package mentorship

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
)

// Topics are the default meeting topics and the user's own.
func Topics(p *portfolio.Portfolio) []string {
	out := slices.Clone(portfolio.DefaultTopics)
	for _, t := range p.Settings().Topics {
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t) }) {
			out = append(out, t)
		}
	}
	return out
}

// SameOrganisation reports whether a relationship's organisation is the user's own:
// schemes avoid matching within one organisation, so folio warns, gently.
func SameOrganisation(p *portfolio.Portfolio, r *portfolio.Relationship) bool {
	own := p.Settings().Organisation
	return own != "" && strings.EqualFold(strings.TrimSpace(r.Organisation), own)
}

// EndRelationship marks a relationship ended, with the reason.
func EndRelationship(p *portfolio.Portfolio, id portfolio.ID, reason string) (*portfolio.Relationship, error) {
	r, err := ActiveRelationship(p, id)
	if err != nil {
		return nil, err
	}
	c := *r
	c.Status = portfolio.RelEnded
	c.EndReason = reason
	c.EndedOn = p.Today()
	return UpdateRelationship(p, c)
}

// MeetingStats are a relationship's meetings held against those planned, and what is next.
type MeetingStats struct {
	Held, Planned int
	// Last is the last meeting held; Upcoming the planned one not yet held.
	Last, Upcoming *portfolio.Meeting
	// Next is the date of the next meeting, from the upcoming meeting or the last
	// meeting's agreed next date; zero if none is set.
	Next calendar.Date
}

// Stats summarises a relationship's meetings.
func Stats(p *portfolio.Portfolio, relID portfolio.ID) MeetingStats {
	var s MeetingStats
	if r, ok := Relationship(p, relID); ok {
		s.Planned = r.PlannedMeetings()
	}
	for _, m := range Meetings(p, relID) {
		if m.Held {
			s.Held++
			s.Last = m
		} else if s.Upcoming == nil {
			s.Upcoming = m
		}
	}
	switch {
	case s.Upcoming != nil:
		s.Next = s.Upcoming.Date
	case s.Last != nil:
		s.Next = s.Last.NextDate
	}
	return s
}

// AgreedActions returns the actions agreed at a relationship's meetings.
func AgreedActions(p *portfolio.Portfolio, relID portfolio.ID) []*portfolio.Action {
	var out []*portfolio.Action
	for _, m := range Meetings(p, relID) {
		for _, id := range m.AgreedActionIDs {
			if a, ok := goals.Action(p, id); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// SaveAgenda stores the agenda on the relationship's upcoming meeting, creating that
// meeting (on date, else the agreed next date, else today) if there is none.
func SaveAgenda(p *portfolio.Portfolio, relID portfolio.ID, date calendar.Date, items []portfolio.AgendaItem) (*portfolio.Meeting, error) {
	if _, err := ActiveRelationship(p, relID); err != nil {
		return nil, err
	}
	stats := Stats(p, relID)
	m := portfolio.Meeting{RelationshipID: relID, Format: portfolio.FormatOneToOne, Date: stats.Next}
	if stats.Upcoming != nil {
		m = *stats.Upcoming
	}
	if !date.IsZero() {
		m.Date = date
	}
	if m.Date.IsZero() {
		m.Date = p.Today()
	}
	// The core checks the agenda's links (no private entry, nothing missing) and the
	// date as it checks any meeting.
	m.Agenda = items
	if stats.Upcoming != nil {
		return UpdateMeeting(p, m)
	}
	return AddMeeting(p, m)
}

// Candidate is a proposed agenda item and why it is proposed.
type Candidate struct {
	Item   portfolio.AgendaItem
	Title  string
	Reason string
}

// ProposeAgenda suggests what to bring to a relationship's next meeting: entries
// flagged to discuss or written since the last meeting, actions agreed last time and
// not done, overdue and open actions, and goals due for review. Private entries and a
// mentor's own reflections are never proposed.
func ProposeAgenda(p *portfolio.Portfolio, relID portfolio.ID) ([]Candidate, error) {
	if _, ok := Relationship(p, relID); !ok {
		return nil, fmt.Errorf("%w: no relationship %s", portfolio.ErrNotFound, relID)
	}
	stats := Stats(p, relID)
	var since calendar.Date
	if stats.Last != nil {
		since = stats.Last.Date
	}
	today := p.Today()
	var out []Candidate
	seen := map[portfolio.ID]bool{}
	add := func(kind portfolio.Kind, id portfolio.ID, title, reason string) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Candidate{Item: portfolio.AgendaItem{LinkKind: kind, LinkID: id}, Title: title, Reason: reason})
	}
	if stats.Last != nil {
		for _, id := range stats.Last.AgreedActionIDs {
			if a, ok := goals.Action(p, id); ok && a.Status != portfolio.ActionDone {
				add(portfolio.KindAction, a.ID, a.What, "agreed last time, not done yet")
			}
		}
	}
	for _, a := range goals.AllActions(p) {
		if a.Overdue(today) {
			add(portfolio.KindAction, a.ID, a.What, "overdue since "+a.Due.String())
		}
	}
	for _, e := range p.Find(portfolio.Query{}) {
		if !e.Offerable() {
			continue
		}
		switch {
		case e.Discuss:
			add(portfolio.KindEntry, e.ID, e.Title, "flagged to discuss")
		case !since.IsZero() && e.Date > since:
			add(portfolio.KindEntry, e.ID, e.Title, "written since the last meeting")
		}
	}
	for _, g := range goals.List(p, portfolio.GoalOpen) {
		switch {
		case goals.ReadyForReview(p, g.ID):
			add(portfolio.KindGoal, g.ID, g.Title, "every action done: due for review")
		case !g.Target.IsZero() && g.Target <= today+14:
			add(portfolio.KindGoal, g.ID, g.Title, "target date "+g.Target.String())
		}
	}
	for _, a := range goals.AllActions(p) {
		if a.Status != portfolio.ActionDone {
			add(portfolio.KindAction, a.ID, a.What, "open action")
		}
	}
	return out, nil
}

// Trend returns each score name's values over time, in the order of ratings.
func Trend(ratings []*portfolio.Rating) map[string][]int {
	out := map[string][]int{}
	for _, r := range ratings {
		for _, s := range r.Scores {
			out[s.Name] = append(out[s.Name], s.Value)
		}
	}
	return out
}

// AddSessionReflection saves a private entry reflecting on a meeting: for a mentor,
// what went well, skills used, what to do differently, boundaries, support needed.
// It is always private and never offered to the other party.
func AddSessionReflection(p *portfolio.Portfolio, meetingID portfolio.ID, e portfolio.Entry) (*portfolio.Entry, error) {
	m, ok := Meeting(p, meetingID)
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", portfolio.ErrNotFound, meetingID)
	}
	r, _ := Relationship(p, m.RelationshipID)
	e.MeetingID = meetingID
	e.Sharing = portfolio.SharingPrivate
	e.Discuss = false
	if e.Functions.Empty() {
		e.Functions = portfolio.Functions(portfolio.Formative)
	}
	if strings.TrimSpace(e.Title) == "" && r != nil {
		e.Title = fmt.Sprintf("Session reflection: %s, %s", r.Person, m.Date)
	}
	if e.Date.IsZero() {
		e.Date = m.Date
	}
	return p.AddEntry(e)
}

// SessionReflections returns the reflections on a meeting.
func SessionReflections(p *portfolio.Portfolio, meetingID portfolio.ID) []*portfolio.Entry {
	var out []*portfolio.Entry
	for _, e := range p.Find(portfolio.Query{}) {
		if e.MeetingID == meetingID {
			out = append(out, e)
		}
	}
	return out
}

// AgendaPreview renders a meeting's agenda in Markdown as the other party would see
// it: free items and questions, and the titles of linked goals, actions and entries.
// Private entries and session reflections never appear, whatever links to them; a
// shareable entry's text is included, other entries show their title only.
func AgendaPreview(p *portfolio.Portfolio, meetingID portfolio.ID) (string, error) {
	m, ok := Meeting(p, meetingID)
	if !ok {
		return "", fmt.Errorf("%w: no meeting %s", portfolio.ErrNotFound, meetingID)
	}
	r, _ := Relationship(p, m.RelationshipID)
	var b strings.Builder
	fmt.Fprintf(&b, "# Agenda for %s", m.Date)
	if r != nil {
		fmt.Fprintf(&b, " with %s", r.Person)
	}
	b.WriteString("\n\n")
	n := 0
	for _, it := range m.Agenda {
		var line, detail string
		switch it.LinkKind {
		case "":
			line = it.Text
		case portfolio.KindEntry:
			e, ok := p.Entry(it.LinkID)
			if !ok || !e.Offerable() {
				continue
			}
			line = fmt.Sprintf("%s (reflection, %s)", e.Title, e.Date)
			if e.Sharing == portfolio.SharingShareable {
				detail = e.Text()
			}
		case portfolio.KindGoal:
			g, ok := goals.Get(p, it.LinkID)
			if !ok {
				continue
			}
			done, total := goals.Progress(p, g.ID)
			line = fmt.Sprintf("Goal: %s (%d of %d actions done)", g.Title, done, total)
		case portfolio.KindAction:
			a, ok := goals.Action(p, it.LinkID)
			if !ok {
				continue
			}
			line = "Action: " + a.What + " (" + a.Status.String()
			if !a.Due.IsZero() {
				line += ", due " + a.Due.String()
			}
			line += ")"
		}
		n++
		fmt.Fprintf(&b, "%d. %s\n", n, oneLine(line))
		if it.Text != "" && it.LinkKind != "" {
			fmt.Fprintf(&b, "   %s\n", oneLine(it.Text))
		}
		if it.Question != "" {
			fmt.Fprintf(&b, "   Question: %s\n", oneLine(it.Question))
		}
		if detail != "" {
			b.WriteString("\n")
			for _, l := range strings.Split(detail, "\n") {
				b.WriteString("   > " + l + "\n")
			}
			b.WriteString("\n")
		}
	}
	if n == 0 {
		b.WriteString("Nothing on the agenda yet.\n")
	}
	return b.String(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// DiscussedEntries are the entries still flagged "to discuss" that the meeting
// covered: those on its agenda, or, when its agenda named no entry, every flagged
// entry that could be offered to the other party, since those were waiting for
// it. The user is asked before any flag is cleared.
func DiscussedEntries(p *portfolio.Portfolio, meetingID portfolio.ID) []*portfolio.Entry {
	m, ok := Meeting(p, meetingID)
	if !ok {
		return nil
	}
	onAgenda := map[portfolio.ID]bool{}
	for _, it := range m.Agenda {
		if it.LinkKind == portfolio.KindEntry {
			onAgenda[it.LinkID] = true
		}
	}
	var out []*portfolio.Entry
	for _, e := range p.Find(portfolio.Query{}) {
		if !e.Discuss || !e.Offerable() {
			continue
		}
		if len(onAgenda) == 0 || onAgenda[e.ID] {
			out = append(out, e)
		}
	}
	return out
}
