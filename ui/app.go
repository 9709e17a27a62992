package ui

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/snapshot"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	dashboardpkg "github.com/foliohq/folio/ui/pages/dashboard"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/pages/export"
	goalspkg "github.com/foliohq/folio/ui/pages/goals"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/pages/meetings"
	unlockpkg "github.com/foliohq/folio/ui/pages/unlock"
	"github.com/foliohq/folio/ui/sanitize"
)

// Smallest window the layout is drawn in; below it a note asks for more room.
const (
	minWidth  = 40
	minHeight = 12
)

// app is the root model: it owns the context and a stack of screens, routes keys to
// the top screen, and alone handles quitting, help, errors and locking.
type app struct {
	ctx      *common.Context
	stack    []common.Screen
	help     help.Model
	showHelp bool

	note     string // footer message, cleared by the next key
	noteErr  bool
	noteWarn bool // a caution, such as a likely patient identifier in saved text

	// counts are the status bar's, kept here so that drawing a frame never waits on
	// the vault's lock; they are read again off the update loop after each save.
	counts common.Counts

	lastActivity time.Time
	idleGen      int  // drops idle ticks scheduled before the last unlock
	locking      bool // drafts are being saved and the vault closed
	confirmQuit  bool // the user asked to quit with unsaved text open
	// queued are keys typed while the top screen, queuedFor, was loading; they
	// reach it, in order, once it has loaded.
	queued    []tea.KeyPressMsg
	queuedFor common.Screen
	quitting  bool
	// relaunch is the lock screen's note once the app has locked and ends so that
	// the process can start afresh (Options.Relaunch).
	relaunch string

	sync syncState

	// tick schedules a timer; tests replace it and drive the clock themselves.
	tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

func newApp(opts Options) *app {
	ctx := common.NewContext(opts)
	ctx.Pages = common.Pages{
		GoalView: func(ctx *common.Context, goal, action portfolio.ID) common.Screen {
			return goalspkg.NewGoalView(ctx, goal, action)
		},
		ExportEntries: func(ctx *common.Context, ids []portfolio.ID) common.Screen {
			return export.NewExporter(ctx, export.SelectionSource(ctx, ids))
		},
	}
	a := &app{ctx: ctx, help: help.New(), tick: tea.Tick}
	a.help.Styles = ctx.Styles.Help
	// The note arrives through the environment: shown inert like any outside text.
	a.stack = []common.Screen{unlockpkg.NewUnlock(ctx, sanitize.Line(opts.LockedNote))}
	return a
}

func (a *app) top() common.Screen { return a.stack[len(a.stack)-1] }

func (a *app) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.top().Init())
}

// Messages of the root's own.
type (
	// countsMsg is the status bar's counts read again after a save.
	countsMsg   struct{ counts common.Counts }
	idleTickMsg struct{ gen int }
	// lockedMsg: the drafts are saved; p is still open until the root has dropped
	// everything that shows its records.
	lockedMsg struct {
		drafts int
		p      *portfolio.Portfolio
	}
	// lockPostponedMsg: a draft could not be saved, so the vault stays open rather
	// than lose it.
	lockPostponedMsg struct{ err error }
	lockNowMsg       struct{}
	// closedForRelaunchMsg: locked with Options.Relaunch, the vault is closed.
	closedForRelaunchMsg struct{}
	// snapshotMsg is the outcome of the day's automatic snapshot, begun at unlock.
	snapshotMsg struct {
		res snapshot.DailyResult
		err error // the snapshot settings could not be read
	}
	// messageDocMsg is a footer message rendered whole, to read in a DocView.
	messageDocMsg struct{ doc components.DocMsg }
)

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.update(msg)
	return a, tea.Batch(cmd, a.replay())
}

// updateTop gives msg to the top screen and applies the navigation it returns at
// once, before the next message is read.
func (a *app) updateTop(msg tea.Msg) tea.Cmd {
	n, cmd := a.top().Update(msg)
	return tea.Batch(cmd, a.navigate(n))
}

