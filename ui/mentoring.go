package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/sanitize"
)

// mentoring is the mentoring area: every relationship with its meetings held against
// those planned (the time commitment is what schemes find hardest) and the next
// meeting, and for mentors their self-rated skills over time.
type mentoring struct {
	ctx    *context
	data   *mentoringData
	cursor int
}

// relRow is a relationship with the figures its row shows.
type relRow struct {
	r       *portfolio.Relationship
	stats   mentorship.MeetingStats
	overdue int // actions agreed at its meetings and now overdue
}

type mentoringData struct {
	today  calendar.Date
	rows   []relRow
	skills map[string][]int // each mentoring skill's self-ratings, oldest first
	mentor bool
	// received counts documents others shared with this vault.
	received int
}

type mentoringLoadedMsg struct{ data *mentoringData }

func newMentoring(ctx *context) *mentoring { return &mentoring{ctx: ctx} }

func (m *mentoring) Init() tea.Cmd   { return m.load() }
func (m *mentoring) Resume() tea.Cmd { return m.load() }
func (m *mentoring) Title() string   { return "Mentoring" }
func (m *mentoring) Typing() bool    { return false }

// SetSize does nothing: the mentoring draws from the context's size each frame.
func (m *mentoring) SetSize(int, int) tea.Cmd { return nil }
func (m *mentoring) Loading() bool            { return m.data == nil }

func (m *mentoring) Keys() help.KeyMap {
	k := m.ctx.keys
	return helpKeys{
		short: []key.Binding{k.Open, k.New, k.FlagEntries, k.Received, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.Back}, {k.New, k.FlagEntries, k.RateSkills, k.Received}},
	}
}

func (m *mentoring) load() tea.Cmd {
	p := m.ctx.p
	if p == nil {
		return nil
	}
	return func() tea.Msg { return mentoringLoadedMsg{loadMentoring(p)} }
}

func loadMentoring(p *portfolio.Portfolio) *mentoringData {
	d := &mentoringData{today: p.Today(), skills: mentorship.Trend(p.Ratings(portfolio.RatingSkills, "")), received: len(p.ReceivedDocuments(""))}
	for _, r := range p.Relationships() {
		row := relRow{r: r, stats: mentorship.Stats(p, r.ID)}
		for _, a := range mentorship.AgreedActions(p, r.ID) {
			if a.Overdue(d.today) {
				row.overdue++
			}
		}
		if r.Role == portfolio.RoleMentor {
			d.mentor = true
		}
		d.rows = append(d.rows, row)
	}
	return d
}

func (m *mentoring) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case mentoringLoadedMsg:
		m.data = msg.data
		m.cursor = min(m.cursor, max(len(m.data.rows)-1, 0))
	case tea.KeyPressMsg:
		k := m.ctx.keys
		switch {
		case key.Matches(msg, k.Back):
			return back(), nil
		case key.Matches(msg, k.Down):
			if m.data != nil {
				m.cursor = min(m.cursor+1, max(len(m.data.rows)-1, 0))
			}
		case key.Matches(msg, k.Up):
			m.cursor = max(m.cursor-1, 0)
		case key.Matches(msg, k.New):
			return push(relationshipForm(m.ctx, nil)), nil
		case key.Matches(msg, k.FlagEntries):
			return push(newEntryFlags(m.ctx)), nil
		case key.Matches(msg, k.RateSkills):
			return push(skillsForm(m.ctx)), nil
		case key.Matches(msg, k.Received):
			return push(newReceivedList(m.ctx)), nil
		case key.Matches(msg, k.Open):
			if m.data != nil && len(m.data.rows) > 0 {
				return push(newRelationshipView(m.ctx, m.data.rows[m.cursor].r.ID)), nil
			}
		}
	}
	return nav{}, nil
}

