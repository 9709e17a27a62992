// Package coverage is the coverage screen: a framework's outcomes against the
// entries mapped to them, with the gaps marked, and the entries of one outcome.
package coverage

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/outcomes"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/sanitize"
)

// Screen is every framework's outcomes with the count of entries mapped to each,
// one framework at a time; a gap (no entry) is marked in words as well as colour.
// Enter on an outcome lists its entries.
type Screen struct {
	ctx    *common.Context
	data   *data
	fw     int // the framework shown
	cursor int // over the rows of the framework shown
	seq    int
}

type data struct {
	covs     []outcomes.Coverage
	entries  map[portfolio.ID]*portfolio.Entry // metadata of every entry mapped
	problems []string                          // the user's framework files that did not load
	err      error
}

// row is one outcome of the framework shown, or one its entries name that the
// framework no longer has.
type row struct {
	outcome portfolio.Outcome
	ids     []portfolio.ID
	unknown bool
}

type loadedMsg struct {
	seq  int
	data *data
}

// New opens the coverage screen.
func New(ctx *common.Context) *Screen { return &Screen{ctx: ctx, fw: -1} }

func (c *Screen) Init() tea.Cmd            { return c.load() }
func (c *Screen) Resume() tea.Cmd          { return c.load() }
func (c *Screen) Title() string            { return "Coverage" }
func (c *Screen) Typing() bool             { return false }
func (c *Screen) SetSize(int, int) tea.Cmd { return nil }
func (c *Screen) Loading() bool            { return c.data == nil }

func (c *Screen) Keys() help.KeyMap {
	k := c.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.SwitchFramework, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Open, k.SwitchFramework, k.Back}},
	}
}

// load reads the frameworks (the user's are files) and counts the entries mapped
// to each outcome, off the update loop.
func (c *Screen) load() tea.Cmd {
	p, dir := c.ctx.Portfolio, c.ctx.Opts.ConfigDir
	if p == nil {
		return nil
	}
	c.seq++
	seq := c.seq
	return func() tea.Msg { return loadedMsg{seq, loadCoverage(p, dir)} }
}

func loadCoverage(p *portfolio.Portfolio, dir string) *data {
	fws, err := outcomes.LoadFrameworks(dir)
	if err != nil {
		return &data{err: err}
	}
	d := &data{entries: map[portfolio.ID]*portfolio.Entry{}}
	for _, pr := range fws.Problems() {
		d.problems = append(d.problems, common.ErrorText(pr))
	}
	mapped := outcomes.MappedTo(p)
	list := fws.List()
	// Frameworks entries are mapped to come first, in the order MappedTo names them.
	slices.SortStableFunc(list, func(a, b portfolio.Framework) int {
		return rank(mapped, a.Name) - rank(mapped, b.Name)
	})
	for i := range list {
		d.covs = append(d.covs, outcomes.CoverageOf(p, &list[i], portfolio.Query{}))
	}
	if len(mapped) > 0 {
		for _, e := range p.Find(portfolio.Query{}) {
			if len(e.Outcomes) > 0 {
				d.entries[e.ID] = e
			}
		}
	}
	return d
}

func rank(mapped []string, name string) int {
	if i := slices.Index(mapped, name); i >= 0 {
		return i
	}
	return len(mapped)
}

// rows are the outcomes of the framework shown, then any unknown ones.
func (c *Screen) rows() []row {
	if c.data == nil || c.fw < 0 || c.fw >= len(c.data.covs) {
		return nil
	}
	cov := c.data.covs[c.fw]
	var out []row
	for _, r := range cov.Rows {
		out = append(out, row{outcome: r.Outcome, ids: r.Entries})
	}
	for _, u := range cov.Unknown {
		out = append(out, row{outcome: portfolio.Outcome{ID: u.Outcome, Text: "not in the framework now: its file changed since these entries were mapped"}, ids: u.Entries, unknown: true})
	}
	return out
}

