package archive_test

import (
	"errors"
	"os"
	"testing"

	"filippo.io/age"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/internal/richvault"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
)

// The staged copy an import checks against starts as the vault: a contact's name
// taken by a live contact is refused, a link to a live relationship resolves and
// one to a record neither kept nor staged does not, a record staged is linked to,
// and an old version's check knows no contacts' names.
func TestStagingChecksAgainstTheVault(t *testing.T) {
	p, _ := richvault.Rich(t)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	rel := mentorship.Relationships(p)[0]
	if _, err := share.AddContact(p, portfolio.Contact{Name: "Sam", Recipient: id.Recipient().String(), RelationshipID: rel.ID}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(p.Path())
	if err != nil {
		t.Fatal(err)
	}
	contact := func(cid portfolio.ID, name string, relID portfolio.ID) *portfolio.Contact {
		return &portfolio.Contact{ID: cid, Name: name, Recipient: id.Recipient().String(), RelationshipID: relID}
	}
	done := errors.New("nothing to write")
	err = archive.Stage(p, func(sg *archive.Staging) error {
		if err := sg.Check(contact("dddddddddddddddd", "SAM", "")); !errors.Is(err, portfolio.ErrExists) {
			t.Errorf("a name a live contact has: %v", err)
		}
		if err := sg.Check(contact("dddddddddddddddd", "Alex", rel.ID)); err != nil {
			t.Errorf("a link to a live relationship: %v", err)
		}
		if err := sg.Check(contact("dddddddddddddddd", "Alex", "cccccccccccccccc")); !errors.Is(err, portfolio.ErrNotFound) {
			t.Errorf("a link to no relationship: %v", err)
		}
		staged := *rel
		staged.ID = "cccccccccccccccc"
		sg.Stage(&staged)
		if err := sg.Check(contact("dddddddddddddddd", "Alex", "cccccccccccccccc")); err != nil {
			t.Errorf("a link to a staged relationship: %v", err)
		}
		if err := sg.VersionCheck(nil)(contact("eeeeeeeeeeeeeeee", "Sam", "")); err != nil {
			t.Errorf("an old version with a live contact's name: %v", err)
		}
		return done
	})
	if !errors.Is(err, done) {
		t.Fatalf("Stage: %v", err)
	}
	after, err := os.ReadFile(p.Path())
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("checking a staged import changed the vault")
	}
}
