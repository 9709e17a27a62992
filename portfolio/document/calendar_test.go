package document

import (
	"bytes"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// checkRFC5545 checks what RFC 5545 requires of the file whatever parser reads it:
// CRLF line endings, no line over 75 octets, folds that split no character, and the
// required properties of the calendar and of each event.
func checkRFC5545(t *testing.T, data []byte) *ics.Calendar {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("the file does not end with CRLF")
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n"))
	for i, l := range lines {
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(string(data), "\r\n ", "")
	for _, l := range strings.Split(unfolded, "\r\n") {
		if !utf8Valid(l) {
			t.Errorf("a fold split a character: %q", l)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the calendar does not parse: %v\n%s", err, data)
	}
	props := map[string]string{}
	for _, p := range cal.CalendarProperties {
		props[p.IANAToken] = p.Value
	}
	if props["VERSION"] != "2.0" || props["PRODID"] == "" {
		t.Errorf("calendar properties %v; want VERSION 2.0 and a PRODID", props)
	}
	for _, e := range cal.Events() {
		for _, p := range []ics.ComponentProperty{ics.ComponentPropertyUniqueId, ics.ComponentPropertyDtstamp, ics.ComponentPropertyDtStart} {
			if e.GetProperty(p) == nil {
				t.Errorf("event %q lacks %s", e.Id(), p)
			}
		}
		if _, err := e.GetDtStampTime(); err != nil {
			t.Errorf("event %q: DTSTAMP: %v", e.Id(), err)
		}
		if _, err := e.GetAllDayStartAt(); err != nil {
			t.Errorf("event %q: DTSTART: %v", e.Id(), err)
		}
	}
	return cal
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func summaries(cal *ics.Calendar) map[string]string {
	out := map[string]string{}
	for _, e := range cal.Events() {
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil {
			out[e.Id()] = ics.FromText(p.Value)
		}
	}
	return out
}

func TestCalendar(t *testing.T) {
	f := newMentoringFixture(t)
	long := strings.Repeat("Ŵ, a; long\\ agenda item — ", 6) + "日本語"
	if _, err := mentorship.SaveAgenda(f.p, f.rel.ID, f.next.Date, []portfolio.AgendaItem{{Text: long}}); err != nil {
		t.Fatal(err)
	}
	data := Calendar(f.p, CalendarQuery{})
	cal := checkRFC5545(t, data)
	got := summaries(cal)
	// The planned meeting and the open action with a due date; not the held meeting,
	// nor the action done.
	meetingUID, actionUID := string(f.next.ID)+calendarDomain, string(f.agreed[0].ID)+calendarDomain
	if len(got) != 2 || got[meetingUID] != "Mentoring meeting" || got[actionUID] != "Action due" {
		t.Errorf("events %v", got)
	}
	// Without --details nothing the user wrote is in the file.
	for _, private := range []string{"Dr Patel", "STOPP", "long"} {
		if bytes.Contains(data, []byte(private)) {
			t.Errorf("the private calendar holds %q", private)
		}
	}
	if !bytes.Contains(data, []byte("DTSTART;VALUE=DATE:20260320")) || !bytes.Contains(data, []byte("DTSTART;VALUE=DATE:20260220")) {
		t.Errorf("dates wrong:\n%s", data)
	}

	detailed := Calendar(f.p, CalendarQuery{Details: true})
	cal = checkRFC5545(t, detailed)
	got = summaries(cal)
	if got[meetingUID] != "Mentoring meeting (mentored by Dr Patel)" || got[actionUID] != "Due: Read the STOPP/START criteria" {
		t.Errorf("detailed events %v", got)
	}
	var desc string
	for _, e := range cal.Events() {
		if e.Id() == meetingUID {
			desc = ics.FromText(e.GetProperty(ics.ComponentPropertyDescription).Value)
		}
	}
	if desc != "Agenda:\n- "+long {
		t.Errorf("the agenda did not come back whole: %q", desc)
	}

	// The same vault gives the same file: re-importing updates, never duplicates.
	if again := Calendar(f.p, CalendarQuery{Details: true}); !bytes.Equal(again, detailed) {
		t.Error("two exports of the same vault differ")
	}
	// One relationship: another's meetings and actions are left out.
	other, err := mentorship.AddRelationship(f.p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Alex", Start: calendar.MakeDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mentorship.SaveAgenda(f.p, other.ID, calendar.MakeDate(2026, 4, 2), []portfolio.AgendaItem{{Text: "x"}}); err != nil {
		t.Fatal(err)
	}
	if n := len(summaries(checkRFC5545(t, Calendar(f.p, CalendarQuery{})))); n != 3 {
		t.Errorf("%d events for every relationship, want 3", n)
	}
	if got := summaries(checkRFC5545(t, Calendar(f.p, CalendarQuery{Relationship: other.ID}))); len(got) != 1 {
		t.Errorf("events for one relationship: %v", got)
	}
}

// Escape sequences in the user's words are not carried into a calendar.
func TestCalendarIsInert(t *testing.T) {
	f := newMentoringFixture(t)
	if _, err := mentorship.SaveAgenda(f.p, f.rel.ID, f.next.Date, []portfolio.AgendaItem{{Text: "A\x1b]52;c;Q0xJUA==\x07B\u202eC"}}); err != nil {
		t.Fatal(err)
	}
	data := Calendar(f.p, CalendarQuery{Details: true})
	for _, bad := range []string{"\x1b", "\a", "Q0xJUA==", "\u202e"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("the calendar holds %q", bad)
		}
	}
}
