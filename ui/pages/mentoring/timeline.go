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
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// TimelineView is a planned relationship's course: its milestones, meetings held
// beside those expected by now, a gentle warning when behind, and the ending prompt
// once the end date has passed. Time is what schemes find hardest, so it is said
// plainly rather than as a ratio.
type TimelineView struct {
	ctx    *common.Context
	id     portfolio.ID
	data   *timelineData
	loaded bool
}

type timelineData struct {
	r       *portfolio.Relationship
	t       mentorship.Timeline
	planned bool // the relationship has a planned length, so a timeline
	today   calendar.Date
}

type timelineLoadedMsg struct {
	id   portfolio.ID
	data *timelineData
}

func newTimelineView(ctx *common.Context, id portfolio.ID) *TimelineView {
	return &TimelineView{ctx: ctx, id: id}
}

func (tv *TimelineView) Init() tea.Cmd            { return tv.load() }
func (tv *TimelineView) Resume() tea.Cmd          { return tv.load() }
func (tv *TimelineView) Title() string            { return "Timeline" }
func (tv *TimelineView) Typing() bool             { return false }
func (tv *TimelineView) SetSize(int, int) tea.Cmd { return nil }
func (tv *TimelineView) Loading() bool            { return !tv.loaded }

func (tv *TimelineView) Keys() help.KeyMap {
	k := tv.ctx.Keys
	short := []key.Binding{k.Edit, k.Back}
	if tv.data != nil && tv.data.t.EndPassed {
		short = []key.Binding{k.EndRelationship, k.Edit, k.Back}
	}
	return common.HelpKeys{Short: short, Full: [][]key.Binding{{k.Edit, k.EndRelationship, k.Back}}}
}

func (tv *TimelineView) load() tea.Cmd {
	p, id := tv.ctx.Portfolio, tv.id
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		r, ok := mentorship.Relationship(p, id)
		if !ok {
			return timelineLoadedMsg{id: id}
		}
		t, planned := mentorship.TimelineOf(p, id)
		return timelineLoadedMsg{id: id, data: &timelineData{r: r, t: t, planned: planned, today: p.Today()}}
	}
}

func (tv *TimelineView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case timelineLoadedMsg:
		if msg.id == tv.id {
			tv.data, tv.loaded = msg.data, true
		}
	case tea.KeyPressMsg:
		k := tv.ctx.Keys
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case tv.data == nil:
		case tv.data.r.Status == portfolio.RelEnded && (key.Matches(msg, k.Edit) || key.Matches(msg, k.EndRelationship)):
			return common.Nav{}, common.Flash("This relationship has ended; its record stays as it was.")
		case key.Matches(msg, k.Edit):
			return common.Push(relationshipForm(tv.ctx, tv.data.r)), nil
		case key.Matches(msg, k.EndRelationship):
			return common.Push(endForm(tv.ctx, tv.data.r)), nil
		}
	}
	return common.Nav{}, nil
}

func (tv *TimelineView) View() string {
	s := tv.ctx.Styles
	// Dates stay near their milestones on a wide window.
	w := min(tv.ctx.Width, common.ReadingWidth)
	if !tv.loaded {
		return s.Subtle.Render("  Loading…")
	}
	d := tv.data
	if d == nil {
		return s.Subtle.Render("  This relationship is no longer in the vault. Esc goes back.")
	}
	r := d.r
	lines := []string{common.Spread(s.Title.Render(sanitize.Line(r.Title())), s.Subtle.Render(r.Role.Label()+" · "+r.Status.String()), w)}
	if !d.planned {
		lines = append(lines, "", s.Subtle.Render("  No planned length, so no timeline."))
		lines = append(lines, common.WrapLines(s.Subtle, fmt.Sprintf("e sets the length in months (%d to %d): schemes run 4, 6 or 12 months, with a first meeting, an agreement, a mid-point and a final review.", mentorship.MinPlanMonths, mentorship.MaxPlanMonths), w-2, 3)...)
		return strings.Join(lines, "\n")
	}
	t := d.t
	lines = append(lines, fmt.Sprintf("%s, from %s to %s", common.Plural(t.Months, "month", "months"), t.Start, t.End)+"  "+common.DaysText(s, d.today, t.End))
	lines = append(lines, "", s.Section.Render("Meetings"))
	lines = append(lines, "  "+meetingsLine(s, t))
	lines = append(lines, "", s.Section.Render("Milestones"))
	for _, m := range t.Milestones {
		lines = append(lines, "  "+milestoneLine(s, m, d.today, w-2))
	}
	if warn := t.Warning(); warn != "" {
		lines = append(lines, "")
		st := s.Subtle
		if t.EndPassed {
			st = s.Warn
		}
		lines = append(lines, common.WrapLines(st, warn, min(w, common.ReadingWidth), 4)...)
	} else if r.Status != portfolio.RelEnded {
		lines = append(lines, "", s.Ok.Render("On track."))
	}
	if t.EndPassed {
		lines = append(lines, s.Key.Render(tv.ctx.Keys.EndRelationship.Help().Key)+s.Subtle.Render(" ends it with a reason; e agrees a new length."))
	}
	return strings.Join(lines, "\n")
}

// meetingsLine says meetings held beside those expected by now and planned, with
// a meter whose cells are characters, so it reads without colour.
func meetingsLine(s common.Styles, t mentorship.Timeline) string {
	held := fmt.Sprintf("%d held", t.Held)
	expected := fmt.Sprintf("%d expected by now", t.Expected)
	if t.Held < t.Expected {
		expected = s.Warn.Render(expected)
	}
	out := held + s.Faint.Render(" · ") + expected
	if t.Planned > 0 {
		out += s.Faint.Render(" · ") + fmt.Sprintf("%d planned", t.Planned) + "  " + meterBar(s, t.Held, t.Planned, min(t.Planned, 24))
	}
	return out
}

// milestoneLine is one milestone with a mark that reads without colour: [x] done,
// [!] late, [ ] to come.
func milestoneLine(s common.Styles, m mentorship.MilestoneStatus, today calendar.Date, width int) string {
	mark, state := s.Faint.Render("[ ]"), common.DaysText(s, today, m.Due)
	switch {
	case m.Done:
		mark, state = s.Ok.Render("[x]"), s.Done.Render("done")
	case m.Late:
		mark, state = s.Warn.Render("[!]"), s.Warn.Render("late")
	}
	right := s.Subtle.Render("due "+m.Due.String()) + "  " + common.Pad(state, 12)
	return ansi.Truncate(mark+" "+common.FitRight(sanitize.Line(m.Name), right, width-4), width, "…")
}
