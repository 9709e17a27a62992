package mentorship

import (
	"errors"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestSetAgreedActionsIsOneUndoableChange(t *testing.T) {
	p, _ := testvault.New(t)
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam Patel"})
	if err != nil {
		t.Fatal(err)
	}
	first, made, err := RecordMeeting(p, MeetingRecord{RelationshipID: rel.ID, Date: testvault.Today - 20, AgreedActions: []portfolio.Action{{What: "Read the audit"}}})
	if err != nil {
		t.Fatal(err)
	}
	moved := made[0]
	held, kept, err := RecordMeeting(p, MeetingRecord{RelationshipID: rel.ID, Date: testvault.Today - 5, AgreedActions: []portfolio.Action{{What: "Book the course"}, {What: "Ask for feedback"}}})
	if err != nil {
		t.Fatal(err)
	}
	dropped, stays := kept[0], kept[1]
	loose := testvault.MustAddAction(t, p, portfolio.Action{What: "Write up the case"})

	before := len(history.UndoLog(p))
	m, err := SetAgreedActions(p, held.ID, []portfolio.ID{stays.ID, loose.ID, moved.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(history.UndoLog(p)) - before; got != 1 {
		t.Fatalf("the change took %d undo steps, want 1", got)
	}
	want := []portfolio.ID{stays.ID, loose.ID, moved.ID}
	if !slices.Equal(m.AgreedActionIDs, want) {
		t.Fatalf("agreed = %v, want %v", m.AgreedActionIDs, want)
	}
	link := func(id portfolio.ID) portfolio.ID { a, _ := goals.Action(p, id); return a.MeetingID }
	if link(loose.ID) != held.ID || link(moved.ID) != held.ID || link(stays.ID) != held.ID {
		t.Fatalf("agreed actions not linked to the meeting: %v %v %v", link(loose.ID), link(moved.ID), link(stays.ID))
	}
	if link(dropped.ID) != "" {
		t.Fatalf("an action taken off the meeting still links to %s", link(dropped.ID))
	}
	if _, ok := goals.Action(p, dropped.ID); !ok {
		t.Fatal("an action taken off the meeting left the plan")
	}
	if f, _ := Meeting(p, first.ID); len(f.AgreedActionIDs) != 0 {
		t.Fatalf("the first meeting still lists the moved action: %v", f.AgreedActionIDs)
	}

	if _, err := history.Undo(p); err != nil {
		t.Fatal(err)
	}
	if g, _ := Meeting(p, held.ID); !slices.Equal(g.AgreedActionIDs, []portfolio.ID{dropped.ID, stays.ID}) {
		t.Fatalf("after undo agreed = %v, want the two agreed when recorded", g.AgreedActionIDs)
	}
	if f, _ := Meeting(p, first.ID); !slices.Equal(f.AgreedActionIDs, []portfolio.ID{moved.ID}) {
		t.Fatalf("after undo the first meeting lists %v", f.AgreedActionIDs)
	}
	if link(dropped.ID) != held.ID || link(loose.ID) != "" || link(moved.ID) != first.ID {
		t.Fatalf("after undo links are %v %v %v", link(dropped.ID), link(loose.ID), link(moved.ID))
	}
}

func TestSetAgreedActionsRefusesWhatIsNotItsToAgree(t *testing.T) {
	p, _ := testvault.New(t)
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam Patel"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Ana Gomez"})
	if err != nil {
		t.Fatal(err)
	}
	held, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: rel.ID, Date: testvault.Today - 5})
	if err != nil {
		t.Fatal(err)
	}
	_, theirs, err := RecordMeeting(p, MeetingRecord{RelationshipID: other.ID, Date: testvault.Today - 5, AgreedActions: []portfolio.Action{{What: "Theirs"}}})
	if err != nil {
		t.Fatal(err)
	}
	planned, err := AddMeeting(p, portfolio.Meeting{RelationshipID: rel.ID, Date: testvault.Today + 7})
	if err != nil {
		t.Fatal(err)
	}
	loose := testvault.MustAddAction(t, p, portfolio.Action{What: "Loose"})
	before := len(history.UndoLog(p))
	if _, err := SetAgreedActions(p, held.ID, []portfolio.ID{theirs[0].ID}); !errors.Is(err, portfolio.ErrInvalid) {
		t.Errorf("another relationship's action: err = %v, want portfolio.ErrInvalid", err)
	}
	if _, err := SetAgreedActions(p, held.ID, []portfolio.ID{"nosuchaction0000"}); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("no such action: err = %v, want portfolio.ErrNotFound", err)
	}
	if _, err := SetAgreedActions(p, planned.ID, []portfolio.ID{loose.ID}); !errors.Is(err, portfolio.ErrInvalid) {
		t.Errorf("planned meeting: err = %v, want portfolio.ErrInvalid", err)
	}
	if n := len(history.UndoLog(p)); n != before {
		t.Errorf("refused changes wrote %d steps", n-before)
	}
	if a, _ := goals.Action(p, theirs[0].ID); a.MeetingID == held.ID {
		t.Error("a refused change relinked the action")
	}
}
