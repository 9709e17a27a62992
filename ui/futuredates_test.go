package ui

import (
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
)

// A target or due date written without a year is the next such day, in the app as
// on the command line (goal add --target "1 Jan"): on 14 March, "1 Jan" is next
// January, not one already gone. The hint beside the field says the same date.
func TestYearlessTargetAndDueAreAhead(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	next := d.app.ctx.Today().Year() + 1
	d.keys("g", "n")
	d.expect("New goal")
	d.typeText("Finish the independent prescribing course")
	d.keys("tab", "tab")
	d.typeText("1 Jan")
	d.expect("1 January", "2027")
	d.keys("ctrl+s")
	d.expect("Goal saved.")
	var g *portfolio.Goal
	for _, x := range goals.List(p, portfolio.GoalOpen) {
		if x.Title == "Finish the independent prescribing course" {
			g = x
		}
	}
	if g == nil || g.Target != calendar.MakeDate(next, 1, 1) {
		t.Fatalf("the goal's target is not 1 January %d: %+v", next, g)
	}
}

// An action agreed at a meeting, likewise.
func TestYearlessAgreedDueIsAhead(t *testing.T) {
	d := unlockMentoring(t)
	next := d.app.ctx.Today().Year() + 1
	d.keys("m", "enter", "r")
	meetingActionsPage(d)
	d.typeText("Renew the anticoagulation competency")
	d.keys("enter")
	d.typeText("1 Jan")
	d.expect("Friday 1 January 2027")
	d.keys("enter")
	d.expect("1. Renew the anticoagulation competency")
	d.keys("ctrl+s")
	d.expect("Meeting recorded")
	found := false
	for _, a := range goals.AllActions(d.app.ctx.Portfolio) {
		if a.What == "Renew the anticoagulation competency" {
			found = true
			if a.Due != calendar.MakeDate(next, 1, 1) {
				t.Fatalf("the agreed action is due %s, not 1 January %d", a.Due, next)
			}
		}
	}
	if !found {
		t.Fatal("the agreed action is not in the action plan")
	}
}
