package common

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
)

// Then is what a save opens next, as data a command returns; Update builds the
// screen from it, so no screen is made off the update loop.
type Then interface{ Screen(ctx *Context) Screen }

// NavOp is what a Nav does to the root's stack of screens.
type NavOp int

const (
	NavStay    NavOp = iota // the zero nav: the screen stays on top
	NavPush                 // open a screen on top of this one
	NavReplace              // swap this screen for another
	NavPop                  // close this screen, revealing the one below
)

// Nav is the one way a screen moves the user: it returns one from Update, and the
// root applies it before it reads the next message, so keys typed right after the
// key that opens a screen reach the new screen instead of the old one. Commands
// never navigate: they return data, and Update decides.
type Nav struct {
	Op NavOp
	To Screen
}

func Push(s Screen) Nav    { return Nav{Op: NavPush, To: s} }
func Replace(s Screen) Nav { return Nav{Op: NavReplace, To: s} }
func Back() Nav            { return Nav{Op: NavPop} }

// Screen is one page of the app. Screens are pointers; only the top one of the root's
// stack gets keys and command results.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Nav, tea.Cmd)
	// View draws the screen in ctx.Width by ctx.BodyHeight() cells.
	View() string
	// SetSize tells the screen the cells it has, after the window changed; the
	// command, if any, does work that depends on the size (rendering Markdown).
	SetSize(width, height int) tea.Cmd
	// Title names the screen in the header.
	Title() string
	// Keys are the bindings the screen honours now, all from the app's keymap,
	// for the footer (ShortHelp) and the help view (FullHelp).
	Keys() help.KeyMap
	// Typing reports whether a text field has focus, so letters go to it and not to
	// global keys such as q.
	Typing() bool
}

// Loader is a screen that waits on a command's answer before its keys mean
// anything; the root keeps keys typed meanwhile and hands them over once it has
// loaded.
type Loader interface{ Loading() bool }

// Searcher is a screen with a search field of its own, which / focuses instead of
// opening the entries search.
type Searcher interface{ Search() tea.Cmd }

// Resumer is a screen that refreshes itself when it is on top again.
type Resumer interface{ Resume() tea.Cmd }

// Drafter is a screen holding text the user has not saved.
type Drafter interface {
	// Draft returns the unsaved text as an entry to keep, and whether there is any.
	Draft() (portfolio.Entry, bool)
}

// Asker is a screen showing a question (y or n); while it asks, u goes to the
// screen, which ignores it (see Answer), instead of undoing.
type Asker interface{ Asking() bool }
