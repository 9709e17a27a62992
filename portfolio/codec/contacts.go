package codec

import "google.golang.org/protobuf/encoding/protowire"

// Contact (a named recipient to share files with) fields.
const (
	ContactVersion protowire.Number = iota + 1
	ContactName
	ContactRecipient
	ContactRelationship
	ContactCreated
	ContactUpdated
)

// contactSchema is the part of Schema for the contact records.
var contactSchema = []Message{
	{Name: "Contact", Fields: []FieldSpec{
		{Name: "version", Num: ContactVersion, Kind: KindUint},
		{Name: "name", Num: ContactName, Kind: KindString},
		{Name: "recipient", Num: ContactRecipient, Kind: KindString},
		{Name: "relationship", Num: ContactRelationship, Kind: KindString},
		{Name: "created", Num: ContactCreated, Kind: KindSint},
		{Name: "updated", Num: ContactUpdated, Kind: KindSint},
	}},
}
