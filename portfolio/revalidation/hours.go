package revalidation

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// HoursField is the name of the field that records time spent: the built-in CPD
// templates use it, and user templates that want their time counted do too.
const HoursField = "hours"

// maxEntryHours bounds what one entry may count, whatever its field says: a value
// read from disk is not trusted to be sane.
const maxEntryHours = 1000

// HoursRow is a total of hours and how many entries gave them.
type HoursRow struct {
	Label   string  `json:"label"`
	Hours   float64 `json:"hours"`
	Entries int     `json:"entries"`
}

// Hours are CPD hours added up: in all, per calendar year, per Proctor function and
// per record kind. An entry with two functions counts under each, so the function
// rows may add up to more than the total.
type Hours struct {
	Total      float64    `json:"total"`
	Entries    int        `json:"entries"`
	ByYear     []HoursRow `json:"by_year"`
	ByFunction []HoursRow `json:"by_function"`
	ByKind     []HoursRow `json:"by_kind"`
}

// EntryHours is the time an entry records, and whether it records any.
func EntryHours(e *portfolio.Entry) (float64, bool) {
	f, ok := e.Field(HoursField)
	if !ok || len(f.Values) != 1 {
		return 0, false
	}
	h, err := strconv.ParseFloat(f.Values[0], 64)
	if err != nil || math.IsNaN(h) || h <= 0 || h > maxEntryHours {
		return 0, false
	}
	return h, true
}

// TotalHours adds up the hours of entries dated from..until inclusive (zero dates
// leave that end open).
func TotalHours(entries []*portfolio.Entry, from, until calendar.Date) Hours {
	var out Hours
	years := map[string]*HoursRow{}
	functions := map[string]*HoursRow{}
	kinds := map[string]*HoursRow{}
	add := func(m map[string]*HoursRow, label string, h float64) {
		r := m[label]
		if r == nil {
			r = &HoursRow{Label: label}
			m[label] = r
		}
		r.Hours += h
		r.Entries++
	}
	for _, e := range entries {
		if (!from.IsZero() && e.Date < from) || (!until.IsZero() && e.Date > until) {
			continue
		}
		h, ok := EntryHours(e)
		if !ok {
			continue
		}
		out.Total += h
		out.Entries++
		add(years, e.Date.String()[:4], h)
		for _, name := range e.Functions.Names() {
			add(functions, name, h)
		}
		kind := e.RecordKind.Label()
		if kind == "" {
			kind = "entry"
		}
		add(kinds, kind, h)
	}
	out.Total = round2(out.Total)
	out.ByYear = rows(years, func(a, b HoursRow) int { return cmp.Compare(a.Label, b.Label) })
	out.ByFunction = rows(functions, func(a, b HoursRow) int { return functionOrder(a.Label) - functionOrder(b.Label) })
	out.ByKind = rows(kinds, func(a, b HoursRow) int {
		if c := cmp.Compare(b.Hours, a.Hours); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return out
}

func rows(m map[string]*HoursRow, order func(a, b HoursRow) int) []HoursRow {
	out := make([]HoursRow, 0, len(m))
	for _, r := range m {
		r.Hours = round2(r.Hours)
		out = append(out, *r)
	}
	slices.SortFunc(out, order)
	return out
}

func functionOrder(name string) int {
	return slices.Index([]string{"normative", "formative", "restorative"}, name)
}

// round2 keeps sums of two-decimal hours free of float noise.
func round2(h float64) float64 { return math.Round(h*100) / 100 }

// HoursText writes hours for people: "12.5 h".
func HoursText(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) + " h" }

// Line is the totals on one line: "12.5 h from 6 entries (formative 10.5 h, restorative 2 h)".
func (h Hours) Line() string {
	if h.Entries == 0 {
		return "no hours recorded"
	}
	word := "entries"
	if h.Entries == 1 {
		word = "entry"
	}
	s := fmt.Sprintf("%s from %d %s", HoursText(h.Total), h.Entries, word)
	if len(h.ByFunction) > 0 {
		s += " ("
		for i, r := range h.ByFunction {
			if i > 0 {
				s += ", "
			}
			s += r.Label + " " + HoursText(r.Hours)
		}
		s += ")"
	}
	return s
}