// navigate applies a screen's nav to the stack.
func (a *app) navigate(n common.Nav) tea.Cmd {
	switch n.Op {
	case common.NavPush:
		a.showHelp = false
		a.stack = append(a.stack, n.To)
		return n.To.Init()
	case common.NavReplace:
		a.showHelp = false
		a.stack[len(a.stack)-1] = n.To
		return n.To.Init()
	case common.NavPop:
		a.showHelp = false
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		if r, ok := a.top().(common.Resumer); ok {
			return r.Resume()
		}
	}
	return nil
}

func (a *app) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := a.updateSession(msg); ok {
		return cmd
	}
	if cmd, ok := a.updateSync(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.ctx.Width, a.ctx.Height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		var cmds []tea.Cmd
		for _, s := range a.stack {
			// Every screen keeps its layout, so going back shows it right.
			cmds = append(cmds, s.SetSize(a.ctx.Width, a.ctx.BodyHeight()))
		}
		return tea.Batch(cmds...)

	case tea.BackgroundColorMsg:
		a.setDark(msg.IsDark())
		return nil

	case tea.KeyPressMsg:
		a.lastActivity = a.ctx.Now()
		return a.handleKey(msg)

	case countsMsg:
		a.counts = msg.counts
		return nil
	case messageDocMsg:
		return a.navigate(common.Push(components.NewDocView(a.ctx, msg.doc)))
	case entriespkg.EntrySavedMsg, entriespkg.EntryDeletedMsg, components.SavedMsg, goalspkg.ActionChangedMsg, meetings.AgendaSavedMsg,
		history.RestoredMsg, history.TrashChangedMsg, goalspkg.GoalTrashedMsg:
		// Saves that can change what the status bar counts.
		return tea.Batch(a.updateTop(msg), readCounts(a.ctx.Portfolio))

	case tea.PasteMsg, tea.MouseMsg:
		a.lastActivity = a.ctx.Now()

	case common.FlashMsg:
		a.note, a.noteErr, a.noteWarn = msg.Text, false, false
		return nil
	case components.UndoneMsg:
		a.note, a.noteErr, a.noteWarn = msg.Text, false, false
		if msg.Nothing {
			return nil
		}
		// What the undo changed may be on the screen: it reads its data again, as
		// every screen below does when it is back on top, and the counts follow.
		var cmd tea.Cmd
		if r, ok := a.top().(common.Resumer); ok {
			cmd = r.Resume()
		}
		return tea.Batch(cmd, readCounts(a.ctx.Portfolio))
	case entriespkg.WarnMsg:
		a.note, a.noteErr, a.noteWarn = sanitize.Line(msg.Text), false, true
		return nil
	case common.ErrMsg:
		a.note, a.noteErr, a.noteWarn = common.ErrorText(msg.Err), true, false
		return nil
	case entriespkg.LibraryMsg:
		// Kept for every screen, then passed on to the one that asked for it.
		a.ctx.Lib = msg.Lib
	case export.RulesMsg:
		// Kept for every screen, then passed on: the dashboard counts with them.
		if msg.Err != nil {
			a.note, a.noteErr, a.noteWarn = "Revalidation rules: "+common.ErrorText(msg.Err), true, false
			return nil
		}
		a.ctx.Rules = &msg.Rules
	}
	return a.updateTop(msg)
}

