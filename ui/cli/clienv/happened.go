package clienv

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/calendar"
)

// HappenedDate reads a date typed for something that has happened (an entry, a held
// meeting, a self-rating), relative to today; "" is no date. Unlike the records'
// own check, which allows a day ahead for archives written in other time zones, a
// date typed here is on this machine's calendar, so "tomorrow" is refused. why
// says what the date is for, as "an entry is about something that has happened".
func HappenedDate(text string, today calendar.Date, why string) (calendar.Date, error) {
	if text == "" {
		return 0, nil
	}
	d, err := calendar.ParsePastDate(text, today)
	if err != nil {
		return 0, err
	}
	if d > today {
		when := fmt.Sprintf("%q (%s)", text, d)
		if text == d.String() {
			when = d.String()
		}
		return 0, fmt.Errorf("%w: %s is in the future; %s", calendar.ErrInvalidDate, when, why)
	}
	return d, nil
}
