// Package ui is folio's full-screen terminal app: unlock, dashboard, entries, the
// editor, goals and action plans. One root model routes messages to one screen at a
// time; screens share a context of size, styles, keys, clock and the open portfolio.
package ui

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
)

// Options configure the app. The zero value of every field but VaultPath is usable.
type Options struct {
	// VaultPath is the vault file; when none is there, the app offers to create one.
	VaultPath string
	// LockAfter is how long the app may sit idle before it locks the vault again.
	// Zero disables auto-lock; a negative value means DefaultLockAfter.
	LockAfter time.Duration
	// Now is the clock; nil means time.Now. Tests pin it.
	Now func() time.Time
	// KDF is used for a vault created on first run; zero means the default, which is
	// deliberately slow.
	KDF portfolio.KDFParams
	// ConfigDir is folio's settings folder, whose templates folder holds the user's
	// own templates; "" offers the built-in templates only.
	ConfigDir string
	// Relaunch makes locking end Run with a *Locked error once the vault is closed and
	// the terminal restored, so that the caller can start the program afresh at the
	// lock screen: a new process image holds nothing the unlocked app held, where
	// in-process clearing cannot reach the text that libraries rendered into strings
	// and dropped.
	Relaunch bool
	// LockedNote, if set, is the note the first screen shows: the app starts locked.
	LockedNote string
}

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
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("folio stopped on an internal error: %v", r)
		}
		if p := a.ctx.p; p != nil {
			a.ctx.p = nil
			p.Close()
		}
	}()
	_, err = tea.NewProgram(a).Run()
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
