package archive_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/evaluation"
	"github.com/foliohq/folio/portfolio/internal/richvault"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// Filled-in questionnaires go into the full archive and come back whole; a second
// import adds nothing, and a bad one is refused with nothing changed.
func TestArchiveCarriesEvaluations(t *testing.T) {
	p, _ := richvault.Rich(t)
	rel := mentorship.Relationships(p)[0]
	for _, e := range []portfolio.Evaluation{
		{Stage: "start", Role: "mentee", RelationshipID: rel.ID, Answers: []portfolio.Answer{{Item: "useful", Choice: "Agree"}, {Item: "hopes", Text: "Time to think.\nAnd a plan."}}},
		{Stage: "end", Role: "mentee", Answers: []portfolio.Answer{{Item: "useful", Choice: "Strongly agree"}}},
	} {
		if _, err := evaluation.Add(p, e); err != nil {
			t.Fatal(err)
		}
	}
	want := archive.Current(p)
	// Both were filled in at the same instant, so the archive orders them by ID:
	// find the start questionnaire by its stage.
	start := slices.IndexFunc(want.Evaluations, func(e portfolio.Evaluation) bool { return e.Stage == "start" })
	if len(want.Evaluations) != 2 || start < 0 || want.Evaluations[start].Answers[1].Text != "Time to think.\nAnd a plan." {
		t.Fatalf("archive evaluations %+v", want.Evaluations)
	}
	q, qc := testvault.New(t)
	qc.Advance(time.Hour)
	rep, err := archive.ImportArchive(q, roundTrip(t, want))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["evaluations"].Added != 2 {
		t.Errorf("report %v", rep.Lines())
	}
	q = testvault.Reopen(t, q, qc)
	sameArchive(t, want, archive.Current(q))

	before, _ := os.ReadFile(q.Path())
	rep, err = archive.ImportArchive(q, roundTrip(t, want))
	if err != nil || rep.Changed() != 0 || rep.Counts["evaluations"].Unchanged != 2 {
		t.Errorf("a second import: %v %v", err, rep.Lines())
	}
	if after, _ := os.ReadFile(q.Path()); string(before) != string(after) {
		t.Error("a second import of the same archive wrote to the vault")
	}

	for name, edit := range map[string]func(a *archive.Archive){
		"stage":           func(a *archive.Archive) { a.Evaluations[0].Stage = "middle" },
		"no answers":      func(a *archive.Archive) { a.Evaluations[1].Answers = nil },
		"no relationship": func(a *archive.Archive) { a.Evaluations[0].RelationshipID = "cccccccccccccccc" },
		"both answers":    func(a *archive.Archive) { a.Evaluations[1].Answers[0].Text = "and words" },
		"id of an entry":  func(a *archive.Archive) { a.Evaluations[1].ID = a.Entries[0].ID },
	} {
		t.Run(name, func(t *testing.T) {
			a := roundTrip(t, want)
			a.Name = "mine.json"
			edit(a)
			r, _ := testvault.New(t)
			before, _ := os.ReadFile(r.Path())
			_, err := archive.ImportArchive(r, a)
			if err == nil || !errors.Is(err, portfolio.ErrMalformed) || !strings.Contains(err.Error(), "mine.json: ") {
				t.Fatalf("ImportArchive: %v", err)
			}
			after, _ := os.ReadFile(r.Path())
			evs, _, _ := evaluation.List(r)
			if string(before) != string(after) || len(evs) != 0 {
				t.Error("a refused import changed the vault")
			}
		})
	}
}
