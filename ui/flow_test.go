package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/snapshot"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	unlockpkg "github.com/foliohq/folio/ui/pages/unlock"
)

// driver runs the app without a terminal: it feeds messages to Update and runs the
// commands that come back, in order, until the app is quiet. Commands that do not
// answer quickly are timers (cursor blink, idle ticks) and are dropped, so a test
// moves time on by itself.
type driver struct {
	t   *testing.T
	app *app
	clk *clock
}

func newDriver(t *testing.T, clk *clock, opts common.Options) *driver {
	d := &driver{t: t, app: newApp(opts), clk: clk}
	// The tests move the clock and send idle ticks themselves.
	d.app.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(d.app.Init())
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	_, cmd := d.app.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 500 {
			d.t.Fatal("the app never settled")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		// Work (crypto, disk) may be slow on a loaded machine; only a real hang
		// takes this long.
		select {
		case msg = <-done:
		case <-time.After(20 * time.Second):
			d.t.Fatal("a command did not return")
		}
		switch msg := msg.(type) {
		case nil, cursor.BlinkMsg, spinner.TickMsg:
			// Animation timers: following them would never settle.
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			d.app.quitting = true
		default:
			_, next := d.app.Update(msg)
			queue = append(queue, next)
		}
	}
}

func (d *driver) keys(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyMsg(k))
	}
}

func (d *driver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (d *driver) screen() string { return ansi.Strip(d.app.View().Content) }

func (d *driver) expect(texts ...string) {
	d.t.Helper()
	s := d.screen()
	for _, want := range texts {
		if !strings.Contains(s, want) {
			d.t.Fatalf("the screen does not show %q:\n%s", want, s)
		}
	}
}

func (d *driver) unlock() {
	d.t.Helper()
	d.typeText(testPassphrase)
	d.keys("enter")
	d.expect("Dashboard")
}

func seededDriver(t *testing.T) *driver {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	return d
}

func TestNewEntryAppearsInListAndCounts(t *testing.T) {
	d := seededDriver(t)
	before := d.app.ctx.Portfolio.FunctionCounts()
	d.keys("n")
	d.expect("Choose a template", "Free reflection")
	d.keys("enter")
	d.expect("New entry")
	d.keys("2", "3", "tab") // free text opens formative: untick it, tick restorative
	d.typeText("Quiet debrief after a busy clinic")
	d.keys("tab")
	d.send(keyMsg("ctrl+u")) // clear the date field's default
	d.typeText("yesterday")
	d.keys("tab")
	d.typeText("wellbeing, clinic")
	d.keys("tab", "tab")
	d.typeText("Took ten minutes to breathe; q and ? are just letters here.")
	d.keys("ctrl+s")
	d.expect("Saved.", "Quiet debrief after a busy clinic", "q and ? are just letters here")
	// The status bar's counts come from the root, read again after the save.
	d.expect("6 entries · 1 open goal")

	found := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "debrief busy"})
	if len(found) != 1 {
		t.Fatalf("found %d entries for the new one", len(found))
	}
	e := found[0]
	if e.Functions != portfolio.Functions(portfolio.Restorative) || e.Date != calendar.DateOf(d.clk.Now())-1 ||
		strings.Join(e.Tags, ",") != "wellbeing,clinic" {
		t.Errorf("saved %+v", e)
	}

	d.keys("esc")
	d.expect("Dashboard", "··R Quiet debrief after a")
	after := d.app.ctx.Portfolio.FunctionCounts()
	if after.All[portfolio.Restorative] != before.All[portfolio.Restorative]+1 || after.Month[portfolio.Restorative] != before.Month[portfolio.Restorative]+1 {
		t.Errorf("restorative counts went from %v to %v", before.All, after.All)
	}
	if !strings.Contains(d.screen(), "R restorative") {
		t.Error("the dashboard lost its chart")
	}

	d.keys("e")
	d.expect("Search:")
	d.keys("/")
	d.typeText("breathe")
	d.expect("Quiet debrief after a busy clinic", "1 of 1 · 1 of 6 match")
}

func TestQuitKeyIsTextWhileTyping(t *testing.T) {
	d := seededDriver(t)
	d.keys("n", "enter", "tab")
	d.typeText("q")
	if d.app.quitting {
		t.Fatal("q in the title field quit the app")
	}
	d.expect("Title     q")
	// Outside a text field, q with unsaved text asks first.
	d.keys("shift+tab", "q")
	if d.app.quitting {
		t.Fatal("q quit with unsaved text and no question")
	}
	d.expect("Quit and lose it?")
	d.keys("n")
	d.expect("Title     q")
	d.keys("q", "y")
	if !d.app.quitting {
		t.Fatal("y did not confirm quitting")
	}
}