// updateSession handles unlocking, the idle timer and locking; ok is false for
// any other message.
func (a *app) updateSession(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case common.UnlockedMsg:
		a.ctx.Portfolio = msg.P
		a.counts = msg.Counts
		a.lastActivity = a.ctx.Now()
		a.idleGen++
		d := dashboardpkg.NewDashboard(a.ctx)
		a.stack = []common.Screen{d}
		a.note, a.sync = "", syncState{}
		return tea.Batch(d.Init(), a.idleTick(), entriespkg.LoadLibrary(a.ctx), export.LoadRules(a.ctx), dailySnapshot(a.ctx.Opts.ConfigDir, msg.P), a.startSync(false)), true
	case snapshotMsg:
		switch {
		case msg.err != nil:
			a.note, a.noteErr, a.noteWarn = "No automatic snapshot today: "+common.ErrorText(msg.err), false, true
		case msg.res.Err != nil:
			a.note, a.noteErr, a.noteWarn = "Today's automatic snapshot was not kept: "+common.ErrorText(msg.res.Err), false, true
		case len(msg.res.Swept) > 0 && a.note == "":
			a.note, a.noteErr, a.noteWarn = fmt.Sprintf("Removed %d unfinished file(s) an interrupted folio left among the snapshots.", len(msg.res.Swept)), false, false
		}
		return nil, true
	case idleTickMsg:
		if msg.gen != a.idleGen || a.ctx.Portfolio == nil || a.locking {
			return nil, true
		}
		if a.ctx.Now().Sub(a.lastActivity) >= a.lockAfter() {
			return a.lock(), true
		}
		return a.idleTick(), true
	case lockNowMsg:
		return a.lock(), true
	case lockedMsg:
		a.locking = false
		a.ctx.Portfolio = nil
		note := "Locked."
		if a.lockAfter() > 0 && a.ctx.Now().Sub(a.lastActivity) >= a.lockAfter() {
			note = fmt.Sprintf("Locked after %s idle.", humanDuration(a.lockAfter()))
		}
		if msg.drafts > 0 {
			note += " Your unsaved text was kept as an entry tagged \"draft\"."
		}
		u := unlockpkg.NewUnlock(a.ctx, note)
		a.stack = []common.Screen{u}
		a.showHelp, a.confirmQuit, a.queued, a.queuedFor = false, false, nil, nil
		a.note, a.noteErr, a.noteWarn, a.counts, a.sync = "", false, false, common.Counts{}, syncState{}
		if a.ctx.Opts.Relaunch {
			// The last frame is the lock screen; the vault is closed, releasing its
			// file lock, before the program ends.
			a.relaunch = note
			return closeForRelaunch(msg.p), true
		}
		return tea.Batch(u.Init(), forget(msg.p)), true
	case closedForRelaunchMsg:
		return tea.Quit, true
	case lockPostponedMsg:
		a.locking = false
		a.note, a.noteErr = "Auto-lock postponed: your unsaved text could not be kept as a draft ("+common.ErrorText(msg.err)+"). Save or discard it.", true
		a.lastActivity = a.ctx.Now()
		return a.idleTick(), true
	}
	return nil, false
}

