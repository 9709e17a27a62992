package ui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	mentoringpkg "github.com/foliohq/folio/ui/pages/mentoring"
)

// exportHeldMeeting opens the export of the relationship's held meeting, at its options.
func (d *driver) exportHeldMeeting() {
	d.t.Helper()
	d.expect("mentored by Sam Okafor", "held")
	rv := d.app.top().(*mentoringpkg.RelationshipView)
	for i, m := range rv.Data.Meetings {
		if m.Held {
			rv.Cursor = i
		}
	}
	d.keys("x")
	d.expect("Export meeting summary")
	d.keys("enter")
	d.expect("▸ Format", "File", "Encrypt to")
}

func decryptExport(t *testing.T, path string, id *age.X25519Identity) string {
	t.Helper()
	r, err := age.Decrypt(bytes.NewReader(readExport(t, path)), id)
	if err != nil {
		t.Fatalf("%s does not decrypt with the contact's identity: %v", path, err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(plain)
}

// A key typed for a relationship's export is kept in the vault as a contact, said so
// in the status line, offered the next time, and its name is enough to encrypt.
func TestExportKeepsTheKeyAsAContact(t *testing.T) {
	d := unlockMentoring(t)
	p := d.app.ctx.Portfolio
	rel := mentorship.Relationships(p)[0]
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	d.keys("m", "enter")
	d.exportHeldMeeting()
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(filepath.Join(dir, "first.md"))
	d.keys("tab")
	d.typeText(id.Recipient().String())
	d.keys("ctrl+s")
	d.expect("✓ Wrote the meeting summary", "Kept the key as the contact Sam Okafor")
	if got := decryptExport(t, filepath.Join(dir, "first.md.age"), id); !strings.Contains(got, "Book the mock exam") {
		t.Errorf("decrypted summary:\n%s", got)
	}
	cs := share.Contacts(p)
	if len(cs) != 1 || cs[0].Name != "Sam Okafor" || cs[0].Recipient != id.Recipient().String() || cs[0].RelationshipID != rel.ID {
		t.Fatalf("contacts after the export: %+v", cs)
	}

	// The next export offers the contact, and its name (in any case) encrypts to it.
	d.keys("esc")
	d.exportHeldMeeting()
	d.expect("Encrypt to  Sam Okafor", "contacts: Sam Okafor")
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(filepath.Join(dir, "second.md"))
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText("sam okafor")
	d.keys("ctrl+s")
	d.expect("✓ Wrote the meeting summary", "Encrypted with age")
	if strings.Contains(d.screen(), "Kept the key") {
		t.Error("a contact's name was kept again as a key")
	}
	if got := decryptExport(t, filepath.Join(dir, "second.md.age"), id); !strings.Contains(got, "Book the mock exam") {
		t.Errorf("decrypted summary:\n%s", got)
	}
	if len(share.Contacts(p)) != 1 {
		t.Errorf("contacts: %+v", share.Contacts(p))
	}

	// A word that is neither a contact nor a key is told, and nothing is written.
	d.keys("esc")
	d.exportHeldMeeting()
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText(filepath.Join(dir, "third.md"))
	d.keys("tab")
	d.send(keyMsg("ctrl+u"))
	d.typeText("Nobody")
	d.keys("ctrl+s")
	d.expect(`"Nobody" is neither a contact nor a key`)
	if _, err := os.Stat(filepath.Join(dir, "third.md.age")); err == nil {
		t.Error("an export to an unknown contact was written")
	}
}
