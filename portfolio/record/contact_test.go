package record

import (
	"testing"
	"time"
)

func TestContactCodecRoundTrip(t *testing.T) {
	in := Contact{Name: "Sam", Recipient: "age1x", RelationshipID: "r", Created: testWhen, Updated: testWhen}
	var out Contact
	if err := DecodeContact(EncodeContact(&in), &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("got %+v, want %+v", out, in)
	}
}

func FuzzDecodeContact(f *testing.F) {
	f.Add(EncodeContact(&Contact{Name: "Sam", Recipient: "age1x", RelationshipID: "r", Created: testWhen}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Contact
		_ = DecodeContact(b, &c)
	})
}

// testWhen is a fixed time for records in tests.
var testWhen = time.Date(2026, time.March, 14, 10, 0, 0, 0, time.UTC)
