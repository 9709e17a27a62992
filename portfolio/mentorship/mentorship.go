package portfolio


import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// Topics are the default meeting topics and the user's own.
func (p *Portfolio) Topics() []string {
	out := slices.Clone(DefaultTopics)
	for _, t := range p.Settings().Topics {
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t) }) {
			out = append(out, t)
		}
	}
	return out
}

// SameOrganisation reports whether a relationship's organisation is the user's own:
// schemes avoid matching within one organisation, so folio warns, gently.
func (p *Portfolio) SameOrganisation(r *Relationship) bool {
	own := p.Settings().Organisation
	return own != "" && strings.EqualFold(strings.TrimSpace(r.Organisation), own)
}

// EndRelationship marks a relationship ended, with the reason.
func (p *Portfolio) EndRelationship(id ID, reason string) (*Relationship, error) {
	r, err := p.activeRelationship(id)
	if err != nil {
		return nil, err
	}
	c := *r
	c.Status = RelEnded
	c.EndReason = reason
	c.EndedOn = p.Today()
	return p.UpdateRelationship(c)
}

// MeetingStats are a relationship's meetings held against those planned, and what is next.
type MeetingStats struct {
	Held, Planned int
	// Last is the last meeting held; Upcoming the planned one not yet held.
	Last, Upcoming *Meeting
	// Next is the date of the next meeting, from the upcoming meeting or the last
	// meeting's agreed next date; zero if none is set.
	Next calendar.Date
}

