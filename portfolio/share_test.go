package portfolio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
)

func TestSharingKeyIsCreatedOnceAndSealed(t *testing.T) {
	p, c := newTestPortfolio(t)
	pub, err := p.PublicKey()
	if err != nil || !strings.HasPrefix(pub, "age1") {
		t.Fatalf("PublicKey = %q, %v", pub, err)
	}
	again, _ := p.PublicKey()
	secret := p.ageIdentity.String()
	p = reopen(t, p, c)
	after, _ := p.PublicKey()
	if again != pub || after != pub {
		t.Errorf("the key changed: %s, %s, %s", pub, again, after)
	}
	raw, _ := os.ReadFile(p.Path())
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte("AGE-SECRET-KEY")) {
		t.Error("the private key is in the vault file in plaintext")
	}
}

func TestReceiveRoundTrip(t *testing.T) {
	p, c := newTestPortfolio(t)
	rel, _ := p.AddRelationship(Relationship{Role: RoleMentor, Person: "Sam"})
	pub, _ := p.PublicKey()
	other, _ := age.GenerateX25519Identity()
	to, err := ParseRecipients([]string{pub}, [][]byte{[]byte("# the mentee's other device\n" + other.Recipient().String() + "\n")})
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
		// The other recipient reads it with the standard age library.
		r, err := age.Decrypt(readerFor(t, sealed, armored), other)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(r); string(got) != summary {
			t.Errorf("the other recipient read %q", got)
		}
		doc, err := p.Receive(sealed, "agenda.age", rel.ID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Body != summary || doc.Title != "Agenda for 2026-03-20 with Sam" || doc.RelationshipID != rel.ID {
			t.Errorf("received %+v", doc)
		}
	}
	p = reopen(t, p, c)
	if got := p.ReceivedDocuments(rel.ID); len(got) != 2 || got[0].Body != summary {
		t.Errorf("received documents after reopen: %+v", got)
	}
}

func readerFor(t *testing.T, sealed []byte, armored bool) io.Reader {
	t.Helper()
	if armored {
		if !bytes.HasPrefix(sealed, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
			t.Fatal("armoured output has no armour")
		}
		return ageArmorReader(sealed)
	}
	return bytes.NewReader(sealed)
}

func TestReceiveRefusesWhatIsNotForThisVault(t *testing.T) {
	p, _ := newTestPortfolio(t)
	if _, err := p.Receive([]byte("x"), "f.age", ""); err == nil || !IsBadInput(err) {
		t.Errorf("receive before any key: %v", err)
	}
	p.PublicKey()
	stranger, _ := age.GenerateX25519Identity()
	to, _ := ParseRecipients([]string{stranger.Recipient().String()}, nil)
	sealed, _ := to.Encrypt([]byte("not for you"), false)
	if _, err := p.Receive(sealed, "f.age", ""); !errors.Is(err, ErrNotForThisVault) || !IsBadInput(err) {
		t.Errorf("receive of another's file: %v", err)
	}
	pub, _ := p.PublicKey()
	mine, _ := ParseRecipients([]string{pub}, nil)
	binary, _ := mine.Encrypt([]byte{0xff, 0xfe, 'x'}, false)
	for name, data := range map[string][]byte{"garbage": []byte("hello, not age"), "not UTF-8": binary, "empty": nil} {
		if _, err := p.Receive(data, name, ""); err == nil || !IsBadInput(err) {
			t.Errorf("receive %s: %v", name, err)
		}
	}
	if _, err := ParseRecipients([]string{"age1notakey"}, nil); err == nil || !IsBadInput(err) {
		t.Errorf("a bad recipient was accepted: %v", err)
	}
	if got := p.ReceivedDocuments(""); len(got) != 0 {
		t.Errorf("refused files were kept: %+v", got)
	}
}

func ageArmorReader(b []byte) io.Reader { return armor.NewReader(bytes.NewReader(b)) }
