package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/ui/common"
)

// The app syncs in the background when unlocked, every syncEvery after that while a
// sync folder is set, and on the sync key; a sync through a git remote that hangs is
// stopped after syncTimeout.
const (
	syncEvery   = 5 * time.Minute
	syncTimeout = 2 * time.Minute
)

// syncState is what the status bar says of sync.
type syncState struct {
	on      bool // the vault has a sync folder (known once a sync has looked)
	running bool
	last    time.Time // the last sync that ended without an error
	err     error     // the last sync's error, if it had one
	// changes are the versions the last sync applied, from the devices in from.
	changes   int
	from      []string
	conflicts int
}

type (
	// syncDoneMsg is a sync's outcome; gen drops one begun before a lock.
	syncDoneMsg struct {
		gen, changes, conflicts int
		compacted               int // this device's change sets a compaction replaced
		on, manual              bool
		from                    []string
		err                     error
		at                      time.Time
	}
	syncTickMsg struct{ gen int }
)

// startSync begins a sync off the update loop, unless one is running.
func (a *app) startSync(manual bool) tea.Cmd {
	p := a.ctx.Portfolio
	if p == nil || a.sync.running {
		if manual && a.sync.running {
			a.note, a.noteErr, a.noteWarn = "Already syncing.", false, false
		}
		return nil
	}
	a.sync.running = true
	gen, now := a.idleGen, a.ctx.Now
	return func() tea.Msg { return runSync(p, now, gen, manual) }
}

// runSync is the I/O of one sync, run as a command.
func runSync(p *portfolio.Portfolio, now func() time.Time, gen int, manual bool) syncDoneMsg {
	msg := syncDoneMsg{gen: gen, manual: manual}
	sy := &fsync.Syncer{P: p, Now: now}
	folder, err := sy.Configured()
	if err != nil || folder == "" {
		msg.err = err
		return msg
	}
	msg.on = true
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	defer cancel()
	rep, _, err := sy.Exchange(ctx)
	msg.err, msg.at = err, now()
	if rep != nil {
		msg.changes = rep.Versions
		if c := rep.Compacted; c != nil {
			msg.compacted = len(c.Removed)
		}
		seen := map[string]bool{}
		for _, f := range rep.Applied {
			dev, _, _ := strings.Cut(f, "/")
			if short := dev[:min(len(dev), 8)]; !seen[short] {
				seen[short] = true
				msg.from = append(msg.from, short)
			}
		}
		if msg.err == nil && len(rep.Refused) > 0 {
			msg.err = fmt.Errorf("%d change set(s) in the sync folder refused: %v", len(rep.Refused), rep.Refused[0])
		}
	}
	if cs, err := store.Conflicts(p); err == nil {
		msg.conflicts = len(cs)
	}
	return msg
}

// updateSync handles sync's messages; ok is false for any other.
func (a *app) updateSync(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case syncTickMsg:
		if msg.gen != a.idleGen || a.ctx.Portfolio == nil || a.locking {
			return nil, true
		}
		return a.startSync(false), true
	case syncDoneMsg:
		if msg.gen != a.idleGen {
			return nil, true // begun before a lock: the vault it synced is closed
		}
		s := &a.sync
		s.running, s.on = false, msg.on
		if !msg.on {
			if msg.manual {
				a.note, a.noteErr, a.noteWarn = "This vault does not sync yet: run folio sync init FOLDER on the command line (docs/SYNC.md).", false, true
			}
			if msg.err != nil {
				a.note, a.noteErr, a.noteWarn = "Sync: "+common.ErrorText(msg.err), true, false
			}
			return nil, true
		}
		s.err, s.conflicts = msg.err, msg.conflicts
		if msg.err == nil {
			s.last = msg.at
		} else if msg.manual {
			a.note, a.noteErr, a.noteWarn = "Sync: "+common.ErrorText(msg.err), true, false
		}
		s.changes, s.from = msg.changes, msg.from
		if msg.compacted > 0 && msg.err == nil {
			// folio decided to tidy the shared folder: it says so.
			a.note, a.noteErr, a.noteWarn = fmt.Sprintf("Sync replaced %s of this device's in the folder with a snapshot (docs/SYNC.md, Compaction).",
				common.Plural(msg.compacted, "change set", "change sets")), false, false
		}
		cmds := []tea.Cmd{a.tick(syncEvery, func(time.Time) tea.Msg { return syncTickMsg{msg.gen} })}
		if msg.changes > 0 {
			// What came may be on the screen: it reads its data again, as after an undo.
			if r, ok := a.top().(common.Resumer); ok {
				cmds = append(cmds, r.Resume())
			}
			cmds = append(cmds, readCounts(a.ctx.Portfolio))
		}
		return tea.Batch(cmds...), true
	}
	return nil, false
}

// syncStatus is the status bar's word on sync: "" for a vault that does not sync.
func (a *app) syncStatus() string {
	s := a.sync
	switch {
	case !s.on:
		// Not known to sync until the first sync has looked: a vault that does not
		// sync shows nothing, not even while that look runs.
		return ""
	case s.running:
		return "syncing…"
	case s.conflicts > 0:
		return "conflict: " + common.Plural(s.conflicts, "record", "records")
	case s.err != nil:
		return "sync failed"
	case s.changes > 0:
		from := common.Plural(len(s.from), "device", "devices")
		if len(s.from) == 1 {
			from = s.from[0]
		}
		return common.Plural(s.changes, "change", "changes") + " from " + from
	}
	return "synced " + ago(a.ctx.Now().Sub(s.last))
}

// ago says how long ago, in the words of a status bar.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return common.Plural(int(d/time.Hour), "hour", "hours") + " ago"
	}
	return common.Plural(int(d/(24*time.Hour)), "day", "days") + " ago"
}
