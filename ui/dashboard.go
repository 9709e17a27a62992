package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/sanitize"
)

// dashboard shows the portfolio at a glance: entries per function, open goals, actions
// due, recent entries and "on this day". Every listed item opens with Enter.
type dashboard struct {
	ctx    *context
	data   *dashboardData
	cursor int
	seq    int // the latest load: an older one may finish after it
	limits dashLimits
}

// Sections of the dashboard, in the order Tab visits them.
const (
	secGoals = iota
	secDue
	secRecent
	secOnThisDay
	sectionCount
)

func sectionTitles() [sectionCount]string {
	return [sectionCount]string{"Open goals", "Actions due", "Recent entries", "On this day"}
}

// dashItem is one line of a section that Enter opens.
type dashItem struct {
	section int
	entry   *portfolio.Entry
	goal    *portfolio.Goal
	action  *portfolio.Action
	done    int
	total   int
	ready   bool
}

type dashboardData struct {
	counts    portfolio.Counts
	today     calendar.Date
	items     []dashItem
	mentoring *mentoringData
	// readiness for the renewal, when its date is set and the rules are loaded.
	readiness *revalidation.Readiness
}

type dashboardLoadedMsg struct {
	seq  int
	data *dashboardData
}

// How many lines each list takes at least, so a full portfolio stays a glance; a
// taller window shows more (dashLimits).
const (
	dashMaxGoals  = 5
	dashMaxDue    = 5
	dashMaxRecent = 8
	dashMaxOnDay  = 5
	dueWithinDays = 7
)

// dashLimits are how many items each list loads for a body height cells tall:
// the fixed least, or what half a column's height holds, whichever is more.
type dashLimits struct{ goals, due, recent, onDay int }

func limitsFor(height int) dashLimits {
	// The chart and its gap take about 8 lines; two sections share a column.
	per := (height-8)/2 - 2
	return dashLimits{max(dashMaxGoals, per), max(dashMaxDue, per), max(dashMaxRecent, per), max(dashMaxOnDay, per)}
}

func newDashboard(ctx *context) *dashboard { return &dashboard{ctx: ctx} }

func (d *dashboard) Init() tea.Cmd   { return d.load() }
func (d *dashboard) Resume() tea.Cmd { return d.load() }
func (d *dashboard) Title() string   { return "Dashboard" }
func (d *dashboard) Typing() bool    { return false }

// SetSize loads again when the new height holds more or fewer items; the rest is
// drawn from the context's size each frame.
func (d *dashboard) SetSize(_, height int) tea.Cmd {
	if d.data != nil && limitsFor(height) != d.limits {
		return d.load()
	}
	return nil
}
func (d *dashboard) Loading() bool { return d.data == nil }

func (d *dashboard) Keys() help.KeyMap {
	k := d.ctx.keys
	return helpKeys{
		short: []key.Binding{k.New, k.GoEntries, k.GoGoals, k.GoMentoring, k.Search, k.Quit},
		full: [][]key.Binding{
			{k.Up, k.Down, k.NextField, k.Open},
			{k.New, k.GoEntries, k.GoGoals, k.GoMentoring, k.Revalidation},
		},
	}
}

// load gathers the dashboard's figures off the update loop: counting 100k entries
// is quick but not free.
func (d *dashboard) load() tea.Cmd {
	p, rules := d.ctx.p, d.ctx.rules
	if p == nil {
		return nil
	}
	d.seq++
	seq := d.seq
	d.limits = limitsFor(d.ctx.bodyHeight())
	lim := d.limits
	return func() tea.Msg { return dashboardLoadedMsg{seq, loadDashboard(p, rules, lim)} }
}

func loadDashboard(p *portfolio.Portfolio, rules *revalidation.Rules, lim dashLimits) *dashboardData {
	data := &dashboardData{counts: p.FunctionCounts(), today: p.Today(), mentoring: loadMentoring(p)}
	if renewal := p.Settings().RenewalDate; !renewal.IsZero() && rules != nil {
		r := revalidation.ReadinessOf(p, renewal, *rules)
		data.readiness = &r
	}
	for i, g := range p.Goals(portfolio.GoalOpen) {
		if i == lim.goals {
			break
		}
		done, total := p.Progress(g.ID)
		data.items = append(data.items, dashItem{section: secGoals, goal: g, done: done, total: total, ready: total > 0 && done == total})
	}
	for i, a := range p.DueActions(dueWithinDays) {
		if i == lim.due {
			break
		}
		item := dashItem{section: secDue, action: a}
		if g, ok := p.Goal(a.GoalID); ok {
			item.goal = g
		}
		data.items = append(data.items, item)
	}
	for _, e := range p.Find(portfolio.Query{Limit: lim.recent}) {
		data.items = append(data.items, dashItem{section: secRecent, entry: e})
	}
	for i, e := range p.OnThisDay() {
		if i == lim.onDay {
			break
		}
		data.items = append(data.items, dashItem{section: secOnThisDay, entry: e})
	}
	return data
}

