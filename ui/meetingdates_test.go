package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/components"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
)

// datesPage moves the open meeting notebook to its Dates page, on Held on.
func datesPage(d *driver) {
	d.t.Helper()
	nb := d.app.top().(*components.Notebook)
	for nb.Pages[nb.Focus].Label() != "Dates" {
		d.keys("tab")
	}
	d.expect("▸ Held on")
}

// heldWith returns the held meeting whose notes hold text.
func heldWith(t *testing.T, p *portfolio.Portfolio, text string) *portfolio.Meeting {
	t.Helper()
	for _, m := range mentorship.Meetings(p, mentorship.Relationships(p)[0].ID) {
		if m.Held && strings.Contains(fmt.Sprint(m.Notes), text) {
			return m
		}
	}
	t.Fatalf("no held meeting with %q", text)
	return nil
}

// The day a meeting was held, written without a year, is the most recent such day,
// in the app as on the command line (meeting add --date "3 Dec"): on 14 March,
// "3 Dec" is last December. The app read it as this December and refused it as a
// meeting in the future. The hint beside the field names the same day.
func TestYearlessHeldDateIsBehind(t *testing.T) {
	d := unlockMentoring(t)
	last := d.app.ctx.Today().Year() - 1
	d.keys("m", "enter", "r")
	d.expect("Record meeting")
	d.typeText("Went over the winter rota.")
	datesPage(d)
	d.typeText("3 Dec")
	d.expect(fmt.Sprintf("3 December %d", last))
	d.keys("ctrl+s")
	d.expect("Meeting recorded")
	m := heldWith(t, d.app.ctx.Portfolio, "Went over the winter rota.")
	if m.Date != calendar.MakeDate(last, 12, 3) {
		t.Fatalf("the meeting was saved as held on %s, not 3 December %d", m.Date, last)
	}

	// Editing the held meeting reads its date the same way.
	d.keys("n")
	rv := d.app.top().(*mentoringpkg.RelationshipView)
	for i, x := range rv.Data.Meetings {
		if x.ID == m.ID {
			rv.Cursor = i
		}
	}
	d.keys("enter")
	d.expect("Went over the winter rota.")
	d.keys("e")
	d.expect("Edit meeting")
	datesPage(d)
	d.typeText("1 Dec")
	d.keys("ctrl+s")
	d.expect("Meeting saved")
	if m := heldWith(t, d.app.ctx.Portfolio, "Went over the winter rota."); m.Date != calendar.MakeDate(last, 12, 1) {
		t.Fatalf("the edited meeting is held on %s, not 1 December %d", m.Date, last)
	}
}

// Editing a held meeting refuses a next meeting before it, as the record form and
// the command line do, and keeps the meeting as it was.
func TestEditedNextMeetingMustFollowIt(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "enter", "r")
	d.expect("Record meeting")
	d.typeText("Planned the audit.")
	d.keys("ctrl+s")
	d.expect("Meeting recorded")
	p := d.app.ctx.Portfolio
	m := heldWith(t, p, "Planned the audit.")
	d.keys("n")
	rv := d.app.top().(*mentoringpkg.RelationshipView)
	for i, x := range rv.Data.Meetings {
		if x.ID == m.ID {
			rv.Cursor = i
		}
	}
	d.keys("enter", "e")
	d.expect("Edit meeting")
	datesPage(d)
	d.keys("tab")
	d.expect("▸ Next")
	d.send(keyMsg("ctrl+u"))
	d.typeText(m.Date.AddDays(-7).String())
	d.keys("ctrl+s")
	d.expect("is not after this one")
	if got := heldWith(t, p, "Planned the audit."); got.NextDate != m.NextDate || got.Date != m.Date {
		t.Fatalf("the refused edit changed the meeting: next %s, was %s", got.NextDate, m.NextDate)
	}
}