func (m *mentoring) View() string {
	s := m.ctx.styles
	w := m.ctx.width
	if m.data == nil {
		return s.subtle.Render("  Loading…")
	}
	lines := []string{spread(s.section.Render("Relationships"), s.subtle.Render(pad("meetings   next", 33)), min(w, relRowMaxWidth))}
	if len(m.data.rows) == 0 {
		lines = append(lines, s.faint.Render("  None yet. Press n to set one up: as a mentee, a mentor, in peer support"),
			s.faint.Render("  or an action learning set."))
	}
	for i, row := range m.data.rows {
		lines = append(lines, relationshipRow(s, row, m.data.today, min(w, relRowMaxWidth), i == m.cursor))
	}
	if m.data.mentor || len(m.data.skills) > 0 {
		lines = append(lines, "", spread(s.section.Render("My mentoring skills")+s.subtle.Render("  self-rated, private"), s.subtle.Render("s rates them"), w))
		lines = append(lines, skillsChart(s, m.data.skills, w)...)
	}
	shared := "your sharing key, for others to encrypt to"
	if n := m.data.received; n > 0 {
		shared = plural(n, "document", "documents") + " shared with you, and your sharing key"
	}
	lines = append(lines, "", s.subtle.Render(ansi.Truncate("i: "+shared, w, "…")))
	return strings.Join(lines, "\n")
}

// relationshipRow is one relationship on a line: who, role, meetings held of those
// planned, and when the next meeting is.
func relationshipRow(s styles, row relRow, today calendar.Date, width int, selected bool) string {
	r := row.r
	title := sanitize.Line(r.Title())
	meetings := fmt.Sprintf("%d/%s", row.stats.Held, plannedText(row.stats.Planned))
	next := s.faint.Render("not set")
	switch {
	case r.Status == portfolio.RelEnded:
		next = s.faint.Render("ended " + r.EndedOn.String())
	case !row.stats.Next.IsZero():
		next = row.stats.Next.String() + " " + daysText(s, today, row.stats.Next)
	}
	if row.overdue > 0 {
		title += s.overdue.Render(fmt.Sprintf("  %d overdue", row.overdue))
	}
	// A fixed width keeps the columns in line from row to row.
	right := pad(s.subtle.Render(meetings), 9) + "  " + pad(next, 22)
	line := fitRight(title, right, width-2)
	if selected {
		return s.cursor.Render("▸ ") + s.selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// relRowMaxWidth keeps a relationship's figures near its name on a wide terminal.
const relRowMaxWidth = 100

func plannedText(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprint(n)
}

// daysText says how far a date is from today, in words and colour.
func daysText(s styles, today, d calendar.Date) string {
	n := int(d - today)
	switch {
	case n == 0:
		return s.warn.Render("today")
	case n == 1:
		return s.due.Render("tomorrow")
	case n > 1:
		return s.subtle.Render(fmt.Sprintf("in %d days", n))
	case n == -1:
		return s.overdue.Render("yesterday")
	}
	return s.overdue.Render(fmt.Sprintf("%d days ago", -n))
}

// sparks draws scores of 1 to 5 as one character each, rising with the score.
const sparks = "▁▂▄▆█"

func sparkline(vals []int) string {
	var b strings.Builder
	for _, v := range vals {
		b.WriteRune([]rune(sparks)[min(max(v, 1), 5)-1])
	}
	return b.String()
}

// scoreBar is a score of 1 to 5 as five cells, filled to the score.
func scoreBar(s styles, v int) string {
	v = min(max(v, 0), 5)
	return s.bar.Render(strings.Repeat("█", v)) + s.faint.Render(strings.Repeat("░", 5-v))
}

// skillsChart draws each mentoring skill's ratings over time (the last 12) and the
// latest score with a bar.
func skillsChart(s styles, trend map[string][]int, width int) []string {
	if len(trend) == 0 {
		return []string{s.faint.Render("  No ratings yet. Rate your skills now and after a few sessions to see them change.")}
	}
	const nameW = 24
	var lines []string
	for _, name := range portfolio.MentorSkills {
		vals := trend[name]
		if len(vals) == 0 {
			continue
		}
		last := vals[len(vals)-1]
		hist := vals[max(len(vals)-12, 0):]
		change := ""
		if len(vals) > 1 {
			change = fmt.Sprintf(" (%+d)", last-vals[0])
		}
		line := "  " + pad(s.label.Render(name), nameW) + s.bar.Render(pad(sparkline(hist), 13)) +
			scoreBar(s, last) + fmt.Sprintf(" %d", last) + s.subtle.Render(change)
		lines = append(lines, ansi.Truncate(line, width, "…"))
	}
	return lines
}

// loadTemplate finds a template by name in the built-ins and the user's own
// templates in the settings folder dir, which the command line works out for the
// platform. It reads that folder, so call it only inside a command.
func loadTemplate(dir, name string) (*fill.Template, error) {
	lib, err := fill.LoadLibrary(dir)
	if err != nil {
		return nil, err
	}
	return lib.Get(name)
}