// Stats summarises a relationship's meetings.
func (p *Portfolio) Stats(relID ID) MeetingStats {
	var s MeetingStats
	if r, ok := p.Relationship(relID); ok {
		s.Planned = r.PlannedMeetings()
	}
	for _, m := range p.Meetings(relID) {
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
func (p *Portfolio) AgreedActions(relID ID) []*Action {
	var out []*Action
	for _, m := range p.Meetings(relID) {
		for _, id := range m.AgreedActionIDs {
			if a, ok := p.Action(id); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// SaveAgenda stores the agenda on the relationship's upcoming meeting, creating that
// meeting (on date, else the agreed next date, else today) if there is none.
func (p *Portfolio) SaveAgenda(relID ID, date calendar.Date, items []AgendaItem) (*Meeting, error) {
	if _, err := p.activeRelationship(relID); err != nil {
		return nil, err
	}
	stats := p.Stats(relID)
	p.mu.Lock()
	defer p.mu.Unlock()
	agenda, err := p.validateAgenda(items)
	if err != nil {
		return nil, err
	}
	var m Meeting
	var sid storage.ID
	if stats.Upcoming != nil {
		m = *stats.Upcoming
		if sid, err = storageID(m.ID); err != nil {
			return nil, err
		}
	} else {
		sid = storage.NewID()
		m = Meeting{ID: ID(sid.String()), RelationshipID: relID, Format: FormatOneToOne, Created: p.now().UTC()}
		m.Date = stats.Next
	}
	if !date.IsZero() {
		m.Date = date
	}
	if m.Date.IsZero() {
		m.Date = p.Today()
	}
	if err := CheckDate("meeting date", m.Date, true); err != nil {
		return nil, err
	}
	m.Agenda = agenda
	m.Updated = p.now().UTC()
	if err := p.vault.Put(collMeetings, sid, encodeMeeting(&m)); err != nil {
		return nil, err
	}
	p.m.meetings[m.ID] = &m
	return &m, nil
}

// Candidate is a proposed agenda item and why it is proposed.
type Candidate struct {
	Item   AgendaItem
	Title  string
	Reason string
}

// ProposeAgenda suggests what to bring to a relationship's next meeting: entries
// flagged to discuss or written since the last meeting, actions agreed last time and
// not done, overdue and open actions, and goals due for review. Private entries and a
// mentor's own reflections are never proposed.
func (p *Portfolio) ProposeAgenda(relID ID) ([]Candidate, error) {
	if _, ok := p.Relationship(relID); !ok {
		return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, relID)
	}
	stats := p.Stats(relID)
	var since calendar.Date
	if stats.Last != nil {
		since = stats.Last.Date
	}
	today := p.Today()
	var out []Candidate
	seen := map[ID]bool{}
	add := func(kind Kind, id ID, title, reason string) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Candidate{Item: AgendaItem{LinkKind: kind, LinkID: id}, Title: title, Reason: reason})
	}
	if stats.Last != nil {
		for _, id := range stats.Last.AgreedActionIDs {
			if a, ok := p.Action(id); ok && a.Status != ActionDone {
				add(KindAction, a.ID, a.What, "agreed last time, not done yet")
			}
		}
	}
	for _, a := range p.AllActions() {
		if a.Overdue(today) {
			add(KindAction, a.ID, a.What, "overdue since "+a.Due.String())
		}
	}
	for _, e := range p.Find(Query{}) {
		if !e.Offerable() {
			continue
		}
		switch {
		case e.Discuss:
			add(KindEntry, e.ID, e.Title, "flagged to discuss")
		case !since.IsZero() && e.Date > since:
			add(KindEntry, e.ID, e.Title, "written since the last meeting")
		}
	}
	for _, g := range p.Goals(GoalOpen) {
		switch {
		case p.ReadyForReview(g.ID):
			add(KindGoal, g.ID, g.Title, "every action done: due for review")
		case !g.Target.IsZero() && g.Target <= today+14:
			add(KindGoal, g.ID, g.Title, "target date "+g.Target.String())
		}
	}
	for _, a := range p.AllActions() {
		if a.Status != ActionDone {
			add(KindAction, a.ID, a.What, "open action")
		}
	}
	return out, nil
}

// Trend returns each score name's values over time, in the order of ratings.
func Trend(ratings []*Rating) map[string][]int {
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
func (p *Portfolio) AddSessionReflection(meetingID ID, e Entry) (*Entry, error) {
	m, ok := p.Meeting(meetingID)
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, meetingID)
	}
	r, _ := p.Relationship(m.RelationshipID)
	e.MeetingID = meetingID
	e.Sharing = SharingPrivate
	e.Discuss = false
	if e.Functions.Empty() {
		e.Functions = Functions(Formative)
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
func (p *Portfolio) SessionReflections(meetingID ID) []*Entry {
	var out []*Entry
	for _, e := range p.Find(Query{}) {
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
func (p *Portfolio) AgendaPreview(meetingID ID) (string, error) {
	m, ok := p.Meeting(meetingID)
	if !ok {
		return "", fmt.Errorf("%w: no meeting %s", ErrNotFound, meetingID)
	}
	r, _ := p.Relationship(m.RelationshipID)
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
		case KindEntry:
			e, ok := p.Entry(it.LinkID)
			if !ok || !e.Offerable() {
				continue
			}
			line = fmt.Sprintf("%s (reflection, %s)", e.Title, e.Date)
			if e.Sharing == SharingShareable {
				detail = e.Text()
			}
		case KindGoal:
			g, ok := p.Goal(it.LinkID)
			if !ok {
				continue
			}
			done, total := p.Progress(g.ID)
			line = fmt.Sprintf("Goal: %s (%d of %d actions done)", g.Title, done, total)
		case KindAction:
			a, ok := p.Action(it.LinkID)
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
func (p *Portfolio) DiscussedEntries(meetingID ID) []*Entry {
	m, ok := p.Meeting(meetingID)
	if !ok {
		return nil
	}
	onAgenda := map[ID]bool{}
	for _, it := range m.Agenda {
		if it.LinkKind == KindEntry {
			onAgenda[it.LinkID] = true
		}
	}
	var out []*Entry
	for _, e := range p.Find(Query{}) {
		if !e.Discuss || !e.Offerable() {
			continue
		}
		if len(onAgenda) == 0 || onAgenda[e.ID] {
			out = append(out, e)
		}
	}
	return out
}
