package ui

import (
	"github.com/foliohq/folio/portfolio/goals"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	goalspkg "github.com/foliohq/folio/ui/pages/goals"
	"github.com/foliohq/folio/ui/pages/history"
)

// openAudit opens the seeded audit entry and returns its ID.
func (d *driver) openAudit() portfolio.ID {
	d.t.Helper()
	d.keys("e", "enter")
	d.expect("Two of twelve patients")
	return d.app.top().(*entriespkg.EntryView).Id
}

// edit adds text to the end of the open entry's title and saves it, back on the
// entry view.
func (d *driver) edit(text string) {
	d.t.Helper()
	d.keys("e")
	d.expect("Edit entry")
	d.keys("ctrl+e")
	d.typeText(text)
	d.keys("ctrl+s")
	d.expect("Saved.", text)
	if _, ok := d.app.top().(*entriespkg.EntryView); !ok {
		d.t.Fatalf("after the save the app shows %T", d.app.top())
	}
}

// u takes back each kind of change made since unlock, from the screen it was made
// on, says which, and the screen shows the record as it was.
func TestUndoEachKindOfChange(t *testing.T) {
	t.Run("save", func(t *testing.T) {
		d := seededDriver(t)
		p := d.app.ctx.Portfolio
		id := d.openAudit()
		d.edit(" REVISED")
		if e, _ := p.Entry(id); !strings.Contains(e.Title, "REVISED") {
			t.Fatalf("the edit was not saved: %q", e.Title)
		}
		d.keys("u")
		d.expect("Undone: the edit of entry", "“Audit of warfarin INR checks REVISED”")
		if e, _ := p.Entry(id); e.Title != "Audit of warfarin INR checks" {
			t.Fatalf("after u the title is %q", e.Title)
		}
		if strings.Contains(d.screen(), "REVISED\n") || !strings.Contains(d.screen(), "Audit of warfarin INR checks") {
			t.Errorf("the entry view did not refresh:\n%s", d.screen())
		}
	})

	t.Run("delete", func(t *testing.T) {
		d := seededDriver(t)
		p := d.app.ctx.Portfolio
		id := d.openAudit()
		d.keys("d")
		d.expect("Delete this entry?", "y moves it to the trash")
		d.keys("y")
		d.expect("Moved the entry to the trash", "4 entries")
		if _, ok := p.Entry(id); ok || !p.InTrash(id) {
			t.Fatal("the entry is not in the trash")
		}
		d.keys("u")
		d.expect("Undone: the deletion of entry", "It is back.", "5 entries")
		if _, ok := p.Entry(id); !ok {
			t.Fatal("u did not bring the entry back")
		}
		// The list under the view was read again.
		if !strings.Contains(d.screen(), "Audit of warfarin INR checks") {
			t.Errorf("the list does not show the entry again:\n%s", d.screen())
		}
	})

	t.Run("sharing", func(t *testing.T) {
		d := seededDriver(t)
		p := d.app.ctx.Portfolio
		id := d.openAudit()
		d.keys("S")
		d.expect("Shareable: its text goes", "shareable")
		d.keys("u")
		d.expect("Undone: the sharing change of entry", "Unshared")
		if e, _ := p.Entry(id); e.Sharing != portfolio.SharingDefault {
			t.Fatalf("after u the sharing is %v", e.Sharing)
		}
		if strings.Contains(d.screen(), "shareable ·") || strings.Contains(d.screen(), "· shareable") {
			t.Errorf("the view still says shareable:\n%s", d.screen())
		}
	})

	t.Run("flag", func(t *testing.T) {
		d := seededDriver(t)
		p := d.app.ctx.Portfolio
		id := d.openAudit()
		d.keys("f")
		d.expect("Flagged to discuss")
		d.keys("u")
		d.expect("Undone: the “to discuss” flag of entry", "Unshared")
		if e, _ := p.Entry(id); e.Discuss {
			t.Fatal("after u the entry is still flagged to discuss")
		}
	})

	t.Run("status", func(t *testing.T) {
		d := seededDriver(t)
		p := d.app.ctx.Portfolio
		d.keys("g", "enter")
		d.expect("Shadow the anticoagulation clinic")
		if _, ok := d.app.top().(*goalspkg.GoalView); !ok {
			t.Fatalf("g, enter opened %T", d.app.top())
		}
		var shadow *portfolio.Action
		for _, g := range goals.List(p, portfolio.GoalOpen) {
			for _, a := range goals.Actions(p, g.ID) {
				if a.What == "Shadow the anticoagulation clinic" {
					shadow = a
				}
			}
		}
		if shadow == nil || shadow.Status != portfolio.ActionDoing {
			t.Fatalf("seeded action: %+v", shadow)
		}
		// The cursor starts on the first action; the second is the one doing.
		d.keys("j", "t")
		if a, _ := goals.Action(p, shadow.ID); a.Status != portfolio.ActionTodo {
			t.Fatalf("t did not mark it to do: %v", a.Status)
		}
		d.keys("u")
		d.expect("Undone: the status change of action", "“Shadow the anticoagulation clinic”.")
		if a, _ := goals.Action(p, shadow.ID); a.Status != portfolio.ActionDoing {
			t.Fatalf("after u the action is %v", a.Status)
		}
	})
}

