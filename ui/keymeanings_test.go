package ui

import (
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
)

// t marks an action to do on the goal view, at once; on a relationship, the
// goal's neighbour on the dashboard, it opened the timeline, so a user who learnt
// t there changed an action when they meant to look. M (milestones) opens the
// timeline; t on a relationship does nothing.
func TestTimelineKeyIsNotActionToDo(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "enter")
	d.expect("mentored by Sam Okafor")
	d.keys("t")
	if got := d.app.top().Title(); got != "Relationship" {
		t.Fatalf("t on a relationship opened %q", got)
	}
	d.expect("M timeline", "! a little behind: M")
	d.keys("M")
	d.expect("› Timeline", "Milestones")

	d.keys("esc", "esc", "esc", "g", "enter")
	d.expect("Action plan")
	p := d.app.ctx.Portfolio
	d.keys("down", "t")
	if a, _ := goals.Action(p, actionNamed(t, p, "Shadow the anticoagulation clinic").ID); a.Status != portfolio.ActionTodo {
		t.Fatalf("t on the goal view left the action %v", a.Status)
	}
}

// o rates yourself: a progress self-assessment on a relationship and its ratings
// chart, and the mentor's own skills on the mentoring list. That was s, which on
// the goal view marks an action under way at once.
func TestRateSkillsKeyIsO(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "s")
	if got := d.app.top().Title(); got != "Mentoring" {
		t.Fatalf("s on the mentoring list opened %q", got)
	}
	d.keys("o")
	d.expect("Rate my skills", "active listening")
}
