package dashboard

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/pages/coverage"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/pages/export"
	goalspkg "github.com/foliohq/folio/ui/pages/goals"
	"github.com/foliohq/folio/ui/pages/history"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
	settings "github.com/foliohq/folio/ui/pages/settings"
	"github.com/foliohq/folio/ui/sanitize"
)

// Dashboard shows the portfolio at a glance: what is due (overdue and coming
// actions, meetings, planned endings and the renewal date) at the top, the Proctor
// balance of entries, meetings, goals and actions, open goals, recent entries and
// "on this day". Every listed item opens with Enter.
type Dashboard struct {
	ctx    *common.Context
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
	return [sectionCount]string{"Open goals", "Due", "Recent entries", "On this day"}
}

// dashItem is one line of a section that Enter opens.
type dashItem struct {
	section int
	entry   *portfolio.Entry
	goal    *portfolio.Goal
	action  *portfolio.Action
	due     *mentorship.DueItem
	done    int
	total   int
	ready   bool
}

type dashboardData struct {
	counts portfolio.Counts
	today  calendar.Date
	// balance is this year's Proctor balance: entries, meetings, goals, actions.
	balance []mentorship.BalanceRow
	// dueMore counts what is due beyond the items listed; dueOverdue and
	// dueComing count the whole list.
	dueMore, dueOverdue, dueComing int
	items                          []dashItem
	mentoring                      *mentoringpkg.MentoringData
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
	dashMaxDue    = 3
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
	// The due list runs across the top, so it takes a share of the height only.
	return dashLimits{max(dashMaxGoals, per), max(dashMaxDue, (height-16)/3), max(dashMaxRecent, per), max(dashMaxOnDay, per)}
}

func NewDashboard(ctx *common.Context) *Dashboard { return &Dashboard{ctx: ctx} }

func (d *Dashboard) Init() tea.Cmd   { return d.load() }
func (d *Dashboard) Resume() tea.Cmd { return d.load() }
func (d *Dashboard) Title() string   { return "Dashboard" }
func (d *Dashboard) Typing() bool    { return false }

// SetSize loads again when the new height holds more or fewer items; the rest is
// drawn from the context's size each frame.
func (d *Dashboard) SetSize(_, height int) tea.Cmd {
	if d.data != nil && limitsFor(height) != d.limits {
		return d.load()
	}
	return nil
}
func (d *Dashboard) Loading() bool { return d.data == nil }

func (d *Dashboard) Keys() help.KeyMap {
	k := d.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.New, k.GoEntries, k.GoGoals, k.GoMentoring, k.Search, k.Quit},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.NextField, k.Open},
			{k.New, k.GoEntries, k.GoGoals, k.GoMentoring, k.Revalidation, k.Coverage, k.Trash, k.Settings},
		},
	}
}

// load gathers the dashboard's figures off the update loop: counting 100k entries
// is quick but not free.
func (d *Dashboard) load() tea.Cmd {
	p, rules := d.ctx.Portfolio, d.ctx.Rules
	if p == nil {
		return nil
	}
	d.seq++
	seq := d.seq
	d.limits = limitsFor(d.ctx.BodyHeight())
	lim := d.limits
	return func() tea.Msg { return dashboardLoadedMsg{seq, loadDashboard(p, rules, lim)} }
}