// Undo goes back step by step, then says there is nothing left.
func TestUndoRepeatedlyThenNothing(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	id := d.openAudit()
	d.keys("f", "S", "S")
	if e, _ := p.Entry(id); e.Sharing != portfolio.SharingPrivate || e.Discuss {
		t.Fatalf("f and two S: %v %v", e.Sharing, e.Discuss)
	}
	d.keys("u")
	if e, _ := p.Entry(id); e.Sharing != portfolio.SharingShareable || !e.Discuss {
		t.Fatalf("after one u: %v %v", e.Sharing, e.Discuss)
	}
	d.keys("u")
	if e, _ := p.Entry(id); e.Sharing != portfolio.SharingDefault || !e.Discuss {
		t.Fatalf("after two u: %v %v", e.Sharing, e.Discuss)
	}
	d.keys("u")
	if e, _ := p.Entry(id); e.Sharing != portfolio.SharingDefault || e.Discuss {
		t.Fatalf("after three u: %v %v", e.Sharing, e.Discuss)
	}
	d.keys("u")
	d.expect("Nothing to undo")
}

// While a question is open, u neither undoes something else nor answers it: the
// question stays until y, n or esc.
func TestUndoKeyUnderAnOpenQuestion(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	id := d.openAudit()
	d.keys("S")
	d.keys("d")
	d.expect("Delete this entry?")
	d.keys("u")
	d.expect("Delete this entry?")
	if e, ok := p.Entry(id); !ok || e.Sharing != portfolio.SharingShareable {
		t.Fatalf("u under the question changed the vault: %v %v", ok, e)
	}
	d.keys("n")
	d.expect("Kept the entry.")
}

// Change a reflection, see the old wording in the history's diff, and restore it.
func TestHistoryDiffAndRestore(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	id := d.openAudit()
	d.edit(" REVISED")
	d.keys("h")
	d.expect("History of entry", "2 versions", "current")
	if h := d.app.top().(*history.History); len(h.Versions) != 2 {
		t.Fatalf("versions: %d", len(h.Versions))
	}
	d.keys("tab")
	d.expect("What version 2 changed from version 1", "{+ REVISED+}")
	d.keys("esc", "j", "enter")
	d.expect("Version 1 of 2", "Audit of warfarin INR checks")
	if strings.Contains(d.screen(), "REVISED") {
		t.Errorf("version 1 shows the later wording:\n%s", d.screen())
	}
	d.keys("esc", "r")
	d.expect("Restore version 1 as the current one?")
	d.keys("y")
	d.expect("Restored version 1 as version 3", "3 versions")
	if e, _ := p.Entry(id); e.Title != "Audit of warfarin INR checks" {
		t.Fatalf("restore left the title %q", e.Title)
	}
}

