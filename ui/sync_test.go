package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/pages/history"
)

// syncedDriver is the app on a seeded vault that syncs through a folder with a second
// device (a copy with its own device ID), which the test drives directly.
func syncedDriver(t *testing.T) (d *driver, laptop *portfolio.Portfolio, lsync *fsync.Syncer, short string, id portfolio.ID) {
	t.Helper()
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	folder := filepath.Join(t.TempDir(), "shared")
	popts := portfolio.Options{Now: clk.Now, KDF: cheapKDF}
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), popts)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&fsync.Syncer{P: p, Folder: folder, Now: clk.Now}).Init(false); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "laptop.folio")
	if err := p.Backup(copyPath, false); err != nil {
		t.Fatal(err)
	}
	p.Close()
	laptop, err = portfolio.Open(copyPath, []byte(testPassphrase), popts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { laptop.Close() })
	lsync = &fsync.Syncer{P: laptop, Folder: folder, Now: clk.Now}
	if err := lsync.Init(true); err != nil {
		t.Fatal(err)
	}
	e, err := laptop.AddEntry(portfolio.Entry{Title: "Written on the laptop", Body: "on the train", Functions: portfolio.Functions(portfolio.Formative)})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := lsync.Sync()
	if err != nil {
		t.Fatal(err)
	}
	return newDriver(t, clk, opts), laptop, lsync, rep.Device.String()[:8], e.ID
}

// The app syncs when unlocked, on f5 and on its timer, says so in the status bar, shows
// what came on the screen, and names a conflict.
func TestAppSyncsInTheBackground(t *testing.T) {
	d, laptop, lsync, short, id := syncedDriver(t)
	d.unlock()
	d.expect("1 change from "+short, "Written on the laptop")
	cmd := d.app.startSync(true)
	d.expect("syncing…")
	d.run(cmd)

	d.clk.Advance(3 * time.Minute)
	d.send(tea.KeyPressMsg{Code: tea.KeyF5})
	d.expect("synced just now")
	d.clk.Advance(3 * time.Minute)
	d.expect("synced 3 min ago")

	// The timer's sync brings the laptop's next entry onto the dashboard.
	if _, err := laptop.AddEntry(portfolio.Entry{Title: "Second from the laptop", Body: "x", Functions: portfolio.Functions(portfolio.Normative)}); err != nil {
		t.Fatal(err)
	}
	if _, err := lsync.Sync(); err != nil {
		t.Fatal(err)
	}
	d.send(syncTickMsg{gen: d.app.idleGen})
	d.expect("1 change from "+short, "Second from the laptop")

	// Both edit one entry without seeing the other's edit: a conflict, named.
	if _, err := lsync.Sync(); err != nil { // the laptop takes this device's acknowledgement
		t.Fatal(err)
	}
	for i, p := range []*portfolio.Portfolio{laptop, d.app.ctx.Portfolio} {
		e, ok := p.Entry(id)
		if !ok {
			t.Fatalf("device %d lacks the entry", i)
		}
		e.Body = []string{"the laptop's words", "this device's words"}[i]
		if _, err := p.UpdateEntry(*e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := lsync.Sync(); err != nil {
		t.Fatal(err)
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyF5})
	d.expect("conflict: 1 record")

	// The entry's history says so, marks both versions, and c compares them.
	d.run(d.app.navigate(common.Push(history.NewHistory(d.app.ctx, id))))
	d.expect("In conflict: edited on 2 devices")
	if n := strings.Count(d.screen(), "· conflict"); n != 2 {
		t.Fatalf("the history marks %d versions in conflict, want the two:\n%s", n, d.screen())
	}
	d.keys("c")
	d.expect("Conflict", "[-laptop's-]{+device's+} words")
}

// A vault with no sync folder says nothing of sync, and f5 says how to start.
func TestAppSyncKeyWithoutFolder(t *testing.T) {
	d := seededDriver(t)
	// Not while the first look runs either.
	cmd := d.app.startSync(false)
	if s := d.screen(); strings.Contains(s, "sync") {
		t.Fatalf("a vault that does not sync shows sync in the status bar:\n%s", s)
	}
	d.run(cmd)
	if s := d.screen(); strings.Contains(s, "sync") {
		t.Fatalf("a vault that does not sync shows sync in the status bar:\n%s", s)
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyF5})
	d.expect("This vault does not sync yet")
}

// A sync that compacted on its own says so: folio tidied the shared folder for the user.
func TestAppSaysWhenSyncCompacted(t *testing.T) {
	d := seededDriver(t)
	d.send(syncDoneMsg{gen: d.app.idleGen, on: true, compacted: 300, at: d.clk.Now()})
	d.expect("Sync replaced 300 change sets of this device's in the folder with a snapshot")
}
