// Package history holds the screens of a record's versions and of the trash: the
// list of versions, one version, the word diff between two, and the records deleted.
package history

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/diff"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// History lists a record's versions, newest first: Enter shows one, tab what it
// changed from the one before (tab there switches between the two), r makes it the
// current one again (as a new version). Not d: the screens that open history with
// h delete with d.
type History struct {
	ctx      *common.Context
	ID       portfolio.ID
	Versions []portfolio.Version // oldest first, as the vault keeps them
	cursor   int                 // into the list as shown, newest first
	loaded   bool
	err      error
	confirm  bool
	// heads are the record's versions in conflict (edited on devices that did not
	// see each other's edit), none when it is not in conflict.
	heads []store.Head
}

// Messages of the history screen: the versions read, a version restored.
type (
	versionsMsg struct {
		id       portfolio.ID
		versions []portfolio.Version
		heads    []store.Head
		err      error
	}
	// RestoredMsg: a version was restored; the root reads its counts again.
	RestoredMsg struct {
		from int
		to   portfolio.Version
	}
)

func NewHistory(ctx *common.Context, id portfolio.ID) *History {
	return &History{ctx: ctx, ID: id}
}

func (h *History) Init() tea.Cmd            { return h.load() }
func (h *History) Resume() tea.Cmd          { return h.load() }
func (h *History) Typing() bool             { return false }
func (h *History) Loading() bool            { return !h.loaded }
func (h *History) Asking() bool             { return h.confirm }
func (h *History) SetSize(int, int) tea.Cmd { return nil }

func (h *History) Title() string {
	if len(h.Versions) > 0 {
		v := h.Versions[len(h.Versions)-1]
		return "History of " + string(v.Kind)
	}
	return "History"
}

func (h *History) Keys() help.KeyMap {
	k := h.ctx.Keys
	if h.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	if len(h.heads) > 1 {
		return common.HelpKeys{
			Short: []key.Binding{k.CompareConflict, k.ShowVersion, k.ShowDiff, k.RestoreVersion, k.Back},
			Full:  [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, {k.CompareConflict, k.ShowVersion, k.ShowDiff, k.RestoreVersion, k.Back}},
		}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.ShowVersion, k.ShowDiff, k.RestoreVersion, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, {k.ShowVersion, k.ShowDiff, k.RestoreVersion, k.Back}},
	}
}

func (h *History) load() tea.Cmd {
	p, id := h.ctx.Portfolio, h.ID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		vs, err := history.History(p, id)
		if err != nil {
			return versionsMsg{id: id, err: err}
		}
		cs, err := store.Conflicts(p)
		msg := versionsMsg{id: id, versions: vs, err: err}
		for _, c := range cs {
			if c.ID == id {
				msg.heads = c.Heads
			}
		}
		return msg
	}
}

// selected is the version under the cursor; the list shows the newest first.
func (h *History) selected() (portfolio.Version, int, bool) {
	n := len(h.Versions)
	if n == 0 {
		return portfolio.Version{}, 0, false
	}
	i := n - 1 - h.cursor
	return h.Versions[i], i, true
}

func (h *History) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case versionsMsg:
		if msg.id == h.ID {
			h.Versions, h.heads, h.err, h.loaded = msg.versions, msg.heads, msg.err, true
			h.cursor = min(h.cursor, max(len(h.Versions)-1, 0))
		}
	case RestoredMsg:
		h.cursor = 0
		return common.Nav{}, tea.Batch(h.load(), common.Flash(fmt.Sprintf("Restored version %d as version %d, the current one: u undoes.", msg.from, msg.to.Seq)))
	case tea.KeyPressMsg:
		return h.handleKey(msg)
	}
	return common.Nav{}, nil
}

