package document

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// dates writes the days a document names in the user's chosen style: "28 November
// 2026" in text and "28 Nov" in tables (with the year when it is not the
// document's), or ISO 8601 ("2026-11-28") everywhere.
type dates struct {
	iso  bool
	year int // the document's year, which short dates leave out
}

// datesOf is the date style of p's settings, for a document made today.
func datesOf(p *portfolio.Portfolio) dates {
	return dates{iso: p.Settings().DateStyle == portfolio.DateStyleISO, year: p.Today().Year()}
}

// LongDate writes a day in a style: "28 November 2026", or "2026-11-28" for ISO.
func LongDate(style portfolio.DateStyle, d calendar.Date) string {
	return dates{iso: style == portfolio.DateStyleISO}.long(d)
}

// style is the setting the dates follow.
func (df dates) style() portfolio.DateStyle {
	if df.iso {
		return portfolio.DateStyleISO
	}
	return portfolio.DateStyleLong
}

// long writes a day in full: "28 November 2026".
func (df dates) long(d calendar.Date) string {
	switch {
	case d.IsZero():
		return ""
	case df.iso:
		return d.String()
	}
	return fmt.Sprintf("%d %s %d", d.Day(), d.Month(), d.Year())
}

// short writes a day for a table's narrow column: "28 Nov", or "28 Nov 2025" when
// it is not in the document's year.
func (df dates) short(d calendar.Date) string {
	switch {
	case d.IsZero():
		return ""
	case df.iso:
		return d.String()
	case d.Year() != df.year:
		return fmt.Sprintf("%d %s %d", d.Day(), d.Month().String()[:3], d.Year())
	}
	return fmt.Sprintf("%d %s", d.Day(), d.Month().String()[:3])
}
