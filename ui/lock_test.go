package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	unlockpkg "github.com/foliohq/folio/ui/pages/unlock"
)

// TestLockForgets: after ctrl+l the root holds no portfolio, no screen but the unlock
// screen, no rendered Markdown and no queued keys; and once the lock's
// commands have run, the portfolio is closed and an entry it returned before reads as
// zero bytes, because its decrypted record was overwritten.
func TestLockForgets(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	list := p.Find(portfolio.Query{Text: "warfarin"})
	if len(list) != 1 {
		t.Fatalf("seeded entry: %d found", len(list))
	}
	e := list[0]
	d.app.ctx.MD.Render(e.Body, 60) // a rendered entry, as an entry view leaves
	d.send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})

	a := d.app
	if a.ctx.Portfolio != nil {
		t.Error("the root still holds the portfolio")
	}
	if len(a.stack) != 1 {
		t.Errorf("%d screens survive the lock", len(a.stack))
	} else if _, ok := a.top().(*unlockpkg.Unlock); !ok {
		t.Errorf("after locking the app shows %T", a.top())
	}
	// The Markdown renderer keeps no rendered text (a parser and styles only), so
	// there is no cache of it to drop.
	if len(a.queued) != 0 || a.queuedFor != nil {
		t.Error("a cache of the unlocked session survives the lock")
	}
	if p.EntryCount() != 0 {
		t.Error("the portfolio was not closed")
	}
	if strings.Trim(e.Title, "\x00") != "" || strings.Trim(e.Body, "\x00") != "" {
		t.Errorf("the entry's decrypted text was not overwritten: %q", e.Title)
	}
	d.expect("Locked.")
}

// TestLockRelaunchEnds: with Options.Relaunch, locking closes the portfolio and
// ends the program, its last frame the lock screen, and Run's caller learns the
// lock screen's note; the process is then replaced (main_lock_linux_test.go).
func TestLockRelaunchEnds(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	opts.Relaunch = true
	seedVault(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	p := d.app.ctx.Portfolio
	d.send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	if !d.app.quitting || d.app.relaunch != "Locked." {
		t.Fatalf("after locking: quitting %v, relaunch note %q", d.app.quitting, d.app.relaunch)
	}
	if d.app.ctx.Portfolio != nil || p.EntryCount() != 0 {
		t.Error("the portfolio was not dropped and closed before the program ended")
	}
	if _, ok := d.app.top().(*unlockpkg.Unlock); !ok {
		t.Errorf("the last frame shows %T", d.app.top())
	}
}

// TestStartLocked: LockedNote starts the app at the lock screen with the note.
func TestStartLocked(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	opts.LockedNote = "Locked after 10 minutes idle."
	seedVault(t, opts)
	d := newDriver(t, clk, opts)
	d.expect("Locked after 10 minutes idle.", "Passphrase")
	d.unlock()
	// The note comes from the environment: a control sequence in it is not obeyed.
	opts.LockedNote = "Locked.\x1b]52;c;aGk=\a"
	d = newDriver(t, clk, opts)
	if v := d.app.View().Content; strings.Contains(v, "\x1b]52") {
		t.Errorf("the note's control sequence reached the terminal: %q", v)
	}
}