func (c *Screen) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.seq != c.seq {
			return common.Nav{}, nil
		}
		c.data = msg.data
		if c.fw < 0 || c.fw >= len(c.data.covs) {
			c.fw, c.cursor = 0, 0
		}
		c.cursor = min(c.cursor, max(len(c.rows())-1, 0))
		if msg.data.err != nil {
			return common.Nav{}, common.Fail(msg.data.err)
		}
	case tea.KeyPressMsg:
		return c.handleKey(msg)
	}
	return common.Nav{}, nil
}

func (c *Screen) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := c.ctx.Keys
	n := len(c.rows())
	switch {
	case key.Matches(msg, k.Back):
		return common.Back(), nil
	case key.Matches(msg, k.Down):
		c.cursor = min(c.cursor+1, max(n-1, 0))
	case key.Matches(msg, k.Up):
		c.cursor = max(c.cursor-1, 0)
	case key.Matches(msg, k.PageDown):
		c.cursor = min(c.cursor+c.listHeight(), max(n-1, 0))
	case key.Matches(msg, k.PageUp):
		c.cursor = max(c.cursor-c.listHeight(), 0)
	case key.Matches(msg, k.SwitchFramework):
		if c.data != nil && len(c.data.covs) > 1 {
			dir := 1
			if msg.String() == "left" {
				dir = -1
			}
			c.fw = (c.fw + dir + len(c.data.covs)) % len(c.data.covs)
			c.cursor = 0
		}
	case key.Matches(msg, k.Open):
		rows := c.rows()
		if c.cursor >= len(rows) {
			return common.Nav{}, nil
		}
		r := rows[c.cursor]
		if len(r.ids) == 0 {
			return common.Nav{}, common.Flash("No entry is mapped to this outcome yet: in an entry's editor, Outcomes takes " + c.data.covs[c.fw].Framework + ":" + r.outcome.ID + ".")
		}
		var es []*portfolio.Entry
		for _, id := range r.ids {
			if e, ok := c.data.entries[id]; ok {
				es = append(es, e)
			}
		}
		return common.Push(newOutcomeEntries(c.ctx, c.data.covs[c.fw].Framework, r.outcome, es)), nil
	}
	return common.Nav{}, nil
}

// maxTableWidth is the widest the table is drawn.
const maxTableWidth = 110

// Lines above the list: the framework's title and counts, and the column heads.
const headLines = 3

func (c *Screen) listHeight() int {
	return max(c.ctx.BodyHeight()-headLines-2, 3)
}

func (c *Screen) View() string {
	s := c.ctx.Styles
	// The counts stay near their outcomes on a wide window.
	w := min(c.ctx.Width, maxTableWidth)
	if c.data == nil {
		return s.Subtle.Render("  Loading…")
	}
	if len(c.data.covs) == 0 {
		return s.Subtle.Render("  No framework to show.")
	}
	cov := c.data.covs[c.fw]
	counts := fmt.Sprintf("%d of %d covered", cov.Covered, len(cov.Rows))
	if cov.Gaps > 0 {
		counts += " · " + s.Warn.Render(common.Plural(cov.Gaps, "gap", "gaps"))
	}
	lines := []string{common.Spread(s.Title.Render(ansi.Truncate(sanitize.Line(cov.Title), w-30, "…")), counts, w)}
	which := s.Subtle.Render(cov.Framework)
	if len(c.data.covs) > 1 {
		which += s.Faint.Render(fmt.Sprintf("  framework %d of %d, ←/→ for another", c.fw+1, len(c.data.covs)))
	}
	lines = append(lines, ansi.Truncate(which, w, "…"))
	const idW, countW = 6, 11
	textW := max(w-2-idW-countW, 10)
	lines = append(lines, s.Subtle.Render("  "+common.Pad("id", idW)+common.Pad("outcome", textW)+fmt.Sprintf("%*s", countW, "entries")))

	rows := c.rows()
	height := c.listHeight()
	start := 0
	if c.cursor >= height {
		start = c.cursor - height + 1
	}
	area := ""
	if start > 0 {
		area = rows[start-1].outcome.Area
	}
	shown := 0
	for i := start; i < len(rows) && shown < height; i++ {
		r := rows[i]
		if r.outcome.Area != "" && r.outcome.Area != area && shown < height-1 {
			area = r.outcome.Area
			lines = append(lines, s.Section.Render(ansi.Truncate(sanitize.Line(area), w, "…")))
			shown++
		}
		lines = append(lines, c.rowLine(r, i == c.cursor, idW, textW, countW))
		shown++
	}
	if len(rows) > start+shown {
		lines = append(lines, s.Faint.Render(fmt.Sprintf("  and %d more ↓", len(rows)-start-shown)))
	}
	if cov.Source != "" {
		lines = append(lines, s.Faint.Render(ansi.Truncate("Source: "+sanitize.Line(cov.Source), w, "…")))
	}
	for _, pr := range c.data.problems {
		lines = append(lines, s.Warn.Render(ansi.Truncate("! "+pr, w, "…")))
	}
	return strings.Join(lines, "\n")
}

