package interchange

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// invalid is a bad-input error, as the domain's own are.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", portfolio.ErrInvalid, fmt.Sprintf(format, args...))
}

// reason is a validation error's sentence without the sentinel's prefix, which the
// wrapping error carries already.
func reason(err error) string {
	s := err.Error()
	for _, e := range []error{portfolio.ErrInvalid, portfolio.ErrInvalidDate, portfolio.ErrUnknownFunction, portfolio.ErrNotFound} {
		s = strings.TrimPrefix(s, e.Error()+": ")
	}
	return s
}