func (h *History) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := h.ctx.Keys
	if h.confirm {
		yes, answered := common.Answer(msg, k.Yes, k.No)
		if !answered {
			return common.Nav{}, nil
		}
		h.confirm = false
		if yes {
			return common.Nav{}, h.restore()
		}
		return common.Nav{}, common.Flash("Nothing restored.")
	}
	n := len(h.Versions)
	if c, ok := k.MoveCursor(msg, h.cursor, n); ok {
		h.cursor = c
		return common.Nav{}, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return common.Back(), nil
	case n == 0:
	case key.Matches(msg, k.CompareConflict) && len(h.heads) > 1:
		return h.compare(), nil
	case key.Matches(msg, k.ShowVersion):
		v, i, _ := h.selected()
		if v.Deleted {
			return common.Nav{}, common.Flash("This version is the deletion: it has no text. " + k.ShowDiff.Help().Key + " shows what it took away.")
		}
		return common.Push(h.versionView(i)), nil
	case key.Matches(msg, k.ShowDiff):
		_, i, _ := h.selected()
		return common.Push(h.changesView(i)), nil
	case key.Matches(msg, k.RestoreVersion):
		v, i, _ := h.selected()
		switch {
		case v.Deleted:
			return common.Nav{}, common.Flash("This version is the deletion: pick a version before it to restore.")
		case i == n-1:
			return common.Nav{}, common.Flash("This is the current version already.")
		}
		h.confirm = true
	}
	return common.Nav{}, nil
}

// versionView shows version i (oldest first) as it was; tab there switches to
// what it changed.
func (h *History) versionView(i int) *TextView {
	v := h.Versions[i]
	note := fmt.Sprintf("Version %d of %d, %s. %s shows its changes; esc goes back.", v.Seq, len(h.Versions), savedText(v, h.ctx), h.ctx.Keys.ShowDiff.Help().Key)
	tv := NewTextView(h.ctx, fmt.Sprintf("Version %d", v.Seq), note, diff.RecordText(v))
	tv.other, tv.otherHelp = func() *TextView { return h.changesView(i) }, "its changes"
	return tv
}

// changesView shows what version i (oldest first) changed from the one before;
// tab there switches to the version itself, unless it is the deletion.
func (h *History) changesView(i int) *TextView {
	v := h.Versions[i]
	var before portfolio.Version
	note := fmt.Sprintf("Version %d, the first: all of it is new.", v.Seq)
	if i > 0 {
		before = h.Versions[i-1]
		note = fmt.Sprintf("What version %d changed from version %d: [-deleted-] {+inserted+}.", v.Seq, before.Seq)
	}
	parts := diff.WordDiff(diff.RecordText(before), diff.RecordText(v))
	if i > 0 && unchanged(parts) {
		note = fmt.Sprintf("Version %d changed none of the text of version %d: only flags, sharing, links or outcomes changed.", v.Seq, before.Seq)
	}
	tv := NewDiffView(h.ctx, fmt.Sprintf("Changes in version %d", v.Seq), note, parts)
	if !v.Deleted {
		tv.other, tv.otherHelp = func() *TextView { return h.versionView(i) }, "the version"
	}
	return tv
}

func (h *History) restore() tea.Cmd {
	v, _, ok := h.selected()
	if !ok {
		return nil
	}
	p, id, seq := h.ctx.Portfolio, h.ID, v.Seq
	return func() tea.Msg {
		to, err := history.Restore(p, id, seq)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return RestoredMsg{from: seq, to: to}
	}
}

// savedText is when a version was saved, or that it is from before history began.
func savedText(v portfolio.Version, ctx *common.Context) string {
	if v.Baseline || v.Saved.IsZero() {
		return "from before history began"
	}
	return "saved " + stamp(ctx, v.Saved)
}