func TestActionDoneOffersLinkedReflection(t *testing.T) {
	d := seededDriver(t)
	d.keys("g")
	d.expect("Counsel patients starting DOACs confidently")
	d.keys("enter")
	d.expect("Action plan")
	d.keys("down") // the action being done
	d.keys("space")
	d.expect("Reflect on it now?")
	d.keys("y")
	d.expect("Reflect on an action", "reflects on: Shadow the anticoagulation clinic", "Reflection after implementation", "What did you do to carry out this step?")
	d.typeText("Watching the nurse explain bleeding signs showed me what to say.")
	// The template's required sections are checked on save, and the text is kept.
	d.keys("ctrl+s")
	d.expect("not saved yet", `"What I learned" are empty`, "What changed * still empty", "Watching the nurse explain")
	d.keys("esc", "tab")
	d.typeText("I start with bleeding signs now.")
	d.keys("tab")
	d.typeText("Patients remember what they are shown.")
	d.keys("ctrl+s")
	d.expect("Saved.", "Reflects on action: Shadow the anticoagulation clinic", "## What I learned")

	p := d.app.ctx.Portfolio
	var action *portfolio.Action
	for _, a := range goals.AllActions(p) {
		if a.What == "Shadow the anticoagulation clinic" {
			action = a
		}
	}
	if action.Status != portfolio.ActionDone || action.ReflectionID == "" {
		t.Fatalf("action after reflecting: %+v", action)
	}
	e, ok := p.Entry(action.ReflectionID)
	if !ok || !e.Functions.Has(portfolio.Formative) || len(e.ActionIDs) != 1 || e.ActionIDs[0] != action.ID ||
		e.Template != "reflection-after-implementation" || len(e.Sections) != 3 {
		t.Fatalf("reflection %+v is not a formative entry linked to the action", e)
	}

	// Back on the goal, the last action done prompts a review.
	d.keys("esc")
	d.expect("reflected")
	// r on a reflected action reads its reflection rather than starting another.
	d.keys("r")
	d.expect("Reflects on action: Shadow the anticoagulation clinic", "## What I learned")
	d.keys("esc")
	d.expect("Action plan")
	d.keys("down", "space")
	d.expect("Reflect on it now?")
	d.keys("n")
	d.expect("All actions are done. Press v to review this goal.")
	d.keys("v")
	d.expect("Review goal")
	d.keys("tab")
	d.typeText("I now counsel DOAC starters without notes.")
	d.keys("ctrl+s")
	d.expect("Goal reviewed: achieved.")
	if g := goals.List(p, portfolio.GoalAchieved); len(g) != 1 || !strings.Contains(g[0].Review, "without notes") {
		t.Fatalf("achieved goals: %+v", g)
	}
}

func TestAutoLockClosesVaultAndKeepsDraft(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	d.keys("n", "enter", "2", "tab")
	d.typeText("Half-written thought")
	d.keys("tab", "tab", "tab", "tab") // past date, tags and link to the text
	d.typeText("Something I must not lose.")

	// Nine minutes idle: still open.
	d.clk.Advance(9 * time.Minute)
	d.send(idleTickMsg{gen: d.app.idleGen})
	if d.app.ctx.Portfolio == nil {
		t.Fatal("locked before the idle time")
	}
	d.clk.Advance(2 * time.Minute)
	d.send(idleTickMsg{gen: d.app.idleGen})

	if d.app.ctx.Portfolio != nil {
		t.Fatal("the portfolio is still held after auto-lock")
	}
	if len(d.app.stack) != 1 {
		t.Fatalf("screens holding decrypted data survive the lock: %d", len(d.app.stack))
	}
	if _, ok := d.app.top().(*unlockpkg.Unlock); !ok {
		t.Fatalf("after locking the app shows %T", d.app.top())
	}
	if p.EntryCount() != 0 {
		t.Error("the closed portfolio still holds entries")
	}
	d.expect("Locked after 10m idle", "tagged \"draft\"", "locked")

	d.unlock()
	drafts := d.app.ctx.Portfolio.Find(portfolio.Query{Tag: "draft"})
	if len(drafts) != 1 || drafts[0].Title != "Draft: Half-written thought" || drafts[0].Body != "Something I must not lose." {
		t.Fatalf("drafts after unlocking: %d, first %+v", len(drafts), drafts[0])
	}
}

func TestSaveFailureKeepsText(t *testing.T) {
	d := seededDriver(t)
	d.keys("n", "enter", "1", "tab")
	d.typeText("An entry about tomorrow")
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText("next friday")
	d.keys("tab", "tab", "tab")
	d.typeText("Body I typed.")
	d.keys("ctrl+s")
	d.expect("the future;", "Body I typed.", "An entry about tomorrow")
	if _, ok := d.app.top().(*entriespkg.Editor); !ok {
		t.Fatalf("a failed save left the editor for %T", d.app.top())
	}
	// Leaving asks first.
	d.keys("esc") // dismisses the error
	d.keys("esc")
	d.expect("You have unsaved changes.")
	d.keys("esc")
	d.expect("Body I typed.")
}

