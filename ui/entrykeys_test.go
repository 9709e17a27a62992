package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/pages/meetings"
)

// The editor's key to hide the identifier warning is in the keymap, so the help
// lists it.
func TestEditorHelpListsHideWarning(t *testing.T) {
	d := seededDriver(t)
	d.keys("n", "enter")
	d.expect("New entry")
	d.send(tea.KeyPressMsg{Code: tea.KeyF1})
	d.expect("ctrl+o", "hide warning")
}

// The entry view flags an entry to discuss and cycles its sharing, saving each
// change and showing it in the entry's facts.
func TestEntryViewFlagsAndSharing(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("e", "enter")
	d.expect("Audit of warfarin INR checks")
	id := d.app.top().(*entriespkg.EntryView).Id
	state := func() (portfolio.Sharing, bool) {
		e, _ := p.Entry(id)
		return e.Sharing, e.Discuss
	}

	d.keys("f")
	d.expect("Flagged to discuss", "to discuss")
	if sh, disc := state(); sh != portfolio.SharingDefault || !disc {
		t.Fatalf("after f: sharing %v, discuss %v", sh, disc)
	}
	d.keys("S")
	d.expect("shareable · to")
	if sh, disc := state(); sh != portfolio.SharingShareable || !disc {
		t.Fatalf("after S: sharing %v, discuss %v", sh, disc)
	}
	d.keys("S")
	d.expect("Private: never offered", "private")
	if sh, disc := state(); sh != portfolio.SharingPrivate || disc {
		t.Fatalf("private and still to discuss: sharing %v, discuss %v", sh, disc)
	}
	// A private entry cannot be flagged; nothing is saved.
	d.keys("f")
	d.expect("This entry is private")
	if _, disc := state(); disc {
		t.Fatal("a private entry was flagged to discuss")
	}
	d.keys("S")
	d.expect("Unshared and not flagged")
	if sh, _ := state(); sh != portfolio.SharingDefault {
		t.Fatalf("sharing did not cycle back: %v", sh)
	}
	if strings.Contains(d.screen(), "private") {
		t.Errorf("the view still says private:\n%s", d.screen())
	}
}

// A sharing change is one key, so each says what it did and u (the app's undo of
// the newest change) takes it back: on the entry view and on the flags list.
func TestFlagChangeIsNamedAndUndone(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("e", "enter")
	id := d.app.top().(*entriespkg.EntryView).Id
	sharing := func() portfolio.Sharing { e, _ := p.Entry(id); return e.Sharing }

	d.keys("S")
	d.expect("Shareable: its text goes in meeting summaries", "u undoes")
	if got := sharing(); got != portfolio.SharingShareable {
		t.Fatalf("after S: %v", got)
	}
	d.keys("u")
	d.expect("Undone: the sharing change of entry", "Unshared")
	if got := sharing(); got != portfolio.SharingDefault {
		t.Fatalf("after u: %v", got)
	}
	d.keys("u")
	d.expect("Nothing to undo")

	d.keys("esc", "esc", "m", "f")
	d.expect("Entries to discuss")
	first := d.app.top().(*meetings.EntryFlags).Entries[0]
	d.keys("S")
	d.expect("Shareable: its text goes in meeting summaries", "u undoes")
	if e, _ := p.Entry(first.ID); e.Sharing != portfolio.SharingShareable {
		t.Fatalf("flags list, after S: %v", e.Sharing)
	}
	d.keys("space")
	if e, _ := p.Entry(first.ID); !e.Discuss {
		t.Fatal("flags list: space did not flag the entry")
	}
	d.keys("u")
	d.expect("Undone: the “to discuss” flag of entry")
	if e, _ := p.Entry(first.ID); e.Discuss || e.Sharing != portfolio.SharingShareable {
		t.Fatalf("flags list, after u: sharing %v, discuss %v", e.Sharing, e.Discuss)
	}
}
