package portfolio

func FuzzDecodeEvaluation(f *testing.F) {
	e := Evaluation{Stage: "end", Role: "mentee", Date: 9, Answers: []Answer{{Item: "useful", Choice: "Agree"}}, Created: testNow}
	f.Add(record.EncodeEvaluation(&e))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Evaluation
		if record.DecodeEvaluation(b, &got) != nil {
			return
		}
		// What decodes re-encodes to something that decodes the same.
		var again Evaluation
		if err := record.DecodeEvaluation(record.EncodeEvaluation(&got), &again); err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("re-decoding %+v gave %+v, %v", got, again, err)
		}
	})
}
