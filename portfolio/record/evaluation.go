package record

import (
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
)

// Evaluation is one scheme evaluation questionnaire as the user filled it in, at the
// start or the end of a scheme. It stays in the vault; what leaves is an anonymised
// copy made by package evaluation, and only on export.
type Evaluation struct {
	ID    ID     `json:"id"`
	Stage string `json:"stage"`
	Role  string `json:"role"`
	// RelationshipID is the relationship the scheme matched the user into, if any.
	RelationshipID ID            `json:"relationship_id,omitempty"`
	Date           calendar.Date `json:"date"`
	Answers        []Answer      `json:"answers"`
	Created        time.Time     `json:"created"`
}

// Answer is the answer to one item: a scale's option, or free text.
type Answer struct {
	Item   string `json:"item"`
	Choice string `json:"choice,omitempty"`
	Text   string `json:"text,omitempty"`
}

// EncodeEvaluation is a questionnaire's plaintext as the vault keeps it
// (records.proto, Evaluation).
func EncodeEvaluation(e *Evaluation) []byte {
	var enc codec.Encoder
	enc.Uint(codec.EvalVersion, codec.SchemaVersion)
	enc.Str(codec.EvalStage, e.Stage)
	enc.Str(codec.EvalRole, e.Role)
	enc.Str(codec.EvalRelationship, string(e.RelationshipID))
	enc.Int(codec.EvalDate, int64(e.Date))
	for _, a := range e.Answers {
		var ae codec.Encoder
		ae.Str(codec.AnswerItem, a.Item)
		ae.Str(codec.AnswerChoice, a.Choice)
		ae.Str(codec.AnswerText, a.Text)
		enc.Message(codec.EvalAnswer, ae.B)
	}
	enc.Time(codec.EvalCreated, e.Created)
	return enc.B
}

var (
	evaluationBytes = codec.Fields(codec.EvalStage, codec.EvalRole, codec.EvalRelationship, codec.EvalAnswer)
	answerBytes     = codec.Fields(codec.AnswerItem, codec.AnswerChoice, codec.AnswerText)
)

// DecodeEvaluation reads a questionnaire, its strings copied.
func DecodeEvaluation(b []byte, e *Evaluation) error {
	return codec.Decode(b, evaluationBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.EvalVersion:
			return codec.CheckVersion(f)
		case codec.EvalStage:
			e.Stage = f.Str()
		case codec.EvalRole:
			e.Role = f.Str()
		case codec.EvalRelationship:
			e.RelationshipID = ID(f.Str())
		case codec.EvalDate:
			e.Date = calendar.Date(f.Int())
		case codec.EvalAnswer:
			var a Answer
			err := codec.Decode(f.B, answerBytes, func(g codec.Field) error {
				switch g.Num {
				case codec.AnswerItem:
					a.Item = g.Str()
				case codec.AnswerChoice:
					a.Choice = g.Str()
				case codec.AnswerText:
					a.Text = g.Str()
				}
				return nil
			})
			if err != nil {
				return err
			}
			e.Answers = append(e.Answers, a)
		case codec.EvalCreated:
			e.Created = f.Time()
		}
		return nil
	})
}
