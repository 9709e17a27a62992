package common

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/yuin/goldmark/parser"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/revalidation"
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
	Lib *portfolio.Library
	// Rules are the revalidation rules as loaded at unlock; nil until then.
	Rules *revalidation.Rules
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
	}
}

// BodyHeight is the height a screen may fill.
func (c *Context) BodyHeight() int { return max(c.Height-chromeLines, 1) }

func (c *Context) Today() portfolio.Date { return portfolio.DateOf(c.Now()) }

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

// Markdown renders entry text for the terminal: goldmark parses it and
// renderMarkdown lays it out. It replaced glamour, whose syntax highlighter and
// HTML sanitiser cost every command about 20 ms of package initialisation for
// features the entry view never used. Safe for concurrent use.
type Markdown struct {
	parser parser.Parser
	styles mdStyles
}

func NewMarkdown(isDark bool) *Markdown {
	return &Markdown{parser: mdParser(), styles: newMDStyles(isDark)}
}

// ReadingWidth is the widest text is set for reading: lines much longer than
// about 100 columns are hard to follow from one to the next.
const ReadingWidth = 100

// Page renders text as render does for a screen width cells wide: wrapped to at
// most readingWidth, and centred in a wider screen by a left margin.
func (m *Markdown) Page(text string, width int) string {
	tw := min(width, ReadingWidth)
	out := m.Render(text, tw-2)
	margin := (width - tw) / 2
	if margin <= 0 {
		return out
	}
	pad := strings.Repeat(" ", margin)
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

// Render returns text as terminal Markdown wrapped to width. Text must already be
// sanitised.
func (m *Markdown) Render(text string, width int) string {
	return renderMarkdown(m.parser, m.styles, text, max(width, 20))
}

// Messages shared between the root and the screens.
type (
	// FlashMsg is a short note for the footer, cleared by the next key.
	FlashMsg struct{ Text string }
	// ErrMsg is a failure to show; the screen that caused it keeps its state.
	ErrMsg struct{ Err error }
)

func Flash(text string) tea.Cmd { return func() tea.Msg { return FlashMsg{text} } }
func Fail(err error) tea.Cmd    { return func() tea.Msg { return ErrMsg{err} } }

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
}

// Counts are what the status bar shows of the vault.
type Counts struct{ Entries, OpenGoals int }

// CountsOf reads the counts; it takes the vault's read lock, so it runs inside a
// command.
func CountsOf(p *portfolio.Portfolio) Counts {
	return Counts{Entries: p.EntryCount(), OpenGoals: len(p.Goals(portfolio.GoalOpen))}
}

// UnlockedMsg: the vault is open, with the counts the status bar shows.
type UnlockedMsg struct {
	P      *portfolio.Portfolio
	Counts Counts
}
