package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// dashMaxRelationships is how many active relationships the dashboard lists; the
// mentoring area lists them all.
const dashMaxRelationships = 2

// mentoringView is the dashboard's mentoring block: the next meeting and the days to
// it, agreed actions overdue, meetings held against planned for each active
// relationship, and for mentors the trend of their self-rated skills. It is empty
// for someone not in a relationship, so the dashboard stays as it was.
func (d *dashboard) mentoringView(width int) string {
	m := d.data.mentoring
	if m == nil {
		return ""
	}
	s := d.ctx.styles
	var active []relRow
	overdue := 0
	var soonest *relRow
	for i, row := range m.rows {
		if row.r.Status == portfolio.RelEnded {
			continue
		}
		active = append(active, row)
		overdue += row.overdue
		if n := row.stats.Next; !n.IsZero() && (soonest == nil || n < soonest.stats.Next) {
			soonest = &m.rows[i]
		}
	}
	if len(active) == 0 && len(m.skills) == 0 {
		return ""
	}
	head := s.section.Render("Mentoring")
	var notes []string
	if soonest != nil {
		notes = append(notes, "next "+soonest.stats.Next.String()+" "+daysText(s, m.today, soonest.stats.Next)+" with "+sanitize.Line(soonest.r.Person))
	}
	if overdue > 0 {
		notes = append(notes, s.overdue.Render(plural(overdue, "agreed action overdue", "agreed actions overdue")))
	}
	if len(notes) > 0 {
		head += "  " + strings.Join(notes, s.faint.Render(" · "))
	}
	lines := []string{ansi.Truncate(head, width, "…")}
	for i, row := range active {
		if i == dashMaxRelationships {
			lines = append(lines, s.faint.Render(fmt.Sprintf("  and %d more", len(active)-i)))
			break
		}
		lines = append(lines, relationshipRow(s, row, m.today, min(width, relRowMaxWidth), false))
	}
	if m.mentor && len(m.skills) > 0 {
		lines = append(lines, "  "+skillsSummary(s, m.skills))
	}
	return strings.Join(lines, "\n")
}

// skillsSummary is the average of the mentoring skills at each rating, as a
// sparkline, with the latest average and the change since the first.
func skillsSummary(s styles, trend map[string][]int) string {
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
	out := s.label.Render("my skills ") + s.bar.Render(sparkline(ints[max(len(ints)-12, 0):])) + fmt.Sprintf(" %.1f of 5", last)
	if len(avgs) > 1 {
		out += s.subtle.Render(fmt.Sprintf(" (%+.1f since the first rating)", last-avgs[0]))
	}
	return out
}