// Delete by mistake, find it in the trash, bring it back; emptying asks first and
// says it cannot be undone.
func TestTrashRestoreAndEmpty(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	id := d.openAudit()
	d.keys("d", "y")
	d.expect("Moved the entry to the trash")
	d.keys("esc", "esc", "T")
	d.expect("› Trash", "entry", "Audit of warfarin INR checks", "deleted ")
	d.keys("enter")
	d.expect("As it was when deleted", "Two of twelve patients")
	d.keys("esc", "r")
	d.expect("Restored entry “Audit of warfarin INR checks” with its history", "The trash is empty.", "5 entries")
	if _, ok := p.Entry(id); !ok {
		t.Fatal("r did not restore the entry")
	}
	d.keys("esc", "e", "enter")
	d.expect("Two of twelve patients")
	d.keys("d", "y", "esc", "esc", "T")
	d.expect("Audit of warfarin INR checks")
	d.keys("E")
	d.expect("Empty the trash?", "It cannot be undone.")
	d.keys("n")
	d.expect("Kept the trash as it is.")
	if !p.InTrash(id) {
		t.Fatal("n emptied the trash")
	}
	d.keys("E", "y")
	d.expect("Emptied the trash: erased 1 record", "The trash is empty.")
	if p.InTrash(id) {
		t.Fatal("the entry is still in the trash")
	}
}

// A record's attached files go to the trash with it: the trash shows them on its
// row, and emptying it names them before they are erased.
func TestTrashNamesAttachedFiles(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	id := d.openAudit()
	if _, err := attachment.Attach(p, id, "audit-report.pdf", strings.NewReader("%PDF-1.4 report")); err != nil {
		t.Fatal(err)
	}
	d.keys("d", "y")
	d.expect("Moved the entry to the trash")
	d.keys("esc", "esc", "T")
	d.expect("Audit of warfarin INR checks · 1 file")
	d.keys("E")
	d.expect("This erases 1 record and all its versions, and 1 attached file.")
	d.keys("y")
	d.expect("Emptied the trash: erased 1 record and all its versions, and 1 attached file.", "The trash is empty.")
	if atts, err := attachment.Attachments(p, ""); err != nil || len(atts) != 0 {
		t.Fatalf("attachments after emptying: %v %v", atts, err)
	}
}

// The same undo through the running program: delete an entry by mistake, u brings
// it back, and the entries list shows it again.
func TestUndoDeleteInTheRunningApp(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "e")
	waitFor(t, tm, pr, "Search:", "Audit of warfarin INR checks")
	press(tm, "enter")
	waitFor(t, tm, pr, "Two of twelve patients")
	press(tm, "d", "y")
	waitFor(t, tm, pr, "Moved the entry to the trash", "4 entries")
	press(tm, "u")
	waitFor(t, tm, pr, "Undone: the deletion of entry", "It is back.", "5 entries", "Audit of warfarin INR checks")
}

