package portfolio

import (
	"errors"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// Errors a caller can tell apart with errors.Is. Every one of these means bad input:
// the command line maps them to exit status 2.
var (
	ErrInvalid         = record.ErrInvalid
	ErrUnknownFunction = record.ErrUnknownFunction
	ErrInvalidDate     = calendar.ErrInvalidDate
	ErrNotFound        = record.ErrNotFound
	ErrAmbiguousID     = errors.New("ambiguous ID")
)

// IsBadInput reports whether err is the caller's input being wrong rather than the
// vault or the machine failing.
func IsBadInput(err error) bool {
	for _, e := range []error{ErrInvalid, ErrUnknownFunction, ErrInvalidDate, ErrNotFound, ErrAmbiguousID} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
