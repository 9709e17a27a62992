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

// d deletes on every screen that opens history with h, so on the history screen it
// must not mean something else: it showed a version's differences there. tab shows
// them, and switches between a version and its changes; d on history does nothing.
func TestHistoryChangesKeyIsTabNotD(t *testing.T) {
	d := globalDriver(t)
	d.keys("e", "enter", "h")
	d.expect("History of entry", "tab changes")
	p := d.app.ctx.Portfolio
	before := vaultArchive(t, p)
	d.keys("d")
	if got := d.app.top().Title(); got != "History of entry" {
		t.Fatalf("d on the history screen opened %q", got)
	}
	if string(vaultArchive(t, p)) != string(before) {
		t.Fatal("d on the history screen changed the vault")
	}
	d.keys("tab")
	d.expect("Changes in version 2", "tab the version")
	d.keys("tab")
	d.expect("Version 2 of 2", "tab its changes")
	d.keys("tab")
	d.expect("Changes in version 2")
	// Switching replaces the view: one esc is back on the list.
	d.keys("esc")
	d.expect("History of entry")
}
