// Package testvault makes the small, cheap vaults the tests of portfolio's
// subpackages run against, on a pinned clock.
package testvault

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// Now is the pinned clock of every test: Saturday 14 March 2026, 10:00 UTC.
var Now = time.Date(2026, time.March, 14, 10, 0, 0, 0, time.UTC)

// Today is Now's calendar day.
var Today = calendar.MakeDate(2026, time.March, 14)

// Passphrase unlocks every test vault.
var Passphrase = []byte("correct horse battery staple")

// CheapKDF keeps tests fast; the program's default is never this cheap.
var CheapKDF = portfolio.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// Clock is a settable clock, so a test can move time forward between saves.
type Clock struct{ T time.Time }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

// Options are the options of a test vault on clock c.
func Options(c *Clock) portfolio.Options {
	return portfolio.Options{KDF: CheapKDF, Now: c.Now}
}

// New creates an empty vault in a fresh temporary directory and closes it when the
// test ends.
func New(t testing.TB) (*portfolio.Portfolio, *Clock) {
	t.Helper()
	c := &Clock{T: Now}
	path := filepath.Join(t.TempDir(), "vault.folio")
	p, err := portfolio.Create(path, Passphrase, Options(c))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p, c
}

// Reopen closes p and opens its vault again with the same clock, as a new run of the
// program would.
func Reopen(t testing.TB, p *portfolio.Portfolio, c *Clock) *portfolio.Portfolio {
	t.Helper()
	path := p.Path()
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	q, err := portfolio.Open(path, Passphrase, Options(c))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// MustAddEntry adds e or fails the test.
func MustAddEntry(t testing.TB, p *portfolio.Portfolio, e portfolio.Entry) *portfolio.Entry {
	t.Helper()
	got, err := p.AddEntry(e)
	if err != nil {
		t.Fatalf("AddEntry(%q): %v", e.Title, err)
	}
	return got
}

// MustAddGoal adds g or fails the test.
func MustAddGoal(t testing.TB, p *portfolio.Portfolio, g portfolio.Goal) *portfolio.Goal {
	t.Helper()
	got, err := p.AddGoal(g)
	if err != nil {
		t.Fatalf("AddGoal(%q): %v", g.Title, err)
	}
	return got
}

// MustAddAction adds a or fails the test.
func MustAddAction(t testing.TB, p *portfolio.Portfolio, a portfolio.Action) *portfolio.Action {
	t.Helper()
	got, err := p.AddAction(a)
	if err != nil {
		t.Fatalf("AddAction(%q): %v", a.What, err)
	}
	return got
}

// Titles lists the titles of entries in order, for readable comparisons.
func Titles(es []*portfolio.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Title
	}
	return out
}

