package mentorship

import "github.com/foliohq/folio/portfolio/calendar"

// ParseHeldDate reads the day a meeting was held, the one reading the app and the
// command line share: a meeting is recorded once held, so a date written without a
// year ("3 Dec") is the most recent such day, and words (yesterday, last friday)
// count back from today.
func ParseHeldDate(s string, today calendar.Date) (calendar.Date, error) {
	return calendar.ParsePastDate(s, today)
}
