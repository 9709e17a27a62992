package manifest

import (
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/record"
)

// FuzzDecodeAttachment: whatever a manifest holds, one that decodes encodes back to
// the same attachment.
func FuzzDecodeAttachment(f *testing.F) {
	a := Attachment{Record: "m2gt58x4mpkafa59", Kind: record.KindEntry, Name: "a.pdf", MediaType: "application/pdf", Size: 3, Added: time.Date(2026, time.March, 14, 10, 0, 0, 0, time.UTC)}
	f.Add(a.Encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Decode("x", b)
		if err != nil {
			return
		}
		again, err := Decode("x", got.Encode())
		if err != nil || again.Name != got.Name || again.Size != got.Size || again.Hash() != got.Hash() || again.Record != got.Record {
			t.Fatalf("a decoded manifest does not round-trip: %v", err)
		}
	})
}
