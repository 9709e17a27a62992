package document

import (
	"github.com/foliohq/folio/portfolio/goals"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/inert"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// CalendarQuery says what goes into a calendar.
type CalendarQuery struct {
	// Relationship limits the calendar to one relationship's meetings and the
	// actions agreed at them; empty means every relationship and every action.
	Relationship portfolio.ID
	// Details puts names, agendas and actions' words in the events. Without it a
	// calendar, which is often synced to a server or shared with colleagues, says
	// only "Mentoring meeting" and "Action due".
	Details bool
}

// calendarDomain ends every UID, making the record IDs folio's in anyone's calendar.
const calendarDomain = "@folio.invalid"

// maxLineOctets is RFC 5545's limit on a content line before folding, CRLF aside.
const maxLineOctets = 75

// Calendar is an iCalendar file (RFC 5545) of the planned meetings and the due dates
// of open actions, as all-day events. Each event's UID is its record's ID, so
// importing a newer file updates the events rather than adding them again, and its
// DTSTAMP is the record's last change, so the same vault gives the same file.
func Calendar(p *portfolio.Portfolio, q CalendarQuery) []byte {
	var c calendarWriter
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//folio//folio export calendar//EN")
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.prop("X-WR-CALNAME", "folio")

	rels := mentorship.Relationships(p)
	relOf := map[portfolio.ID]*portfolio.Relationship{}
	var meetings []*portfolio.Meeting
	for _, r := range rels {
		relOf[r.ID] = r
		if q.Relationship != "" && r.ID != q.Relationship {
			continue
		}
		for _, m := range mentorship.Meetings(p, r.ID) {
			if !m.Held {
				meetings = append(meetings, m)
			}
		}
	}
	slices.SortFunc(meetings, func(a, b *portfolio.Meeting) int { return cmpDateID(a.Date, b.Date, a.ID, b.ID) })
	for _, m := range meetings {
		summary, desc := "Mentoring meeting", ""
		if q.Details {
			r := relOf[m.RelationshipID]
			summary = "Mentoring meeting (" + r.Title() + ")"
			var items []string
			for _, it := range m.Agenda {
				if t := agendaText(p, it); t != "" {
					items = append(items, "- "+t)
				}
			}
			if len(items) > 0 {
				desc = "Agenda:\n" + strings.Join(items, "\n")
			}
		}
		c.event(m.ID, m.Date, m.Updated, summary, desc)
	}

	var actions []*portfolio.Action
	for _, a := range goals.AllActions(p) {
		if a.Status == portfolio.ActionDone || a.Due.IsZero() {
			continue
		}
		if q.Relationship != "" {
			m, ok := mentorship.Meeting(p, a.MeetingID)
			if !ok || m.RelationshipID != q.Relationship {
				continue
			}
		}
		actions = append(actions, a)
	}
	slices.SortFunc(actions, func(a, b *portfolio.Action) int { return cmpDateID(a.Due, b.Due, a.ID, b.ID) })
	for _, a := range actions {
		summary := "Action due"
		if q.Details {
			summary = "Due: " + a.What
		}
		c.event(a.ID, a.Due, a.Updated, summary, "")
	}
	c.line("END:VCALENDAR")
	return []byte(c.b.String())
}

func cmpDateID(a, b calendar.Date, ia, ib portfolio.ID) int {
	if a != b {
		return int(a - b)
	}
	return strings.Compare(string(ia), string(ib))
}

// agendaText is an agenda item as a calendar shows it: its text, or the title of
// what it links to.
func agendaText(p *portfolio.Portfolio, it portfolio.AgendaItem) string {
	if t := strings.TrimSpace(it.Text); t != "" {
		return t
	}
	switch it.LinkKind {
	case portfolio.KindGoal:
		if g, ok := goals.Get(p, it.LinkID); ok {
			return "Goal: " + g.Title
		}
	case portfolio.KindAction:
		if a, ok := goals.Action(p, it.LinkID); ok {
			return "Action: " + a.What
		}
	case portfolio.KindEntry:
		if e, ok := p.Entry(it.LinkID); ok && e.Sharing != portfolio.SharingPrivate {
			return e.Title
		}
	}
	return ""
}

// calendarWriter writes content lines folded at 75 octets and ended by CRLF.
type calendarWriter struct{ b strings.Builder }

func (c *calendarWriter) event(id portfolio.ID, day calendar.Date, updated time.Time, summary, desc string) {
	c.line("BEGIN:VEVENT")
	c.line("UID:" + string(id) + calendarDomain)
	c.line("DTSTAMP:" + updated.UTC().Format("20060102T150405Z"))
	c.line("DTSTART;VALUE=DATE:" + day.Time().Format("20060102"))
	c.line("DTEND;VALUE=DATE:" + day.AddDays(1).Time().Format("20060102"))
	c.prop("SUMMARY", summary)
	if desc != "" {
		c.prop("DESCRIPTION", desc)
	}
	c.line("CLASS:PRIVATE")
	c.line("TRANSP:TRANSPARENT")
	c.line("END:VEVENT")
}

// prop writes a property with a TEXT value, escaped as RFC 5545 says (3.3.11) and
// made inert: a calendar app is no more a place for escape sequences than a
// terminal.
func (c *calendarWriter) prop(name, value string) {
	value = inert.Text(value)
	value = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(value)
	c.line(name + ":" + value)
}

// line writes a content line, folding it so that no line is longer than 75 octets
// and no UTF-8 character is split: a fold is CRLF and one space.
func (c *calendarWriter) line(s string) {
	limit := maxLineOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.b.WriteString(s[:cut])
		c.b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	c.b.WriteString(s)
	c.b.WriteString("\r\n")
}
