package ui

import (
	"github.com/foliohq/folio/portfolio/goals"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/viewer"
)

// seedAttachments attaches a certificate, slides and an audit sheet to the warfarin
// audit entry.
func seedAttachments(t *testing.T, opts common.Options) {
	t.Helper()
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now, KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	list := p.Find(portfolio.Query{Text: "warfarin"})
	if len(list) != 1 {
		t.Fatalf("seeded entry: %d found", len(list))
	}
	for _, f := range []struct{ name, body string }{
		{"certificate.pdf", "%PDF-1.4 " + strings.Repeat("certificate ", 200)},
		{"slides.txt", "INR recall: slide notes"},
		{"INR audit – Q1.csv", "patient,inr\n"},
	} {
		if _, err := attachment.Attach(p, list[0].ID, f.name, strings.NewReader(f.body)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGoldenEntryViewAttachments(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedAttachments)
	press(tm, "e")
	waitFor(t, tm, pr, "Audit of warfarin INR checks")
	press(tm, "enter")
	waitFor(t, tm, pr, "raised at the team huddle", "Attachments (3)", "certificate.pdf")
	press(tm, "]")
	waitFor(t, tm, pr, "› INR audit – Q1.csv")
	requireGolden(t, pr)
}

func TestGoldenEntryViewAttachmentsDarkANSI(t *testing.T) {
	tm, pr := unlockSeededWith(t, seedAttachments)
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	press(tm, "e")
	waitFor(t, tm, pr, "Audit of warfarin INR checks")
	press(tm, "enter")
	waitFor(t, tm, pr, "raised at the team huddle", "Attachments (3)", "› ")
	requireGoldenANSI(t, pr)
}

// A file is attached by its path, typed at a prompt; the help names the keys.
func TestAttachByPath(t *testing.T) {
	d := seededDriver(t)
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("what I learned"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.keys("e", "enter")
	d.expect("raised at the team huddle")
	if strings.Contains(d.screen(), "Attachments") {
		t.Error("an entry with no attachments lists them")
	}
	d.keys("?")
	d.expect("attach a file")
	d.keys("?", "A")
	d.expect("Attach the file at:")
	// Letters are text in the prompt: e would otherwise edit the entry.
	d.typeText(file)
	d.keys("enter")
	d.expect("Attached notes.txt (14 B, text/plain; charset=utf-8).", "Attachments (1)", "› notes.txt", "14 B")
	list, err := attachment.Attachments(d.app.ctx.Portfolio, d.app.top().(*entriespkg.EntryView).Id)
	if err != nil || len(list) != 1 || list[0].Name != "notes.txt" {
		t.Fatalf("attachments after the prompt: %v %v", list, err)
	}

	// A path that is no file is said to, and nothing is attached.
	d.keys("A")
	d.typeText(filepath.Join(t.TempDir(), "missing.pdf"))
	d.keys("enter")
	d.expect("cannot attach", "missing.pdf")
	d.expect("Attachments (1)")
}

// A file dropped on the terminal is pasted quoted, with its spaces escaped, or as a
// file:// address, and a new user's first try is often just that: each attaches
// the file. A folder is called a folder.
func TestAttachDroppedPath(t *testing.T) {
	d := seededDriver(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "GPhC certificate.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4 certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.keys("e", "enter")
	d.expect("raised at the team huddle")
	id := d.app.top().(*entriespkg.EntryView).Id
	dropped := []string{
		"'" + file + "' ",
		`"` + file + `"`,
		strings.ReplaceAll(file, " ", `\ `),
		"file://" + strings.ReplaceAll(file, " ", "%20"),
	}
	for i, typed := range dropped {
		d.keys("A")
		d.expect("Attach the file at:")
		d.send(tea.PasteMsg{Content: typed})
		d.keys("enter")
		d.expect("Attached GPhC certificate.pdf (20 B, application/pdf).")
		list, err := attachment.Attachments(d.app.ctx.Portfolio, id)
		if err != nil || len(list) != i+1 {
			t.Fatalf("after pasting %q: %d attachments, %v", typed, len(list), err)
		}
	}

	d.keys("A")
	d.typeText(dir)
	d.keys("enter")
	d.expect("it is a folder;")
	if list, _ := attachment.Attachments(d.app.ctx.Portfolio, id); len(list) != len(dropped) {
		t.Errorf("a folder attached something: %d attachments", len(list))
	}
}

// Deleting an entry says its files go to the trash with it, and restoring it from
// the trash brings them back: a certificate is what a user fears losing.
func TestDeletedEntryTakesItsFilesAndBringsThemBack(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	seedAttachments(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()
	d.keys("e")
	d.expect("Audit of warfarin INR checks")
	d.keys("enter")
	d.expect("Attachments (3)")
	id := d.app.top().(*entriespkg.EntryView).Id
	d.keys("d")
	d.expect("Delete this entry?", "Its 3 attached files go with it, and come back with it.")
	d.keys("y")
	d.expect("Moved the entry to the trash")
	if list, _ := attachment.Attachments(d.app.ctx.Portfolio, id); len(list) != 0 {
		t.Errorf("the deleted entry's files are still listed: %v", list)
	}
	d.keys("esc", "esc", "T")
	d.expect("Trash", "Audit of warfarin INR checks")
	d.keys("r")
	d.expect("Restored entry")
	list, err := attachment.Attachments(d.app.ctx.Portfolio, id)
	if err != nil || len(list) != 3 {
		t.Fatalf("after the restore the entry has %d files: %v", len(list), err)
	}
}

// fakeViewer starts a viewer that reports the modes of the copy's folder and file
// and the copy's path into a fifo, then waits to be stopped.
func fakeViewer(t *testing.T) (getenv func(string) string, report string) {
	t.Helper()
	if !viewer.InMemory("/dev/shm") {
		t.Skip("this system has no /dev/shm on tmpfs")
	}
	dir := t.TempDir()
	report = filepath.Join(dir, "report")
	if err := syscall.Mkfifo(report, 0o600); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "viewer.sh")
	body := "#!/bin/sh\n{ stat -c '%a' \"$(dirname \"$1\")\"; stat -c '%a' \"$1\"; echo \"$1\"; } > " + report + "\nexec sleep 600\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{viewer.EnvViewer: script, "XDG_RUNTIME_DIR": "/dev/shm"}
	return func(k string) string { return env[k] }, report
}

// readReport waits for the viewer's report.
func readReport(t *testing.T, report string) []string {
	t.Helper()
	got := make(chan []byte, 1)
	go func() {
		b, _ := os.ReadFile(report)
		got <- b
	}()
	select {
	case b := <-got:
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	case <-time.After(20 * time.Second):
		t.Fatal("the viewer never looked at the file")
	}
	return nil
}

// O opens the selected attachment: the viewer reads a copy, 0600 in a 0700
// folder in memory; locking wipes the copy before the lock screen shows.
func TestOpenAttachmentWipedAtLock(t *testing.T) {
	getenv, report := fakeViewer(t)
	clk := newClock()
	opts := testOptions(t, clk)
	opts.Getenv = getenv
	seedVault(t, opts)
	seedAttachments(t, opts)
	tm, pr := startApp(t, opts, 80, 24)
	waitFor(t, tm, pr, "Unlock your folio")
	tm.Type(testPassphrase)
	press(tm, "enter")
	waitFor(t, tm, pr, "Dashboard")
	press(tm, "e")
	waitFor(t, tm, pr, "Audit of warfarin INR checks")
	press(tm, "enter")
	waitFor(t, tm, pr, "Attachments (3)", "› certificate.pdf")
	press(tm, "O")
	seen := readReport(t, report)
	if len(seen) != 3 || seen[0] != "700" || seen[1] != "600" || !strings.HasPrefix(seen[2], "/dev/shm/folio-view-") || filepath.Base(seen[2]) != "certificate.pdf" {
		t.Fatalf("the viewer saw %q", seen)
	}
	waitFor(t, tm, pr, "Showing certificate.pdf")
	if _, err := os.Stat(seen[2]); err != nil {
		t.Fatalf("the copy is gone while the viewer runs: %v", err)
	}
	tm.Send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	waitFor(t, tm, pr, "Unlock your folio")
	if _, err := os.Stat(filepath.Dir(seen[2])); !os.IsNotExist(err) {
		t.Errorf("the copy's folder outlived the lock: %v", err)
	}
}

// The goal and relationship pages list their own files, and attach to themselves.
func TestGoalAndRelationshipListAttachments(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	g := goals.List(p, portfolio.GoalOpen)[0]
	if _, err := attachment.Attach(p, g.ID, "learning-plan.pdf", strings.NewReader("%PDF plan")); err != nil {
		t.Fatal(err)
	}
	acts := goals.Actions(p, g.ID)
	if _, err := attachment.Attach(p, acts[0].ID, "guide-notes.txt", strings.NewReader("notes")); err != nil {
		t.Fatal(err)
	}
	d.keys("g", "enter")
	// The goal's files and the selected action's, each labelled.
	d.expect("Counsel patients starting DOACs", "Attachments (2)", "learning-plan.pdf", "goal", "guide-notes.txt", "action", "application/pdf")
	d.keys("down")
	d.expect("Attachments (1)", "learning-plan.pdf")
	if strings.Contains(d.screen(), "guide-notes.txt") {
		t.Error("the first action's file still shows with the second selected")
	}
	// tab at the prompt attaches to the selected action instead of the goal.
	plan := filepath.Join(t.TempDir(), "clinic.txt")
	if err := os.WriteFile(plan, []byte("rota"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.keys("A")
	// The footer names the prompt's keys, not the page's.
	d.expect("Attaching to the goal", "tab attach to the other", "esc cancel")
	d.keys("tab")
	d.expect("Attaching to the selected action")
	d.typeText(plan)
	d.keys("enter")
	d.expect("Attached clinic.txt", "Attachments (2)")
	if list, err := attachment.Attachments(p, acts[1].ID); err != nil || len(list) != 1 || list[0].Name != "clinic.txt" || list[0].Kind != portfolio.KindAction {
		t.Fatalf("the second action's files: %v %v", list, err)
	}

	file := filepath.Join(t.TempDir(), "agreement.txt")
	if err := os.WriteFile(file, []byte("we agree"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := unlockMentoring(t)
	m.keys("m", "enter")
	m.expect("mentored by Sam Okafor")
	m.keys("A")
	m.typeText(file)
	m.keys("enter")
	m.expect("Attached agreement.txt", "Attachments (1)", "› agreement.txt")
	rel := mentorship.Relationships(m.app.ctx.Portfolio)[0]
	list, err := attachment.Attachments(m.app.ctx.Portfolio, rel.ID)
	if err != nil || len(list) != 1 || list[0].Kind != portfolio.KindRelationship {
		t.Fatalf("the relationship's attachments: %v %v", list, err)
	}
}

// A held meeting's page lists its files under the record.
func TestMeetingListsAttachments(t *testing.T) {
	m := unlockMentoring(t)
	p := m.app.ctx.Portfolio
	rel := mentorship.Relationships(p)[0]
	ms := mentorship.Meetings(p, rel.ID)
	if len(ms) == 0 || !ms[len(ms)-1].Held {
		t.Fatalf("seeded meetings: %v", ms)
	}
	if _, err := attachment.Attach(p, ms[len(ms)-1].ID, "slides.pdf", strings.NewReader("%PDF slides")); err != nil {
		t.Fatal(err)
	}
	m.keys("m", "enter")
	m.expect("mentored by Sam Okafor")
	m.keys("enter")
	m.expect("Meeting", "Attachments (1)", "› slides.pdf", "11 B")
}

// Leaving the app, however it ends, wipes what it opened in a viewer.
func TestShutdownWipesOpenedCopies(t *testing.T) {
	getenv, report := fakeViewer(t)
	clk := newClock()
	opts := testOptions(t, clk)
	opts.Getenv = getenv
	seedVault(t, opts)
	a := newApp(opts)
	o, err := a.ctx.Viewer.Open("certificate.pdf", strings.NewReader("%PDF"))
	if err != nil {
		t.Fatal(err)
	}
	readReport(t, report)
	a.shutdown()
	if _, err := os.Stat(filepath.Dir(o.Path)); !os.IsNotExist(err) {
		t.Errorf("the copy's folder outlived the app: %v", err)
	}
	select {
	case <-o.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("the viewer still runs after the app ended")
	}
}
