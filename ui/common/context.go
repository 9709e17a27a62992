package common

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/viewer"
)

// Context is what every screen shares: the open portfolio, the window size, styles,
// keys and the clock. Only the root model changes it.
type Context struct {
	Opts      Options
	Now       func() time.Time
	Portfolio *portfolio.Portfolio // nil while locked
	Width     int
	Height    int
	Styles    Styles
	Keys      KeyMap
	MD        *Markdown
	// Lib is the template library as last loaded (at unlock and whenever the
	// template picker opens); nil until the first load returns.
	Lib *fill.Library
	// Rules are the revalidation rules as loaded at unlock; nil until then.
	Rules *revalidation.Rules
	// Viewer opens attachments in the system's viewer and keeps track of the copies,
	// which the root wipes at lock and at exit.
	Viewer *viewer.Viewer
	// Pages opens screens that a page links to but cannot import; the root fills it.
	Pages Pages
}

// Pages are the links between screens that would make two page packages import each
// other: the entries page opens a goal and an export, and both of those open
// entries. The root fills in the constructors, so each page imports only the pages
// below it and this context. A new link goes here only if a direct import would
// close a cycle.
type Pages struct {
	// GoalView opens a goal with one of its actions selected ("" for none).
	GoalView func(ctx *Context, goal, action portfolio.ID) Screen
	// ExportEntries opens the export of the given entries.
	ExportEntries func(ctx *Context, ids []portfolio.ID) Screen
}

// Lines the root draws around a screen: header, footer and status bar.
const chromeLines = 3

func NewContext(opts Options) *Context {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Context{
		Opts:   opts,
		Now:    now,
		Width:  80,
		Height: 24,
		Styles: NewStyles(true),
		Keys:   newKeyMap(),
		MD:     NewMarkdown(true),
		Viewer: viewer.New(opts.Getenv),
	}
}

// BodyHeight is the height a screen may fill.
func (c *Context) BodyHeight() int { return max(c.Height-chromeLines, 1) }

func (c *Context) Today() calendar.Date { return calendar.DateOf(c.Now()) }

// PortfolioOptions are the options to open or create the vault with.
func (c *Context) PortfolioOptions() portfolio.Options {
	return portfolio.Options{Now: c.Opts.Now, KDF: c.Opts.KDF}
}

// ShortPath shows the vault path with the home directory as ~.
func ShortPath(path string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return path
}

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
	// Getenv reads the environment for the viewer (FOLIO_VIEWER, XDG_RUNTIME_DIR);
	// nil is os.Getenv.
	Getenv func(string) string
	// LockedNote, if set, is the note the first screen shows: the app starts locked.
	LockedNote string
}
