package codec

import "google.golang.org/protobuf/encoding/protowire"

// Evaluation (scheme questionnaire answers) fields.
const (
	EvalVersion protowire.Number = iota + 1
	EvalStage
	EvalRole
	EvalRelationship
	EvalDate
	EvalAnswer
	EvalCreated
)

// Evaluation answer fields.
const (
	AnswerItem protowire.Number = iota + 1
	AnswerChoice
	AnswerText
)

// evaluationSchema is the part of Schema for the evaluation records.
var evaluationSchema = []Message{
	{Name: "Evaluation", Fields: []FieldSpec{
		{Name: "version", Num: EvalVersion, Kind: KindUint},
		{Name: "stage", Num: EvalStage, Kind: KindString},
		{Name: "role", Num: EvalRole, Kind: KindString},
		{Name: "relationship", Num: EvalRelationship, Kind: KindString},
		{Name: "date", Num: EvalDate, Kind: KindSint},
		{Name: "answer", Num: EvalAnswer, Kind: KindMessage, Repeated: true, Message: "Answer"},
		{Name: "created", Num: EvalCreated, Kind: KindSint},
	}},
	{Name: "Answer", Fields: []FieldSpec{
		{Name: "item", Num: AnswerItem, Kind: KindString},
		{Name: "choice", Num: AnswerChoice, Kind: KindString},
		{Name: "text", Num: AnswerText, Kind: KindString},
	}},
}