// SealTo encrypts data to the age recipient pub with the standard age library, as a
// sender's folio or age tool would.
func SealTo(t testing.TB, pub string, data []byte, armored bool) []byte {
	t.Helper()
	to, err := age.ParseX25519Recipient(pub)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var dst io.Writer = &buf
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&buf)
		dst = aw
	}
	w, err := age.Encrypt(dst, to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// Rich fills a vault with one of everything an archive must carry, each with
// its optional parts set, as a user would make them. It is long because it is a
// story: each step builds on the records before it.
func Rich(t testing.TB) (*portfolio.Portfolio, *Clock) {
	t.Helper()
	p, c := New(t)
	step := func() { c.Advance(time.Minute + 1234567*time.Nanosecond) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(p.SaveSettings(portfolio.Settings{Organisation: "St Elsewhere", RenewalDate: calendar.MakeDate(2027, 5, 1), Topics: []string{"night shifts"}}))
	g1 := MustAddGoal(t, p, portfolio.Goal{Title: "Master anticoagulation counselling", Why: "A near miss\nlast month", Functions: portfolio.Functions(portfolio.Formative | portfolio.Normative), Target: calendar.MakeDate(2026, 6, 30)})
	step()
	g2 := MustAddGoal(t, p, portfolio.Goal{Title: "Finish the audit"})
	step()
	_, err := p.SetGoalStatus(g2.ID, portfolio.GoalAchieved, "Done, presented at the team meeting.")
	must(err)
	step()
	a1 := MustAddAction(t, p, portfolio.Action{GoalID: g1.ID, What: "Shadow the anticoagulation clinic", Due: calendar.MakeDate(2026, 4, 1)})
	step()
	a2 := MustAddAction(t, p, portfolio.Action{GoalID: g1.ID, What: "Read the NICE guidance"})
	step()
	_, refl, err := p.CompleteAction(a2.ID, &portfolio.Entry{Title: "What the guidance changed", Body: "Body with \x1b[31mred\x1b[0m text", Functions: portfolio.Functions(portfolio.Formative)})
	must(err)
	step()
	_, err = p.SetActionStatus(a1.ID, portfolio.ActionDoing)
	must(err)
	step()
	e1 := MustAddEntry(t, p, portfolio.Entry{
		Title: "Gibbs on a dosing error", Body: "Free text first.", Functions: portfolio.Functions(portfolio.Normative | portfolio.Restorative),
		Tags: []string{"CPD", "incident"}, Date: calendar.MakeDate(2026, 3, 10),
		Template: "gibbs", TemplateVersion: 2,
		Sections: []portfolio.Section{{Heading: "Description", Body: "What happened."}, {Heading: "Feelings", Body: "Worried.\n\nThen calmer."}},
		GoalIDs:  []portfolio.ID{g1.ID}, ActionIDs: []portfolio.ID{a1.ID}, Sharing: portfolio.SharingShareable, Discuss: true,
		RecordKind: portfolio.RecordPlannedCPD,
		Fields:     []portfolio.FieldValue{{Name: "hours", Label: "Hours", Values: []string{"1.5"}}, {Name: "type", Label: "Type", Values: []string{"course", "reading"}}},
	})
	step()
	MustAddEntry(t, p, portfolio.Entry{Title: "Private worry", Body: "Not for anyone.", Functions: portfolio.Functions(portfolio.Restorative), Sharing: portfolio.SharingPrivate, Date: calendar.MakeDate(1999, 12, 31)})
	step()
	rel, err := p.AddRelationship(portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Okafor", Organisation: "Deanery", Start: calendar.MakeDate(2026, 1, 5),
		LengthMonths: 12, IntervalDays: 30, Agreement: []portfolio.Section{{Heading: "Confidentiality", Body: "What is said stays."}, {Heading: "Frequency", Body: "Monthly."}},
		AgreedOn: calendar.MakeDate(2026, 1, 5)})
	must(err)
	step()
	held, agreed, err := p.RecordMeeting(portfolio.MeetingRecord{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 2, 5), Format: portfolio.FormatRemote,
		Notes:         []portfolio.Section{{Heading: "Goal", Body: "Confidence on wards."}, {Heading: "Will", Body: "Two actions."}},
		Topics:        []string{"wellbeing", "exams"},
		AgreedActions: []portfolio.Action{{What: "Book a ward round", Due: calendar.MakeDate(2026, 3, 1)}, {GoalID: g1.ID, What: "Ask for feedback"}},
		NextDate:      calendar.MakeDate(2026, 3, 5), Shared: true})
	must(err)
	step()
	_, _, err = p.CompleteAction(agreed[0].ID, nil)
	must(err)
	step()
	// The planned meeting and the session reflection are made as package mentor
	// makes them (SaveAgenda, AddSessionReflection), which cannot be imported here:
	// its own tests use this package.
	_, err = p.AddMeeting(portfolio.Meeting{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 3, 20), Agenda: []portfolio.AgendaItem{
		{Text: "How nights are going", Question: "Any tips?"},
		{LinkKind: portfolio.KindEntry, LinkID: e1.ID, Question: "Was my analysis fair?"},
		{LinkKind: portfolio.KindGoal, LinkID: g1.ID}, {LinkKind: portfolio.KindAction, LinkID: agreed[1].ID, Text: "progress"},
	}})

	must(err)
	step()
	_, err = p.AddEntry(portfolio.Entry{Body: "I talked too much.", MeetingID: held.ID, Sharing: portfolio.SharingPrivate,
		Functions: portfolio.Functions(portfolio.Formative), Date: held.Date,
		Title: fmt.Sprintf("Session reflection: %s, %s", rel.Person, held.Date)})
	must(err)
	step()
	_, err = p.AddRating(portfolio.Rating{Kind: portfolio.RatingSkills, Scores: []portfolio.Score{{Name: "active listening", Value: 3}, {Name: "signposting", Value: 4}}, Note: "Improving"})
	must(err)
	step()
	_, err = p.AddRating(portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Date: calendar.MakeDate(2026, 1, 5), Scores: []portfolio.Score{{Name: "self-confidence", Value: 2}}})
	must(err)
	step()
	rel2, err := p.AddRelationship(portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam"})
	must(err)
	ended := *rel2
	ended.Status, ended.EndReason, ended.EndedOn = portfolio.RelEnded, "Sam moved trust", p.Today()
	_, err = p.UpdateRelationship(ended)
	must(err)
	step()
	pub, err := p.PublicKey()
	must(err)
	sealed := SealTo(t, pub, []byte("# Sam's summary\n\nThanks \x1b]0;title\x07 for the year.\n"), false)
	_, err = p.Receive(sealed, "summary.age", rel2.ID)
	must(err)
	if refl == nil {
		t.Fatal("no reflection")
	}
	return p, c
}
