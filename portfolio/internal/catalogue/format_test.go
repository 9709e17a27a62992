package catalogue

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// katKey is the entry of the vectors in docs/VAULT.md ("The catalogue").
func katRow() (KeyedRow, []byte) {
	id := storage.ID{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9}
	var st storage.Stamp
	for i := range st {
		st[i] = byte(i)
	}
	created := time.Date(2026, 1, 2, 9, 30, 0, 0, time.UTC)
	meta := record.EncodeEntry(&record.Entry{Title: "Audit", Functions: record.Functions(record.Normative), Tags: []string{"audit"}, Date: calendar.MakeDate(2026, 1, 2), Created: created})
	k := Key{Date: calendar.MakeDate(2026, 1, 2), Created: created, ID: id}
	return KeyedRow{Key: k, Row: Row{Stamp: st, Size: 300, Meta: meta}}, meta
}

// TestKATCatalogueFormat2 pins a format-2 chunk and the directory byte for byte,
// as docs/VAULT.md gives them.
func TestKATCatalogueFormat2(t *testing.T) {
	row, meta := katRow()
	const wantMeta = "08011205417564697420012a05617564697430c4a45a3880d891a78bd9a306"
	const wantChunk = "0201a0a1a2a3a4a5a6a7a8a9000102030405060708090a0b0c0d0e0fac021f" + wantMeta
	const wantDir = "0201b0b1b2b3b4b5b6b7b8b9101112131415161718191a1b1c1d1e1f01c4a45a80d891a78bd9a306a0a1a2a3a4a5a6a7a8a9"
	if got := hex.EncodeToString(meta); got != wantMeta {
		t.Errorf("metadata %s, want %s", got, wantMeta)
	}
	chunk := EncodeChunk2([]KeyedRow{row})
	if got := hex.EncodeToString(chunk); got != wantChunk {
		t.Errorf("chunk %s, want %s", got, wantChunk)
	}
	cid := storage.ID{0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9}
	var cst storage.Stamp
	for i := range cst {
		cst[i] = byte(0x10 + i)
	}
	dir := []Chunk{{ID: cid, Stamp: cst, Rows: 1, First: row.Key}}
	b := EncodeDir(dir)
	if got := hex.EncodeToString(b); got != wantDir {
		t.Errorf("directory %s, want %s", got, wantDir)
	}
	got, err := DecodeDir(b)
	if err != nil || len(got) != 1 || got[0].ID != cid || got[0].Stamp != cst || CompareKeys(got[0].First, row.Key) != 0 {
		t.Fatalf("the directory does not decode to what made it: %+v, %v", got, err)
	}
	if rows, err := DecodeChunk2(chunk); err != nil || CheckChunk(dir[0], rows, nil) != nil {
		t.Fatalf("the chunk does not decode or disagrees with the directory: %v", err)
	}
	if DirID != (storage.ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}) {
		t.Error("the directory is not under nine ff bytes then fe")
	}
	for _, id := range []storage.ID{GenID, DirID, {0xa0}, {}} {
		if ChunkIDAllowed(id) {
			t.Errorf("%x may name a format-2 chunk", id)
		}
	}
}

// testNow is the creation time of chunkRows' entries.
var testNow = time.Date(2026, time.March, 14, 10, 0, 0, 0, time.UTC)

// chunkRows is n rows in the lists' order.
func chunkRows(n int) []KeyedRow {
	var rows []KeyedRow
	for i := range n {
		id := storage.NewID()
		e := &record.Entry{Title: "t", Date: calendar.MakeDate(2026, 1, 1+i%3), Created: testNow.Add(time.Duration(i%2) * time.Second)}
		rows = append(rows, KeyedRow{Key: Key{Date: e.Date, Created: e.Created, ID: id}, Row: Row{Stamp: storage.Stamp{byte(i)}, Size: 10 * i, Meta: record.EncodeEntry(e)}})
	}
	slices.SortFunc(rows, func(a, b KeyedRow) int { return CompareKeys(a.Key, b.Key) })
	return rows
}

func TestChunk2RoundTrip(t *testing.T) {
	rows := chunkRows(7)
	b := EncodeChunk2(rows)
	got, err := DecodeChunk2(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) || !bytes.Equal(EncodeChunk2(got), b) {
		t.Fatal("round trip changed the rows")
	}
	for cut := range len(b) {
		if _, err := DecodeChunk2(b[:cut]); err == nil {
			t.Fatalf("a chunk cut to %d of %d bytes was accepted", cut, len(b))
		}
	}
	swapped := slices.Clone(rows)
	swapped[2], swapped[3] = swapped[3], swapped[2]
	if _, err := DecodeChunk2(EncodeChunk2(swapped)); err == nil {
		t.Error("rows out of order were accepted")
	}
	twice := append(slices.Clone(rows), rows[6])
	if _, err := DecodeChunk2(EncodeChunk2(twice)); err == nil {
		t.Error("a row twice was accepted")
	}
	dir := []Chunk{{ID: NewChunkID(), Rows: 3, First: rows[0].Key}, {ID: NewChunkID(), Rows: 4, First: rows[3].Key}}
	if d, err := DecodeDir(EncodeDir(dir)); err != nil || !reflect.DeepEqual(d, dir) {
		t.Fatalf("directory round trip: %v", err)
	}
	if _, err := DecodeDir(EncodeDir([]Chunk{dir[1], dir[0]})); err == nil {
		t.Error("a directory out of order was accepted")
	}
	if _, err := DecodeDir(EncodeDir([]Chunk{dir[0], {ID: dir[0].ID, Rows: 1, First: rows[4].Key}})); err == nil {
		t.Error("a directory naming a chunk twice was accepted")
	}
	if CheckChunk(dir[0], rows[:3], &dir[1]) != nil || CheckChunk(dir[0], rows[:4], &dir[1]) == nil {
		t.Error("a chunk running into the next was not told")
	}
}

func FuzzDecodeChunk2(f *testing.F) {
	f.Add(EncodeChunk2(chunkRows(3)))
	f.Add([]byte{FormatV2, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := DecodeChunk2(b)
		if err != nil {
			return
		}
		if again := EncodeChunk2(rows); !bytes.Equal(again, b) {
			t.Fatalf("decoded %x, encodes as %x", b, again)
		}
	})
}

func FuzzDecodeDir(f *testing.F) {
	rows := chunkRows(4)
	f.Add(EncodeDir([]Chunk{{ID: NewChunkID(), Rows: 2, First: rows[0].Key}, {ID: NewChunkID(), Rows: 2, First: rows[2].Key}}))
	f.Add([]byte{FormatV2, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		dir, err := DecodeDir(b)
		if err != nil {
			return
		}
		if again := EncodeDir(dir); !bytes.Equal(again, b) {
			t.Fatalf("decoded %x, encodes as %x", b, again)
		}
	})
}