func (d *dashboard) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case dashboardLoadedMsg:
		if msg.seq != d.seq {
			return nav{}, nil // the rules came in meanwhile, and a newer load has them
		}
		d.data = msg.data
		d.cursor = min(d.cursor, max(len(d.data.items)-1, 0))
	case rulesMsg:
		// The rules arrived after the first load: count again with them.
		return nav{}, d.load()
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			d.move(1)
		} else if msg.Button == tea.MouseWheelUp {
			d.move(-1)
		}
	case tea.KeyPressMsg:
		return d.handleKey(msg)
	}
	return nav{}, nil
}

func (d *dashboard) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := d.ctx.keys
	switch {
	case key.Matches(msg, k.Down):
		d.move(1)
	case key.Matches(msg, k.Up):
		d.move(-1)
	case key.Matches(msg, k.NextField):
		d.jumpSection(1)
	case key.Matches(msg, k.PrevField):
		d.jumpSection(-1)
	case key.Matches(msg, k.Open):
		return d.open(), nil
	case key.Matches(msg, k.New):
		return push(newPicker(d.ctx)), nil
	case key.Matches(msg, k.GoEntries):
		return push(newEntries(d.ctx, false)), nil
	case key.Matches(msg, k.GoGoals):
		return push(newGoals(d.ctx)), nil
	case key.Matches(msg, k.GoMentoring):
		return push(newMentoring(d.ctx)), nil
	case key.Matches(msg, k.Revalidation):
		return push(newRevalidationView(d.ctx)), nil
	}
	return nav{}, nil
}

func (d *dashboard) move(delta int) {
	if d.data == nil || len(d.data.items) == 0 {
		return
	}
	d.cursor = min(max(d.cursor+delta, 0), len(d.data.items)-1)
}

func (d *dashboard) jumpSection(dir int) {
	if d.data == nil || len(d.data.items) == 0 {
		return
	}
	n := len(d.data.items)
	cur := d.data.items[d.cursor].section
	for i := 1; i < n; i++ {
		j := ((d.cursor+dir*i)%n + n) % n
		if d.data.items[j].section != cur {
			// Land on the first item of that section.
			for j > 0 && d.data.items[j-1].section == d.data.items[j].section {
				j--
			}
			d.cursor = j
			return
		}
	}
}

func (d *dashboard) open() nav {
	if d.data == nil || len(d.data.items) == 0 {
		return nav{}
	}
	it := d.data.items[d.cursor]
	switch {
	case it.entry != nil:
		return push(newEntryView(d.ctx, it.entry.ID))
	case it.action != nil:
		return push(newGoalView(d.ctx, it.action.GoalID, it.action.ID))
	case it.goal != nil:
		return push(newGoalView(d.ctx, it.goal.ID, ""))
	}
	return nav{}
}

func (d *dashboard) View() string {
	c := d.ctx
	s := c.styles
	if d.data == nil {
		return s.subtle.Render("  Loading…")
	}
	w := c.width
	chart := d.chartView(w)
	if r := d.revalidationView(w); r != "" {
		chart += "\n\n" + r
	}
	if m := d.mentoringView(w); m != "" {
		chart += "\n\n" + m
	}
	if g := d.gettingStarted(w); g != "" {
		chart += "\n\n" + g
	}
	restHeight := c.bodyHeight() - lipgloss.Height(chart) - 1
	var rest string
	if w >= 70 {
		colW := (w - 3) / 2
		left := d.columnView([]int{secGoals, secDue}, colW, restHeight)
		right := d.columnView([]int{secRecent, secOnThisDay}, w-3-colW, restHeight)
		rest = lipgloss.JoinHorizontal(lipgloss.Top, left, "   ", right)
	} else {
		rest = d.columnView([]int{secGoals, secDue, secRecent, secOnThisDay}, w, restHeight)
	}
	return chart + "\n\n" + rest
}

// chartView is the entries-per-function table with a bar for this year.
func (d *dashboard) chartView(width int) string {
	s := d.ctx.styles
	c := d.data.counts
	const nameW, numW = 14, 7
	barW := min(max(width-nameW-3*numW-2, 4), 40)
	maxYear := 1
	for _, f := range portfolio.AllFunctions {
		maxYear = max(maxYear, c.Year[f])
	}
	num := func(n int) string { return fmt.Sprintf("%*d", numW, n) }
	head := s.section.Render(pad("Entries", nameW)) + s.subtle.Render(pad("this year", barW)) +
		s.subtle.Render(fmt.Sprintf("%*s%*s%*s", numW, "month", numW, "year", numW, "all"))
	lines := []string{head}
	for _, f := range portfolio.AllFunctions {
		n := c.Year[f]
		filled := n * barW / maxYear
		if n > 0 && filled == 0 {
			filled = 1
		}
		bar := s.function[f].Render(strings.Repeat("█", filled)) + s.faint.Render(strings.Repeat("░", barW-filled))
		lines = append(lines, pad(s.functionName(f), nameW)+bar+num(c.Month[f])+num(c.Year[f])+num(c.All[f]))
	}
	total := s.subtle.Render(pad("entries", nameW)+strings.Repeat(" ", barW)) + num(c.MonthTotal) + num(c.YearTotal) + num(c.AllTotal)
	lines = append(lines, total)
	return strings.Join(lines, "\n")
}

