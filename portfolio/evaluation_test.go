package portfolio

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio/record"
)

func TestEvaluationRoundTrip(t *testing.T) {
	p, c := newTestPortfolio(t)
	r, err := addRelationship(p, Relationship{Role: RoleMentee, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	in := Evaluation{Stage: "end", Role: "mentee", RelationshipID: r.ID, Answers: []Answer{
		{Item: "useful", Choice: "Agree"}, {Item: "comments", Text: "Time was short.\r\nBut worth it."},
	}}
	saved, err := p.AddEvaluation(in)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Date != testToday || saved.Answers[1].Text != "Time was short.\nBut worth it." {
		t.Errorf("saved = %+v", saved)
	}
	q := reopen(t, p, c)
	got, damaged, err := q.Evaluations()
	if err != nil || len(damaged) > 0 {
		t.Fatal(err, damaged)
	}
	if len(got) != 1 || !reflect.DeepEqual(*got[0], *saved) {
		t.Errorf("read back %+v, saved %+v", got, saved)
	}
}

func TestEvaluationRefusesBadInput(t *testing.T) {
	p, _ := newTestPortfolio(t)
	ok := []Answer{{Item: "useful", Choice: "Agree"}}
	for name, e := range map[string]Evaluation{
		"stage":        {Stage: "middle", Role: "mentee", Answers: ok},
		"role":         {Stage: "start", Role: "boss", Answers: ok},
		"no answers":   {Stage: "start", Role: "mentee"},
		"twice":        {Stage: "start", Role: "mentee", Answers: []Answer{ok[0], ok[0]}},
		"both":         {Stage: "start", Role: "mentee", Answers: []Answer{{Item: "a", Choice: "Agree", Text: "x"}}},
		"control":      {Stage: "start", Role: "mentee", Answers: []Answer{{Item: "a\x1b", Choice: "Agree"}}},
		"relationship": {Stage: "start", Role: "mentee", RelationshipID: "nope", Answers: ok},
	} {
		if _, err := p.AddEvaluation(e); !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	got, _, err := p.Evaluations()
	if err != nil || len(got) != 0 {
		t.Errorf("refused questionnaires were stored: %v %v", got, err)
	}
}

func TestEvaluationEncoderMatchesSchema(t *testing.T) {
	schema := schemaFields()
	e := Evaluation{Stage: "start", Role: "mentor", RelationshipID: "r", Date: 7,
		Answers: []Answer{{Item: "i", Choice: "c", Text: "t"}}, Created: testNow}
	seen := checkAgainstSchema(t, schema, "Evaluation", record.EncodeEvaluation(&e))
	for num, f := range schema["Evaluation"] {
		if !seen[num] {
			t.Errorf("Evaluation.%s is declared but not written", f.Name)
		}
	}
}

func TestEvaluationNeverOnDiskInPlain(t *testing.T) {
	const canary = "Canary9QuestionnaireWombat"
	p, _ := newTestPortfolio(t)
	if _, err := p.AddEvaluation(Evaluation{Stage: "start", Role: "mentee", Answers: []Answer{{Item: canary, Text: canary}}}); err != nil {
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