func loadDashboard(p *portfolio.Portfolio, rules *revalidation.Rules, lim dashLimits) *dashboardData {
	today := p.Today()
	data := &dashboardData{counts: p.FunctionCounts(), today: today, mentoring: mentoringpkg.LoadMentoring(p)}
	data.balance = mentorship.Balance(p, calendar.MakeDate(today.Year(), time.January, 1), calendar.MakeDate(today.Year(), time.December, 31))
	if renewal := p.Settings().RenewalDate; !renewal.IsZero() && rules != nil {
		r := revalidation.ReadinessOf(p, renewal, *rules)
		data.readiness = &r
	}
	// What is due comes first, as it is drawn: the cursor starts on it.
	for i, it := range mentorship.Due(p, dueWithinDays) {
		if it.Overdue {
			data.dueOverdue++
		} else {
			data.dueComing++
		}
		if i >= lim.due {
			data.dueMore++
			continue
		}
		item := dashItem{section: secDue, due: &it}
		if it.Kind == mentorship.DueAction {
			if a, ok := goals.Action(p, it.ID); ok {
				item.action = a
			}
		}
		data.items = append(data.items, item)
	}
	for i, g := range goals.List(p, portfolio.GoalOpen) {
		if i == lim.goals {
			break
		}
		done, total := goals.Progress(p, g.ID)
		data.items = append(data.items, dashItem{section: secGoals, goal: g, done: done, total: total, ready: total > 0 && done == total})
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

func (d *Dashboard) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case dashboardLoadedMsg:
		if msg.seq != d.seq {
			return common.Nav{}, nil // the rules came in meanwhile, and a newer load has them
		}
		d.data = msg.data
		d.cursor = min(d.cursor, max(len(d.data.items)-1, 0))
	case export.RulesMsg:
		// The rules arrived after the first load: count again with them.
		return common.Nav{}, d.load()
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			d.move(1)
		} else if msg.Button == tea.MouseWheelUp {
			d.move(-1)
		}
	case tea.KeyPressMsg:
		return d.handleKey(msg)
	}
	return common.Nav{}, nil
}

func (d *Dashboard) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := d.ctx.Keys
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
		return common.Push(entriespkg.NewPicker(d.ctx)), nil
	case key.Matches(msg, k.GoEntries):
		return common.Push(entriespkg.NewEntries(d.ctx, false)), nil
	case key.Matches(msg, k.GoGoals):
		return common.Push(goalspkg.NewGoals(d.ctx)), nil
	case key.Matches(msg, k.GoMentoring):
		return common.Push(mentoringpkg.NewMentoring(d.ctx)), nil
	case key.Matches(msg, k.Revalidation):
		return common.Push(export.NewRevalidationView(d.ctx)), nil
	case key.Matches(msg, k.Coverage):
		return common.Push(coverage.New(d.ctx)), nil
	case key.Matches(msg, k.Trash):
		return common.Push(history.NewTrash(d.ctx)), nil
	case key.Matches(msg, k.Settings):
		return common.Push(settings.New(d.ctx)), nil
	}
	return common.Nav{}, nil
}

func (d *Dashboard) move(delta int) {
	if d.data == nil || len(d.data.items) == 0 {
		return
	}
	d.cursor = min(max(d.cursor+delta, 0), len(d.data.items)-1)
}

