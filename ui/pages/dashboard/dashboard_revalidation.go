package dashboard

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/ui/common"
)

// revalidationView is the dashboard's revalidation block: the countdown and
// readiness, when a renewal date is set. Inside two months the date turns red.
func (d *Dashboard) revalidationView(width int) string {
	r := d.data.readiness
	if r == nil {
		return ""
	}
	s := d.ctx.Styles
	headline := s.Warn.Render(r.Headline())
	if r.Ready() {
		headline = s.Ok.Render("✓ " + r.Headline())
	}
	countdown := r.Countdown()
	if r.DaysLeft() <= 60 {
		countdown = s.Overdue.Render(countdown)
	}
	head := s.Section.Render("Revalidation") + "  " + countdown + s.Faint.Render(" · ") + headline + s.Faint.Render(" · r for details")
	lines := []string{ansi.Truncate(head, width, "…")}
	for _, l := range common.WrapLines(s.Subtle, r.Summary(), width-2, 2) {
		lines = append(lines, "  "+l)
	}
	return strings.Join(lines, "\n")
}
