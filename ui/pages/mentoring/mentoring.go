package mentoring

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
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/pages/meetings"
	"github.com/foliohq/folio/ui/sanitize"
)

// Mentoring is the mentoring area: every relationship with its meetings held against
// those planned (the time commitment is what schemes find hardest) and the next
// meeting, and for mentors their self-rated skills over time.
type Mentoring struct {
	ctx    *common.Context
	Data   *MentoringData
	Cursor int
}

// RelRow is a relationship with the figures its row shows.
type RelRow struct {
	R       *portfolio.Relationship
	Stats   mentorship.MeetingStats
	Overdue int // actions agreed at its meetings and now overdue
}

type MentoringData struct {
	Today  calendar.Date
	Rows   []RelRow
	Skills map[string][]int // each mentoring skill's self-ratings, oldest first
	Mentor bool
	// received counts documents others shared with this vault.
	received int
}

type mentoringLoadedMsg struct{ data *MentoringData }

func NewMentoring(ctx *common.Context) *Mentoring { return &Mentoring{ctx: ctx} }

func (m *Mentoring) Init() tea.Cmd   { return m.load() }
func (m *Mentoring) Resume() tea.Cmd { return m.load() }
func (m *Mentoring) Title() string   { return "Mentoring" }
func (m *Mentoring) Typing() bool    { return false }

// SetSize does nothing: the mentoring draws from the context's size each frame.
func (m *Mentoring) SetSize(int, int) tea.Cmd { return nil }
func (m *Mentoring) Loading() bool            { return m.Data == nil }

func (m *Mentoring) Keys() help.KeyMap {
	k := m.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.New, k.FlagEntries, k.Received, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.Back}, {k.New, k.FlagEntries, k.RateSkills, k.Received}},
	}
}

func (m *Mentoring) load() tea.Cmd {
	p := m.ctx.Portfolio
	if p == nil {
		return nil
	}
	return func() tea.Msg { return mentoringLoadedMsg{LoadMentoring(p)} }
}

func LoadMentoring(p *portfolio.Portfolio) *MentoringData {
	d := &MentoringData{Today: p.Today(), Skills: mentorship.Trend(mentorship.Ratings(p, portfolio.RatingSkills, "")), received: len(share.ReceivedDocuments(p, ""))}
	for _, r := range mentorship.Relationships(p) {
		row := RelRow{R: r, Stats: mentorship.Stats(p, r.ID)}
		for _, a := range mentorship.AgreedActions(p, r.ID) {
			if a.Overdue(d.Today) {
				row.Overdue++
			}
		}
		if r.Role == portfolio.RoleMentor {
			d.Mentor = true
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

func (m *Mentoring) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case mentoringLoadedMsg:
		m.Data = msg.data
		m.Cursor = min(m.Cursor, max(len(m.Data.Rows)-1, 0))
	case tea.KeyPressMsg:
		k := m.ctx.Keys
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Down):
			if m.Data != nil {
				m.Cursor = min(m.Cursor+1, max(len(m.Data.Rows)-1, 0))
			}
		case key.Matches(msg, k.Up):
			m.Cursor = max(m.Cursor-1, 0)
		case key.Matches(msg, k.New):
			return common.Push(relationshipForm(m.ctx, nil)), nil
		case key.Matches(msg, k.FlagEntries):
			return common.Push(meetings.NewEntryFlags(m.ctx)), nil
		case key.Matches(msg, k.RateSkills):
			return common.Push(skillsForm(m.ctx)), nil
		case key.Matches(msg, k.Received):
			return common.Push(meetings.NewReceivedList(m.ctx)), nil
		case key.Matches(msg, k.Open):
			if m.Data != nil && len(m.Data.Rows) > 0 {
				return common.Push(newRelationshipView(m.ctx, m.Data.Rows[m.Cursor].R.ID)), nil
			}
		}
	}
	return common.Nav{}, nil
}

func (m *Mentoring) View() string {
	s := m.ctx.Styles
	w := m.ctx.Width
	if m.Data == nil {
		return s.Subtle.Render("  Loading…")
	}
	lines := []string{common.Spread(s.Section.Render("Relationships"), s.Subtle.Render(common.Pad("meetings   next", 33)), min(w, RelRowMaxWidth))}
	if len(m.Data.Rows) == 0 {
		lines = append(lines, s.Faint.Render("  None yet. Press n to set one up: as a mentee, a mentor, in peer support"),
			s.Faint.Render("  or an action learning set."))
	}
	for i, row := range m.Data.Rows {
		lines = append(lines, RelationshipRow(s, row, m.Data.Today, min(w, RelRowMaxWidth), i == m.Cursor))
	}
	if m.Data.Mentor || len(m.Data.Skills) > 0 {
		lines = append(lines, "", common.Spread(s.Section.Render("My mentoring skills")+s.Subtle.Render("  self-rated, private"), s.Subtle.Render("o rates them"), w))
		lines = append(lines, skillsChart(s, m.Data.Skills, w)...)
	}
	shared := "your sharing key, for others to encrypt to"
	if n := m.Data.received; n > 0 {
		shared = common.Plural(n, "document", "documents") + " shared with you, and your sharing key"
	}
	lines = append(lines, "", s.Subtle.Render(ansi.Truncate("i: "+shared, w, "…")))
	return strings.Join(lines, "\n")
}

// RelationshipRow is one relationship on a line: who, role, meetings held of those
// planned, and when the next meeting is.
func RelationshipRow(s common.Styles, row RelRow, today calendar.Date, width int, selected bool) string {
	r := row.R
	title := sanitize.Line(r.Title())
	meetings := fmt.Sprintf("%d/%s", row.Stats.Held, plannedText(row.Stats.Planned))
	next := s.Faint.Render("not set")
	switch {
	case r.Status == portfolio.RelEnded:
		next = s.Faint.Render("ended " + r.EndedOn.String())
	case !row.Stats.Next.IsZero():
		next = row.Stats.Next.String() + " " + common.DaysText(s, today, row.Stats.Next)
	}
	if row.Overdue > 0 {
		title += s.Overdue.Render(fmt.Sprintf("  %d overdue", row.Overdue))
	}
	// A fixed width keeps the columns in line from row to row.
	right := common.Pad(s.Subtle.Render(meetings), 9) + "  " + common.Pad(next, 22)
	line := common.FitRight(title, right, width-2)
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// RelRowMaxWidth keeps a relationship's figures near its name on a wide terminal.
const RelRowMaxWidth = 100

func plannedText(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprint(n)
}

// scoreBar is a score of 1 to 5 as five cells, filled to the score.
func scoreBar(s common.Styles, v int) string {
	v = min(max(v, 0), 5)
	return s.Bar.Render(strings.Repeat("█", v)) + s.Faint.Render(strings.Repeat("░", 5-v))
}

// skillsChart draws each mentoring skill's ratings over time (the last 12) and the
// latest score with a bar.
func skillsChart(s common.Styles, trend map[string][]int, width int) []string {
	if len(trend) == 0 {
		return []string{s.Faint.Render("  No ratings yet. Rate your skills now and after a few sessions to see them change.")}
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
		line := "  " + common.Pad(s.Label.Render(name), nameW) + s.Bar.Render(common.Pad(common.Sparkline(hist), 13)) +
			scoreBar(s, last) + fmt.Sprintf(" %d", last) + s.Subtle.Render(change)
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
