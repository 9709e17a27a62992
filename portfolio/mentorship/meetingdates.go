package mentorship

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// ParseHeldDate reads the day a meeting was held, the one reading the app and the
// command line share: a meeting is recorded once held, so a date written without a
// year ("3 Dec") is the most recent such day, and words (yesterday, last friday)
// count back from today.
func ParseHeldDate(s string, today calendar.Date) (calendar.Date, error) {
	return calendar.ParsePastDate(s, today)
}

// checkNextDate refuses a next meeting on or before the meeting itself. An edit
// that moves neither date is let through, so a record saved before this check
// can still have its notes or topics changed.
func checkNextDate(m, old *portfolio.Meeting) error {
	if old != nil && m.Date == old.Date && m.NextDate == old.NextDate {
		return nil
	}
	if !m.NextDate.IsZero() && m.NextDate <= m.Date {
		return fmt.Errorf("%w: the next meeting %s is not after this one (%s)", portfolio.ErrInvalidDate, m.NextDate, m.Date)
	}
	return nil
}
