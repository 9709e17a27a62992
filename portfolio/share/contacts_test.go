package share

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
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

func TestContactsAreKeptAcrossReopenAndNamesAreUnique(t *testing.T) {
	p, c := testvault.New(t)
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam Patel"})
	if err != nil {
		t.Fatal(err)
	}
	sam, err := AddContact(p, portfolio.Contact{Name: " Sam ", Recipient: newRecipient(t), RelationshipID: rel.ID})
	if err != nil {
		t.Fatal(err)
	}
	if sam.Name != "Sam" {
		t.Errorf("name %q, want it trimmed", sam.Name)
	}
	if _, err := AddContact(p, portfolio.Contact{Name: "Ana", Recipient: sshRecipient(t)}); err != nil {
		t.Fatalf("an SSH key: %v", err)
	}
	if _, err := AddContact(p, portfolio.Contact{Name: "SAM", Recipient: newRecipient(t)}); !errors.Is(err, portfolio.ErrExists) {
		t.Errorf("a second Sam in other case: %v", err)
	}
	for _, bad := range []portfolio.Contact{
		{Name: "Bo", Recipient: "age1nope"},
		{Name: "Bo", Recipient: "ssh-ed25519 AAAAnotakey"},
		{Name: "Bo", Recipient: ""},
		{Name: "", Recipient: newRecipient(t)},
		{Name: "Bo", Recipient: newRecipient(t), RelationshipID: "0000000000000000000000000"},
		{Name: "Bo\x1b[2J", Recipient: newRecipient(t)},
	} {
		if _, err := AddContact(p, bad); err == nil {
			t.Errorf("%+v saved", bad)
		}
	}
	p = testvault.Reopen(t, p, c)
	got := Contacts(p)
	if len(got) != 2 || got[0].Name != "Ana" || got[1].Name != "Sam" || got[1].RelationshipID != rel.ID || got[1].Recipient != sam.Recipient {
		t.Fatalf("after reopen: %+v", got)
	}
	if found, ok := Contact(p, "sam"); !ok || found.ID != sam.ID {
		t.Errorf("lookup ignoring case: %v %v", found, ok)
	}
	if _, err := DeleteContact(p, "SAM"); err != nil {
		t.Fatal(err)
	}
	if _, err := DeleteContact(p, "Sam"); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}
	if got := Contacts(testvault.Reopen(t, p, c)); len(got) != 1 {
		t.Errorf("after delete and reopen: %+v", got)
	}
}

func TestResolveRecipientsTakesNamesAndKeys(t *testing.T) {
	p, _ := testvault.New(t)
	sam := newRecipient(t)
	if _, err := AddContact(p, portfolio.Contact{Name: "Dr Sam", Recipient: sam}); err != nil {
		t.Fatal(err)
	}
	other := newRecipient(t)
	got, err := ResolveRecipients(p, []string{" dr sam ", other, "age1typo"})
	if err != nil {
		t.Fatal(err)
	}
	// A mistyped key stays a key, for the key parser to name.
	if len(got) != 3 || got[0] != sam || got[1] != other || got[2] != "age1typo" {
		t.Errorf("resolved %q", got)
	}
	if _, err := ResolveRecipients(p, []string{"Dr Samuel"}); err == nil || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), `"Dr Samuel" is neither a contact nor a key`) {
		t.Errorf("an unknown name: %v", err)
	}
}