func TestEditAndDeleteEntry(t *testing.T) {
	d := seededDriver(t)
	d.keys("e", "enter")
	d.expect("Audit of warfarin INR checks")
	d.keys("e")
	d.expect("Edit entry")
	d.keys("ctrl+e") // to the end of the title
	d.typeText(" (repeat in June)")
	d.keys("ctrl+s")
	d.expect("Saved.", "Audit of warfarin INR checks (repeat in June)")
	d.keys("d")
	d.expect("Delete this entry?")
	d.keys("y")
	d.expect("Moved the entry to the trash")
	if got := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "warfarin INR"}); len(got) != 0 {
		t.Fatalf("the entry is still there: %v", got)
	}
	if trash, err := history.Trash(d.app.ctx.Portfolio); err != nil || len(trash) != 1 || trash[0].Title != "Audit of warfarin INR checks (repeat in June)" {
		t.Fatalf("the trash holds %v (%v)", trash, err)
	}
}

// The free template lists itself as formative in the picker, so it opens with
// formative ticked and saves with a title alone.
func TestFreeTemplateOpensWithItsFunctions(t *testing.T) {
	d := seededDriver(t)
	d.keys("n")
	d.expect("·F· free")
	d.keys("enter")
	ed, ok := d.app.top().(*entriespkg.Editor)
	if !ok {
		t.Fatalf("enter on free opened %T", d.app.top())
	}
	if ed.Functions != portfolio.Functions(portfolio.Formative) {
		t.Fatalf("free text opens with functions %v, not formative as listed", ed.Functions)
	}
	d.keys("tab")
	d.typeText("Just a thought")
	d.keys("ctrl+s")
	d.expect("Saved.", "Just a thought")
	found := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "Just a thought"})
	if len(found) != 1 || found[0].Functions != portfolio.Functions(portfolio.Formative) {
		t.Fatalf("saved %v", found)
	}
}

// The date starts as today; typing a date replaces it rather than being added to
// it, and the footer says how to clear a field.
func TestTypingReplacesTheDefaultDate(t *testing.T) {
	d := seededDriver(t)
	d.keys("n", "enter", "tab")
	d.typeText("Clinic debrief")
	d.keys("tab")
	d.expect("Date      2026-03-14", "type to replace", "ctrl+u clear")
	d.typeText("3 days ago")
	d.expect("Date      3 days ago", "Wednesday 11 March 2026")
	d.keys("ctrl+s")
	d.expect("Saved.")
	found := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "Clinic debrief"})
	if len(found) != 1 || found[0].Date != calendar.DateOf(d.clk.Now())-3 {
		t.Fatalf("saved %v", found)
	}
}

// A long message is not cut at two lines: the identifier warning keeps the date of
// birth it found at its end; one longer than a third of the screen says how to
// read it whole, and f2 opens it.
func TestLongMessagesAreReadWhole(t *testing.T) {
	d := seededDriver(t)
	long := "Saved. It may hold patient identifiers. Found: an NHS number (943 476 5919) in Body, a postcode (SE1 7EH) in Body, a name after Mr (Mr Jones) in Title, and a date of birth (DOB 01/02/1960) in Body."
	d.send(entriespkg.WarnMsg{Text: long})
	d.expect("date of birth (DOB 01/02/1960)")

	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "Finding %d in the text. ", i)
	}
	b.WriteString("THE-LAST-FINDING.")
	d.send(entriespkg.WarnMsg{Text: b.String()})
	d.expect("f2 reads the whole message")
	if strings.Contains(d.screen(), "THE-LAST-FINDING") {
		t.Fatal("the long message fitted after all; the test needs a longer one")
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyF2})
	d.expect("Message", "Finding 0 in the text")
	d.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	d.expect("THE-LAST-FINDING")
	d.keys("esc")
	d.expect("Dashboard")
}

// The app takes the day's automatic snapshot after it unlocks, as the command line
// does, with the settings folder's policy; the dashboard comes first.
func TestUnlockTakesTheDaysSnapshot(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	opts.ConfigDir = t.TempDir() // no backups.toml: the default policy
	seedVault(t, opts)
	folder := filepath.Join(filepath.Dir(opts.VaultPath), "backups")
	d := newDriver(t, clk, opts)
	d.unlock()
	snaps, err := filepath.Glob(filepath.Join(folder, "*.folio"))
	if err != nil || len(snaps) != 1 {
		t.Fatalf("snapshots after unlock: %v, %v", snaps, err)
	}
	if strings.Contains(d.screen(), "snapshot") {
		t.Fatalf("a kept snapshot is not news:\n%s", d.screen())
	}
}

// A snapshot policy that cannot be read is a warning in the footer; the app works on.
func TestUnlockWarnsWhenTheSnapshotSettingsAreBroken(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	opts.ConfigDir = t.TempDir()
	if err := os.WriteFile(filepath.Join(opts.ConfigDir, snapshot.PolicyFile), []byte("daily = \"many\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	seedVault(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	d.expect("No automatic snapshot today")
}
