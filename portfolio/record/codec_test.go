package record

import (
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/foliohq/folio/portfolio/codec"
)

// A field of the wrong wire type is skipped, not read as an empty or zero value.
func TestMentoringDecodersSkipMistypedFields(t *testing.T) {
	r := Relationship{Role: RoleMentor, Person: "Sam", Status: RelActive, LengthMonths: 6}
	b := EncodeRelationship(&r)
	b = protowire.AppendTag(b, codec.RelPerson, protowire.VarintType)
	b = protowire.AppendVarint(b, 7)
	b = protowire.AppendTag(b, codec.RelLengthMonths, protowire.BytesType)
	b = protowire.AppendString(b, "twelve")
	var got Relationship
	if err := DecodeRelationship(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Person != "Sam" || got.LengthMonths != 6 {
		t.Errorf("mistyped fields were read: %+v", got)
	}
}
