package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
)

// Whole-program goldens at 80x24: each drives the real program with keys and
// compares the frame it settles on with testdata/<test name>.golden.

func TestGoldenFirstRun(t *testing.T) {
	clk := newClock()
	tm, pr := startApp(t, testOptions(t, clk), 80, 24)
	waitFor(t, tm, pr, "Welcome to folio", "cannot be recovered")
	tm.Type("tide pool lantern")
	waitFor(t, tm, pr, "Passphrase: "+strings.Repeat("•", len("tide pool lantern"))+" ", "Strength: fair")
	requireGolden(t, pr)
}

func TestGoldenFirstRunCreatesVault(t *testing.T) {
	clk := newClock()
	tm, pr := startApp(t, testOptions(t, clk), 80, 24)
	waitFor(t, tm, pr, "Welcome to folio")
	tm.Type("one two three four five")
	press(tm, "enter")
	tm.Type("one two three four fivX")
	press(tm, "enter")
	waitFor(t, tm, pr, "The two passphrases differ")
	tm.Type("one two three four five")
	press(tm, "enter")
	tm.Type("one two three four five")
	press(tm, "enter")
	waitFor(t, tm, pr, "Dashboard", "No entries yet")
	requireGolden(t, pr)
}

func TestGoldenUnlockWrongPassphrase(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	tm, pr := startApp(t, opts, 80, 24)
	waitFor(t, tm, pr, "Unlock your folio")
	tm.Type("not my passphrase")
	press(tm, "enter")
	waitFor(t, tm, pr, "does not open this vault")
	requireGolden(t, pr)

	// The user can try again.
	tm.Type(testPassphrase)
	press(tm, "enter")
	waitFor(t, tm, pr, "Dashboard")
}

func TestGoldenDashboard(t *testing.T) {
	_, pr, _ := unlockSeeded(t, 80, 24)
	requireGolden(t, pr)
}

func TestGoldenEntriesFiltered(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "/")
	waitFor(t, tm, pr, "Search:")
	tm.Type("#anticoag")
	waitFor(t, tm, pr, "2 of 5 match")
	press(tm, "enter", "1")
	waitFor(t, tm, pr, "1 of 5 match")
	requireGolden(t, pr)
}

func TestGoldenEntryView(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "e")
	waitFor(t, tm, pr, "Audit of warfarin INR checks")
	press(tm, "enter")
	waitFor(t, tm, pr, "raised at the team huddle")
	requireGolden(t, pr)
}

func TestGoldenEditor(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "n")
	waitFor(t, tm, pr, "Free reflection")
	press(tm, "enter")
	waitFor(t, tm, pr, "New entry")
	press(tm, "tab") // free text opens formative, as the picker lists it
	tm.Type("Reflecting on the huddle")
	press(tm, "tab", "tab")
	tm.Type("teamwork")
	press(tm, "tab", "tab")
	tm.Type("It went well.")
	waitFor(t, tm, pr, "It went well.")
	requireGolden(t, pr)
}

func TestGoldenGoalWithActions(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "g")
	waitFor(t, tm, pr, "1/3 done")
	press(tm, "enter")
	waitFor(t, tm, pr, "Action plan", "Counsel three patients")
	requireGolden(t, pr)
}

func TestGoldenHelp(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "e")
	waitFor(t, tm, pr, "Search:")
	press(tm, "?")
	waitFor(t, tm, pr, "clear filters", "lock now")
	requireGolden(t, pr)
	press(tm, "?")
	waitGone(t, tm, pr, "lock now")
}

func TestGoldenDashboardWide(t *testing.T) {
	_, pr, _ := unlockSeeded(t, 140, 40)
	if !strings.Contains(pr.screen(), "One year on") {
		t.Error("on this day is missing at 140x40")
	}
	requireGolden(t, pr)
}

func TestGoldenExportPreview(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "e")
	waitFor(t, tm, pr, "Search:", "Audit of warfarin INR checks")
	press(tm, "space", "space")
	waitFor(t, tm, pr, "2 marked · x exports")
	press(tm, "x")
	waitFor(t, tm, pr, "Export entries", "Balance by function", "### Difficult conversation")
	requireGolden(t, pr)
}

func TestGoldenExportFindings(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedIdentifier)
	press(tm, "e")
	waitFor(t, tm, pr, "Search:", "Counselling on the ward")
	press(tm, "space")
	waitFor(t, tm, pr, "1 marked · x exports")
	press(tm, "x")
	waitFor(t, tm, pr, "2 possible identifiers to check before writing")
	press(tm, "enter")
	waitFor(t, tm, pr, "▸ Format", "~/folio-entries-2026-03-14.md")
	press(tm, "ctrl+s")
	waitFor(t, tm, pr, "This export may identify someone", "an NHS number", "y write anyway")
	requireGolden(t, pr)
}

// Keys typed straight after the key that opens a screen reach the new screen: here
// n (template picker), enter (free text), 2 (formative) and a title, sent at once.
func TestKeysRightAfterOpeningAScreenAreNotLost(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	press(tm, "n", "enter", "3", "tab")
	tm.Type("Typed at once")
	waitFor(t, tm, pr, "[R] restorative", "Title     Typed at once")
}

// At 200x60 text is set at a reading width, centred, not across the whole window.
func TestWideEntryKeepsAReadingWidth(t *testing.T) {
	d := seededDriver(t)
	addEntryToday(t, d, "free", "A long thought", strings.Repeat("Reading a long line across a wide terminal is hard. ", 12), nil)
	d.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	d.keys("e", "enter")
	d.expect("A long thought")
	widest, left := 0, 200
	for _, l := range strings.Split(d.screen(), "\n") {
		if !strings.Contains(l, "Reading a long line") {
			continue
		}
		trimmed := strings.TrimRight(l, " ")
		body := strings.TrimLeft(trimmed, " ")
		widest = max(widest, ansi.StringWidth(body))
		left = min(left, ansi.StringWidth(trimmed)-ansi.StringWidth(body))
	}
	if widest == 0 || widest > 100 {
		t.Fatalf("the text runs %d columns wide at 200 columns", widest)
	}
	if left < 40 {
		t.Fatalf("the text is not centred: left margin %d", left)
	}
}

// A tall window shows more of each dashboard list, and a new vault's dashboard
// uses its room for the first steps rather than rows of nothing.
func TestTallDashboardUsesItsRoom(t *testing.T) {
	d := seededDriver(t)
	for i := range 12 {
		addEntryToday(t, d, "free", fmt.Sprintf("Extra entry %02d", i), "x", nil)
	}
	d.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	d.keys("e", "esc") // back on the dashboard, loaded again
	d.expect("Extra entry 00", "Extra entry 11", "Audit of warfarin INR checks")

	clk := newClock()
	opts := testOptions(t, clk)
	p, err := portfolio.Create(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	e := newDriver(t, clk, opts)
	e.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	e.unlock()
	e.expect("Getting started", "writes an entry", "sets a learning goal")
}
