package entryindex

import (
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// Tags lists every tag the entries of list carry, sorted case-insensitively, with
// how many carry it.
func Tags(list []*Slot) []TagCount {
	counts := map[string]*TagCount{}
	for _, ix := range list {
		ix.EachTag(func(t string) {
			k := strings.ToLower(t)
			if c, ok := counts[k]; ok {
				c.Count++
			} else {
				// A copy: t may share the catalogue's plaintext, which Close clears.
				t = strings.Clone(t)
				counts[strings.Clone(k)] = &TagCount{Tag: t, Count: 1}
			}
		})
	}
	out := make([]TagCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b TagCount) int { return strings.Compare(strings.ToLower(a.Tag), strings.ToLower(b.Tag)) })
	return out
}

// TagCount is a tag and how many entries carry it.
type TagCount struct {
	Tag   string
	Count int
}

// Counts are entries per function over three periods, for the dashboard.
type Counts struct {
	Month, Year, All map[record.Function]int
	// Totals are entries (not function marks) in each period.
	MonthTotal, YearTotal, AllTotal int
}

// FunctionCounts counts the entries of list per function in today's month, its
// year and in all. An entry under two functions counts under each.
func FunctionCounts(list []*Slot, today calendar.Date) Counts {
	monthStart := calendar.MakeDate(today.Year(), today.Month(), 1)
	yearStart := calendar.MakeDate(today.Year(), 1, 1)
	c := Counts{Month: map[record.Function]int{}, Year: map[record.Function]int{}, All: map[record.Function]int{}}
	for _, ix := range list {
		c.AllTotal++
		inYear := ix.date >= yearStart && ix.date <= today
		inMonth := ix.date >= monthStart && ix.date <= today
		if inYear {
			c.YearTotal++
		}
		if inMonth {
			c.MonthTotal++
		}
		for _, f := range ix.Functions().List() {
			c.All[f]++
			if inYear {
				c.Year[f]++
			}
			if inMonth {
				c.Month[f]++
			}
		}
	}
	return c
}

// OnThisDay returns the slots of list about today's calendar day in earlier
// years, in order.
func OnThisDay(list []*Slot, today calendar.Date) []*Slot {
	var out []*Slot
	for _, ix := range list {
		d := ix.date
		if d < today && d.Month() == today.Month() && d.Day() == today.Day() {
			out = append(out, ix)
		}
	}
	return out
}