// A relationship goes to the trash with its meetings and comes back with u; an
// ended one reopens with X and u ends it again.
func TestRelationshipTrashAndReopen(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	rel := mentorship.Relationships(p)[0]
	meetings := len(mentorship.Meetings(p, rel.ID))
	if meetings == 0 {
		t.Fatal("the seed has no meetings")
	}
	d.keys("m", "enter")
	d.expect("mentored by Sam Okafor")
	d.keys("d")
	d.expect("Move the relationship with Sam Okafor to the trash?")
	d.keys("y")
	d.expect("Moved the relationship with Sam Okafor to the trash")
	if _, ok := mentorship.Relationship(p, rel.ID); ok || len(mentorship.Meetings(p, rel.ID)) != 0 {
		t.Fatal("the relationship or its meetings are still live")
	}
	d.keys("u")
	d.expect("Undone: the deletion of relationship", "mentored by Sam Okafor")
	if _, ok := mentorship.Relationship(p, rel.ID); !ok || len(mentorship.Meetings(p, rel.ID)) != meetings {
		t.Fatalf("u brought back the relationship %v with %d of %d meetings", ok, len(mentorship.Meetings(p, rel.ID)), meetings)
	}

	if _, err := mentorship.EndRelationship(p, rel.ID, "moved post"); err != nil {
		t.Fatal(err)
	}
	d.keys("enter")
	d.expect("ended")
	d.keys("X")
	d.expect("Reopen the relationship with Sam Okafor?")
	d.keys("y")
	d.expect("Reopened the relationship with Sam Okafor")
	if r, _ := mentorship.Relationship(p, rel.ID); r.Status != portfolio.RelActive {
		t.Fatalf("after X, y: %v", r.Status)
	}
	d.keys("u")
	d.expect("Undone: the status change of relationship")
	if r, _ := mentorship.Relationship(p, rel.ID); r.Status != portfolio.RelEnded || r.EndReason != "moved post" {
		t.Fatalf("after u: %v %q", r.Status, r.EndReason)
	}
}

// A document received goes to the trash from the list after a question, and u
// brings it back.
func TestReceivedDocumentTrashAndUndo(t *testing.T) {
	d := globalDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("m", "i")
	d.expect("Your sharing key", "Notes from Sam")
	doc := share.ReceivedDocuments(p, "")[0]
	d.keys("d")
	d.expect("Move “Notes from Sam” to the trash?")
	d.keys("y")
	d.expect("Moved “Notes from Sam” to the trash")
	if len(share.ReceivedDocuments(p, "")) != 0 || !p.InTrash(doc.ID) {
		t.Fatal("the document is not in the trash")
	}
	if strings.Contains(d.screen(), "Notes from Sam  ") {
		t.Errorf("the list still shows it:\n%s", d.screen())
	}
	d.keys("u")
	d.expect("Undone: the deletion of received", "Notes from Sam")
	if len(share.ReceivedDocuments(p, "")) != 1 {
		t.Fatal("u did not bring the document back")
	}
}

// A goal goes to the trash from the list with its action plan, the status bar
// counts follow, and u brings both back.
func TestGoalTrashAndUndo(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	g := goals.List(p, portfolio.GoalOpen)[0]
	actions := len(goals.Actions(p, g.ID))
	d.keys("g")
	d.expect("Counsel patients starting DOACs")
	d.keys("d")
	d.expect("Move this goal to the trash?", "Its action plan goes with it")
	d.keys("y")
	d.expect("Moved the goal", "with 3", "0 open goals")
	if len(goals.List(p, portfolio.GoalOpen)) != 0 || len(goals.Actions(p, g.ID)) != 0 {
		t.Fatal("the goal or its actions are still live")
	}
	d.keys("u")
	d.expect("Undone: the deletion of goal", "1 open goal", "Counsel patients starting DOACs")
	if _, ok := goals.Get(p, g.ID); !ok || len(goals.Actions(p, g.ID)) != actions {
		t.Fatalf("u brought back the goal %v with %d of %d actions", ok, len(goals.Actions(p, g.ID)), actions)
	}
}

// u on a form (a choice in focus, so not typing) changes nothing underneath it.
func TestUndoKeyOnAFormUndoesNothing(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	id := d.openAudit()
	d.keys("S", "esc", "esc", "n", "enter")
	d.expect("New entry")
	if d.app.top().Typing() {
		t.Fatal("the editor opens on a text field; the test needs a row that is not")
	}
	d.keys("u")
	d.expect("save or leave this form first")
	if e, _ := p.Entry(id); e.Sharing != portfolio.SharingShareable {
		t.Fatalf("u on the form undid the sharing change: %v", e.Sharing)
	}
}
