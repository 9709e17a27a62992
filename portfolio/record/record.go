// Package record holds the record types the core and the packages around it share
// and that need nothing of the vault: IDs, kinds and sections, Proctor's functions,
// entries, goals and actions, the mentoring records (relationships, meetings,
// ratings), contacts and questionnaires, received documents and the settings,
// with their names, parsing and codecs. The core names them as its own
// (portfolio.Meeting is record.Meeting) and keeps their store; their rules are
// package validate's. This package imports none of folio's but the
// domain's leaves (calendar, codec) and the embedded data (templates).
package record

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/foliohq/folio/portfolio/codec"
)

// Errors a caller can tell apart with errors.Is; the core re-exports them
// (portfolio.ErrInvalid). Each means bad input.
var (
	ErrInvalid         = errors.New("invalid input")
	ErrUnknownFunction = errors.New("unknown function")
	ErrNotFound        = errors.New("not found")
)

// invalid is an ErrInvalid error saying what is wrong.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// ID names a record. It is random, so it says nothing about the record.
type ID string

// Short is the first eight characters, enough to type and almost always unique.
func (id ID) Short() string {
	if len(id) > 8 {
		return string(id[:8])
	}
	return string(id)
}

// Kind says what sort of record an ID names.
type Kind string

// The kinds of record an agenda item, a link or an attachment can name, and the
// rest the table of kinds names (ratings, documents received, contacts,
// questionnaires, the settings).
const (
	KindEntry        Kind = "entry"
	KindGoal         Kind = "goal"
	KindAction       Kind = "action"
	KindRelationship Kind = "relationship"
	KindMeeting      Kind = "meeting"
	KindRating       Kind = "rating"
	KindReceived     Kind = "received"
	KindContact      Kind = "contact"
	KindEvaluation   Kind = "evaluation"
	KindSettings     Kind = "settings"
)

// Section is one filled section of a template.
type Section struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

// ParseUniquePrefix finds the one value whose name is s or starts with s.
func ParseUniquePrefix[K comparable](s string, names map[K]string) (K, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	var found K
	n := 0
	for k, name := range names {
		if name == t {
			return k, true
		}
		if t != "" && strings.HasPrefix(name, t) {
			found = k
			n++
		}
	}
	return found, n == 1
}

// MatchName finds name among known, ignoring case and allowing a unique prefix.
// Names are compared in lower case, as ParseUniquePrefix lowers what it is given:
// "goal setting (GROW)" must match itself.
func MatchName(name string, known []string) (string, bool) {
	names := map[string]string{}
	for _, k := range known {
		names[k] = strings.ToLower(k)
	}
	return ParseUniquePrefix(name, names)
}

// UnmarshalName reads a canonical name into dst; "" is the zero value, which the
// marshallers write for an unset status and validation then fills with the
// default. what names the field in the error.
func UnmarshalName[K comparable](b []byte, dst *K, names map[K]string, what string) error {
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

// EncodeIDs writes every ID, empty or not, so a decoded list re-encodes as it was.
func EncodeIDs(enc *codec.Encoder, num protowire.Number, list []ID) {
	for _, id := range list {
		enc.Item(num, string(id))
	}
}

// DecodeFunctions reads a set of Proctor's functions, dropping bits no version
// defines.
func DecodeFunctions(f codec.Field) Functions {
	return Functions(f.V) & Functions(Normative|Formative|Restorative)
}

// sectionBytes are a section's fields that are byte strings.
var sectionBytes = codec.Fields(codec.SectionHeading, codec.SectionBody)
