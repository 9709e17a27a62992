// Package precheck checks each entry of a light archive as it is read
// (interchange.ReadArchiveLight), before its text is let go, so that the import
// need not read it whole again only to check it. It also sets the times an import
// gives a record that lacks them (SetTimes), so that the check and the imports set
// them alike.
package precheck

import (
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/validate"
)

// Checked holds the checks of a light archive's entries (Archive.Bodies), made
// as each was read whole the first time (Check), so that the import need not read
// it whole again only to check it. A check asks about the entry's links; Check
// answers as the import would were they sound, and notes each question and its
// answer. The import asks each again of the vault and the archive together, and
// only an entry given another answer is read and checked again.
type Checked struct {
	now   time.Time
	today calendar.Date
	// res is each entry's check by its place in the archive; nil for one not
	// checked; clean for one that asked nothing and passed.
	res   []*checkResult
	clean *checkResult
}

type checkResult struct {
	err error
	qs  []question
}

// New is the checks of an archive about to be imported into p, on p's
// clock (the import's, too: times an entry lacks are set to it).
func New(p *portfolio.Portfolio) *Checked {
	return &Checked{now: p.Now().UTC(), today: p.Today(), clean: &checkResult{}}
}

// Check checks e, the archive's i-th entry, read whole: its unset times are set
// and it is tidied in place, as the import sets and tidies it.
func (c *Checked) Check(i int, e *portfolio.Entry) {
	k, _ := portfolio.KindOf(portfolio.KindEntry)
	SetTimes(k, e, c.now)
	r := &linkRecorder{today: c.today}
	err := k.Check(r, e)
	for len(c.res) <= i {
		c.res = append(c.res, nil)
	}
	if err == nil && len(r.qs) == 0 {
		c.res[i] = c.clean
		return
	}
	c.res[i] = &checkResult{err: err, qs: r.qs}
}

// Now is the clock the checks set unset times to, which the import then sets
// them to too.
func (c *Checked) Now() time.Time { return c.now }

// Result is the check of the archive's i-th entry, if l answers every question
// it asked as it was answered; false if it must be checked again.
func (c *Checked) Result(i int, l validate.Links) (error, bool) {
	if c == nil || i >= len(c.res) || c.res[i] == nil {
		return nil, false
	}
	r := c.res[i]
	for _, q := range r.qs {
		if !q.same(l) {
			return nil, false
		}
	}
	return r.err, true
}

// What a check asked.
const (
	askToday = iota
	askTrash
	askGoal
	askAction
	askMeeting
	askRelationship
	askContact
	askEntry
)

// question is one question a check asked, and the answer it was given.
type question struct {
	ask    uint8
	id     portfolio.ID
	name   string
	today  calendar.Date
	b1, b2 bool
	s      string
}

// same says l answers q as it was answered.
func (q question) same(l validate.Links) bool {
	switch q.ask {
	case askToday:
		return l.Today() == q.today
	case askTrash:
		return l.InTrash(q.id) == q.b1
	case askGoal:
		return l.HasGoal(q.id) == q.b1
	case askAction:
		return l.HasAction(q.id) == q.b1
	case askMeeting:
		return l.HasMeeting(q.id) == q.b1
	case askRelationship:
		return l.HasRelationship(q.id) == q.b1
	case askContact:
		s, ok := l.ContactNamed(q.name, q.id)
		return s == q.s && ok == q.b1
	case askEntry:
		off, ok := l.Entry(q.id)
		return off == q.b1 && ok == q.b2
	}
	return false
}

// linkRecorder answers a check's questions as a sound archive would have them
// answered, and notes them.
type linkRecorder struct {
	today calendar.Date
	qs    []question
}

func (r *linkRecorder) note(q question) { r.qs = append(r.qs, q) }

func (r *linkRecorder) Today() calendar.Date {
	r.note(question{ask: askToday, today: r.today})
	return r.today
}
func (r *linkRecorder) InTrash(id portfolio.ID) bool {
	r.note(question{ask: askTrash, id: id})
	return false
}
func (r *linkRecorder) HasGoal(id portfolio.ID) bool {
	r.note(question{ask: askGoal, id: id, b1: true})
	return true
}
func (r *linkRecorder) HasAction(id portfolio.ID) bool {
	r.note(question{ask: askAction, id: id, b1: true})
	return true
}
func (r *linkRecorder) HasMeeting(id portfolio.ID) bool {
	r.note(question{ask: askMeeting, id: id, b1: true})
	return true
}
func (r *linkRecorder) HasRelationship(id portfolio.ID) bool {
	r.note(question{ask: askRelationship, id: id, b1: true})
	return true
}
func (r *linkRecorder) ContactNamed(name string, except portfolio.ID) (string, bool) {
	r.note(question{ask: askContact, id: except, name: name})
	return "", false
}
func (r *linkRecorder) Entry(id portfolio.ID) (offerable, ok bool) {
	r.note(question{ask: askEntry, id: id, b1: true, b2: true})
	return true, true
}