// rowLine is one outcome: its ID, text and count, with a gap said as "gap" so it
// reads without colour.
func (c *Screen) rowLine(r row, selected bool, idW, textW, countW int) string {
	s := c.ctx.Styles
	n := len(r.ids)
	num := fmt.Sprintf("%*d", countW-6, n)
	var count string
	switch {
	case r.unknown:
		count = s.Warn.Render("  ?   ") + num
	case n == 0:
		count = s.Warn.Render("  gap ") + num
	default:
		count = "  " + s.Bar.Render(common.Pad(strings.Repeat("█", min(n, 4)), 4)) + num
	}
	text := common.Pad(sanitize.Line(r.outcome.Text), textW)
	line := common.Pad(sanitize.Line(r.outcome.ID), idW) + text + count
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// outcomeEntries lists the entries mapped to one outcome, newest first; Enter
// opens one.
type outcomeEntries struct {
	ctx       *common.Context
	framework string
	outcome   portfolio.Outcome
	entries   []*portfolio.Entry
	cursor    int
}

func newOutcomeEntries(ctx *common.Context, framework string, o portfolio.Outcome, es []*portfolio.Entry) *outcomeEntries {
	return &outcomeEntries{ctx: ctx, framework: framework, outcome: o, entries: es}
}

func (oe *outcomeEntries) Init() tea.Cmd            { return nil }
func (oe *outcomeEntries) Title() string            { return "Outcome" }
func (oe *outcomeEntries) Typing() bool             { return false }
func (oe *outcomeEntries) SetSize(int, int) tea.Cmd { return nil }

func (oe *outcomeEntries) Keys() help.KeyMap {
	k := oe.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.Back}},
	}
}

func (oe *outcomeEntries) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	msgKey, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return common.Nav{}, nil
	}
	k := oe.ctx.Keys
	switch {
	case key.Matches(msgKey, k.Back):
		return common.Back(), nil
	case key.Matches(msgKey, k.Down):
		oe.cursor = min(oe.cursor+1, max(len(oe.entries)-1, 0))
	case key.Matches(msgKey, k.Up):
		oe.cursor = max(oe.cursor-1, 0)
	case key.Matches(msgKey, k.Open):
		if oe.cursor < len(oe.entries) {
			return common.Push(entries.NewEntryView(oe.ctx, oe.entries[oe.cursor].ID)), nil
		}
	}
	return common.Nav{}, nil
}

func (oe *outcomeEntries) View() string {
	s := oe.ctx.Styles
	w := oe.ctx.Width
	lines := []string{s.Title.Render(ansi.Truncate(sanitize.Line(oe.framework+":"+oe.outcome.ID), w, "…"))}
	lines = append(lines, common.WrapLines(s.Subtle, sanitize.Line(oe.outcome.Text), w, 3)...)
	lines = append(lines, "", s.Section.Render(common.Plural(len(oe.entries), "entry", "entries")+" mapped"))
	height := max(oe.ctx.BodyHeight()-len(lines), 1)
	start := max(oe.cursor-height+1, 0)
	for i := start; i < len(oe.entries) && i < start+height; i++ {
		e := oe.entries[i]
		line := ansi.Truncate(s.Subtle.Render(e.Date.String())+" "+s.FunctionMarks(e.Functions)+" "+sanitize.Line(e.Title), w-2, "…")
		if i == oe.cursor {
			lines = append(lines, s.Cursor.Render("▸ ")+s.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}
