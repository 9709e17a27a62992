package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/snapshot"
	"github.com/foliohq/folio/ui/common"
)

// cheapKDF keeps vault creation fast in tests; the program's default is slow on purpose.
var cheapKDF = portfolio.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

const testPassphrase = "correct horse battery staple"

// clock is a settable clock for tests, safe to read from commands.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, time.March, 14, 9, 30, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testOptions puts the vault in a fresh home directory, so the path on screen is
// always ~/folio/vault.folio.
func testOptions(t *testing.T, clk *clock) common.Options {
	home := t.TempDir()
	t.Setenv("HOME", home)
	return common.Options{
		VaultPath: filepath.Join(home, "folio", "vault.folio"),
		LockAfter: 10 * time.Minute,
		Now:       clk.Now,
		KDF:       cheapKDF,
		ConfigDir: snapshotsOff(t),
	}
}

// snapshotsOff is a settings folder with automatic snapshots turned off, so tests
// that do not look at snapshots leave no copy being written when they end.
func snapshotsOff(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, snapshot.PolicyFile), []byte("off = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedVault creates a vault at opts.VaultPath with a few entries under each
// function, one from a year ago today, and a goal with three actions.
func seedVault(t *testing.T, opts common.Options) {
	t.Helper()
	p, err := portfolio.Create(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	today := calendar.DateOf(opts.Now())
	add := func(title string, fs portfolio.Function, daysAgo int, tags []string, body string) {
		t.Helper()
		if _, err := p.AddEntry(portfolio.Entry{Title: title, Functions: portfolio.Functions(fs), Date: today - calendar.Date(daysAgo), Tags: tags, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	add("Audit of warfarin INR checks", portfolio.Normative, 1, []string{"anticoagulation", "audit"}, "Two of twelve patients had no INR in the last 12 weeks.\n\n- raised at the team huddle\n- added a recall")
	add("Difficult conversation about a dispensing error", portfolio.Restorative, 3, []string{"error", "debrief"}, "I felt shaken. Talked it through with my mentor.")
	add("Learning the DOAC dosing rules", portfolio.Formative, 5, []string{"anticoagulation", "doac"}, "Renal function drives the dose of **apixaban** less than of edoxaban.")
	add("Controlled drugs register check", portfolio.Normative, 40, []string{"cd"}, "Weekly balance check found one discrepancy; resolved.")
	add("One year on: first week on the wards", portfolio.Restorative, 365, nil, "Everything was new.")
	g, err := goals.Add(p, portfolio.Goal{Title: "Counsel patients starting DOACs confidently", Functions: portfolio.Functions(portfolio.Formative), Target: today + 60, Why: "Patients ask about bleeding and missed doses."})
	if err != nil {
		t.Fatal(err)
	}
	for i, what := range []string{"Read the DOAC counselling guide", "Shadow the anticoagulation clinic", "Counsel three patients under supervision"} {
		due := []calendar.Date{today - 5, today - 2, today + 4}[i]
		a, err := goals.AddAction(p, portfolio.Action{GoalID: g.ID, What: what, Due: due})
		if err != nil {
			t.Fatal(err)
		}
		status := []portfolio.ActionStatus{portfolio.ActionDone, portfolio.ActionDoing, portfolio.ActionTodo}[i]
		if _, err := goals.SetActionStatus(p, a.ID, status); err != nil {
			t.Fatal(err)
		}
	}
}

// probe wraps the app so a test can read the last frame it drew without racing
// the program's goroutine.
type probe struct {
	app  *app
	mu   sync.Mutex
	last string
}

func (p *probe) Init() tea.Cmd { return p.app.Init() }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.app.Update(msg)
	return p, cmd
}

func (p *probe) View() tea.View {
	v := p.app.View()
	p.mu.Lock()
	p.last = v.Content
	p.mu.Unlock()
	return v
}

// screen is the last frame as plain text: styles are dropped so goldens read as
// the user sees the layout, and stay stable across colour profiles.
func (p *probe) screen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ansi.Strip(p.last)
}

// startApp runs the app as a program at 80x24 with colour, clock and TERM pinned.
func startApp(t *testing.T, opts common.Options, width, height int) (*teatest.TestModel, *probe) {
	t.Helper()
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("NO_COLOR", "")
	pr := &probe{app: newApp(opts)}
	tm := teatest.NewTestModel(t, pr,
		teatest.WithInitialTermSize(width, height),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.ANSI256),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		),
	)
	t.Cleanup(func() {
		tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		// Run closes the vault on every way out; a test must too, or background
		// work on the open vault can still be writing when the temp dirs go.
		pr.app.shutdown()
	})
	return tm, pr
}

// waitFor waits until the screen shows all of the texts.
func waitFor(t *testing.T, tm *teatest.TestModel, pr *probe, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func([]byte) bool {
		s := pr.screen()
		for _, want := range texts {
			if !strings.Contains(s, want) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// waitGone waits until the screen no longer shows text.
func waitGone(t *testing.T, tm *teatest.TestModel, pr *probe, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func([]byte) bool {
		return !strings.Contains(pr.screen(), text)
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func keyMsg(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+c", "ctrl+u", "ctrl+e":
		return tea.KeyPressMsg{Code: rune(s[5]), Mod: tea.ModCtrl}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic(fmt.Sprintf("key %q", s))
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// press sends named keys one by one.
func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

// requireGolden compares the screen with testdata/<name>.golden; -update rewrites it.
func requireGolden(t *testing.T, pr *probe) {
	t.Helper()
	golden.RequireEqual(t, []byte(pr.screen()))
}

// unlockSeeded starts the app on a seeded vault and unlocks it.
func unlockSeeded(t *testing.T, width, height int) (*teatest.TestModel, *probe, common.Options) {
	t.Helper()
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	tm, pr := startApp(t, opts, width, height)
	waitFor(t, tm, pr, "Unlock your folio")
	tm.Type(testPassphrase)
	press(tm, "enter")
	waitFor(t, tm, pr, "Dashboard", "Counsel patients starting DOACs")
	return tm, pr, opts
}
