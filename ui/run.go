// Package ui is folio's full-screen terminal app: unlock, dashboard, entries, the
// editor, goals and action plans. One root model routes messages to one screen at a
// time; screens share a context of size, styles, keys, clock and the open portfolio.
// This package is the root and Run; the screens live in ui/pages, one package per
// area, built from ui/components on ui/common.
package ui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/ui/common"
)

// Options configure the app; the type lives in common, where the screens read it.
type Options = common.Options

// Locked is Run's error when the app locked with Options.Relaunch: start folio again
// at the lock screen with Note as its LockedNote.
type Locked struct{ Note string }

func (l *Locked) Error() string { return "folio locked: " + l.Note }

// DefaultLockAfter is the idle time before auto-lock when main asks for the default.
const DefaultLockAfter = 10 * time.Minute

// Run opens the app on the terminal and returns when the user quits. It returns an
// error, never panics: a panic inside the app restores the terminal first, and the
// vault is closed on every way out.
func Run(opts Options) (err error) {
	if opts.VaultPath == "" {
		return errors.New("no vault path given")
	}
	a := newApp(opts)
	// Copies a killed folio could not wipe go before this one opens any.
	a.ctx.Viewer.SweepStale()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("folio stopped on an internal error: %v", r)
		}
		a.shutdown()
	}()
	prog := tea.NewProgram(a)
	// Closing the terminal's window hangs it up, which Bubble Tea does not catch and
	// which would end folio at once: the copies of attachments open in a viewer
	// would stay in memory-backed storage until the next start. Wipe them first.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	ran := make(chan struct{})
	defer close(ran)
	go func() {
		select {
		case <-hup:
			a.ctx.Viewer.WipeAll()
			prog.Kill()
		case <-ran:
		}
	}()
	_, err = prog.Run()
	if errors.Is(err, tea.ErrProgramKilled) {
		return errors.New("the terminal hung up; folio wiped the copies it had opened and closed the vault")
	}
	if err == nil && a.relaunch != "" {
		return &Locked{Note: a.relaunch}
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		return errors.New("folio stopped on an internal error; the terminal was restored and your saved entries are safe")
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}

// shutdown is every way out of Run: it wipes the copies of attachments opened in
// a viewer and closes the vault.
func (a *app) shutdown() {
	a.ctx.Viewer.WipeAll()
	if p := a.ctx.Portfolio; p != nil {
		a.ctx.Portfolio = nil
		p.Close()
	}
}
