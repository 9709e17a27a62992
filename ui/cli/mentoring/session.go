package mentoring

import (
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// session is the run's shared state; this group's helpers are its methods.
type session struct{ *clienv.Session }

// heldDate reads the day a meeting was held as the app reads it
// (mentorship.ParseHeldDate); "" is no date.
func (s *session) heldDate(text string) (calendar.Date, error) {
	return clienv.HappenedDate(text, calendar.DateOf(s.Now()), "record a meeting once it is held (plan one with 'folio agenda --date')")
}
