package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// revalidationView is the dashboard's revalidation block: the countdown and
// readiness, when a renewal date is set. Inside two months the date turns red.
func (d *dashboard) revalidationView(width int) string {
	r := d.data.readiness
	if r == nil {
		return ""
	}
	s := d.ctx.styles
	headline := s.warn.Render(r.Headline())
	if r.Ready() {
		headline = s.ok.Render("✓ " + r.Headline())
	}
	countdown := r.Countdown()
	if r.DaysLeft() <= 60 {
		countdown = s.overdue.Render(countdown)
	}
	head := s.section.Render("Revalidation") + "  " + countdown + s.faint.Render(" · ") + headline + s.faint.Render(" · r for details")
	lines := []string{ansi.Truncate(head, width, "…")}
	for _, l := range wrapLines(s.subtle, r.Summary(), width-2, 2) {
		lines = append(lines, "  "+l)
	}
	return strings.Join(lines, "\n")
}
