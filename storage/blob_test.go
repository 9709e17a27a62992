package storage

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"sync/atomic"
	"testing"
	"testing/iotest"

	bolt "go.etcd.io/bbolt"
)

// pattern is n bytes that differ from chunk to chunk, so a chunk read in the wrong
// place shows.
func pattern(n int, salt byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i%251) ^ salt ^ byte(i/ChunkSize)
	}
	return b
}

// attach stages data and commits it in its own transaction.
func attach(t testing.TB, v *Vault, data []byte) Blob {
	t.Helper()
	s, err := v.StageBlob(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b Blob
	err = v.Update(func(tx *Tx) error {
		var err error
		b, err = tx.CommitBlob(s)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Committed()
	return b
}

func readBlob(v *Vault, h Hash) ([]byte, error) {
	r, err := v.OpenBlob(h)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out bytes.Buffer
	_, err = r.WriteTo(&out)
	return out.Bytes(), err
}

func TestBlobRoundTripBoundaries(t *testing.T) {
	v, _ := newTestVault(t)
	for _, n := range []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 3*ChunkSize + 17, writeBatch * ChunkSize, writeBatch*ChunkSize + 1} {
		data := pattern(n, byte(n))
		b := attach(t, v, data)
		if b.Size != int64(n) || b.Chunks != chunkCount(int64(n)) {
			t.Errorf("%d bytes: blob %+v", n, b)
		}
		got, err := readBlob(v, b.Hash)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: read %d bytes back, %v", n, len(got), err)
		}
		// Read in small pieces too: the Read path, not only WriteTo.
		r, err := v.OpenBlob(b.Hash)
		if err != nil {
			t.Fatal(err)
		}
		small, err := io.ReadAll(io.LimitReader(r, int64(n)+1))
		r.Close()
		if err != nil || !bytes.Equal(small, data) {
			t.Errorf("%d bytes: Read gave %d bytes, %v", n, len(small), err)
		}
	}
	if got := []uint32{chunkCount(0), chunkCount(1), chunkCount(ChunkSize), chunkCount(ChunkSize + 1)}; got[0] != 1 || got[1] != 1 || got[2] != 1 || got[3] != 2 {
		t.Errorf("chunk counts for 0, 1, one chunk, one byte over: %v", got)
	}
	rep, err := v.Check(nil)
	if err != nil || !rep.OK() || rep.Blobs != 8 || rep.Records != 0 {
		t.Errorf("check: %+v %v", rep, err)
	}
}

func TestBlobDedupAndDelete(t *testing.T) {
	v, _ := newTestVault(t)
	data := pattern(2*ChunkSize+5, 1)
	a := attach(t, v, data)
	b := attach(t, v, data)
	if a != b {
		t.Fatalf("the same bytes twice made two blobs: %+v %+v", a, b)
	}
	if n := len(loadRaw(t, v, chunksCollection)); n != 3 {
		t.Fatalf("the same file kept twice holds %d chunks, want 3", n)
	}
	other := attach(t, v, pattern(10, 2))
	if other.Hash == a.Hash {
		t.Fatal("different bytes share a hash")
	}
	if err := v.Update(func(tx *Tx) error { return tx.DeleteBlob(a.Hash) }); err != nil {
		t.Fatal(err)
	}
	if _, err := v.OpenBlob(a.Hash); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted blob opens: %v", err)
	}
	if n := len(loadRaw(t, v, chunksCollection)); n != 1 {
		t.Errorf("after deleting, %d chunks are left, want the other blob's 1", n)
	}
	if got, err := readBlob(v, other.Hash); err != nil || !bytes.Equal(got, pattern(10, 2)) {
		t.Errorf("the other blob: %v", err)
	}
	if rep, err := v.Check(nil); err != nil || !rep.OK() || rep.Blobs != 1 {
		t.Errorf("check: %+v %v", rep, err)
	}
}

func TestBlobTooLarge(t *testing.T) {
	v, _ := newTestVault(t)
	limit := int64(3*writeBatch*ChunkSize + 5)
	_, err := v.stageBlob(io.LimitReader(zeros{}, limit+1), nil, limit, nil)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a blob one byte over the limit: %v", err)
	}
	s, err := v.stageBlob(io.LimitReader(zeros{}, limit), nil, limit, nil)
	if err != nil || s.Size != limit {
		t.Fatalf("a blob of exactly the limit: %v", err)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	if n := len(loadRaw(t, v, chunksCollection)) + len(loadRaw(t, v, pendingCollection)); n != 0 {
		t.Errorf("a refused blob left %d chunks and markers", n)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// loadRaw returns the raw values of a collection's bucket by key.
func loadRaw(t testing.TB, v *Vault, collection string) map[ID][]byte {
	t.Helper()
	out := map[ID][]byte{}
	err := v.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(v.keys.bucketName(collection))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, val []byte) error {
			out[ID(k)] = bytes.Clone(val)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// rawChunks edits the chunk bucket directly, as damage or an attacker would.
func rawChunks(t testing.TB, v *Vault, fn func(b *bolt.Bucket) error) {
	t.Helper()
	err := v.db.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket(v.keys.bucketName(chunksCollection))) })
	if err != nil {
		t.Fatal(err)
	}
}

