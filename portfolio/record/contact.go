package record

import (
	"time"

	"github.com/foliohq/folio/portfolio/codec"
)

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

// EncodeContact is a contact's plaintext as the vault keeps it (records.proto, Contact).
func EncodeContact(c *Contact) []byte {
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

// DecodeContact reads a contact, its strings copied.
func DecodeContact(b []byte, c *Contact) error {
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