func (d *Dashboard) jumpSection(dir int) {
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

func (d *Dashboard) open() common.Nav {
	if d.data == nil || len(d.data.items) == 0 {
		return common.Nav{}
	}
	it := d.data.items[d.cursor]
	switch {
	case it.due != nil && it.due.Kind == mentorship.DueRevalidation:
		return common.Push(export.NewRevalidationView(d.ctx))
	case it.action != nil && it.action.GoalID != "":
		return common.Push(goalspkg.NewGoalView(d.ctx, it.action.GoalID, it.action.ID))
	case it.due != nil && it.due.RelationshipID != "":
		// A meeting, a planned end, or an action agreed at a meeting with no goal.
		return common.Push(mentoringpkg.NewRelationshipView(d.ctx, it.due.RelationshipID))
	case it.entry != nil:
		return common.Push(entriespkg.NewEntryView(d.ctx, it.entry.ID))
	case it.goal != nil:
		return common.Push(goalspkg.NewGoalView(d.ctx, it.goal.ID, ""))
	}
	return common.Nav{}
}

func (d *Dashboard) View() string {
	c := d.ctx
	s := c.Styles
	if d.data == nil {
		return s.Subtle.Render("  Loading…")
	}
	w := c.Width
	chart := d.chartView(w)
	if due := d.dueView(w); due != "" {
		chart = due + "\n\n" + chart
	}
	if r := d.revalidationView(w); r != "" {
		chart += "\n\n" + r
	}
	if m := d.mentoringView(w); m != "" {
		chart += "\n\n" + m
	}
	if g := d.gettingStarted(w); g != "" {
		chart += "\n\n" + g
	}
	restHeight := c.BodyHeight() - lipgloss.Height(chart) - 1
	var rest string
	if w >= 70 {
		colW := (w - 3) / 2
		left := d.columnView([]int{secGoals}, colW, restHeight)
		right := d.columnView([]int{secRecent, secOnThisDay}, w-3-colW, restHeight)
		rest = lipgloss.JoinHorizontal(lipgloss.Top, left, "   ", right)
	} else {
		rest = d.columnView([]int{secGoals, secRecent, secOnThisDay}, w, restHeight)
	}
	return chart + "\n\n" + rest
}

// chartView is the Proctor balance: per function, entries with a bar for this
// year and their counts this month, this year and in all, then this year's meetings
// held, goals set and actions due; a caption says what is counted.
func (d *Dashboard) chartView(width int) string {
	s := d.ctx.Styles
	c := d.data.counts
	const nameW, numW, kindW = 14, 7, 6
	barW := min(max(width-nameW-3*numW-3*kindW-2, 4), 40)
	maxYear := 1
	for _, f := range portfolio.AllFunctions {
		maxYear = max(maxYear, c.Year[f])
	}
	num := func(n int) string { return fmt.Sprintf("%*d", numW, n) }
	kinds := d.balanceByFunction()
	head := s.Section.Render(common.Pad("Balance", nameW)) + s.Subtle.Render(common.Pad("entries this year", barW)) +
		s.Subtle.Render(fmt.Sprintf("%*s%*s%*s%*s%*s%*s", numW, "month", numW, "year", numW, "all", kindW, "meet", kindW, "goals", kindW, "acts"))
	lines := []string{head}
	var kindTotal [3]int
	for _, f := range portfolio.AllFunctions {
		n := c.Year[f]
		filled := n * barW / maxYear
		if n > 0 && filled == 0 {
			filled = 1
		}
		bar := s.Function[f].Render(strings.Repeat("█", filled)) + s.Faint.Render(strings.Repeat("░", barW-filled))
		line := common.Pad(s.FunctionName(f), nameW) + bar + num(c.Month[f]) + num(c.Year[f]) + num(c.All[f])
		for i, k := range kinds[f] {
			line += fmt.Sprintf("%*d", kindW, k)
			kindTotal[i] += k
		}
		lines = append(lines, line)
	}
	total := s.Subtle.Render(common.Pad("entries", nameW)+strings.Repeat(" ", barW)) + num(c.MonthTotal) + num(c.YearTotal) + num(c.AllTotal)
	lines = append(lines, total)
	lines = append(lines, s.Faint.Render(ansi.Truncate("meet, goals, acts: this year's meetings held, goals set and actions due", width, "…")))
	return strings.Join(lines, "\n")
}

// balanceByFunction is this year's meetings, goals and actions per function, from
// the domain's balance rows (entries are counted in the chart's own columns).
func (d *Dashboard) balanceByFunction() map[portfolio.Function][3]int {
	out := map[portfolio.Function][3]int{}
	for _, row := range d.data.balance {
		i := map[string]int{"meetings": 0, "goals": 1, "actions": 2}
		k, ok := i[row.What]
		if !ok {
			continue
		}
		for f, n := range map[portfolio.Function]int{portfolio.Normative: row.Normative, portfolio.Formative: row.Formative, portfolio.Restorative: row.Restorative} {
			v := out[f]
			v[k] = n
			out[f] = v
		}
	}
	return out
}

// dueView is the due list across the top: what is overdue, then what falls due
// within the week, each saying what it is so it reads without colour.
func (d *Dashboard) dueView(width int) string {
	s := d.ctx.Styles
	var lines []string
	for i, it := range d.data.items {
		if it.section != secDue {
			continue
		}
		line := d.itemLine(it, width-2)
		if i == d.cursor {
			lines = append(lines, s.Cursor.Render("▸ ")+s.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	head := s.Section.Render("Due")
	if len(lines) == 0 {
		return head + "  " + s.Faint.Render("nothing overdue, nothing due this week")
	}
	var notes []string
	if n := d.data.dueOverdue; n > 0 {
		notes = append(notes, s.Overdue.Render(fmt.Sprintf("%d overdue", n)))
	}
	if n := d.data.dueComing; n > 0 {
		notes = append(notes, s.Subtle.Render(fmt.Sprintf("%d in the next %d days", n, dueWithinDays)))
	}
	if d.data.dueMore > 0 {
		notes = append(notes, s.Subtle.Render(fmt.Sprintf("%d not listed", d.data.dueMore)))
	}
	head += "  " + strings.Join(notes, s.Faint.Render(" · "))
	return strings.Join(append([]string{head}, lines...), "\n")
}

// gettingStartedMinHeight is the body height from which a new vault's dashboard
// has room for the first steps, rather than rows of nothing.
const gettingStartedMinHeight = 30

// gettingStarted is a short guide to the first steps, shown on a tall window while
// the vault holds no entry and no goal.
func (d *Dashboard) gettingStarted(width int) string {
	if d.data.counts.AllTotal > 0 || d.ctx.BodyHeight() < gettingStartedMinHeight {
		return ""
	}
	for _, it := range d.data.items {
		if it.section == secGoals {
			return ""
		}
	}
	s := d.ctx.Styles
	tw := min(width, common.ReadingWidth)
	steps := []string{
		"n  writes an entry: free text, or a template such as Gibbs, Kolb or a GPhC revalidation record. Type to filter the list.",
		"   Each entry is marked by the functions of supervision it serves: normative (standards), formative (learning), restorative (wellbeing).",
		"g  sets a learning goal and its action plan; mark actions done, then reflect on them.",
		"m  keeps mentoring: an agreement, agendas from your own entries, meeting records and agreed actions.",
		"r  sets your renewal date and says whether your records are ready for revalidation.",
		"/  searches everything; ? lists the keys of each screen; ctrl+l locks the vault at once.",
	}
	lines := []string{s.Section.Render("Getting started")}
	for _, st := range steps {
		// The key stands out; the text wraps under itself, past the key.
		keyPart, text := st[:3], st[3:]
		for i, l := range strings.Split(ansi.Wrap(text, tw-5, " "), "\n") {
			if i > 0 {
				keyPart = "   "
			}
			lines = append(lines, "  "+s.Key.Render(keyPart)+s.Subtle.Render(l))
		}
	}
	return strings.Join(lines, "\n")
}

// columnView stacks the given sections in a column, sharing its height.
func (d *Dashboard) columnView(sections []int, width, height int) string {
	per := max(height/len(sections), 2)
	var parts []string
	for _, sec := range sections {
		parts = append(parts, d.sectionView(sec, width, per))
	}
	return lipgloss.NewStyle().Width(width).MaxHeight(height).Render(strings.Join(parts, "\n"))
}

func (d *Dashboard) sectionView(sec, width, height int) string {
	s := d.ctx.Styles
	lines := []string{s.Section.Render(sectionTitles()[sec])}
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
			lines = append(lines, s.Cursor.Render("▸ ")+s.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if shown == 0 {
		lines = append(lines, s.Faint.Render("  "+emptySection(sec)))
	}
	return strings.Join(lines, "\n") + "\n"
}

// dueKindLabel names what a due item is, in words, so the list reads without colour.
func dueKindLabel(k mentorship.DueKind) string {
	switch k {
	case mentorship.DueAction:
		return "action"
	case mentorship.DueMeeting:
		return "meeting"
	case mentorship.DueEnding:
		return "ending"
	case mentorship.DueRevalidation:
		return "renewal"
	}
	return string(k)
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

func (d *Dashboard) itemLine(it dashItem, width int) string {
	s := d.ctx.Styles
	today := d.data.today
	var line string
	switch it.section {
	case secGoals:
		progress := fmt.Sprintf("%d/%d", it.done, it.total)
		if it.ready {
			progress = s.Warn.Render(progress + " review")
		} else {
			progress = s.Subtle.Render(progress)
		}
		line = common.FitRight(sanitize.Line(it.goal.Title), progress, width)
	case secDue:
		du := it.due
		when := s.Due.Render(du.Due.String() + " " + ansi.Strip(common.DaysText(s, today, du.Due)))
		if du.Overdue {
			when = s.Overdue.Render("overdue " + du.Due.String())
		}
		line = common.FitRight(s.Subtle.Render(common.Pad(dueKindLabel(du.Kind), 9))+sanitize.Line(du.Title), when, width)
	default:
		e := it.entry
		date := e.Date.String()
		if it.section == secOnThisDay {
			date = fmt.Sprintf("%d yr ago", today.Year()-e.Date.Year())
		}
		line = s.Subtle.Render(date) + " " + s.FunctionMarks(e.Functions) + " " + sanitize.Line(e.Title)
	}
	return ansi.Truncate(line, width, "…")
}