// gettingStartedMinHeight is the body height from which a new vault's dashboard
// has room for the first steps, rather than rows of nothing.
const gettingStartedMinHeight = 30

// gettingStarted is a short guide to the first steps, shown on a tall window while
// the vault holds no entry and no goal.
func (d *dashboard) gettingStarted(width int) string {
	if d.data.counts.AllTotal > 0 || d.ctx.bodyHeight() < gettingStartedMinHeight {
		return ""
	}
	for _, it := range d.data.items {
		if it.section == secGoals {
			return ""
		}
	}
	s := d.ctx.styles
	tw := min(width, readingWidth)
	steps := []string{
		"n  writes an entry: free text, or a template such as Gibbs, Kolb or a GPhC revalidation record. Type to filter the list.",
		"   Each entry is marked by the functions of supervision it serves: normative (standards), formative (learning), restorative (wellbeing).",
		"g  sets a learning goal and its action plan; mark actions done, then reflect on them.",
		"m  keeps mentoring: an agreement, agendas from your own entries, meeting records and agreed actions.",
		"r  sets your renewal date and says whether your records are ready for revalidation.",
		"/  searches everything; ? lists the keys of each screen; ctrl+l locks the vault at once.",
	}
	lines := []string{s.section.Render("Getting started")}
	for _, st := range steps {
		// The key stands out; the text wraps under itself, past the key.
		keyPart, text := st[:3], st[3:]
		for i, l := range strings.Split(ansi.Wrap(text, tw-5, " "), "\n") {
			if i > 0 {
				keyPart = "   "
			}
			lines = append(lines, "  "+s.key.Render(keyPart)+s.subtle.Render(l))
		}
	}
	return strings.Join(lines, "\n")
}

// columnView stacks the given sections in a column, sharing its height.
func (d *dashboard) columnView(sections []int, width, height int) string {
	per := max(height/len(sections), 2)
	var parts []string
	for _, sec := range sections {
		parts = append(parts, d.sectionView(sec, width, per))
	}
	return lipgloss.NewStyle().Width(width).MaxHeight(height).Render(strings.Join(parts, "\n"))
}

func (d *dashboard) sectionView(sec, width, height int) string {
	s := d.ctx.styles
	lines := []string{s.section.Render(sectionTitles()[sec])}
	shown := 0
	for i, it := range d.data.items {
		if it.section != sec {
			continue
		}
		if shown == height-2 {
			break
		}
		shown++
		line := d.itemLine(it, width-2)
		if i == d.cursor {
			lines = append(lines, s.cursor.Render("▸ ")+s.selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if shown == 0 {
		lines = append(lines, s.faint.Render("  "+emptySection(sec)))
	}
	return strings.Join(lines, "\n") + "\n"
}

func emptySection(sec int) string {
	switch sec {
	case secGoals:
		return "No open goals. g, then n, sets one."
	case secDue:
		return "Nothing due this week."
	case secRecent:
		return "No entries yet. n writes one."
	}
	return "Nothing from this day in past years."
}

func (d *dashboard) itemLine(it dashItem, width int) string {
	s := d.ctx.styles
	today := d.data.today
	var line string
	switch it.section {
	case secGoals:
		progress := fmt.Sprintf("%d/%d", it.done, it.total)
		if it.ready {
			progress = s.warn.Render(progress + " review")
		} else {
			progress = s.subtle.Render(progress)
		}
		line = fitRight(sanitize.Line(it.goal.Title), progress, width)
	case secDue:
		when := s.due.Render(it.action.Due.String())
		if it.action.Overdue(today) {
			when = s.overdue.Render("overdue " + it.action.Due.String())
		}
		line = fitRight(sanitize.Line(it.action.What), when, width)
	default:
		e := it.entry
		date := e.Date.String()
		if it.section == secOnThisDay {
			date = fmt.Sprintf("%d yr ago", today.Year()-e.Date.Year())
		}
		line = s.subtle.Render(date) + " " + s.functionMarks(e.Functions) + " " + sanitize.Line(e.Title)
	}
	return ansi.Truncate(line, width, "…")
}

// pad fills styled s with spaces to width cells.
func pad(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return ansi.Truncate(s, width, "…")
}

// fitRight draws text truncated so that right fits after it in width cells.
func fitRight(text, right string, width int) string {
	rw := ansi.StringWidth(right)
	room := width - rw - 1
	if room < 4 {
		return ansi.Truncate(text, width, "…")
	}
	text = ansi.Truncate(text, room, "…")
	return text + strings.Repeat(" ", width-ansi.StringWidth(text)-rw) + right
}