// handleKey is the one place keys enter the app. The root's own keys come first
// and work on every screen where no text field has focus: quit, help, search,
// lock, and esc to close help or an error. Everything else goes to the top screen,
// or waits in a queue while that screen is still loading, so nothing typed ahead
// is lost or read by the wrong screen. The order of the cases is the precedence
// of the keys, which is why it stays one switch rather than several functions.
func (a *app) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.ctx.Keys
	if key.Matches(msg, k.ReadMessage) && a.noteCut() {
		// Before the note is cleared: this key is about it.
		return a.messageDoc()
	}
	hadError := a.note != "" && a.noteErr
	a.note = ""
	if a.locking {
		a.note = "Locking: keys are ignored until the vault is closed."
		return nil
	}
	if a.confirmQuit {
		yes, answered := common.Answer(msg, k.Yes, k.No)
		if key.Matches(msg, k.ForceQuit) {
			yes, answered = true, true
		}
		if !answered {
			return nil
		}
		a.confirmQuit = false
		if yes {
			return a.quit()
		}
		a.note = "Not quitting."
		return nil
	}
	loading := a.loading()
	switch {
	case key.Matches(msg, k.ForceQuit):
		return a.askQuit()
	case key.Matches(msg, k.Lock) && a.ctx.Portfolio != nil:
		return a.lock()
	case key.Matches(msg, k.Sync) && a.ctx.Portfolio != nil:
		return a.startSync(true)
	case len(a.queued) > 0 && key.Matches(msg, k.Back):
		// Esc while keys wait: the user gives up on the screen; so do the keys.
		a.queued = nil
		return a.updateTop(msg)
	case len(a.queued) > 0:
		a.queued = append(a.queued, msg)
		return nil
	}
	typing := a.top().Typing()
	switch {
	case key.Matches(msg, k.Quit) && !typing:
		return a.askQuit()
	case key.Matches(msg, k.HelpAnywhere), key.Matches(msg, k.Help) && !typing:
		a.showHelp = !a.showHelp
		return nil
	case a.showHelp && key.Matches(msg, k.Back):
		a.showHelp = false
		return nil
	case key.Matches(msg, k.Undo) && !typing && !a.showHelp && !loading && a.ctx.Portfolio != nil && !a.asking():
		if _, form := a.top().(common.Drafter); form {
			// A form's own text is not yet a change: undoing one underneath it
			// would act unseen.
			a.note = "u undoes saved changes: save or leave this form first."
			return nil
		}
		// One meaning for u everywhere: the newest change since unlock, whichever
		// screen made it.
		return components.Undo(a.ctx.Portfolio)
	case key.Matches(msg, k.Search) && !typing && a.ctx.Portfolio != nil:
		a.showHelp = false
		if s, ok := a.top().(common.Searcher); ok {
			return s.Search()
		}
		return a.navigate(common.Push(entriespkg.NewEntries(a.ctx, true)))
	case a.showHelp:
		// Help covers the screen: a key meant for it would act unseen.
		a.note = "Help is open: ? or esc closes it."
		return nil
	case hadError && key.Matches(msg, k.Back):
		// Esc that dismisses an error does nothing else, so the reader does not
		// also leave the screen whose text the error is about.
		return nil
	case loading && !key.Matches(msg, k.Back):
		a.queued, a.queuedFor = append(a.queued, msg), a.top()
		return nil
	}
	return a.updateTop(msg)
}

// asking reports whether the top screen waits for an answer to its question (y or
// n); u there does nothing rather than undo underneath the question.
func (a *app) asking() bool {
	q, ok := a.top().(common.Asker)
	return ok && q.Asking()
}

// loading reports whether the top screen waits on a command before its keys mean
// anything.
func (a *app) loading() bool {
	l, ok := a.top().(common.Loader)
	return ok && l.Loading()
}

// replay hands the keys typed while a screen loaded to it once it has loaded, in
// order, as if typed now. If the screen went away meanwhile (a failure closed it),
// the keys are dropped and the user is told, rather than read by another screen.
func (a *app) replay() tea.Cmd {
	if len(a.queued) == 0 {
		return nil
	}
	if a.top() != a.queuedFor {
		n := len(a.queued)
		a.queued = nil
		if a.note == "" {
			a.note = common.Plural(n, "key", "keys") + " typed while it loaded went unused: that screen closed."
		}
		return nil
	}
	if a.loading() {
		return nil
	}
	keys := a.queued
	a.queued = nil
	var cmds []tea.Cmd
	for i, k := range keys {
		if len(a.queued) > 0 {
			// A key opened a screen that is loading in its turn: the rest wait for it.
			a.queued = append(a.queued, keys[i:]...)
			break
		}
		cmds = append(cmds, a.handleKey(k))
	}
	return tea.Batch(cmds...)
}

func (a *app) askQuit() tea.Cmd {
	if a.hasUnsaved() {
		a.confirmQuit = true
		return nil
	}
	return a.quit()
}

func (a *app) quit() tea.Cmd {
	a.quitting = true
	return tea.Quit
}

func (a *app) hasUnsaved() bool {
	for _, s := range a.stack {
		if d, ok := s.(common.Drafter); ok {
			if _, dirty := d.Draft(); dirty {
				return true
			}
		}
	}
	return false
}

