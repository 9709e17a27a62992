package portfolio

import (
	"errors"
	"slices"
	"testing"
)

func TestSetAgreedActionsIsOneUndoableChange(t *testing.T) {
	p, _ := newTestPortfolio(t)
	rel, err := addRelationship(p, Relationship{Role: RoleMentee, Person: "Sam Patel"})
	if err != nil {
		t.Fatal(err)
	}
	first, made, err := recordMeeting(p, meetingRecord{RelationshipID: rel.ID, Date: testToday - 20, AgreedActions: []Action{{What: "Read the audit"}}})
	if err != nil {
		t.Fatal(err)
	}
	moved := made[0]
	held, kept, err := recordMeeting(p, meetingRecord{RelationshipID: rel.ID, Date: testToday - 5, AgreedActions: []Action{{What: "Book the course"}, {What: "Ask for feedback"}}})
	if err != nil {
		t.Fatal(err)
	}
	dropped, stays := kept[0], kept[1]
	loose := mustAddAction(t, p, Action{What: "Write up the case"})

	before := len(p.UndoLog())
	m, err := p.SetAgreedActions(held.ID, []ID{stays.ID, loose.ID, moved.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.UndoLog()) - before; got != 1 {
		t.Fatalf("the change took %d undo steps, want 1", got)
	}
	want := []ID{stays.ID, loose.ID, moved.ID}
	if !slices.Equal(m.AgreedActionIDs, want) {
		t.Fatalf("agreed = %v, want %v", m.AgreedActionIDs, want)
	}
	link := func(id ID) ID { a, _ := p.Action(id); return a.MeetingID }
	if link(loose.ID) != held.ID || link(moved.ID) != held.ID || link(stays.ID) != held.ID {
		t.Fatalf("agreed actions not linked to the meeting: %v %v %v", link(loose.ID), link(moved.ID), link(stays.ID))
	}
	if link(dropped.ID) != "" {
		t.Fatalf("an action taken off the meeting still links to %s", link(dropped.ID))
	}
	if _, ok := p.Action(dropped.ID); !ok {
		t.Fatal("an action taken off the meeting left the plan")
	}
	if f, _ := meetingOf(p, first.ID); len(f.AgreedActionIDs) != 0 {
		t.Fatalf("the first meeting still lists the moved action: %v", f.AgreedActionIDs)
	}

	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	if g, _ := meetingOf(p, held.ID); !slices.Equal(g.AgreedActionIDs, []ID{dropped.ID, stays.ID}) {
		t.Fatalf("after undo agreed = %v, want the two agreed when recorded", g.AgreedActionIDs)
	}
	if f, _ := meetingOf(p, first.ID); !slices.Equal(f.AgreedActionIDs, []ID{moved.ID}) {
		t.Fatalf("after undo the first meeting lists %v", f.AgreedActionIDs)
	}
	if link(dropped.ID) != held.ID || link(loose.ID) != "" || link(moved.ID) != first.ID {
		t.Fatalf("after undo links are %v %v %v", link(dropped.ID), link(loose.ID), link(moved.ID))
	}
}

func TestSetAgreedActionsRefusesWhatIsNotItsToAgree(t *testing.T) {
	p, _ := newTestPortfolio(t)
	rel, err := addRelationship(p, Relationship{Role: RoleMentee, Person: "Sam Patel"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := addRelationship(p, Relationship{Role: RoleMentee, Person: "Ana Gomez"})
	if err != nil {
		t.Fatal(err)
	}
	held, _, err := recordMeeting(p, meetingRecord{RelationshipID: rel.ID, Date: testToday - 5})
	if err != nil {
		t.Fatal(err)
	}
	_, theirs, err := recordMeeting(p, meetingRecord{RelationshipID: other.ID, Date: testToday - 5, AgreedActions: []Action{{What: "Theirs"}}})
	if err != nil {
		t.Fatal(err)
	}
	planned, err := p.AddMeeting(Meeting{RelationshipID: rel.ID, Date: testToday + 7})
	if err != nil {
		t.Fatal(err)
	}
	loose := mustAddAction(t, p, Action{What: "Loose"})
	before := len(p.UndoLog())
	if _, err := p.SetAgreedActions(held.ID, []ID{theirs[0].ID}); !errors.Is(err, ErrInvalid) {
		t.Errorf("another relationship's action: err = %v, want ErrInvalid", err)
	}
	if _, err := p.SetAgreedActions(held.ID, []ID{"nosuchaction0000"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such action: err = %v, want ErrNotFound", err)
	}
	if _, err := p.SetAgreedActions(planned.ID, []ID{loose.ID}); !errors.Is(err, ErrInvalid) {
		t.Errorf("planned meeting: err = %v, want ErrInvalid", err)
	}
	if n := len(p.UndoLog()); n != before {
		t.Errorf("refused changes wrote %d steps", n-before)
	}
	if a, _ := p.Action(theirs[0].ID); a.MeetingID == held.ID {
		t.Error("a refused change relinked the action")
	}
}
