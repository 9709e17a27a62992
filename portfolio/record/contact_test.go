package portfolio

func TestContactCodecRoundTrip(t *testing.T) {
	in := Contact{Name: "Sam", Recipient: "age1x", RelationshipID: "r", Created: testNow, Updated: testNow}
	var out Contact
	if err := record.DecodeContact(record.EncodeContact(&in), &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("got %+v, want %+v", out, in)
	}
}

func FuzzDecodeContact(f *testing.F) {
	f.Add(record.EncodeContact(&Contact{Name: "Sam", Recipient: "age1x", RelationshipID: "r", Created: testNow}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Contact
		_ = record.DecodeContact(b, &c)
	})
}
