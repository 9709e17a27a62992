package archive_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/internal/richvault"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
)

func TestArchiveCarriesContacts(t *testing.T) {
	p, _ := richvault.Rich(t)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	rels := mentorship.Relationships(p)
	if _, err := share.AddContact(p, portfolio.Contact{Name: "Sam", Recipient: id.Recipient().String(), RelationshipID: rels[0].ID}); err != nil {
		t.Fatal(err)
	}
	want := archive.Current(p)
	if len(want.Contacts) != 1 {
		t.Fatalf("archive contacts %+v", want.Contacts)
	}
	q, qc := testvault.New(t)
	qc.Advance(time.Hour)
	rep, err := archive.ImportArchive(q, roundTrip(t, want))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["contacts"].Added != 1 {
		t.Errorf("report %v", rep.Lines())
	}
	q = testvault.Reopen(t, q, qc)
	sameArchive(t, want, archive.Current(q))
	if c, ok := share.Contact(q, "sam"); !ok || c.Recipient != id.Recipient().String() {
		t.Errorf("imported contact %+v %v", c, ok)
	}
	rep, err = archive.ImportArchive(q, roundTrip(t, want))
	if err != nil || rep.Changed() != 0 || rep.Counts["contacts"].Unchanged != 1 {
		t.Errorf("a second import: %v %v", err, rep.Lines())
	}

	for name, edit := range map[string]func(a *archive.Archive){
		"not a recipient":   func(a *archive.Archive) { a.Contacts[0].Recipient = "age1nope" },
		"no relationship":   func(a *archive.Archive) { a.Contacts[0].RelationshipID = "cccccccccccccccc" },
		"control in a name": func(a *archive.Archive) { a.Contacts[0].Name = "S\x1b[2Jam" },
		"same name twice": func(a *archive.Archive) {
			c := a.Contacts[0]
			c.ID, c.Name = "dddddddddddddddd", "SAM"
			a.Contacts = append(a.Contacts, c)
		},
	} {
		t.Run(name, func(t *testing.T) {
			a := roundTrip(t, want)
			a.Name = "mine.json"
			edit(a)
			r, _ := testvault.New(t)
			before, _ := os.ReadFile(r.Path())
			_, err := archive.ImportArchive(r, a)
			if err == nil || !errors.Is(err, portfolio.ErrMalformed) || !strings.Contains(err.Error(), "mine.json: contacts[") {
				t.Fatalf("ImportArchive: %v", err)
			}
			after, _ := os.ReadFile(r.Path())
			if string(before) != string(after) || len(share.Contacts(r)) != 0 {
				t.Error("a refused import changed the vault")
			}
		})
	}
}
