// Package validate holds the rules a record must meet before the core writes it:
// the same rules on a save, on an import and on a merge, so a record that one
// accepts the others accept too. A rule cleans the record in place (trimmed text,
// tags made tidy, defaults filled in) and returns the first rule broken as an
// ErrInvalid, ErrInvalidDate or ErrNotFound error.
//
// A rule that checks a link asks Links, which the core answers from its records
// in memory, or from the staged copy an import checks against. The package is a
// leaf of the domain: it imports only the record types, dates and the embedded
// data, so the core can call it on every write.
package validate

import (
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// Links is what a rule asks of the records around the one it checks.
type Links interface {
	// Today is the current calendar day, the default date of a new record.
	Today() calendar.Date
	// InTrash says whether id names a record in the trash: a link to it is kept.
	InTrash(id record.ID) bool
	HasGoal(id record.ID) bool
	HasAction(id record.ID) bool
	HasMeeting(id record.ID) bool
	HasRelationship(id record.ID) bool
	// ContactNamed is the name of a contact other than except whose name is name,
	// ignoring case as people type names; false if none has it. Contact names are
	// unique, which the core checks with it.
	ContactNamed(name string, except record.ID) (string, bool)
	// Entry says whether a live entry has this ID, and whether it may be offered
	// for discussion (an agenda item may link only to such an entry).
	Entry(id record.ID) (offerable, ok bool)
}
