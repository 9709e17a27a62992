package evaluation

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

func TestEvaluationRoundTrip(t *testing.T) {
	p, c := testvault.New(t)
	r, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	in := portfolio.Evaluation{Stage: "end", Role: "mentee", RelationshipID: r.ID, Answers: []portfolio.Answer{
		{Item: "useful", Choice: "Agree"}, {Item: "comments", Text: "Time was short.\r\nBut worth it."},
	}}
	saved, err := Add(p, in)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Date != testvault.Today || saved.Answers[1].Text != "Time was short.\nBut worth it." {
		t.Errorf("saved = %+v", saved)
	}
	q := testvault.Reopen(t, p, c)
	got, damaged, err := List(q)
	if err != nil || len(damaged) > 0 {
		t.Fatal(err, damaged)
	}
	if len(got) != 1 || !reflect.DeepEqual(*got[0], *saved) {
		t.Errorf("read back %+v, saved %+v", got, saved)
	}
}

func TestEvaluationRefusesBadInput(t *testing.T) {
	p, _ := testvault.New(t)
	ok := []portfolio.Answer{{Item: "useful", Choice: "Agree"}}
	for name, e := range map[string]portfolio.Evaluation{
		"stage":        {Stage: "middle", Role: "mentee", Answers: ok},
		"role":         {Stage: "start", Role: "boss", Answers: ok},
		"no answers":   {Stage: "start", Role: "mentee"},
		"twice":        {Stage: "start", Role: "mentee", Answers: []portfolio.Answer{ok[0], ok[0]}},
		"both":         {Stage: "start", Role: "mentee", Answers: []portfolio.Answer{{Item: "a", Choice: "Agree", Text: "x"}}},
		"control":      {Stage: "start", Role: "mentee", Answers: []portfolio.Answer{{Item: "a\x1b", Choice: "Agree"}}},
		"relationship": {Stage: "start", Role: "mentee", RelationshipID: "nope", Answers: ok},
	} {
		if _, err := Add(p, e); !errors.Is(err, portfolio.ErrInvalid) && !errors.Is(err, portfolio.ErrNotFound) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	got, _, err := List(p)
	if err != nil || len(got) != 0 {
		t.Errorf("refused questionnaires were stored: %v %v", got, err)
	}
}

func TestEvaluationNeverOnDiskInPlain(t *testing.T) {
	const canary = "Canary9QuestionnaireWombat"
	p, _ := testvault.New(t)
	if _, err := Add(p, portfolio.Evaluation{Stage: "start", Role: "mentee", Answers: []portfolio.Answer{{Item: canary, Text: canary}}}); err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	p.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{canary, "evaluations", "mentee"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the vault holds %q in plain text", s)
		}
	}
}
