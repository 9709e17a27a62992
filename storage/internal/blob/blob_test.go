package blob

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// seq is n bytes counting up from start, as the vault's vectors use.
func seq(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

// The last flag is bound: a chunk sealed as not the last does not open as the last,
// nor the other way, so a stream cut after a full chunk cannot pass for whole.
func TestChunkLastFlagBound(t *testing.T) {
	a, err := chacha20poly1305.NewX(seq(0, chacha20poly1305.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	stream := ID(seq(0xa0, IDSize))
	for _, last := range []bool{false, true} {
		sealed := SealChunk(a, nil, stream, 3, last, []byte("x"))
		if _, err := OpenChunk(a, nil, stream, 3, !last, sealed); !errors.Is(err, ErrDamaged) {
			t.Errorf("sealed with last=%v, opened with last=%v: %v", last, !last, err)
		}
		if got, err := OpenChunk(a, nil, stream, 3, last, sealed); err != nil || string(got) != "x" {
			t.Errorf("sealed and opened with last=%v: %q %v", last, got, err)
		}
	}
}

func FuzzParseBlobRecords(f *testing.F) {
	b := Blob{Size: 70000, Chunks: 2, Stream: ID(seq(0xa0, IDSize)), Format: FormatBLAKE3}
	b.Hash[0] = 7
	f.Add(b.Marshal(), b.Marshal()[:13])
	b.Format = FormatBLAKE2b
	f.Add(b.Marshal(), []byte{})
	f.Add([]byte{}, Pending{Written: 2}.Marshal())
	f.Fuzz(func(t *testing.T, blob, marker []byte) {
		var id ID
		if len(blob) >= 23+IDSize {
			copy(id[:], blob[23:])
		}
		if got, err := ParseBlob(id, blob); err == nil {
			if got.Chunks != ChunkCount(got.Size) || got.Size > MaxSize || !bytes.Equal(got.Marshal(), blob) {
				t.Fatalf("accepted a blob record that does not agree with itself: %+v", got)
			}
		}
		if p, err := ParsePending(marker); err == nil && p.Written > ChunkCount(MaxSize) {
			t.Fatalf("accepted a marker of %d chunks", p.Written)
		}
	})
}
