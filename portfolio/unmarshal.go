package portfolio

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// The counterparts of the MarshalText and MarshalJSON methods, so the JSON folio writes
// (the archive, --json output) reads back into the same values. They accept exactly
// what the marshallers write: a name in its canonical spelling, not the prefixes the
// command line allows, so a misspelt value in a file is an error rather than a guess.

// UnmarshalJSON reads a list of function names.
func (fs *Functions) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return fmt.Errorf("%w: functions must be a list of names", ErrInvalid)
	}
	var out Functions
	for _, n := range names {
		f, ok := exactName(n, functionNames)
		if !ok {
			return fmt.Errorf("%w: %q is not one of normative, formative, restorative", ErrUnknownFunction, n)
		}
		out = out.With(f)
	}
	*fs = out
	return nil
}

// UnmarshalText reads unshared, shareable or private.
func (s *Sharing) UnmarshalText(b []byte) error { return unmarshalName(b, s, sharingNames, "sharing") }

// UnmarshalText reads open, achieved or dropped.
func (s *GoalStatus) UnmarshalText(b []byte) error {
	return unmarshalName(b, s, goalStatusNames, "goal status")
}

// UnmarshalText reads todo, doing or done.
func (s *ActionStatus) UnmarshalText(b []byte) error {
	return unmarshalName(b, s, actionStatusNames, "action status")
}

// UnmarshalText reads mentee, mentor, peer-support or action-learning.
func (r *Role) UnmarshalText(b []byte) error { return unmarshalName(b, r, roleNames, "role") }

// UnmarshalText reads active, paused or ended.
func (s *RelationshipStatus) UnmarshalText(b []byte) error {
	return unmarshalName(b, s, relStatusNames, "relationship status")
}

// UnmarshalText reads 1:1, group or phone/video.
func (f *MeetingFormat) UnmarshalText(b []byte) error {
	return unmarshalName(b, f, formatNames, "meeting format")
}

// UnmarshalText reads skills or progress.
func (k *RatingKind) UnmarshalText(b []byte) error {
	return unmarshalName(b, k, ratingKindNames, "rating kind")
}

// unmarshalName reads a canonical name; "" is the zero value, which the marshallers
// write for an unset status and validation then fills with the default.
func unmarshalName[K comparable](b []byte, dst *K, names map[K]string, what string) error {
	if len(b) == 0 {
		var zero K
		*dst = zero
		return nil
	}
	k, ok := exactName(string(b), names)
	if !ok {
		return invalid("%s %q is not one of %s", what, b, nameList(names))
	}
	*dst = k
	return nil
}

func exactName[K comparable](s string, names map[K]string) (K, bool) {
	for k, n := range names {
		if n == s {
			return k, true
		}
	}
	var zero K
	return zero, false
}

func nameList[K comparable](names map[K]string) string {
	var list []string
	for _, n := range names {
		list = append(list, n)
	}
	slices.Sort(list)
	return strings.Join(list, ", ")
}