// Every way of changing the chunks is detected, both by reading and by Check, and
// Check names the blob and leaves the other blobs sound.
func TestBlobTamper(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, v *Vault, a, b Blob, bucket *bolt.Bucket) error
	}{
		{"flip a bit", func(t *testing.T, v *Vault, a, _ Blob, bk *bolt.Bucket) error {
			k := v.keys.chunkKey(a.Stream, 1)
			s := bytes.Clone(bk.Get(k[:]))
			s[100] ^= 1
			return bk.Put(k[:], s)
		}},
		{"truncate: drop the last chunk", func(t *testing.T, v *Vault, a, _ Blob, bk *bolt.Bucket) error {
			k := v.keys.chunkKey(a.Stream, a.Chunks-1)
			return bk.Delete(k[:])
		}},
		{"cut a chunk short", func(t *testing.T, v *Vault, a, _ Blob, bk *bolt.Bucket) error {
			k := v.keys.chunkKey(a.Stream, 0)
			return bk.Put(k[:], bytes.Clone(bk.Get(k[:])[:1000]))
		}},
		{"reorder two chunks", func(t *testing.T, v *Vault, a, _ Blob, bk *bolt.Bucket) error {
			k0, k1 := v.keys.chunkKey(a.Stream, 0), v.keys.chunkKey(a.Stream, 1)
			s0, s1 := bytes.Clone(bk.Get(k0[:])), bytes.Clone(bk.Get(k1[:]))
			if err := bk.Put(k0[:], s1); err != nil {
				return err
			}
			return bk.Put(k1[:], s0)
		}},
		{"swap a chunk from another attachment", func(t *testing.T, v *Vault, a, b Blob, bk *bolt.Bucket) error {
			ka, kb := v.keys.chunkKey(a.Stream, 1), v.keys.chunkKey(b.Stream, 1)
			return bk.Put(ka[:], bytes.Clone(bk.Get(kb[:])))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newTestVault(t)
			da, db, dc := pattern(3*ChunkSize+9, 1), pattern(3*ChunkSize+9, 2), pattern(77, 3)
			a, b, c := attach(t, v, da), attach(t, v, db), attach(t, v, dc)
			rawChunks(t, v, func(bk *bolt.Bucket) error { return tc.edit(t, v, a, b, bk) })
			if got, err := readBlob(v, a.Hash); !errors.Is(err, ErrDamaged) {
				t.Errorf("read after tampering: %d bytes, %v", len(got), err)
			}
			if got, err := readBlob(v, b.Hash); err != nil || !bytes.Equal(got, db) {
				t.Errorf("the untouched blob: %v", err)
			}
			if got, err := readBlob(v, c.Hash); err != nil || !bytes.Equal(got, dc) {
				t.Errorf("the untouched blob: %v", err)
			}
			rep, err := v.Check(nil)
			if err != nil {
				t.Fatal(err)
			}
			var named bool
			for _, d := range rep.Damaged {
				if d.Collection == BlobsName && d.ID == a.Hash.ID().String() {
					named = true
				}
				if d.ID == b.Hash.ID().String() || d.ID == c.Hash.ID().String() {
					t.Errorf("check blames a sound blob: %v", d)
				}
			}
			if !named || rep.Blobs != 2 {
				t.Errorf("check did not name the damaged blob alone: %+v", rep)
			}
		})
	}
}

