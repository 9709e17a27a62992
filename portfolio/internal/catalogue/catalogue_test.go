package catalogue

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

func TestChunkRoundTrip(t *testing.T) {
	rows := map[storage.ID]Row{}
	for i := range 5 {
		id := storage.NewID()
		id[0] = 9
		rows[id] = Row{Stamp: storage.Stamp{byte(i)}, Size: 100 * i, Meta: record.EncodeEntry(&record.Entry{Title: "t", Date: calendar.MakeDate(2026, 1, i+1)})}
	}
	b := EncodeChunk1(rows)
	got, err := DecodeChunk1(9, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Fatalf("round trip changed the rows")
	}
	if !bytes.Equal(EncodeChunk1(got), b) {
		t.Fatal("encoding is not deterministic")
	}
	if _, err := DecodeChunk1(8, b); err == nil {
		t.Error("rows in the wrong chunk were accepted")
	}
	for cut := range len(b) {
		if _, err := DecodeChunk1(9, b[:cut]); err == nil {
			t.Fatalf("a chunk cut to %d of %d bytes was accepted", cut, len(b))
		}
	}
}

func FuzzDecodeChunk(f *testing.F) {
	f.Add(EncodeChunk1(map[storage.ID]Row{{3}: {Size: 4, Meta: record.EncodeEntry(&record.Entry{Title: "x"})}}))
	f.Add([]byte{FormatV1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := DecodeChunk1(3, b)
		if err != nil {
			return
		}
		// What decodes encodes to the same bytes: one encoding per
		if again := EncodeChunk1(rows); !bytes.Equal(again, b) {
			t.Fatalf("decoded %x, encodes as %x", b, again)
		}
	})
}

// TestKATCatalogueChunk pins a chunk's plaintext byte for byte, as docs/VAULT.md
// gives it.
func TestKATCatalogueChunk(t *testing.T) {
	id := storage.ID{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9}
	var st storage.Stamp
	for i := range st {
		st[i] = byte(i)
	}
	meta := record.EncodeEntry(&record.Entry{Title: "Audit", Functions: record.Functions(record.Normative), Tags: []string{"audit"}, Date: calendar.MakeDate(2026, 1, 2)})
	const wantMeta = "08011205417564697420012a05617564697430c4a45a"
	const wantChunk = "0101a0a1a2a3a4a5a6a7a8a9000102030405060708090a0b0c0d0e0fac0216" + wantMeta
	if got := hex.EncodeToString(meta); got != wantMeta {
		t.Errorf("metadata %s, want %s", got, wantMeta)
	}
	chunk := EncodeChunk1(map[storage.ID]Row{id: {Stamp: st, Size: 300, Meta: meta}})
	if got := hex.EncodeToString(chunk); got != wantChunk {
		t.Errorf("chunk %s, want %s", got, wantChunk)
	}
	if ChunkOf(id) != 0xa0 || ChunkID(0xa0) != (storage.ID{0xa0}) {
		t.Error("the row is not in chunk a0, stored under ID a0 00 ... 00")
	}
}

func TestGenRoundTrip(t *testing.T) {
	for _, g := range []uint64{0, 1, 127, 128, 1 << 40} {
		if got, ok := DecodeGen(EncodeGen(g)); !ok || got != g {
			t.Fatalf("%d read back as %d, %v", g, got, ok)
		}
	}
	for _, bad := range [][]byte{nil, {genVersion}, {2, 1}, {genVersion, 0x80, 0x00}, {genVersion, 1, 0}} {
		if _, ok := DecodeGen(bad); ok {
			t.Fatalf("%x read as a generation", bad)
		}
	}
	// Known answer (docs/VAULT.md, "The catalogue").
	if got := hex.EncodeToString(EncodeGen(300)); got != "01ac02" {
		t.Fatalf("generation 300 is %s", got)
	}
}
