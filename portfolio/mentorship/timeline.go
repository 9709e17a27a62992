package mentorship

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/templates"
)

// Shortest and longest planned relationship with a timeline.
const (
	MinPlanMonths = 1
	MaxPlanMonths = templates.MaxTimelineMonths
)

// timelineGrace is how late a meeting or milestone may be before it counts as
// behind: plans slip by days, and a warning on the day would nag.
const timelineGrace = 7

// EndDate is the day a planned relationship ends: its start plus its length in
// months (the 31st of a month ending in a shorter month ends on that month's last
// day). Zero if it has no planned length.
func EndDate(r *portfolio.Relationship) calendar.Date {
	if r.LengthMonths <= 0 {
		return 0
	}
	first := time.Date(r.Start.Year(), r.Start.Month()+time.Month(r.LengthMonths), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return calendar.MakeDate(first.Year(), first.Month(), min(r.Start.Day(), last))
}

// MilestoneStatus is one milestone of a relationship's timeline and where it stands.
type MilestoneStatus struct {
	Name string        `json:"name"`
	Kind string        `json:"kind"`
	Due  calendar.Date `json:"due"`
	Done bool          `json:"done"`
	// Late is not done a week after it was due.
	Late bool `json:"late"`
}

// Timeline is a planned relationship's course: its end, its milestones, and its
// meetings held against those expected by now.
type Timeline struct {
	Start  calendar.Date `json:"start"`
	End    calendar.Date `json:"end"`
	Months int           `json:"months"`
	// Held meetings, Expected by now (due a week ago or more), Planned in all.
	Held       int               `json:"meetings_held"`
	Expected   int               `json:"meetings_expected_by_now"`
	Planned    int               `json:"meetings_planned"`
	Milestones []MilestoneStatus `json:"milestones"`
	// EndPassed: the end date has come and the relationship has not been ended.
	EndPassed bool `json:"end_passed"`
}

// Behind reports whether fewer meetings were held than expected by now, or a
// milestone is late.
func (t Timeline) Behind() bool {
	if t.Held < t.Expected {
		return true
	}
	for _, m := range t.Milestones {
		if m.Late {
			return true
		}
	}
	return false
}

// Warning is a gentle sentence when the relationship is behind its plan or past its
// end, "" otherwise.
func (t Timeline) Warning() string {
	var parts []string
	if t.Held < t.Expected {
		parts = append(parts, fmt.Sprintf("%d of the %d meetings expected by now %s held", t.Held, t.Expected, map[bool]string{true: "was", false: "were"}[t.Held == 1]))
	}
	for _, m := range t.Milestones {
		if m.Late && m.Kind != templates.MilestoneEnding {
			parts = append(parts, fmt.Sprintf("%s was due on %s", lowerFirst(shortName(m.Name)), m.Due))
		}
	}
	switch {
	case t.EndPassed:
		msg := fmt.Sprintf("The planned end, %s, has passed: review how it went together, then end it or agree a new length.", t.End)
		if len(parts) > 0 {
			msg = "A little behind the plan: " + joinParts(parts) + ". " + msg
		}
		return msg
	case len(parts) > 0:
		return "A little behind the plan: " + joinParts(parts) + ". Time is the commonest difficulty; a short meeting still counts."
	}
	return ""
}

// lowerFirst lowers the first letter, for a name in the middle of a sentence. The
// names are the user's to edit, so the first letter may be any script's.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// shortName is a milestone's name without what follows its first comma ("Mid-point
// review, with a self-rating" is "Mid-point review"), so a list of them reads as one
// sentence.
func shortName(s string) string {
	if i := strings.IndexByte(s, ','); i > 0 {
		return s[:i]
	}
	return s
}

func joinParts(p []string) string {
	switch len(p) {
	case 0:
		return ""
	case 1:
		return p[0]
	}
	out := p[0]
	for _, s := range p[1 : len(p)-1] {
		out += ", " + s
	}
	return out + " and " + p[len(p)-1]
}

// milestonesFor is the timeline for a length: the built-in one for that many months,
// else the usual milestones spread over the length.
func milestonesFor(months int) []templates.Milestone {
	if ts, err := templates.BuiltinTimelines(); err == nil {
		for _, t := range ts {
			if t.Months == months {
				return t.Milestones
			}
		}
	}
	weeks := int(math.Round(float64(months) * 52 / 12))
	return []templates.Milestone{
		{Name: "First meeting", Kind: templates.MilestoneFirstMeeting, Week: min(2, weeks)},
		{Name: "Agreement signed", Kind: templates.MilestoneAgreement, Week: min(3, weeks)},
		{Name: "Mid-point review, with a self-rating", Kind: templates.MilestoneMidPoint, Week: weeks / 2},
		{Name: "Final review, with a self-rating", Kind: templates.MilestoneFinalReview, Week: max(weeks-1, weeks/2)},
		{Name: "Ending", Kind: templates.MilestoneEnding, Week: weeks},
	}
}

// TimelineOf is a planned relationship's timeline as of today; false if it has no
// planned length within MinPlanMonths to MaxPlanMonths.
func TimelineOf(p *portfolio.Portfolio, relID portfolio.ID) (Timeline, bool) {
	r, ok := Relationship(p, relID)
	if !ok || r.LengthMonths < MinPlanMonths || r.LengthMonths > MaxPlanMonths {
		return Timeline{}, false
	}
	today := p.Today()
	st := Stats(p, relID)
	t := Timeline{Start: r.Start, End: EndDate(r), Months: r.LengthMonths, Held: st.Held, Planned: st.Planned}
	if r.Status != portfolio.RelEnded && r.IntervalDays > 0 {
		for k := 0; t.Planned == 0 || k < t.Planned; k++ {
			due := r.Start + calendar.Date(k*r.IntervalDays)
			if due+timelineGrace > today || due > t.End {
				break
			}
			t.Expected++
		}
	}
	stages := map[string]bool{}
	for _, kind := range []portfolio.RatingKind{portfolio.RatingProgress, portfolio.RatingSkills} {
		for _, rt := range Ratings(p, kind, relID) {
			stages[rt.Stage] = true
		}
	}
	for _, m := range milestonesFor(r.LengthMonths) {
		ms := MilestoneStatus{Name: m.Name, Kind: m.Kind, Due: min(r.Start+calendar.Date(7*m.Week), t.End)}
		switch m.Kind {
		case templates.MilestoneFirstMeeting:
			ms.Done = st.Held > 0
		case templates.MilestoneAgreement:
			ms.Done = !r.AgreedOn.IsZero()
		case templates.MilestoneMidPoint:
			ms.Done = stages["middle"]
		case templates.MilestoneFinalReview:
			ms.Done = stages["end"]
		case templates.MilestoneEnding:
			ms.Done = r.Status == portfolio.RelEnded
		}
		ms.Late = !ms.Done && r.Status != portfolio.RelEnded && ms.Due+timelineGrace <= today
		t.Milestones = append(t.Milestones, ms)
	}
	t.EndPassed = r.Status != portfolio.RelEnded && t.End <= today
	return t, true
}
