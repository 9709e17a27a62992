package evaluation

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestEvaluationRoundTrip(t *testing.T) {
	p, c := testvault.New(t)
	r, err := p.AddRelationship(portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	in := Evaluation{Stage: "end", Role: "mentee", RelationshipID: r.ID, Answers: []Answer{
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
		if _, err := Add(p, e); !errors.Is(err, portfolio.ErrInvalid) && !errors.Is(err, portfolio.ErrNotFound) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	got, _, err := List(p)
	if err != nil || len(got) != 0 {
		t.Errorf("refused questionnaires were stored: %v %v", got, err)
	}
}

func TestEvaluationEncoderMatchesSchema(t *testing.T) {
	e := Evaluation{Stage: "start", Role: "mentor", RelationshipID: "r", Date: 7,
		Answers: []Answer{{Item: "i", Choice: "c", Text: "t"}}, Created: testvault.Now}
	seen, problems := codec.Conform("Evaluation", encodeEvaluation(&e))
	for _, p := range problems {
		t.Error(p)
	}
	for _, f := range evaluationSchema(t).Fields {
		if !seen[f.Num] {
			t.Errorf("Evaluation.%s is declared but not written", f.Name)
		}
	}
}

func TestEvaluationNeverOnDiskInPlain(t *testing.T) {
	const canary = "Canary9QuestionnaireWombat"
	p, _ := testvault.New(t)
	if _, err := Add(p, Evaluation{Stage: "start", Role: "mentee", Answers: []Answer{{Item: canary, Text: canary}}}); err != nil {
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

func FuzzDecodeEvaluation(f *testing.F) {
	e := Evaluation{Stage: "end", Role: "mentee", Date: 9, Answers: []Answer{{Item: "useful", Choice: "Agree"}}, Created: testvault.Now}
	f.Add(encodeEvaluation(&e))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Evaluation
		if decodeEvaluation(b, &got) != nil {
			return
		}
		// What decodes re-encodes to something that decodes the same.
		var again Evaluation
		if err := decodeEvaluation(encodeEvaluation(&got), &again); err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("re-decoding %+v gave %+v, %v", got, again, err)
		}
	})
}

func evaluationSchema(t *testing.T) codec.Message {
	for _, m := range codec.Schema {
		if m.Name == "Evaluation" {
			return m
		}
	}
	t.Fatal("no Evaluation in codec.Schema")
	return codec.Message{}
}
