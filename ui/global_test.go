package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	dashboardpkg "github.com/foliohq/folio/ui/pages/dashboard"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	goalspkg "github.com/foliohq/folio/ui/pages/goals"
)

// globalScreens are the screens reached from the dashboard with no text field in
// focus, by the keys that open them and a text each shows once loaded.
type globalScreen struct {
	name string
	keys []string
	want string
}

func globalScreens() []globalScreen {
	return []globalScreen{
		{"dashboard", nil, "Recent entries"},
		{"entries", []string{"e"}, "Audit of warfarin INR checks"},
		{"entry view", []string{"e", "enter"}, "Two of twelve patients"},
		{"template picker", []string{"n"}, "Choose a template"},
		{"editor", []string{"n", "enter"}, "New entry"},
		{"goals", []string{"g"}, "Counsel patients starting DOACs"},
		{"goal view", []string{"g", "enter"}, "Shadow the anticoagulation clinic"},
		{"mentoring", []string{"m"}, "mentored by Sam Okafor"},
		{"relationship", []string{"m", "enter"}, "Agreed actions"},
		{"agenda builder", []string{"m", "enter", "p"}, "Agenda with Sam Okafor"},
		{"entry flags", []string{"m", "f"}, "Entries to discuss"},
		{"received list", []string{"m", "i"}, "Your sharing key"},
		{"received document", []string{"m", "i", "enter"}, "RECEIVED-BODY"},
		{"revalidation", []string{"r"}, "No renewal date yet"},
		{"coverage", []string{"c"}, "GPhC standards for pharmacy professionals"},
		{"coverage from revalidation", []string{"r", "c"}, "1 of 9 covered"},
		{"outcome entries", []string{"c", "enter"}, "1 entry mapped"},
		{"timeline", []string{"m", "enter", "M"}, "Milestones"},
		{"ratings chart", []string{"m", "enter", "c"}, "Self-ratings"},
		{"rating edit", []string{"m", "enter", "c", "e"}, "Edit self-assessment"},
		{"rating history", []string{"m", "enter", "c", "h"}, "History of rating"},
		{"export preview", []string{"e", "x"}, "Export entries"},
		{"entry history", []string{"e", "enter", "h"}, "History of entry"},
		{"version", []string{"e", "enter", "h", "enter"}, "Version 2 of 2"},
		{"version diff", []string{"e", "enter", "h", "tab"}, "Changes in version 2"},
		{"goal history", []string{"g", "enter", "h"}, "History of goal"},
		{"relationship history", []string{"m", "enter", "h"}, "History of relationship"},
		{"trash", []string{"T"}, "The trash is empty."},
		{"settings", []string{","}, "versions and the trash kept forever"},
	}
}

