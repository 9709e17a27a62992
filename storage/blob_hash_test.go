package storage

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/foliohq/folio/storage/internal/keyring"
	"github.com/zeebo/blake3"
	bolt "go.etcd.io/bbolt"
)

// keyedHash is the content hash of the given blob format over data.
func keyedHash(t *testing.T, v *Vault, format byte, data []byte) Hash {
	t.Helper()
	h, wipe, err := v.keys.contentHash(format)
	if err != nil {
		t.Fatal(err)
	}
	defer wipe()
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// stageAs stages data with StageBlobAs(want) and commits it.
func stageAs(t *testing.T, v *Vault, data []byte, want Hash) Blob {
	t.Helper()
	s, err := v.StageBlobAs(bytes.NewReader(data), nil, want)
	if err != nil {
		t.Fatal(err)
	}
	var b Blob
	if err := v.Update(func(tx *Tx) error { b, err = tx.CommitBlob(s); return err }); err != nil {
		t.Fatal(err)
	}
	s.Committed()
	return b
}

// blobFormatOf reads the format byte of the stored blob record named h.
func blobFormatOf(t *testing.T, v *Vault, h Hash) byte {
	t.Helper()
	plain, err := v.Get(blobsCollection, h.ID())
	if err != nil {
		t.Fatal(err)
	}
	return plain[0]
}

// A new blob is named by keyed BLAKE3 (format 2); a blob named by keyed BLAKE2b
// (format 1, written before BLAKE3, or received by sync under that name) is kept
// as it is, and a vault holding both reads, checks and dedupes each.
func TestBlobHashFormats(t *testing.T) {
	v, _ := newTestVault(t)
	data := pattern(2*ChunkSize+5, 9)
	old := keyedHash(t, v, blobFormatBLAKE2b, data)
	b3 := keyedHash(t, v, blobFormatBLAKE3, data)
	if old == b3 {
		t.Fatal("the two content hashes agree")
	}

	fresh := attach(t, v, data)
	if fresh.Hash != b3 || blobFormatOf(t, v, b3) != blobFormatBLAKE3 {
		t.Fatalf("a new blob is named %x in format %d, want BLAKE3 %x in format 2", fresh.Hash, blobFormatOf(t, v, fresh.Hash), b3)
	}
	legacy := stageAs(t, v, data, old)
	if legacy.Hash != old || blobFormatOf(t, v, old) != blobFormatBLAKE2b {
		t.Fatalf("bytes staged as their BLAKE2b name are %x in format %d, want %x in format 1", legacy.Hash, blobFormatOf(t, v, legacy.Hash), old)
	}
	chunks := len(loadRaw(t, v, chunksCollection))
	if chunks != 2*3 {
		t.Fatalf("%d chunks for two blobs of three", chunks)
	}

	// Each reads back whole, and check authenticates both and recomputes each hash.
	for _, h := range []Hash{b3, old} {
		r, err := v.OpenBlob(h)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("blob %x read back %d bytes, %v", h, len(got), err)
		}
	}
	if rep, err := v.Check(nil); err != nil || !rep.OK() || rep.Blobs != 2 {
		t.Fatalf("check of a vault with both hashes: %+v, %v", rep, err)
	}

	// Staged again under either name, the bytes dedupe against the blob of that
	// name; under a name that is neither, they are named by BLAKE3 and the caller
	// sees the difference.
	for _, h := range []Hash{old, b3} {
		if b := stageAs(t, v, data, h); b.Hash != h || b.Stream != map[Hash]Blob{old: legacy, b3: fresh}[h].Stream {
			t.Errorf("staged as %x: kept %x of stream %s, not the blob there", h, b.Hash, b.Stream)
		}
	}
	if n := len(loadRaw(t, v, chunksCollection)); n != chunks {
		t.Errorf("%d chunks after staging the same bytes again, want %d", n, chunks)
	}
	var other Hash
	other[0] = 1
	s, err := v.StageBlobAs(bytes.NewReader(data), nil, other)
	if err != nil {
		t.Fatal(err)
	}
	if s.Hash != b3 || s.Format != blobFormatBLAKE3 {
		t.Errorf("staged as a name that is neither hash: %x in format %d, want BLAKE3 %x", s.Hash, s.Format, b3)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}

	// Deleting one leaves the other readable.
	if err := v.Update(func(tx *Tx) error { return tx.DeleteBlob(b3) }); err != nil {
		t.Fatal(err)
	}
	if _, err := v.OpenBlob(b3); !errors.Is(err, ErrNotFound) {
		t.Errorf("the deleted BLAKE3 blob opens: %v", err)
	}
	if rep, err := v.Check(nil); err != nil || !rep.OK() || rep.Blobs != 1 {
		t.Errorf("check after deleting the BLAKE3 blob: %+v, %v", rep, err)
	}
	if n := len(loadRaw(t, v, chunksCollection)); n != 3 {
		t.Errorf("%d chunks left, want the BLAKE2b blob's 3", n)
	}
}

// check recomputes a blob's hash with the hash its format names: a BLAKE2b blob
// record whose format byte is turned to BLAKE3 (and so its hash does not match the
// bytes) is damage, though every chunk authenticates.
func TestCheckUsesTheRecordsHash(t *testing.T) {
	v, _ := newTestVault(t)
	data := pattern(ChunkSize+1, 4)
	b := stageAs(t, v, data, keyedHash(t, v, blobFormatBLAKE2b, data))
	b.Format = blobFormatBLAKE3
	err := v.db.Update(func(tx *bolt.Tx) error {
		name := v.keys.bucketName(blobsCollection)
		id := b.Hash.ID()
		sealed, err := v.keys.seal(name, id[:], b.Marshal())
		if err != nil {
			return err
		}
		return tx.Bucket(name).Put(id[:], sealed)
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Check(nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Blobs != 0 || len(rep.Damaged) != 1 || rep.Damaged[0].Collection != BlobsName {
		t.Errorf("a blob record naming the wrong hash: %+v", rep)
	}
}

// The BLAKE3 hash's state, key included, is plain memory that wipeState clears.
func TestBLAKE3StateWipes(t *testing.T) {
	if !keyring.PointerFree(reflect.TypeFor[blake3.Hasher]()) {
		t.Fatal("blake3.Hasher holds pointers: wipeState would leave its key")
	}
	v, _ := newTestVault(t)
	h, wipe, err := v.keys.contentHash(blobFormatBLAKE3)
	if err != nil {
		t.Fatal(err)
	}
	h.Write([]byte("x"))
	wipe()
	state := reflect.ValueOf(h).Elem()
	if !state.IsZero() {
		t.Error("the BLAKE3 state is not zero after wipe")
	}
}