func (h *History) View() string {
	s := h.ctx.Styles
	w := h.ctx.Width
	switch {
	case !h.loaded:
		return s.Subtle.Render("  Loading…")
	case h.err != nil:
		return s.ErrorText.Render(ansi.Wrap("  "+common.ErrorText(h.err), w, " "))
	case len(h.Versions) == 0:
		return s.Subtle.Render("  This record has no versions yet.")
	}
	cur := h.Versions[len(h.Versions)-1]
	name := sanitize.Line(cur.Title)
	if cur.Deleted && len(h.Versions) > 1 {
		name = sanitize.Line(h.Versions[len(h.Versions)-2].Title) + " (in the trash)"
	}
	lines := []string{
		s.Title.Render(ansi.Truncate(name, w, "…")),
		s.Subtle.Render(ansi.Truncate(common.Plural(len(h.Versions), "version", "versions")+", newest first. Every save keeps one; restoring adds one.", w, "…")),
		"",
	}
	if len(h.heads) > 1 {
		warn := fmt.Sprintf("⚠ In conflict: edited on %d devices, neither seeing the other's edit. Both versions are kept; c compares them, r keeps the one under the cursor, and an edit merges them by hand.", len(h.heads))
		lines = append(lines, s.Warn.Render(ansi.Wrap(warn, w, " ")), "")
	}
	if h.confirm {
		v, _, _ := h.selected()
		q := s.Dialog.Render(s.Warn.Render(fmt.Sprintf("Restore version %d as the current one?", v.Seq)) + "\n" +
			"It is saved as a new version; nothing after it is lost.\n\n" +
			s.Subtle.Render("y restores (u undoes) · n or esc keeps the current one"))
		lines = append(lines, q, "")
	}
	room := h.ctx.BodyHeight() - strings.Count(strings.Join(lines, "\n"), "\n") - 1
	start := max(0, h.cursor-room+1)
	for i := start; i < len(h.Versions) && i < start+room; i++ {
		v := h.Versions[len(h.Versions)-1-i]
		lines = append(lines, h.row(v, i == 0, i == h.cursor, w))
	}
	return strings.Join(lines, "\n")
}

func (h *History) row(v portfolio.Version, current, selected bool, width int) string {
	s := h.ctx.Styles
	when := "before history  "
	if !v.Baseline && !v.Saved.IsZero() {
		when = stamp(h.ctx, v.Saved)
	}
	var marks []string
	if v.Device != "" {
		marks = append(marks, "device "+v.Device[:min(8, len(v.Device))])
	}
	what := sanitize.Line(v.Title)
	if v.Deleted {
		what = "deleted"
	}
	if h.isHead(v) {
		marks = append(marks, "conflict")
	}
	if current {
		marks = append(marks, "current")
	}
	right := s.Faint.Render(strings.Join(marks, " · "))
	left := fmt.Sprintf("v%-3d %s  ", v.Seq, when)
	if v.Deleted {
		left += s.Warn.Render(what)
	} else {
		left += what
	}
	line := common.FitRight(left, right, width-2)
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// stamp is a time as the app's clock tells it: local time, or the clock's own zone
// where a test pins it.
func stamp(ctx *common.Context, t time.Time) string {
	return t.In(ctx.Now().Location()).Format("2006-01-02 15:04")
}

// unchanged reports whether a diff has no deletion or insertion.
func unchanged(parts []diff.DiffPart) bool {
	for _, p := range parts {
		if p.Op != diff.DiffEqual {
			return false
		}
	}
	return true
}

// isHead reports whether v is one of the versions in conflict: where a version
// was written again after one that lost (a restatement), its newest copy.
func (h *History) isHead(v portfolio.Version) bool {
	for _, hd := range h.heads {
		if hv, ok := h.headVersion(hd); ok && hv.Seq == v.Seq {
			return true
		}
	}
	return false
}

// headVersion is the newest version in the history of a head: a restatement
// (the winner written again after a version that lost) is the same version.
func (h *History) headVersion(hd store.Head) (portfolio.Version, bool) {
	for i := len(h.Versions) - 1; i >= 0; i-- {
		if v := h.Versions[i]; hd.Device.String() == v.Device && hd.Clock == v.Clock {
			return v, true
		}
	}
	return portfolio.Version{}, false
}

// compare shows the two latest versions in conflict as a word diff: what the current
// one has that the other does not.
func (h *History) compare() common.Nav {
	var heads []store.Head
	for _, hd := range h.heads {
		if !hd.Tombstone {
			heads = append(heads, hd)
		}
	}
	if len(heads) < 2 {
		return common.Nav{}
	}
	slices.SortFunc(heads, func(a, b store.Head) int { return b.Clock.Compare(a.Clock) })
	cur, ok1 := h.headVersion(heads[0])
	other, ok2 := h.headVersion(heads[1])
	if !ok1 || !ok2 {
		return common.Nav{}
	}
	note := fmt.Sprintf("v%d (device %s) [-only-], v%d (%s, current) {+only+}",
		other.Seq, short(other.Device), cur.Seq, short(cur.Device))
	parts := diff.WordDiff(diff.RecordText(other), diff.RecordText(cur))
	return common.Push(NewDiffView(h.ctx, "Conflict", note, parts))
}

func short(device string) string { return device[:min(8, len(device))] }
