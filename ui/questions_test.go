package ui

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
)

// "Reflect on it now?" takes y (or r, enter) and n or esc; any other key leaves the
// question open and changes nothing.
func TestReflectQuestionWaitsForYesOrNo(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("g", "enter", "down", "space")
	d.expect("Reflect on it now?")
	for _, k := range []string{"u", "x", "j"} {
		d.keys(k)
		d.expect("Reflect on it now?")
		if a := actionNamed(t, p, "Shadow the anticoagulation clinic"); a.Status != portfolio.ActionDone || a.ReflectionID != "" {
			t.Fatalf("%s under the question changed the action: %+v", k, a)
		}
	}
	d.keys("esc")
	d.expect("You can reflect on it later")
	if strings.Contains(d.screen(), "Reflect on it now?") {
		t.Fatalf("esc left the question open:\n%s", d.screen())
	}
	if _, ok := d.app.top().(interface{ Asking() bool }); !ok {
		t.Fatalf("the goal view is gone: %T", d.app.top())
	}
}

// Every yes-or-no question in the app acts on y and on n or esc only: a stray key
// neither confirms nor cancels, and changes nothing.
func TestYesNoQuestionsIgnoreOtherKeys(t *testing.T) {
	for _, tc := range []struct {
		name     string
		keys     []string
		question string
		noSays   string
	}{
		{"delete a goal", []string{"g", "d"}, "Move this goal to the trash?", "Kept the goal."},
		{"delete an action", []string{"g", "enter", "d"}, "Move this action to the trash?", "Action plan"},
		{"delete an entry", []string{"e", "enter", "d"}, "Delete this entry?", "Kept the entry."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := seededDriver(t)
			p := d.app.ctx.Portfolio
			before := len(goals.AllActions(p))
			d.keys(tc.keys...)
			d.expect(tc.question)
			for _, k := range []string{"u", "x", "a"} {
				d.keys(k)
				d.expect(tc.question)
			}
			if trashed, err := history.Trash(p); err != nil || len(trashed) != 0 || len(goals.AllActions(p)) != before {
				t.Fatal("a stray key under the question changed the vault")
			}
			d.keys("esc")
			d.expect(tc.noSays)
			if strings.Contains(d.screen(), tc.question) {
				t.Fatalf("esc left the question open:\n%s", d.screen())
			}
		})
	}
}

// The question on quitting with unsaved text takes y (or ctrl+c) and n or esc; a
// stray key leaves it open.
func TestQuitQuestionWaitsForYesOrNo(t *testing.T) {
	d := seededDriver(t)
	d.keys("n", "enter", "tab")
	d.typeText("draft")
	d.keys("shift+tab", "q")
	d.expect("Quit and lose it?")
	d.keys("x")
	d.expect("Quit and lose it?")
	if d.app.quitting {
		t.Fatal("x under the question quit")
	}
	d.keys("esc")
	d.expect("Not quitting.", "Title     draft")
}
