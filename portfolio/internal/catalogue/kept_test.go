package catalogue

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// TestChunkKept checks that reading a chunk for a listing gives the rows keep
// takes, with their keys, in order, and refuses what DecodeChunk2 and CheckChunk
// refuse at the rows it decodes: a chunk not the directory's, cut short, running
// into the next, or with the rows it reads out of order.
func TestChunkKept(t *testing.T) {
	rows := chunkRows(9)
	b := EncodeChunk2(rows)
	next := &Chunk{ID: NewChunkID(), Rows: 1, First: Key{Date: rows[8].Key.Date - 1, Created: rows[8].Key.Created, ID: rows[8].Key.ID}}
	dc := Chunk{ID: NewChunkID(), Rows: 9, First: rows[0].Key}
	every := func(storage.ID, Row) bool { return true }
	odd := func(_ storage.ID, r Row) bool { return r.Size/10%2 == 1 }
	got, err := ChunkKept(dc, next, b, every)
	if err != nil || !reflect.DeepEqual(got, rows) {
		t.Fatalf("every row kept: %v, rows differ: %v", err, !reflect.DeepEqual(got, rows))
	}
	got, err = ChunkKept(dc, next, b, odd)
	want := slices.DeleteFunc(slices.Clone(rows), func(r KeyedRow) bool { return !odd(r.Key.ID, r.Row) })
	if err != nil || len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("odd rows kept: %v, got %d rows, want %d", err, len(got), len(want))
	}
	none, err := ChunkKept(dc, next, b, func(storage.ID, Row) bool { return false })
	if err != nil || len(none) != 0 {
		t.Fatalf("no row kept: %v, %d rows", err, len(none))
	}
	for cut := range len(b) {
		if _, err := ChunkKept(dc, next, b[:cut], every); err == nil {
			t.Fatalf("a chunk cut to %d of %d bytes was accepted", cut, len(b))
		}
	}
	bad := []struct {
		name string
		dc   Chunk
		next *Chunk
		b    []byte
		keep func(storage.ID, Row) bool
	}{
		{"another row count", Chunk{ID: dc.ID, Rows: 8, First: dc.First}, next, b, every},
		{"another first row", Chunk{ID: dc.ID, Rows: 9, First: rows[1].Key}, next, b, odd},
		{"running into the next", dc, &Chunk{ID: next.ID, Rows: 1, First: rows[8].Key}, b, odd},
		{"a byte after the last row", dc, next, append(slices.Clone(b), 0), odd},
		{"kept rows out of order", dc, next, EncodeChunk2(slices.Concat(rows[:3], []KeyedRow{rows[5], rows[4]}, rows[3:4], rows[6:])), every},
		{"another format", dc, next, append([]byte{FormatV1}, b[1:]...), every},
	}
	for _, c := range bad {
		if _, err := ChunkKept(c.dc, c.next, c.b, c.keep); err == nil {
			t.Errorf("%s was accepted", c.name)
		}
	}
	broken := slices.Clone(rows)
	broken[0].Row.Meta = []byte{0xff}
	if _, err := ChunkKept(dc, next, EncodeChunk2(broken), func(storage.ID, Row) bool { return false }); err == nil {
		t.Error("a first row whose metadata does not decode was accepted")
	}
}

// FuzzChunkKept checks that ChunkKept keeping every row accepts what
// DecodeChunk2 and CheckChunk accept, with the same rows, and keeping none never
// panics.
func FuzzChunkKept(f *testing.F) {
	f.Add(EncodeChunk2(chunkRows(3)))
	f.Add([]byte{FormatV2, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := DecodeChunk2(b)
		var dc Chunk
		if err == nil && len(rows) > 0 {
			dc = Chunk{ID: NewChunkID(), Rows: len(rows), First: rows[0].Key}
			err = CheckChunk(dc, rows, nil)
		} else {
			dc = Chunk{ID: NewChunkID(), Rows: 1}
		}
		got, kerr := ChunkKept(dc, nil, b, func(storage.ID, Row) bool { return true })
		_, _ = ChunkKept(dc, nil, b, func(storage.ID, Row) bool { return false })
		if err == nil && len(rows) > 0 && (kerr != nil || !reflect.DeepEqual(got, rows)) {
			t.Fatalf("DecodeChunk2 accepts %x, ChunkKept: %v", b, kerr)
		}
		if kerr == nil && (err != nil || !bytes.Equal(EncodeChunk2(got), b)) {
			t.Fatalf("ChunkKept accepts %x, DecodeChunk2: %v", b, err)
		}
	})
}

// BenchmarkChunkKept compares reading a full chunk of rows like the bench
// corpus's for a listing that keeps one row in thirteen (list --tag) with
// decoding every row (DecodeChunk2).
func BenchmarkChunkKept(b *testing.B) {
	rows := make([]KeyedRow, 0, ChunkFillRows)
	for i, r := range chunkRows(ChunkFillRows) {
		e := &record.Entry{Title: "Reflections on a medication review with the consultant", Date: r.Key.Date, Created: r.Key.Created,
			Functions: record.Functions(1 + i%7), Tags: []string{"near-miss", "deprescribing", "peer-discussion"}}
		if i%13 == 0 {
			e.Tags = append(e.Tags, "audit")
		}
		rows = append(rows, KeyedRow{Key: r.Key, Row: Row{Stamp: storage.Stamp{byte(i)}, Size: 900, Meta: record.EncodeEntry(e)}})
	}
	chunk := EncodeChunk2(rows)
	dc := Chunk{ID: NewChunkID(), Rows: len(rows), First: rows[0].Key}
	audit := []byte("audit")
	b.Run("decode-every-row", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeChunk2(chunk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			if _, err := ChunkKept(dc, nil, chunk, func(_ storage.ID, r Row) bool { return bytes.Contains(r.Meta, audit) }); err != nil {
				b.Fatal(err)
			}
		}
	})
}
