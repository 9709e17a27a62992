package entryindex

import (
	"bytes"
	"strings"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/storage"
)

// rowFilter is a test of a catalogue row's undecoded metadata that every row q's
// tag, goal or action selects passes, and most others fail: the tag (in any case,
// as strings.EqualFold compares it) or the IDs must appear in the row's bytes,
// which hold the strings as they are. It is nil when q asks none of these, or
// asks a tag the test cannot follow (not ASCII); Matches decides for every row
// the test passes, so the test only spares reading the fields of rows that
// cannot match.
func (q *Query) rowFilter() func(storage.ID, catalogue.Row) bool {
	var tests []func([]byte) bool
	if q.Tag != "" {
		if f := foldFilter(q.Tag); f != nil {
			tests = append(tests, f)
		}
	}
	for _, id := range []ID{q.GoalID, q.ActionID} {
		if id != "" {
			want := []byte(id)
			tests = append(tests, func(b []byte) bool { return bytes.Contains(b, want) })
		}
	}
	if len(tests) == 0 {
		return nil
	}
	return func(_ storage.ID, r catalogue.Row) bool {
		for _, t := range tests {
			if !t(r.Meta) {
				return false
			}
		}
		return true
	}
}

// The two letters of ASCII whose case folds (unicode.SimpleFold) reach beyond
// ASCII: K to the Kelvin sign, S to the long s (TestFoldFilterFollowsEqualFold
// checks that there are no others).
const (
	kelvin = "\u212a"
	longS  = "\u017f"
)

// foldFilter is a test of whether b holds a run of bytes strings.EqualFold finds
// equal to t, or nil if t is not ASCII. It may pass bytes that hold no such run
// as a field of their own (the title may hold the word); it never fails bytes
// that hold one.
func foldFilter(t string) func([]byte) bool {
	for i := range len(t) {
		if t[i] >= 0x80 {
			return nil
		}
	}
	low := strings.ToLower(t)
	var starts [256]bool
	starts[low[0]], starts[upper(low[0])] = true, true
	switch low[0] {
	case 'k':
		starts[kelvin[0]] = true
	case 's':
		starts[longS[0]] = true
	}
	return func(b []byte) bool {
		for i := 0; i < len(b); i++ {
			if starts[b[i]] && foldPrefix(b[i:], low) {
				return true
			}
		}
		return false
	}
}

// foldPrefix says whether b starts with bytes strings.EqualFold finds equal to
// low (ASCII, lower case).
func foldPrefix(b []byte, low string) bool {
	for i := range len(low) {
		c := low[i]
		switch {
		case len(b) > 0 && (b[0] == c || b[0] == upper(c)):
			b = b[1:]
		case c == 'k' && bytes.HasPrefix(b, []byte(kelvin)):
			b = b[len(kelvin):]
		case c == 's' && bytes.HasPrefix(b, []byte(longS)):
			b = b[len(longS):]
		default:
			return false
		}
	}
	return true
}

// upper is c in upper case, for an ASCII letter; c itself otherwise.
func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
