package validate

import (
	"crypto/sha256"
)

// validSource says whether s is empty or 64 lower-case hex digits.
func validSource(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
