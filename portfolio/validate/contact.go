package validate

import (
	"fmt"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"github.com/foliohq/folio/portfolio/record"
)

// Longest contact name and recipient; an ssh-rsa key of 16384 bits is about 2.8 KB.
const (
	MaxContactNameRunes = 80
	maxRecipientBytes   = 16 << 10
)

// CheckRecipient says whether s is a recipient a file can be encrypted to: an age
// recipient (age1...) or an SSH public key (ssh-ed25519, ssh-rsa), as the export
// commands accept.
func CheckRecipient(s string) error {
	if len(s) > maxRecipientBytes {
		return invalid("the recipient is %d bytes long", len(s))
	}
	if strings.HasPrefix(s, "ssh-") {
		if _, err := agessh.ParseRecipient(s); err != nil {
			return invalid("%q is not an SSH public key age can use (ssh-ed25519 or ssh-rsa)", s)
		}
		return nil
	}
	rs, err := age.ParseRecipients(strings.NewReader(s))
	if err != nil || len(rs) != 1 || strings.ContainsAny(s, "\n#") {
		return invalid("%q is not an age recipient (age1...) or an SSH public key (ssh-ed25519, ssh-rsa)", s)
	}
	return nil
}

// Contact checks a contact's name, recipient and relationship. That no other
// contact has its name is the core's to check, which keeps them all.
func Contact(l Links, c *record.Contact) error {
	var err error
	if c.Name, err = CleanLine("contact name", c.Name, MaxContactNameRunes, true); err != nil {
		return err
	}
	c.Recipient = strings.TrimSpace(c.Recipient)
	if c.Recipient == "" {
		return invalid("the contact %q has no recipient", c.Name)
	}
	if err := CheckRecipient(c.Recipient); err != nil {
		return err
	}
	if c.RelationshipID != "" {
		if ok := l.HasRelationship(c.RelationshipID); !ok {
			return fmt.Errorf("%w: no relationship %s", record.ErrNotFound, c.RelationshipID)
		}
	}
	return nil
}
