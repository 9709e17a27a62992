package portfolio

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/validate"
)

// The core's side of the record rules (portfolio/validate): the rules ask links
// what they need of the records around the one they check, and the table of kinds
// (kinds.go) calls them through withLinks and alone. The caller holds p.mu. An
// import's staged copy answers the same questions itself (portfolio/archive).

// links answers the rules' questions from the records in memory.
type links struct{ p *Portfolio }

func (l links) Today() calendar.Date  { return l.p.Today() }
func (l links) InTrash(id ID) bool    { return l.p.InTrash(id) }
func (l links) HasGoal(id ID) bool    { _, ok := l.p.goals[id]; return ok }
func (l links) HasAction(id ID) bool  { _, ok := l.p.actions[id]; return ok }
func (l links) HasMeeting(id ID) bool { _, ok := l.p.m.meetings[id]; return ok }

func (l links) HasRelationship(id ID) bool { _, ok := l.p.m.relationships[id]; return ok }

func (l links) ContactNamed(name string, except ID) (string, bool) {
	for id, o := range l.p.contacts {
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

// withLinks is a rule that checks links as the table of kinds calls it.
func withLinks[T any](rule func(validate.Links, *T) error) func(*Portfolio, *T) error {
	return func(p *Portfolio, v *T) error { return rule(links{p}, v) }
}

// alone is a rule that needs nothing but the record as the table calls it.
func alone[T any](rule func(*T) error) func(*Portfolio, *T) error {
	return func(_ *Portfolio, v *T) error { return rule(v) }
}

// noLinks is a rule that needs nothing but the record as an import's check calls it.
func noLinks[T any](rule func(*T) error) func(validate.Links, *T) error {
	return func(_ validate.Links, v *T) error { return rule(v) }
}

// validateEntry checks an entry by the rules of a saved one.
func (p *Portfolio) validateEntry(e *Entry) error { return validate.Entry(links{p}, e) }

// validateContact checks a contact by the rules against the records in memory.
func (p *Portfolio) validateContact(c *Contact) error { return checkContact(links{p}, c) }

// checkContact checks a contact by the rules, and that no other contact has its
// name (Links.ContactNamed), which is the vault's ErrExists rather than the rules'
// ErrInvalid.
func checkContact(l validate.Links, c *Contact) error {
	if err := validate.Contact(l, c); err != nil {
		return err
	}
	if taken, ok := l.ContactNamed(c.Name, c.ID); ok {
		return fmt.Errorf("%w: a contact named %q is already kept", ErrExists, taken)
	}
	return nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
