package record

import (
	"reflect"
	"testing"
)

func FuzzDecodeEvaluation(f *testing.F) {
	e := Evaluation{Stage: "end", Role: "mentee", Date: 9, Answers: []Answer{{Item: "useful", Choice: "Agree"}}, Created: testWhen}
	f.Add(EncodeEvaluation(&e))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Evaluation
		if DecodeEvaluation(b, &got) != nil {
			return
		}
		// What decodes re-encodes to something that decodes the same.
		var again Evaluation
		if err := DecodeEvaluation(EncodeEvaluation(&got), &again); err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("re-decoding %+v gave %+v, %v", got, again, err)
		}
	})
}
