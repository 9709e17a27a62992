package dashboard

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
	"github.com/foliohq/folio/ui/sanitize"
)

// dashMaxRelationships is how many active relationships the dashboard lists; the
// mentoring area lists them all.
const dashMaxRelationships = 2

// mentoringView is the dashboard's mentoring block: the next meeting and the days to
// it, agreed actions overdue, meetings held against planned for each active
// relationship, and for mentors the trend of their self-rated skills. It is empty
// for someone not in a relationship, so the dashboard stays as it was.
func (d *Dashboard) mentoringView(width int) string {
	m := d.data.mentoring
	if m == nil {
		return ""
	}
	s := d.ctx.Styles
	var active []mentoringpkg.RelRow
	overdue := 0
	var soonest *mentoringpkg.RelRow
	for i, row := range m.Rows {
		if row.R.Status == portfolio.RelEnded {
			continue
		}
		active = append(active, row)
		overdue += row.Overdue
		if n := row.Stats.Next; !n.IsZero() && (soonest == nil || n < soonest.Stats.Next) {
			soonest = &m.Rows[i]
		}
	}
	if len(active) == 0 && len(m.Skills) == 0 {
		return ""
	}
	head := s.Section.Render("Mentoring")
	var notes []string
	if soonest != nil {
		notes = append(notes, "next "+soonest.Stats.Next.String()+" "+common.DaysText(s, m.Today, soonest.Stats.Next)+" with "+sanitize.Line(soonest.R.Person))
	}
	if overdue > 0 {
		notes = append(notes, s.Overdue.Render(common.Plural(overdue, "agreed action overdue", "agreed actions overdue")))
	}
	if len(notes) > 0 {
		head += "  " + strings.Join(notes, s.Faint.Render(" · "))
	}
	lines := []string{ansi.Truncate(head, width, "…")}
	for i, row := range active {
		if i == dashMaxRelationships {
			lines = append(lines, s.Faint.Render(fmt.Sprintf("  and %d more", len(active)-i)))
			break
		}
		lines = append(lines, mentoringpkg.RelationshipRow(s, row, m.Today, min(width, mentoringpkg.RelRowMaxWidth), false))
	}
	if m.Mentor && len(m.Skills) > 0 {
		lines = append(lines, "  "+skillsSummary(s, m.Skills))
	}
	return strings.Join(lines, "\n")
}

// skillsSummary is the average of the mentoring skills at each rating, as a
// sparkline, with the latest average and the change since the first.
func skillsSummary(s common.Styles, trend map[string][]int) string {
	var avgs []float64
	for _, vals := range trend {
		for i, v := range vals {
			for len(avgs) <= i {
				avgs = append(avgs, 0)
			}
			avgs[i] += float64(v)
		}
	}
	counts := make([]int, len(avgs))
	for _, vals := range trend {
		for i := range vals {
			counts[i]++
		}
	}
	var ints []int
	for i := range avgs {
		avgs[i] /= float64(counts[i])
		ints = append(ints, int(avgs[i]+0.5))
	}
	last := avgs[len(avgs)-1]
	out := s.Label.Render("my skills ") + s.Bar.Render(common.Sparkline(ints[max(len(ints)-12, 0):])) + fmt.Sprintf(" %.1f of 5", last)
	if len(avgs) > 1 {
		out += s.Subtle.Render(fmt.Sprintf(" (%+.1f since the first rating)", last-avgs[0]))
	}
	return out
}