// globalDriver is a mentoring vault with a document received, an entry mapped to
// the first GPhC standard and a self-assessment, unlocked.
func globalDriver(t *testing.T) *driver {
	t.Helper()
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	pub, err := share.PublicKey(p)
	if err != nil {
		t.Fatal(err)
	}
	to, err := share.ParseRecipients([]string{pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := to.Encrypt([]byte("# Notes from Sam\n\nRECEIVED-BODY: keep going.\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := share.Receive(p, data, "sam.md.age", mentorship.Relationships(p)[0].ID); err != nil {
		t.Fatal(err)
	}
	mapEntry(t, p, "Audit of warfarin INR checks", "gphc:1")
	if _, err := mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: mentorship.Relationships(p)[0].ID, Stage: "start",
		Scores: []portfolio.Score{{Name: portfolio.ProgressOutcomes[0], Value: 2}}}); err != nil {
		t.Fatal(err)
	}
	return d
}

// vaultArchive is the whole vault as its archive export, to tell whether anything in
// it changed.
func vaultArchive(t *testing.T, p *portfolio.Portfolio) []byte {
	t.Helper()
	data, err := interchange.MarshalArchive(archive.Current(p))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// ? opens help and / opens search on every screen; esc closes help and then leaves
// the screen.
func TestHelpAndSearchOnEveryScreen(t *testing.T) {
	for _, sc := range globalScreens() {
		t.Run(sc.name, func(t *testing.T) {
			d := globalDriver(t)
			d.keys(sc.keys...)
			d.expect(sc.want)
			depth := len(d.app.stack)
			onScreen := d.app.top()

			d.keys("?")
			d.expect(" › Help", "Keys for this screen", "search", "lock now")
			d.keys("esc")
			if d.app.showHelp || d.app.top() != onScreen {
				t.Fatalf("esc did not close help back onto the screen: help %v, top %T", d.app.showHelp, d.app.top())
			}

			d.keys("/")
			en, ok := d.app.top().(*entriespkg.Entries)
			if !ok || !en.SearchInput.Focused() {
				t.Fatalf("/ did not open search: the app shows %T", d.app.top())
			}
			if sc.name != "entries" && len(d.app.stack) != depth+1 {
				t.Fatalf("/ should open search on top of the screen: stack %d, was %d", len(d.app.stack), depth)
			}

			if sc.name == "dashboard" {
				return
			}
			// Back to the screen, then esc leaves it.
			for d.app.top() != onScreen || d.app.top().Typing() {
				d.keys("esc")
			}
			d.keys("esc")
			if len(d.app.stack) >= depth {
				t.Fatalf("esc did not leave the %s: the app shows %T", sc.name, d.app.top())
			}
		})
	}
}

// After / the letters typed are a search, never commands: on the entry view they
// used to change sharing (S), flag (f) and more. Nothing in the vault changes.
func TestLettersAfterSlashChangeNothing(t *testing.T) {
	for _, sc := range globalScreens() {
		t.Run(sc.name, func(t *testing.T) {
			d := globalDriver(t)
			d.keys(sc.keys...)
			d.expect(sc.want)
			before := vaultArchive(t, d.app.ctx.Portfolio)
			d.keys("/")
			const typed = "SBARfxdyuXpa"
			d.typeText(typed)
			if after := vaultArchive(t, d.app.ctx.Portfolio); !bytes.Equal(before, after) {
				t.Fatalf("typing %q after / changed the vault", typed)
			}
			en, ok := d.app.top().(*entriespkg.Entries)
			if !ok || en.SearchInput.Value() != typed {
				t.Fatalf("the letters did not go to the search field: %T", d.app.top())
			}
		})
	}
}

// While help covers a screen, its keys do nothing: S on the entry view under help
// does not change sharing.
func TestKeysUnderHelpAreRefused(t *testing.T) {
	d := globalDriver(t)
	d.keys("e", "enter")
	d.expect("Two of twelve patients")
	before := vaultArchive(t, d.app.ctx.Portfolio)
	d.keys("?", "S", "f", "d", "y")
	d.expect("Help is open: ? or esc closes it.")
	if !bytes.Equal(before, vaultArchive(t, d.app.ctx.Portfolio)) {
		t.Fatal("keys typed under help changed the vault")
	}
}

// Keys typed while the top screen is loading wait for it, then reach it in order;
// the footer says they wait.
func TestKeysWaitForALoadingScreen(t *testing.T) {
	d := globalDriver(t)
	a := d.app
	// Open the goals list without running its load, as if the keys came faster
	// than the vault answered.
	_, load := a.Update(keyMsg("g"))
	if _, ok := a.top().(*goalspkg.Goals); !ok || !a.loading() {
		t.Fatalf("the goals list should be loading: the app shows %T", a.top())
	}
	a.Update(keyMsg("enter"))
	if len(a.queued) != 1 {
		t.Fatalf("%d keys queued, want 1", len(a.queued))
	}
	d.expect("Working… 1 key typed will follow")
	d.run(load)
	if _, ok := a.top().(*goalspkg.GoalView); !ok {
		t.Fatalf("the queued enter did not open the goal: the app shows %T", a.top())
	}
	d.expect("Shadow the anticoagulation clinic")
}

// Keys that wait for a screen which then closes are dropped with a note, never
// read by the screen below.
func TestQueuedKeysDroppedWhenTheirScreenCloses(t *testing.T) {
	d := globalDriver(t)
	a := d.app
	a.Update(keyMsg("g"))
	a.Update(keyMsg("n")) // on the goals list, n is a new goal; on the dashboard, a new entry
	a.stack = a.stack[:len(a.stack)-1]
	d.send(common.FlashMsg{})
	if _, ok := a.top().(*dashboardpkg.Dashboard); !ok {
		t.Fatalf("the queued key was read by another screen: the app shows %T", a.top())
	}
	d.expect("1 key typed while it loaded went unused")
}

// Keys typed right after x on the revalidation view reach the export being built:
// here enter (to the options), tab, a file name and ctrl+s, sent at once.
func TestKeysRightAfterExportStartReachIt(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedRenewal)
	press(tm, "r")
	waitFor(t, tm, pr, "Renewal on 2026-09-30")
	path := filepath.Join(t.TempDir(), "pack.md")
	press(tm, "x", "enter", "tab", "ctrl+u")
	tm.Type(path)
	press(tm, "ctrl+s")
	waitFor(t, tm, pr, "✓ Wrote the")
	if text := readExport(t, path); !bytes.Contains(text, []byte("For the renewal on 30 September 2026")) {
		t.Errorf("the pack:\n%s", text)
	}
}

// Resizing while the screens that read in a command are loading: the agenda
// preview, the meeting summary, a received document and the relationship view.
// Run with -race: the screens are built in Update, never in the command.
func TestResizeWhileScreensLoad(t *testing.T) {
	tm, pr := unlockSeededWith(t, func(t *testing.T, opts common.Options) {
		seedMentoring(t, opts)
		p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		rel := mentorship.Relationships(p)[0]
		if _, err := mentorship.SaveAgenda(p, rel.ID, calendar.DateOf(opts.Now())+2, []portfolio.AgendaItem{{Text: "AGENDA-ITEM: exam nerves"}}); err != nil {
			t.Fatal(err)
		}
		pub, err := share.PublicKey(p)
		if err != nil {
			t.Fatal(err)
		}
		to, err := share.ParseRecipients([]string{pub}, nil)
		if err != nil {
			t.Fatal(err)
		}
		data, err := to.Encrypt([]byte("# Notes from Sam\n\nRECEIVED-BODY: keep going.\n"), false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := share.Receive(p, data, "sam.md.age", rel.ID); err != nil {
			t.Fatal(err)
		}
	})
	storm := func() {
		for i := range 30 {
			tm.Send(tea.WindowSizeMsg{Width: 60 + i%3*20, Height: 20 + i%4*4})
		}
		tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	}
	press(tm, "m")
	waitFor(t, tm, pr, "mentored by Sam Okafor")
	press(tm, "enter")
	storm()
	waitFor(t, tm, pr, "Agreed actions", "Notes from Sam")

	press(tm, "v")
	storm()
	waitFor(t, tm, pr, "Agenda preview", "AGENDA-ITEM: exam nerves")
	press(tm, "esc")
	waitFor(t, tm, pr, "Agreed actions")

	// The held meeting is the second row, under the planned one.
	press(tm, "down", "enter")
	storm()
	waitFor(t, tm, pr, "Your record of the meeting", "Plan revision.")
	press(tm, "esc")
	waitFor(t, tm, pr, "Agreed actions")

	press(tm, "down", "enter")
	storm()
	// In the end the document is drawn for the window as it ended, not as it was
	// when the command started.
	teatest.WaitFor(t, tm.Output(), func([]byte) bool {
		s := pr.screen()
		if !strings.Contains(s, "RECEIVED-BODY: keep going.") || !strings.Contains(s, "read-only") {
			return false
		}
		for _, line := range strings.Split(s, "\n") {
			if ansi.StringWidth(line) > 80 {
				return false
			}
		}
		return true
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// Every screen that edits asks the same question on leaving with unsaved text,
// with the same keys: s saves, d discards, esc keeps editing; another key leaves
// the question up and says which keys answer it.
func TestOneDiscardDialogEverywhere(t *testing.T) {
	for _, tc := range []struct {
		name  string
		open  []string
		title string
	}{
		{"editor", []string{"n", "enter", "tab"}, "New entry"},
		{"action form", []string{"g", "enter", "a"}, "New action"},
		{"meeting record", []string{"m", "enter", "r"}, "Record meeting"},
		{"agenda", []string{"m", "enter", "p", "space"}, "Agenda with"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := unlockMentoring(t)
			d.keys(tc.open...)
			d.expect(tc.title)
			if tc.name != "agenda" {
				d.typeText("Something unsaved")
			}
			below := d.app.stack[len(d.app.stack)-2]
			d.keys("esc")
			d.expect("You have unsaved changes.", "s save", "d discard", "esc keep editing")
			d.keys("y")
			d.expect("You have unsaved changes.", "s saves, d discards, esc keeps editing")
			d.keys("esc")
			d.expect(tc.title)
			if strings.Contains(d.screen(), "You have unsaved changes.") {
				t.Fatal("esc did not close the question")
			}
			d.keys("esc", "d")
			if d.app.top() != below {
				t.Fatalf("d did not discard and leave: top is %T", d.app.top())
			}
		})
	}
}

// A mentor receives a shared file inside the app, where 'folio receive' cannot
// run while the app holds the vault: r on the received list asks for its path.
func TestReceiveAFileInsideTheApp(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	pub, err := share.PublicKey(p)
	if err != nil {
		t.Fatal(err)
	}
	to, err := share.ParseRecipients([]string{pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := to.Encrypt([]byte("# Sam's summary\n\nSHARED-IN-APP: the exam went well.\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "summary.md.age")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	d.keys("m", "i")
	d.expect("Your sharing key", "press r here")
	d.keys("r")
	d.expect("Receive a file", "▸ File")
	d.typeText("'" + path + "'") // as a terminal pastes a dropped file
	d.keys("tab", "right")
	d.expect("Sam Okafor")
	d.keys("ctrl+s")
	d.expect("Kept \"Sam's summary\" in your vault, read-only.", "Sam's summary")
	docs := share.ReceivedDocuments(p, "")
	if len(docs) != 1 || docs[0].RelationshipID != mentorship.Relationships(p)[0].ID || !strings.Contains(docs[0].Body, "SHARED-IN-APP") {
		t.Fatalf("received: %+v", docs)
	}
	d.keys("enter")
	d.expect("SHARED-IN-APP")

	// A path to nothing says so and keeps the form as typed.
	d.keys("esc", "r")
	d.typeText("/no/such/file.age")
	d.keys("ctrl+s")
	d.expect("there is no file /no/such/file.age", "Receive a file")
}

// The help lists every key once: a screen's own esc back or u undo used to sit
// beside the same words in the global column.
func TestHelpListsEachKeyOnce(t *testing.T) {
	for _, sc := range globalScreens() {
		t.Run(sc.name, func(t *testing.T) {
			d := globalDriver(t)
			d.keys(sc.keys...)
			d.expect(sc.want)
			seen := map[string]bool{}
			for _, g := range d.app.helpGroups() {
				for _, b := range g {
					if !b.Enabled() {
						continue
					}
					line := strings.Join(b.Keys(), "/") + " " + b.Help().Desc
					if seen[line] {
						t.Errorf("help lists %q twice", line)
					}
					seen[line] = true
				}
			}
		})
	}
}
