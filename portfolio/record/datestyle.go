package record

import (
	"fmt"
	"strings"
)

// DateStyle is how documents write dates: "long" ("28 November 2026", the default,
// as a UK reader expects) or "iso" ("2026-11-28").
type DateStyle string

// Date styles.
const (
	DateStyleLong DateStyle = "long"
	DateStyleISO  DateStyle = "iso"
)

// ParseDateStyle reads "long" or "iso".
func ParseDateStyle(s string) (DateStyle, error) {
	switch DateStyle(strings.ToLower(strings.TrimSpace(s))) {
	case DateStyleLong, "":
		return DateStyleLong, nil
	case DateStyleISO:
		return DateStyleISO, nil
	}
	return "", fmt.Errorf("%w: date style %q is not long or iso", ErrInvalid, s)
}
