package precheck_test

import (
	"errors"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// links answers a check's questions from its fields.
type links struct {
	today calendar.Date
	goals map[portfolio.ID]bool
	trash map[portfolio.ID]bool
}

func (l links) Today() calendar.Date                             { return l.today }
func (l links) InTrash(id portfolio.ID) bool                     { return l.trash[id] }
func (l links) HasGoal(id portfolio.ID) bool                     { return l.goals[id] }
func (l links) HasAction(portfolio.ID) bool                      { return false }
func (l links) HasMeeting(portfolio.ID) bool                     { return false }
func (l links) HasRelationship(portfolio.ID) bool                { return false }
func (l links) ContactNamed(string, portfolio.ID) (string, bool) { return "", false }
func (l links) Entry(portfolio.ID) (offerable, ok bool)          { return false, false }

func entry(title string, date calendar.Date, goals ...portfolio.ID) *portfolio.Entry {
	return &portfolio.Entry{
		ID: "aaaaaaaaaaaaaaaa", Title: title, Date: date, GoalIDs: goals,
		Functions: portfolio.Functions(portfolio.Formative),
	}
}

// TestCheckedAgreesOrAsksAgain: a check made as an entry is read stands only
// while the import's links answer its questions as it was answered; an entry
// linking to nothing, or checked on another day, is checked again.
func TestCheckedAgreesOrAsksAgain(t *testing.T) {
	p, _ := testvault.New(t)
	c := precheck.New(p)
	if !c.Now().Equal(testvault.Now) || c.Now().Location() != time.UTC {
		t.Fatalf("Now is %v, want the vault's clock %v in UTC", c.Now(), testvault.Now)
	}
	const goal = portfolio.ID("bbbbbbbbbbbbbbbb")
	today := testvault.Today
	linked := entry("  Linked  ", today-3, goal)
	c.Check(0, linked)
	future := entry("Later", today+30)
	c.Check(2, future)

	// The check tidied the entry in place and set its times, as the import does.
	if linked.Title != "Linked" || !linked.Created.Equal(testvault.Now) || !linked.Updated.Equal(testvault.Now) {
		t.Fatalf("checked entry: title %q, created %v, updated %v", linked.Title, linked.Created, linked.Updated)
	}

	sound := links{today: today, goals: map[portfolio.ID]bool{goal: true}}
	if err, ok := c.Result(0, sound); !ok || err != nil {
		t.Fatalf("links answered as assumed: %v, %v; want the check's nil, true", err, ok)
	}
	if _, ok := c.Result(0, links{today: today}); ok {
		t.Fatal("with the goal missing the check stood; it must be made again")
	}
	if _, ok := c.Result(0, links{today: today, trash: map[portfolio.ID]bool{goal: true}}); ok {
		t.Fatal("with the goal in the trash the check stood; it must be made again")
	}
	if err, ok := c.Result(2, sound); !ok || !errors.Is(err, calendar.ErrInvalidDate) {
		t.Fatalf("a future entry: %v, %v; want the check's date error, true", err, ok)
	}
	if _, ok := c.Result(2, links{today: today + 40, goals: sound.goals}); ok {
		t.Fatal("on another day a date's check stood; it must be made again")
	}
	// Entry 1 was never checked, entry 9 is past the end, and no checks at all
	// answer nothing.
	for _, i := range []int{1, 9} {
		if _, ok := c.Result(i, sound); ok {
			t.Fatalf("entry %d, never checked, has a result", i)
		}
	}
	var none *precheck.Checked
	if _, ok := none.Result(0, sound); ok {
		t.Fatal("nil checks have a result")
	}
}

// TestSetTimes: unset times are the clock's, set ones kept in UTC, an update
// never before its creation when only the creation is given.
func TestSetTimes(t *testing.T) {
	row, _ := portfolio.KindOf(portfolio.KindEntry)
	now := testvault.Now
	paris := time.FixedZone("CET", 3600)
	created := time.Date(2025, 6, 1, 9, 0, 0, 0, paris)
	for _, c := range []struct {
		name                 string
		created, updated     time.Time
		wantCreated, wantUpd time.Time
	}{
		{"unset", time.Time{}, time.Time{}, now, now},
		{"created only", created, time.Time{}, created.UTC(), created.UTC()},
		{"both", created, created.Add(time.Hour), created.UTC(), created.Add(time.Hour).UTC()},
	} {
		e := &portfolio.Entry{Created: c.created, Updated: c.updated}
		precheck.SetTimes(row, e, now)
		if !e.Created.Equal(c.wantCreated) || !e.Updated.Equal(c.wantUpd) ||
			e.Created.Location() != time.UTC || e.Updated.Location() != time.UTC {
			t.Errorf("%s: created %v, updated %v; want %v, %v in UTC", c.name, e.Created, e.Updated, c.wantCreated, c.wantUpd)
		}
	}
}
