package ui

import (
	"github.com/foliohq/folio/portfolio/goals"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
)

// A self-assessment is a row under the ratings chart: e edits it in place (a new
// version, not a new rating), h lists its versions, d moves it to the trash after
// a question and u brings it back.
func TestRatingEditDeleteAndUndo(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	rel := mentorship.Relationships(p)[0]
	var scores []portfolio.Score
	for _, name := range portfolio.ProgressOutcomes {
		scores = append(scores, portfolio.Score{Name: name, Value: 2})
	}
	r, err := mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Scores: scores})
	if err != nil {
		t.Fatal(err)
	}
	d.keys("m", "enter", "c")
	d.expect("Self-ratings", "▸ "+r.Date.String()+"  start")

	d.keys("e")
	d.expect("Edit self-assessment", "▸ Stage")
	d.keys("right", "tab", "tab", "right", "ctrl+s") // stage middle; the first outcome 2 to 3
	d.expect("Rating saved: u undoes", "Self-ratings", r.Date.String()+"  middle")
	got := mentorship.Ratings(p, portfolio.RatingProgress, rel.ID)
	if len(got) != 1 || got[0].ID != r.ID || got[0].Stage != "middle" || got[0].Scores[0].Value != 3 || got[0].Scores[1].Value != 2 {
		t.Fatalf("after the edit the relationship's ratings are %+v", got)
	}

	d.keys("h")
	d.expect("History of rating", "▸ v2", "current")
	d.keys("esc")
	d.expect("Self-ratings")

	d.keys("d")
	d.expect("Move the middle self-assessment of " + r.Date.String() + " to the trash?")
	d.keys("n")
	d.expect("Kept the rating.")
	if len(mentorship.Ratings(p, portfolio.RatingProgress, rel.ID)) != 1 {
		t.Fatal("n deleted the rating")
	}
	d.keys("d", "y")
	d.expect("Moved the middle self-assessment", "u undoes", "No self-rating at a stage yet")
	if len(mentorship.Ratings(p, portfolio.RatingProgress, rel.ID)) != 0 || !p.InTrash(r.ID) {
		t.Fatal("the rating is not in the trash")
	}
	d.keys("u")
	d.expect("Undone: the deletion of", "Self-ratings", "middle")
	if got := mentorship.Ratings(p, portfolio.RatingProgress, rel.ID); len(got) != 1 || got[0].Stage != "middle" {
		t.Fatalf("u brought back %+v", got)
	}
	d.keys("u")
	d.expect("Undone: the edit of", "start")
	if got := mentorship.Ratings(p, portfolio.RatingProgress, rel.ID); len(got) != 1 || got[0].Stage != "start" || got[0].Scores[0].Value != 2 {
		t.Fatalf("u did not take back the edit: %+v", got)
	}
}

// A received document's title and relationship change from the list with e; the
// list shows the new title, and u takes the edit back.
func TestReceivedDocumentEditAndUndo(t *testing.T) {
	d := globalDriver(t)
	p := d.app.ctx.Portfolio
	doc := share.ReceivedDocuments(p, "")[0]
	if doc.RelationshipID == "" {
		t.Fatal("the seed's document is not kept with a relationship")
	}
	d.keys("m", "i")
	d.expect("Notes from Sam")
	d.keys("e")
	d.expect("Edit received document", "Title", "From")
	d.keys("ctrl+u")
	d.typeText("Summary from Sam")
	d.keys("tab", "left", "ctrl+s") // from Sam Okafor back to nobody in particular
	d.expect("Saved “Summary from Sam”: u undoes", "Your sharing key", "Summary from Sam")
	got := receivedByID(p, doc.ID)
	if got == nil || got.Title != "Summary from Sam" || got.RelationshipID != "" || got.Body != doc.Body {
		t.Fatalf("after the edit: %+v", got)
	}
	d.keys("h")
	d.expect("History of received", "▸ v2")
	d.keys("esc", "u")
	d.expect("Undone: the edit of received", "Notes from Sam")
	if got := receivedByID(p, doc.ID); got == nil || got.Title != doc.Title || got.RelationshipID != doc.RelationshipID {
		t.Fatalf("u did not take back the edit: %+v", got)
	}
}

func receivedByID(p *portfolio.Portfolio, id portfolio.ID) *portfolio.Received {
	for _, d := range share.ReceivedDocuments(p, "") {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// A held meeting's agreed actions change from its edit: space unmarks one agreed
// and marks an open one from the plan; the save links and unlinks them in the
// vault, and one u takes the whole change back.
func TestMeetingAgreedActionsEditAndUndo(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	rel := mentorship.Relationships(p)[0]
	held := mentorship.Meetings(p, rel.ID)[0]
	if len(held.AgreedActionIDs) != 2 {
		t.Fatalf("the seed's meeting has %d agreed actions", len(held.AgreedActionIDs))
	}
	mock, timetable := held.AgreedActionIDs[0], held.AgreedActionIDs[1]
	var shadow portfolio.ID
	for _, a := range goals.AllActions(p) {
		if a.What == "Shadow the anticoagulation clinic" {
			shadow = a.ID
		}
	}
	if shadow == "" {
		t.Fatal("the seed has no open action to agree")
	}
	d.keys("m", "enter")
	d.expect("mentored by Sam Okafor")
	for _, m := range mentorship.Meetings(p, rel.ID) {
		if m.ID != held.ID {
			t.Fatalf("the seed has another meeting %+v", m)
		}
	}
	d.keys("enter")
	d.expect("Meeting with Sam Okafor", "Book the mock exam")
	d.keys("e")
	d.expect("Edit meeting", "Agreed")
	d.keys("tab")
	d.expect("Which actions were agreed", "[x] Book the mock exam", "Shadow the anticoagulation")
	d.keys("space") // unmark the mock exam
	for range 10 {
		if strings.Contains(d.screen(), "▸ [ ] Shadow the anticoagulation") {
			break
		}
		d.keys("j")
	}
	d.expect("▸ [ ] Shadow the anticoagulation")
	d.keys("space", "ctrl+s")
	d.expect("Meeting saved", "u undoes", "Shadow the anticoagulation clinic")

	m, _ := mentorship.Meeting(p, held.ID)
	if !slices.Equal(m.AgreedActionIDs, []portfolio.ID{timetable, shadow}) {
		t.Fatalf("after the save the meeting agrees %v, want %v", m.AgreedActionIDs, []portfolio.ID{timetable, shadow})
	}
	link := func(id portfolio.ID) portfolio.ID { a, _ := goals.Action(p, id); return a.MeetingID }
	if link(shadow) != held.ID || link(mock) != "" || link(timetable) != held.ID {
		t.Fatalf("after the save the links are shadow %q mock %q timetable %q", link(shadow), link(mock), link(timetable))
	}

	d.keys("u")
	d.expect("Undone: the edit of meeting", "Book the mock exam")
	m, _ = mentorship.Meeting(p, held.ID)
	if !slices.Equal(m.AgreedActionIDs, []portfolio.ID{mock, timetable}) {
		t.Fatalf("after u the meeting agrees %v", m.AgreedActionIDs)
	}
	if link(shadow) != "" || link(mock) != held.ID {
		t.Fatalf("after u the links are shadow %q mock %q", link(shadow), link(mock))
	}
	if _, err := history.Undo(p); err == nil {
		t.Error("one u left part of the change in the undo log")
	}
}
