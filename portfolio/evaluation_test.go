package portfolio

import (
	"testing"

	"github.com/foliohq/folio/portfolio/record"
)

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