func (a *app) lockAfter() time.Duration {
	if a.ctx.Opts.LockAfter < 0 {
		return DefaultLockAfter
	}
	return a.ctx.Opts.LockAfter
}

// idleTick schedules the next look at how long the app has been idle. Ticks are
// coarse: a lock a few seconds late costs nothing, a busy timer costs battery.
func (a *app) idleTick() tea.Cmd {
	after := a.lockAfter()
	if after <= 0 {
		return nil
	}
	every := min(max(after/10, time.Second), 15*time.Second)
	gen := a.idleGen
	return a.tick(every, func(time.Time) tea.Msg { return idleTickMsg{gen} })
}

// lock keeps any unsaved editor text as a draft entry; then the root drops every
// screen and cache, and forget closes the portfolio, which overwrites the keys and
// the decrypted records, so no decrypted record or key stays in the app. With
// Options.Relaunch the app then ends, so the caller can replace the process and with
// it every copy of rendered text the libraries drew and dropped. The records
// are overwritten only once no screen can draw them. If a draft cannot be saved the
// vault stays open and the user is told: typed text is never dropped silently.
func (a *app) lock() tea.Cmd {
	if a.ctx.Portfolio == nil || a.locking {
		return nil
	}
	a.locking = true
	var drafts []portfolio.Entry
	for _, s := range a.stack {
		if d, ok := s.(common.Drafter); ok {
			if e, dirty := d.Draft(); dirty {
				drafts = append(drafts, e)
			}
		}
	}
	p, vw := a.ctx.Portfolio, a.ctx.Viewer
	return func() tea.Msg {
		for _, e := range drafts {
			if _, err := p.AddEntry(e); err != nil {
				return lockPostponedMsg{err}
			}
		}
		// The copies of attachments opened in a viewer go before the lock screen
		// shows, and so before a relaunch.
		vw.WipeAll()
		return lockedMsg{drafts: len(drafts), p: p}
	}
}

// dailySnapshot takes the day's first snapshot of p, as the command line does on
// unlock. It runs as a command, after the dashboard is shown, so the unlock never
// waits for it; closing p (lock or quit) waits for it to end. Success is silent.
func dailySnapshot(configDir string, p *portfolio.Portfolio) tea.Cmd {
	return func() tea.Msg {
		pol, err := snapshot.LoadPolicy(configDir)
		if err != nil {
			return snapshotMsg{err: err}
		}
		return snapshotMsg{res: <-snapshot.StartDaily(p, pol)}
	}
}

// closeForRelaunch closes p, which overwrites its keys and decrypted records and
// releases the vault's file lock; then the app ends (closedForRelaunchMsg).
func closeForRelaunch(p *portfolio.Portfolio) tea.Cmd {
	return func() tea.Msg {
		p.Close()
		return closedForRelaunchMsg{}
	}
}

// forget closes p and has the collector reclaim what was dropped and give the freed
// memory back to the system, which zeroes it before any reuse.
func forget(p *portfolio.Portfolio) tea.Cmd {
	return func() tea.Msg {
		p.Close()
		runtime.GC()
		debug.FreeOSMemory()
		return nil
	}
}

func readCounts(p *portfolio.Portfolio) tea.Cmd {
	if p == nil {
		return nil
	}
	return func() tea.Msg { return countsMsg{common.CountsOf(p)} }
}

// setDark rebuilds the styles for the terminal's background.
func (a *app) setDark(isDark bool) {
	a.ctx.Styles = common.NewStyles(isDark)
	a.ctx.MD = common.NewMarkdown(isDark)
	a.help.Styles = a.ctx.Styles.Help
}

func (a *app) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "folio"
	return v
}

