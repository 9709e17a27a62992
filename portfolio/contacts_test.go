package portfolio

import (
	"testing"

	"filippo.io/age"
	"github.com/foliohq/folio/portfolio/record"
)

func newRecipient(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.Recipient().String()
}

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
