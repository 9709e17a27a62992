package interchange

import (
	"errors"
	"fmt"
	"os"
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

// unwrapPath drops the operation and path from a file error, for messages that name
// the file themselves.
func unwrapPath(err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