func (a *app) render() string {
	c := a.ctx
	if a.quitting {
		return ""
	}
	if c.Width < minWidth || c.Height < minHeight {
		return fmt.Sprintf("folio needs a window of at least %dx%d;\nthis one is %dx%d.", minWidth, minHeight, c.Width, c.Height)
	}
	body := ""
	if a.showHelp {
		body = a.helpView()
	} else {
		body = a.top().View()
	}
	footer := a.footerView()
	height := c.BodyHeight() - strings.Count(footer, "\n")
	return a.headerView() + "\n" + common.FitBlock(body, c.Width, height) + "\n" + footer + "\n" + a.statusView()
}

func (a *app) headerView() string {
	s := a.ctx.Styles
	left := s.Header.Render("folio") + s.Faint.Render(" › ") + s.Title.Render(a.top().Title())
	if a.showHelp {
		left += s.Faint.Render(" › ") + s.Title.Render("Help")
	}
	right := s.Subtle.Render(a.ctx.Now().Format("Mon 2 Jan 2006"))
	return common.Spread(left, right, a.ctx.Width)
}

func (a *app) footerView() string {
	s := a.ctx.Styles
	w := a.ctx.Width
	switch {
	case a.confirmQuit:
		return ansi.Truncate(s.Warn.Render("You have unsaved text. Quit and lose it? y quits, n or esc stays."), w, "…")
	case a.note != "" && a.noteErr:
		// Errors take the lines they need: the end of one often says what to do.
		return s.ErrorText.Render(a.noteView("! "+a.note, w))
	case a.note != "" && a.noteWarn:
		return s.Warn.Render(a.noteView("⚠ "+a.note, w))
	case a.note != "":
		return s.Ok.Render(a.noteView(a.note, w))
	case a.showHelp:
		return ansi.Truncate(s.Subtle.Render("? or esc closes help"), w, "…")
	case len(a.queued) > 0:
		return ansi.Truncate(s.Subtle.Render("Working… "+common.Plural(len(a.queued), "key", "keys")+" typed will follow; esc gives up."), w, "…")
	}
	helpKey := a.ctx.Keys.Help
	if a.top().Typing() {
		helpKey = a.ctx.Keys.HelpAnywhere
	}
	return a.fitHints(a.top().Keys().ShortHelp(), helpKey, w)
}

// fitHints lays the screen's key hints on one line of width w, then the help key.
// Hints that do not fit are cut from the end, marked "…"; the help key never is: it
// leads to every key the footer has no room for. (The help component's own cut can
// overflow, and cuts the help key first.)
func (a *app) fitHints(keys []key.Binding, helpKey key.Binding, w int) string {
	st := a.help.Styles
	sep := st.ShortSeparator.Inline(true).Render(a.help.ShortSeparator)
	item := func(b key.Binding) string {
		return st.ShortKey.Inline(true).Render(b.Help().Key) + " " + st.ShortDesc.Inline(true).Render(b.Help().Desc)
	}
	var items []string
	for _, b := range keys {
		if b.Enabled() {
			items = append(items, item(b))
		}
	}
	tail := item(helpKey)
	if all := strings.Join(append(items, tail), sep); ansi.StringWidth(all) <= w {
		return all
	}
	cut := st.Ellipsis.Inline(true).Render(a.help.Ellipsis)
	room := w - ansi.StringWidth(sep+cut+sep+tail)
	var kept []string
	for _, it := range items {
		add := ansi.StringWidth(it)
		if len(kept) > 0 {
			add += ansi.StringWidth(sep)
		}
		if add > room {
			break
		}
		room -= add
		kept = append(kept, it)
	}
	if len(kept) == 0 {
		return ansi.Truncate(cut+sep+tail, w, "…")
	}
	return strings.Join(kept, sep) + sep + cut + sep + tail
}