// A process that dies while writing leaves chunks under a pending marker; the next
// sweep deletes them all, and the vault checks sound with no chunk left.
func TestBlobKilledMidWrite(t *testing.T) {
	v, path := newTestVault(t)
	keep := attach(t, v, pattern(ChunkSize+1, 9))
	// Stage and never commit: as if the process died after the batches.
	s, err := v.StageBlob(bytes.NewReader(pattern(3*writeBatch*ChunkSize/2, 4)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(loadRaw(t, v, chunksCollection)); n != 2+int(s.Chunks) {
		t.Fatalf("%d chunks before the sweep, want %d", n, 2+s.Chunks)
	}
	if rep, err := v.Check(nil); err != nil || !rep.OK() || rep.Pending != int(s.Chunks) {
		t.Errorf("a vault with a pending write checks damaged: %+v %v", rep, err)
	}
	v.Close()
	v = openTest(t, path, testPass, Options{})
	n, err := v.SweepPending(nil)
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if n := len(loadRaw(t, v, chunksCollection)); n != 2 {
		t.Errorf("%d chunks after the sweep, want the kept blob's 2", n)
	}
	if n := len(loadRaw(t, v, pendingCollection)); n != 0 {
		t.Errorf("%d markers after the sweep", n)
	}
	if got, err := readBlob(v, keep.Hash); err != nil || !bytes.Equal(got, pattern(ChunkSize+1, 9)) {
		t.Errorf("the committed blob: %v", err)
	}
	if rep, err := v.Check(nil); err != nil || !rep.OK() || rep.Blobs != 1 || rep.Pending != 0 {
		t.Errorf("check after the sweep: %+v %v", rep, err)
	}
	if n, err := v.SweepPending(nil); err != nil || n != 0 {
		t.Errorf("a second sweep: %d %v", n, err)
	}
}

// A reader that fails part-way leaves the staged chunks discarded at once.
func TestBlobReadErrorDiscards(t *testing.T) {
	v, _ := newTestVault(t)
	r := io.MultiReader(bytes.NewReader(pattern(2*writeBatch*ChunkSize, 5)), failing{})
	if _, err := v.StageBlob(r, nil); err == nil || !errors.Is(err, errBroken) {
		t.Fatalf("stage over a failing reader: %v", err)
	}
	if n := len(loadRaw(t, v, chunksCollection)) + len(loadRaw(t, v, pendingCollection)); n != 0 {
		t.Errorf("%d chunks and markers left", n)
	}
}

var errBroken = errors.New("broken pipe")

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errBroken }

// No chunk holds plaintext: the file holds neither the bytes nor a run of them.
func TestBlobCanary(t *testing.T) {
	v, path := newTestVault(t)
	canary := bytes.Repeat([]byte("CANARY-certificate-of-completion "), 4000)
	attach(t, v, canary)
	v.Close()
	file := readFile(t, path)
	if bytes.Contains(file, []byte("CANARY-certificate")) {
		t.Fatal("the attachment's bytes are in the file in plaintext")
	}
	sum := sha256.Sum256(canary)
	if bytes.Contains(file, sum[:8]) {
		t.Fatal("the file holds an unkeyed hash of the attachment")
	}
}

// A transaction that fails part-way stops the sealing, which runs alongside the
// writes: the error comes back, what was written is discarded, and the source is
// no longer read once StageBlob has returned.
func TestBlobWriteErrorStopsSealing(t *testing.T) {
	v, _ := newTestVault(t)
	errFull := errors.New("disk full")
	calls := 0
	update := func(fn func(*Tx) error) error {
		calls++
		if calls == 2 {
			return errFull
		}
		return v.Update(fn)
	}
	src := &countingReader{r: bytes.NewReader(pattern(5*writeBatch*ChunkSize, 3))}
	if _, err := v.StageBlob(src, update); !errors.Is(err, errFull) {
		t.Fatalf("stage with a failing transaction: %v", err)
	}
	read := src.n.Load()
	if read >= 5*writeBatch*ChunkSize {
		t.Errorf("the whole source was read (%d bytes) after the write failed", read)
	}
	if n := len(loadRaw(t, v, chunksCollection)) + len(loadRaw(t, v, pendingCollection)); n != 0 {
		t.Errorf("%d chunks and markers left", n)
	}
	if got := src.n.Load(); got != read {
		t.Errorf("the source was read after StageBlob returned: %d then %d bytes", read, got)
	}
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// A source that hands over a few bytes at a time makes the same blob, hash and all,
// as one read whole: a batch is read to its end before it is sealed and hashed.
func TestBlobShortReads(t *testing.T) {
	v, _ := newTestVault(t)
	data := pattern(2*writeBatch*ChunkSize+3, 7)
	whole := attach(t, v, data)
	s, err := v.StageBlob(iotest.HalfReader(bytes.NewReader(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Hash != whole.Hash || s.Size != whole.Size || s.Chunks != whole.Chunks {
		t.Errorf("short reads made %+v, whole reads %+v", s.Blob, whole)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
}

// A source that returns its last bytes together with io.EOF, or whose end falls on
// a chunk's edge, makes the same blob as one that reports the end on its own: the
// chunk read ahead to find the last one is never taken for one of its own.
func TestBlobEndWithData(t *testing.T) {
	v, _ := newTestVault(t)
	for _, n := range []int{0, 1, ChunkSize, 2*ChunkSize + 5, writeBatch * ChunkSize} {
		data := pattern(n, byte(n))
		whole := attach(t, v, data)
		s, err := v.StageBlob(iotest.DataErrReader(bytes.NewReader(data)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Hash != whole.Hash || s.Size != whole.Size || s.Chunks != whole.Chunks || s.Chunks != chunkCount(int64(n)) {
			t.Errorf("%d bytes ending with data made %+v, whole reads %+v", n, s.Blob, whole)
		}
		if err := s.Discard(); err != nil {
			t.Fatal(err)
		}
	}
}

// The hash runs a few chunks behind the sealing in a goroutine of its own; the blob's
// name is still the keyed hash of its bytes in order, however the sizes fall against
// the batches and the hashing's lead.
func TestBlobHashIsKeyedHashOfBytes(t *testing.T) {
	v, _ := newTestVault(t)
	for _, n := range []int{0, 1, ChunkSize, hashAhead * ChunkSize, hashAhead*ChunkSize + 1, writeBatch*ChunkSize + 1, 2*writeBatch*ChunkSize + hashAhead*ChunkSize - 3} {
		data := pattern(n, byte(n>>8))
		h, wipe, err := v.keys.contentHash(blobFormatBLAKE3)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
		var want Hash
		h.Sum(want[:0])
		wipe()
		if got := attach(t, v, data).Hash; got != want {
			t.Errorf("%d bytes: the blob's hash is not the keyed hash of its bytes", n)
		}
	}
}
