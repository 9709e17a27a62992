package ui

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/yuin/goldmark/parser"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// context is what every screen shares: the open portfolio, the window size, styles,
// keys and the clock. Only the root model changes it.
type context struct {
	opts   Options
	now    func() time.Time
	p      *portfolio.Portfolio // nil while locked
	width  int
	height int
	styles styles
	keys   keyMap
	md     *markdown
	// lib is the template library as last loaded (at unlock and whenever the
	// template picker opens); nil until the first load returns.
	lib *fill.Library
	// rules are the revalidation rules as loaded at unlock; nil until then.
	rules *revalidation.Rules
}

// Lines the root draws around a screen: header, footer and status bar.
const chromeLines = 3

func newContext(opts Options) *context {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &context{
		opts:   opts,
		now:    now,
		width:  80,
		height: 24,
		styles: newStyles(true),
		keys:   newKeyMap(),
		md:     newMarkdown(true),
	}
}

// bodyHeight is the height a screen may fill.
func (c *context) bodyHeight() int { return max(c.height-chromeLines, 1) }

func (c *context) today() calendar.Date { return calendar.DateOf(c.now()) }

// portfolioOptions are the options to open or create the vault with.
func (c *context) portfolioOptions() portfolio.Options {
	return portfolio.Options{Now: c.opts.Now, KDF: c.opts.KDF}
}

// shortPath shows the vault path with the home directory as ~.
func shortPath(path string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return path
}

// markdown renders entry text for the terminal: goldmark parses it and
// renderMarkdown lays it out. It replaced glamour, whose syntax highlighter and
// HTML sanitiser cost every command about 20 ms of package initialisation for
// features the entry view never used. Safe for concurrent use.
type markdown struct {
	parser parser.Parser
	styles mdStyles
}

func newMarkdown(isDark bool) *markdown {
	return &markdown{parser: mdParser(), styles: newMDStyles(isDark)}
}

// readingWidth is the widest text is set for reading: lines much longer than
// about 100 columns are hard to follow from one to the next.
const readingWidth = 100

// page renders text as render does for a screen width cells wide: wrapped to at
// most readingWidth, and centred in a wider screen by a left margin.
func (m *markdown) page(text string, width int) string {
	tw := min(width, readingWidth)
	out := m.render(text, tw-2)
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

// render returns text as terminal Markdown wrapped to width. Text must already be
// sanitised.
func (m *markdown) render(text string, width int) string {
	return renderMarkdown(m.parser, m.styles, text, max(width, 20))
}

// Messages shared between the root and the screens.
type (
	// flashMsg is a short note for the footer, cleared by the next key.
	flashMsg struct{ text string }
	// errMsg is a failure to show; the screen that caused it keeps its state.
	errMsg struct{ err error }
)

func flash(text string) tea.Cmd { return func() tea.Msg { return flashMsg{text} } }
func fail(err error) tea.Cmd    { return func() tea.Msg { return errMsg{err} } }

// then is what a save opens next, as data a command returns; Update builds the
// screen from it, so no screen is made off the update loop.
type then interface{ screen(ctx *context) screen }

// navOp is what a nav does to the root's stack of screens.
type navOp int

const (
	navStay    navOp = iota // the zero nav: the screen stays on top
	navPush                 // open a screen on top of this one
	navReplace              // swap this screen for another
	navPop                  // close this screen, revealing the one below
)

// nav is the one way a screen moves the user: it returns one from Update, and the
// root applies it before it reads the next message, so keys typed right after the
// key that opens a screen reach the new screen instead of the old one. Commands
// never navigate: they return data, and Update decides.
type nav struct {
	op navOp
	to screen
}

func push(s screen) nav    { return nav{op: navPush, to: s} }
func replace(s screen) nav { return nav{op: navReplace, to: s} }
func back() nav            { return nav{op: navPop} }

// screen is one page of the app. Screens are pointers; only the top one of the root's
// stack gets keys and command results.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (nav, tea.Cmd)
	// View draws the screen in ctx.width by ctx.bodyHeight() cells.
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

// loader is a screen that waits on a command's answer before its keys mean
// anything; the root keeps keys typed meanwhile and hands them over once it has
// loaded.
type loader interface{ Loading() bool }

// searcher is a screen with a search field of its own, which / focuses instead of
// opening the entries search.
type searcher interface{ Search() tea.Cmd }

// resumer is a screen that refreshes itself when it is on top again.
type resumer interface{ Resume() tea.Cmd }

// drafter is a screen holding text the user has not saved.
type drafter interface {
	// Draft returns the unsaved text as an entry to keep, and whether there is any.
	Draft() (portfolio.Entry, bool)
}
