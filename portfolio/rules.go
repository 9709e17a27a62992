package portfolio

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/validate"
)

// The core's side of the record rules (portfolio/validate): the rules ask links
// what they need of the records around the one they check, and the table of kinds
// (internal/kinds, rows.go) passes links to those that ask. The caller holds p.mu. An
// import's staged copy answers the same questions itself (portfolio/archive).

// links answers the rules' questions from the records in memory.
type links struct{ p *Portfolio }

func (l links) Today() calendar.Date  { return l.p.Today() }
func (l links) InTrash(id ID) bool    { return l.p.InTrash(id) }
func (l links) HasGoal(id ID) bool    { _, ok := records[Goal](l.p)[id]; return ok }
func (l links) HasAction(id ID) bool  { _, ok := records[Action](l.p)[id]; return ok }
func (l links) HasMeeting(id ID) bool { _, ok := records[Meeting](l.p)[id]; return ok }

func (l links) HasRelationship(id ID) bool { _, ok := records[Relationship](l.p)[id]; return ok }

func (l links) ContactNamed(name string, except ID) (string, bool) {
	for id, o := range records[Contact](l.p) {
		if id != except && strings.EqualFold(o.Name, name) {
			return o.Name, true
		}
	}
	return "", false
}

func (l links) Entry(id ID) (offerable, ok bool) {
	e, ok := l.p.entries[id]
	return ok && e.Meta().Offerable(), ok
}

// validateEntry checks an entry by the rules of a saved one.
func (p *Portfolio) validateEntry(e *Entry) error { return validate.Entry(links{p}, e) }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
