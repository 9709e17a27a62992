package portfolio

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
	"golang.org/x/crypto/ssh"
)

func newRecipient(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.Recipient().String()
}

func sshRecipient(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
}

func TestContactCodecRoundTrip(t *testing.T) {
	in := Contact{Name: "Sam", Recipient: "age1x", RelationshipID: "r", Created: testNow, Updated: testNow}
	var out Contact
	if err := decodeContact(encodeContact(&in), &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("got %+v, want %+v", out, in)
	}
}

func FuzzDecodeContact(f *testing.F) {
	f.Add(encodeContact(&Contact{Name: "Sam", Recipient: "age1x", RelationshipID: "r", Created: testNow}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Contact
		_ = decodeContact(b, &c)
	})
}