func (a *app) statusView() string {
	c := a.ctx
	s := c.Styles
	lock := "locked"
	counts := ""
	if c.Portfolio != nil {
		lock = "unlocked"
		if after := a.lockAfter(); after > 0 {
			lock += " · auto-lock " + humanDuration(after)
		}
		counts = common.Plural(a.counts.Entries, "entry", "entries") + " · " + common.Plural(a.counts.OpenGoals, "open goal", "open goals")
	}
	if a.locking {
		lock = "locking…"
	}
	right := s.StatusLock.Render(" " + lock + " ")
	mid := ""
	if counts != "" {
		mid = " │ " + counts
	}
	path := sanitize.Line(common.ShortPath(c.Opts.VaultPath))
	// Sync's word comes before the counts: on a narrow screen the counts give way.
	if st := a.syncStatus(); st != "" && c.Portfolio != nil {
		if c.Width-ansi.StringWidth(right)-ansi.StringWidth(mid+" │ "+st)-2 >= 8 {
			mid += " │ " + st
		} else {
			mid = " │ " + st
		}
	}
	room := c.Width - ansi.StringWidth(right) - ansi.StringWidth(mid) - 2
	if room < 8 {
		mid = ""
		room = c.Width - ansi.StringWidth(right) - 2
	}
	left := " " + truncateLeft(path, max(room, 1)) + mid
	return s.StatusBar.Render(common.Spread(left, "", c.Width-ansi.StringWidth(right))) + right
}

func (a *app) helpView() string {
	c := a.ctx
	intro := c.Styles.Subtle.Width(c.Width).Render("Keys for this screen, then everywhere. While a text field has focus, letters go to it: there f1 shows this help and esc leaves the field or screen.")
	return intro + "\n\n" + a.help.FullHelpView(a.helpGroups())
}

// helpGroups are the top screen's keys, then the global ones. A screen key that
// is a global one word for word (esc back, u undo) is left to the global column,
// so the help never lists a key twice.
func (a *app) helpGroups() [][]key.Binding {
	k := a.ctx.Keys
	global := []key.Binding{k.Help, k.Back, k.Search, k.Undo, k.Lock, k.Sync, k.ReadMessage, k.Quit}
	var groups [][]key.Binding
	for _, g := range a.top().Keys().FullHelp() {
		var kept []key.Binding
		for _, b := range g {
			if !slices.ContainsFunc(global, func(gb key.Binding) bool { return sameHelp(b, gb) }) {
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			groups = append(groups, kept)
		}
	}
	return append(groups, global)
}

// sameHelp reports whether two bindings show the same key and words in the help.
func sameHelp(a, b key.Binding) bool {
	return a.Help() == b.Help() && slices.Equal(a.Keys(), b.Keys())
}

// noteRoom is how many lines a footer message may take: a third of the screen,
// and never fewer than two.
func (a *app) noteRoom() int { return max(a.ctx.BodyHeight()/3, 2) }

// noteCut reports whether the footer message is longer than its room, so that
// f2 opens it whole.
func (a *app) noteCut() bool {
	return a.note != "" && len(strings.Split(ansi.Wrap("! "+a.note, a.ctx.Width, " "), "\n")) > a.noteRoom()
}

// noteView wraps a footer message to width; one longer than its room ends with
// how to read the rest, rather than losing it.
func (a *app) noteView(text string, width int) string {
	lines := strings.Split(ansi.Wrap(text, width, " "), "\n")
	if room := a.noteRoom(); len(lines) > room {
		more := "… " + a.ctx.Keys.ReadMessage.Help().Key + " reads the whole message"
		lines = append(lines[:room-1], ansi.Truncate(more, width, "…"))
	}
	return strings.Join(lines, "\n")
}

// messageDoc opens the footer's message whole in a scrolling view; rendering
// runs in a command.
func (a *app) messageDoc() tea.Cmd {
	md, width, text := a.ctx.MD, a.ctx.Width, a.note
	return func() tea.Msg {
		return messageDocMsg{components.RenderDoc(md, width, "Message", "The whole message; esc goes back.", common.EscapeMarkdown(text))}
	}
}

// truncateLeft keeps the end of s, which for a path is the part that says most.
func truncateLeft(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.TruncateLeft(s, ansi.StringWidth(s)-width+1, "…")
}

func humanDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.Round(time.Second).String()
}
