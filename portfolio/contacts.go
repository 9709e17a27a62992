package portfolio

import (
	"fmt"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/agessh"

	"github.com/foliohq/folio/portfolio/codec"
)

// collContacts holds the people the user shares files with, by name.
const collContacts = "contacts"

// Contact is a named recipient: the age recipient or SSH public key a mentor gave,
// kept so it need not be typed again for every export.
type Contact struct {
	ID        ID     `json:"id"`
	Name      string `json:"name"`
	Recipient string `json:"recipient"`
	// RelationshipID is the relationship the contact belongs to, if any.
	RelationshipID ID        `json:"relationship_id,omitempty"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

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

// validateContact checks a contact's shape and links, and that no other contact has
// its name (names are compared ignoring case, as people type them).
func (p *Portfolio) validateContact(c *Contact) error {
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
		if _, ok := p.m.relationships[c.RelationshipID]; !ok {
			return fmt.Errorf("%w: no relationship %s", ErrNotFound, c.RelationshipID)
		}
	}
	for id, o := range p.contacts {
		if id != c.ID && strings.EqualFold(o.Name, c.Name) {
			return fmt.Errorf("%w: a contact named %q is already kept", ErrExists, o.Name)
		}
	}
	return nil
}

func encodeContact(c *Contact) []byte {
	var enc codec.Encoder
	enc.Uint(codec.ContactVersion, codec.SchemaVersion)
	enc.Str(codec.ContactName, c.Name)
	enc.Str(codec.ContactRecipient, c.Recipient)
	enc.Str(codec.ContactRelationship, string(c.RelationshipID))
	enc.Time(codec.ContactCreated, c.Created)
	enc.Time(codec.ContactUpdated, c.Updated)
	return enc.B
}

var contactBytes = codec.Fields(codec.ContactName, codec.ContactRecipient, codec.ContactRelationship)

func decodeContact(b []byte, c *Contact) error {
	return codec.Decode(b, contactBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.ContactVersion:
			return codec.CheckVersion(f)
		case codec.ContactName:
			c.Name = f.Str()
		case codec.ContactRecipient:
			c.Recipient = f.Str()
		case codec.ContactRelationship:
			c.RelationshipID = ID(f.Str())
		case codec.ContactCreated:
			c.Created = f.Time()
		case codec.ContactUpdated:
			c.Updated = f.Time()
		}
		return nil
	})
}
