package inventory

import (
	"bytes"
	"errors"
	"testing"

	"github.com/foliohq/folio/storage/internal/base"
)

func TestParseIDChunk(t *testing.T) {
	bucket := seq(0x10, base.BucketNameSize)
	a, b := ID(seq(0xa0, IDSize)), ID(seq(0xa0, IDSize))
	b[9] = 0xff
	cid := ChunkID(bucket, 0xa0)
	good := MarshalChunk(bucket, []ID{a, b})
	if gotBucket, ids, err := ParseChunk(cid[:], good); err != nil || !bytes.Equal(gotBucket, bucket) || len(ids) != 2 {
		t.Fatalf("good chunk: %x %v %v", gotBucket, ids, err)
	}
	other := ChunkID(seq(0x20, base.BucketNameSize), 0xa0)
	next := ChunkID(bucket, 0xa1)
	for name, tc := range map[string]struct {
		id    []byte
		plain []byte
	}{
		"empty":           {cid[:], MarshalChunk(bucket, nil)},
		"cut":             {cid[:], good[:len(good)-1]},
		"format":          {cid[:], append([]byte{2}, good[1:]...)},
		"other bucket":    {other[:], good},
		"other chunk":     {next[:], good},
		"out of order":    {cid[:], MarshalChunk(bucket, []ID{b, a})},
		"twice":           {cid[:], MarshalChunk(bucket, []ID{a, a})},
		"key not an ID":   {cid[:5], good},
		"only the header": {cid[:], good[:idChunkHeader]},
	} {
		if _, _, err := ParseChunk(tc.id, tc.plain); !errors.Is(err, base.ErrDamaged) {
			t.Errorf("%s: %v, want base.ErrDamaged", name, err)
		}
	}
}

func FuzzParseIDChunk(f *testing.F) {
	bucket := seq(0x10, base.BucketNameSize)
	cid := ChunkID(bucket, 0xa0)
	f.Add(cid[:], MarshalChunk(bucket, []ID{ID(seq(0xa0, IDSize))}))
	f.Add(cid[:], []byte{1})
	f.Fuzz(func(t *testing.T, id, plain []byte) {
		b, ids, err := ParseChunk(id, plain)
		if err != nil {
			return
		}
		// Whatever parses writes back to the same bytes.
		if !bytes.Equal(MarshalChunk(b, ids), plain) {
			t.Errorf("%x does not round-trip", plain)
		}
	})
}

// seq returns n bytes counting up from start.
func seq(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}
