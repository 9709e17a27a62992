package share

import (
	"bytes"
	"io"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/foliohq/folio/portfolio"
)

func TestEncryptRoundTrip(t *testing.T) {
	mentor, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	to, err := ParseRecipients([]string{mentor.Recipient().String()}, [][]byte{[]byte("# the mentee's other device\n" + other.Recipient().String() + "\n")})
	if err != nil || len(to.list) != 2 {
		t.Fatalf("ParseRecipients: %v, %d", err, len(to.list))
	}
	summary := "# Agenda for 2026-03-20 with Sam\n\n1. Exam nerves — Zoë's question\n"
	for _, armored := range []bool{false, true} {
		sealed, err := to.Encrypt([]byte(summary), armored)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, []byte("Exam nerves")) {
			t.Fatal("the encrypted export contains its plaintext")
		}
		// Each recipient reads it with the standard age library.
		for _, id := range []*age.X25519Identity{mentor, other} {
			r, err := age.Decrypt(readerFor(t, sealed, armored), id)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := io.ReadAll(r); string(got) != summary {
				t.Errorf("a recipient read %q", got)
			}
		}
	}
}

func TestBadRecipients(t *testing.T) {
	if _, err := ParseRecipients([]string{"age1notakey"}, nil); err == nil || !portfolio.IsBadInput(err) {
		t.Errorf("a bad recipient was accepted: %v", err)
	}
	if _, err := ParseRecipients(nil, [][]byte{[]byte("age1notakey\n")}); err == nil || !portfolio.IsBadInput(err) {
		t.Errorf("a bad recipients file was accepted: %v", err)
	}
	if _, err := (Recipients{}).Encrypt([]byte("x"), false); err == nil || !portfolio.IsBadInput(err) {
		t.Errorf("encrypting to no one: %v", err)
	}
}

func readerFor(t *testing.T, sealed []byte, armored bool) io.Reader {
	t.Helper()
	if armored {
		if !bytes.HasPrefix(sealed, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
			t.Fatal("armoured output has no armour")
		}
		return armor.NewReader(bytes.NewReader(sealed))
	}
	return bytes.NewReader(sealed)
}
