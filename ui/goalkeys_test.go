package ui

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
)

// actionNamed finds a seeded action by its words.
func actionNamed(t *testing.T, p *portfolio.Portfolio, what string) *portfolio.Action {
	t.Helper()
	for _, a := range goals.AllActions(p) {
		if a.What == what {
			return a
		}
	}
	t.Fatalf("no action %q", what)
	return nil
}

// e edits the goal on the goals list and on the goal itself, as e edits the record
// a relationship or a held meeting page shows; enter edits the selected action.
func TestGoalKeysMeanTheSameOnListAndGoal(t *testing.T) {
	d := seededDriver(t)
	d.keys("g")
	d.expect("Counsel patients starting DOACs confidently")
	d.keys("e")
	d.expect("Edit goal")
	d.keys("esc", "enter")
	d.expect("Action plan")
	d.keys("e")
	d.expect("Edit goal", "Counsel patients starting DOACs confidently")
	d.keys("esc")
	d.expect("Action plan")
	d.keys("down", "enter")
	d.expect("Edit action", "Shadow the anticoagulation clinic")
}

// x exports on the entries list, the agenda builder and a relationship; on the goal
// view it must not mark an action done. space marks it done.
func TestGoalViewXDoesNotMarkDone(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("g", "enter")
	d.expect("Action plan")
	d.keys("down", "x")
	if a := actionNamed(t, p, "Shadow the anticoagulation clinic"); a.Status != portfolio.ActionDoing {
		t.Fatalf("x on the goal view set the action %v", a.Status)
	}
	if strings.Contains(d.screen(), "Reflect on it now?") {
		t.Fatalf("x on the goal view asked to reflect:\n%s", d.screen())
	}
	d.keys("space")
	d.expect("Reflect on it now?")
	if a := actionNamed(t, p, "Shadow the anticoagulation clinic"); a.Status != portfolio.ActionDone {
		t.Fatalf("space left the action %v", a.Status)
	}
	d.keys("n", "?")
	d.expect("space", "mark done", "e", "edit goal", "enter", "edit action")
}
