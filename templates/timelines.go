package templates

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

//go:embed timelines.toml
var timelinesFile embed.FS

// Milestone kinds: what marks a milestone done.
const (
	MilestoneFirstMeeting = "first-meeting"
	MilestoneAgreement    = "agreement"
	MilestoneMidPoint     = "mid-point"
	MilestoneFinalReview  = "final-review"
	MilestoneEnding       = "ending"
)

// MilestoneKinds lists the kinds in the order a relationship meets them.
var MilestoneKinds = []string{MilestoneFirstMeeting, MilestoneAgreement, MilestoneMidPoint, MilestoneFinalReview, MilestoneEnding}

// Timeline is the milestones of a relationship of Months months.
type Timeline struct {
	Months     int         `toml:"months"`
	Milestones []Milestone `toml:"milestone"`
}

// Milestone is one step, Week weeks after the start.
type Milestone struct {
	Name string `toml:"name"`
	Kind string `toml:"kind"`
	Week int    `toml:"week"`
}

// MaxTimelineMonths is the longest relationship a timeline may describe.
const MaxTimelineMonths = 24

// BuiltinTimelines are the timelines shipped with folio.
func BuiltinTimelines() ([]Timeline, error) {
	data, err := timelinesFile.ReadFile("timelines.toml")
	if err != nil {
		return nil, err
	}
	return ParseTimelines("timelines.toml", data)
}

// ParseTimelines reads timelines. Every error is an *Error.
func ParseTimelines(file string, data []byte) ([]Timeline, error) {
	fail := func(format string, args ...any) ([]Timeline, error) {
		return nil, &Error{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxFileBytes {
		return fail("it is %d bytes; the most is %d", len(data), MaxFileBytes)
	}
	var raw struct {
		Timelines []Timeline `toml:"timeline"`
	}
	if err := decodeStrict(file, data, &raw, "a timeline takes months and [[timeline.milestone]]s of name, kind, week"); err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	for i := range raw.Timelines {
		t := &raw.Timelines[i]
		if t.Months < 1 || t.Months > MaxTimelineMonths {
			return fail("timeline %d: months must be 1 to %d", i+1, MaxTimelineMonths)
		}
		if seen[t.Months] {
			return fail("two timelines are for %d months", t.Months)
		}
		seen[t.Months] = true
		if len(t.Milestones) == 0 {
			return fail("the %d-month timeline has no milestone", t.Months)
		}
		maxWeek := t.Months*53/12 + 1
		for j := range t.Milestones {
			m := &t.Milestones[j]
			m.Name = strings.TrimSpace(m.Name)
			if m.Name == "" || strings.ContainsFunc(m.Name, unicode.IsControl) {
				return fail("the %d-month timeline: milestone %d needs a printable name", t.Months, j+1)
			}
			if !slices.Contains(MilestoneKinds, m.Kind) {
				return fail("the %d-month timeline: %q has kind %q, not one of %s", t.Months, m.Name, m.Kind, strings.Join(MilestoneKinds, ", "))
			}
			if m.Week < 0 || m.Week > maxWeek {
				return fail("the %d-month timeline: %q is in week %d, outside 0 to %d", t.Months, m.Name, m.Week, maxWeek)
			}
		}
		slices.SortStableFunc(t.Milestones, func(a, b Milestone) int { return a.Week - b.Week })
	}
	return raw.Timelines, nil
}
