package storage

import (
	"bytes"
	"cmp"
	"crypto/cipher"
	"fmt"
	"io"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// readBatch chunks are read per transaction: 1 MiB of plaintext at a time.
const readBatch = 16

// BlobReader streams a blob's bytes, authenticating each chunk before handing it on.
// Any chunk that fails, is missing or is cut short is ErrDamaged: the reader never
// returns bytes that did not authenticate, and never a short blob as a whole one.
type BlobReader struct {
	v    *Vault
	b    Blob
	next uint32 // the next chunk to read
	buf  []byte
	off  int
}

// OpenBlob finds the blob named h. A blob the vault does not hold is ErrNotFound.
func (v *Vault) OpenBlob(h Hash) (*BlobReader, error) {
	id := h.ID()
	plain, err := v.Get(blobsCollection, id)
	if err != nil {
		return nil, fmt.Errorf("attachment data %s: %w", id, err)
	}
	b, err := parseBlob(id, plain)
	if err != nil {
		return nil, err
	}
	if b.Hash != h {
		return nil, fmt.Errorf("%w: two different files share the address %s", ErrDamaged, id)
	}
	return &BlobReader{v: v, b: b}, nil
}

// Blob describes what the reader reads.
func (r *BlobReader) Blob() Blob { return r.b }

// fill reads and opens the next batch of chunks into r.buf.
func (r *BlobReader) fill() error {
	n := min(readBatch, r.b.Chunks-r.next)
	keys := make([]ID, n)
	prefix := r.v.keys.chunkPrefix(r.b.stream)
	for i := range n {
		keys[i] = chunkKey(prefix, r.next+i)
	}
	if r.buf == nil {
		r.buf = make([]byte, 0, readBatch*ChunkSize)
	}
	r.buf, r.off = r.buf[:0], 0
	err := r.v.seekChunks(keys, func(found map[ID][]byte) error {
		return r.v.keys.withAEAD(func(a cipher.AEAD) error {
			for i, k := range keys {
				index := r.next + uint32(i)
				sealed, ok := found[k]
				if !ok {
					return fmt.Errorf("%w: chunk %d is missing", ErrDamaged, index)
				}
				var err error
				before := len(r.buf)
				r.buf, err = openChunk(a, r.buf, r.b.stream, index, index == r.b.Chunks-1, sealed)
				if err != nil {
					return err
				}
				if len(r.buf)-before != r.b.chunkLen(index) {
					return fmt.Errorf("%w: chunk %d is %d bytes, not %d", ErrDamaged, index, len(r.buf)-before, r.b.chunkLen(index))
				}
			}
			return nil
		})
	})
	if err != nil {
		clear(r.buf)
		r.buf = r.buf[:0]
		return fmt.Errorf("attachment data %s: %w", r.b.Hash.ID(), err)
	}
	r.next += n
	return nil
}

// seekChunks finds the chunks under keys with the bounds-checked seek (seek.go) over
// the file mapped into memory, so the chunks' bytes are not copied before they are
// opened, and passes fn those found, valid until fn returns.
func (v *Vault) seekChunks(keys []ID, fn func(found map[ID][]byte) error) error {
	name := v.keys.bucketName(chunksCollection)
	return v.view(func(tx *bolt.Tx) error {
		w, err := openWalkMapped(v.path, v.db.Info().PageSize, uint64(tx.ID()), true)
		if err != nil {
			return err
		}
		defer w.close()
		found := make(map[ID][]byte, len(keys))
		root, inline, ok, err := w.seekBucket(name)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, ChunksName, err)
		}
		if !ok {
			return fn(found)
		}
		for _, k := range keys {
			el, ok, err := w.seekIn(root, inline, k[:])
			switch {
			case err != nil:
				return fmt.Errorf("%w: chunk %s: %v", ErrDamaged, k, err)
			case ok && el.isBucket:
				return fmt.Errorf("%w: a bucket is where chunk %s should be", ErrDamaged, k)
			case ok:
				found[k] = el.value
			}
		}
		return fn(found)
	})
}

// chunkLen is the plaintext length of chunk i.
func (b Blob) chunkLen(i uint32) int {
	if i+1 < b.Chunks {
		return ChunkSize
	}
	return int(b.Size - int64(b.Chunks-1)*ChunkSize)
}

// Read reads the blob's bytes in order.
func (r *BlobReader) Read(p []byte) (int, error) {
	for r.off == len(r.buf) {
		if r.next == r.b.Chunks {
			return 0, io.EOF
		}
		if err := r.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
}

// WriteTo writes the rest of the blob to w, a batch at a time.
func (r *BlobReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if r.off < len(r.buf) {
			n, err := w.Write(r.buf[r.off:])
			total += int64(n)
			r.off += n
			if err != nil {
				return total, err
			}
			continue
		}
		if r.next == r.b.Chunks {
			return total, nil
		}
		if err := r.fill(); err != nil {
			return total, err
		}
	}
}

// Close overwrites the reader's buffer of plaintext.
func (r *BlobReader) Close() error {
	clear(r.buf[:cap(r.buf)])
	r.buf, r.off = nil, 0
	return nil
}

// Blobs lists the blobs the vault holds, and blob records that are damaged.
func (v *Vault) Blobs() ([]Blob, []Damage, error) {
	var (
		mu  sync.Mutex
		out []Blob
		bad []Damage
	)
	damaged, err := v.Load(blobsCollection, func(id ID, plain []byte) error {
		b, err := parseBlob(id, plain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = append(bad, Damage{BlobsName, id.String(), err})
			return nil
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, d := range damaged {
		d.Collection = BlobsName
		bad = append(bad, d)
	}
	slices.SortFunc(out, func(a, b Blob) int { return bytes.Compare(a.Hash[:], b.Hash[:]) })
	return out, bad, nil
}

// BlobsName and ChunksName are how Check names damage to blob records and to
// chunks no blob names; a damaged blob is reported with the blob's ID (Hash.ID).
const (
	BlobsName  = "attachment data"
	ChunksName = "attachment chunks"
)

// blobCheck gathers, during Check's walk, the buckets a blob check needs.
type blobCheck struct {
	chunks, blobs, pending *bucketScan
	names                  map[string]**bucketScan
}

// blobNames names, for Check's report, the buckets blobs use.
func (v *Vault) blobNames(known map[string]string) *blobCheck {
	c := &blobCheck{}
	c.names = map[string]**bucketScan{
		string(v.keys.bucketName(chunksCollection)):  &c.chunks,
		string(v.keys.bucketName(blobsCollection)):   &c.blobs,
		string(v.keys.bucketName(pendingCollection)): &c.pending,
	}
	known[string(v.keys.bucketName(chunksCollection))] = ChunksName
	known[string(v.keys.bucketName(blobsCollection))] = BlobsName
	known[string(v.keys.bucketName(pendingCollection))] = "attachment pending"
	return c
}

// take keeps bs if it is one of the blob buckets, and reports whether it is the
// chunks' bucket, which the generic check skips: chunks are not sealed as records.
func (c *blobCheck) take(name []byte, bs *bucketScan) bool {
	p, ok := c.names[string(name)]
	if !ok {
		return false
	}
	*p = bs
	return p == &c.chunks
}

// chunkRef is what a chunk's key stands for.
type chunkRef struct {
	stream ID
	index  uint32
	blob   *Blob // nil for a pending stream's chunk
}

// checkBlobs authenticates every chunk against the blob records and pending
// markers, recomputes each blob's keyed hash, and adds what it found to report:
// damage by blob, and chunks that no blob or marker names. The chunks are read in
// each blob's order, one at a time.
func (v *Vault) checkBlobs(c *blobCheck, report *Report) {
	refs := map[ID]chunkRef{}
	blobs := v.checkBlobRecords(c.blobs, refs, report)
	v.checkPendingRecords(c.pending, refs, report)
	sealed := v.checkChunkRefs(c.chunks, refs, report)
	slices.SortFunc(blobs, func(a, b *Blob) int { return cmp.Compare(a.Hash.ID().String(), b.Hash.ID().String()) })
	for _, b := range blobs {
		if err := v.checkBlob(b, sealed); err != nil {
			report.Damaged = append(report.Damaged, Damage{BlobsName, b.Hash.ID().String(), err})
			continue
		}
		report.Blobs++
	}
}

// checkBlobRecords opens the blob records of bs (nil if the vault has none) and
// notes in refs the chunks each names; it returns the blobs that parse.
func (v *Vault) checkBlobRecords(bs *bucketScan, refs map[ID]chunkRef, report *Report) []*Blob {
	if bs == nil {
		return nil
	}
	var blobs []*Blob
	report.Records -= len(bs.recs) // the vault's own, not the caller's
	name := v.keys.bucketName(blobsCollection)
	for _, r := range bs.recs {
		if len(r.key) != IDSize {
			continue
		}
		plain, err := v.keys.open(name, r.key, r.value)
		if err != nil {
			continue // reported by the generic check
		}
		b, err := parseBlob(ID(r.key), plain)
		if err != nil {
			report.Damaged = append(report.Damaged, Damage{BlobsName, ID(r.key).String(), err})
			continue
		}
		blobs = append(blobs, &b)
		prefix := v.keys.chunkPrefix(b.stream)
		for i := range b.Chunks {
			refs[chunkKey(prefix, i)] = chunkRef{b.stream, i, &b}
		}
	}
	return blobs
}

// checkPendingRecords opens the pending markers of bs (nil if the vault has none)
// and notes in refs the chunks each has written.
func (v *Vault) checkPendingRecords(bs *bucketScan, refs map[ID]chunkRef, report *Report) {
	if bs == nil {
		return
	}
	report.Records -= len(bs.recs)
	name := v.keys.bucketName(pendingCollection)
	for _, r := range bs.recs {
		if len(r.key) != IDSize {
			continue
		}
		plain, err := v.keys.open(name, r.key, r.value)
		if err != nil {
			continue
		}
		p, err := parsePending(plain)
		if err != nil {
			report.Damaged = append(report.Damaged, Damage{"attachment pending", ID(r.key).String(), err})
			continue
		}
		prefix := v.keys.chunkPrefix(ID(r.key))
		for i := range p.written {
			refs[chunkKey(prefix, i)] = chunkRef{ID(r.key), i, nil}
		}
	}
}

// checkChunkRefs matches each chunk of bs (nil if the vault has none) with refs:
// a chunk nothing names is damage, a pending stream's is authenticated here, and a
// blob's is returned, sealed, by key for checkBlob.
func (v *Vault) checkChunkRefs(bs *bucketScan, refs map[ID]chunkRef, report *Report) map[ID][]byte {
	sealed := map[ID][]byte{}
	if bs == nil {
		return sealed
	}
	report.Damaged = append(report.Damaged, bs.bad...)
	for _, r := range bs.recs {
		if len(r.key) != IDSize {
			continue
		}
		k := ID(r.key)
		ref, ok := refs[k]
		if !ok {
			report.Damaged = append(report.Damaged, Damage{ChunksName, k.String(), fmt.Errorf("%w: a chunk that no attachment names", ErrDamaged)})
			continue
		}
		if ref.blob == nil { // a pending stream's: authenticated as either kind of chunk
			report.Pending++
			_ = v.keys.withAEAD(func(a cipher.AEAD) error {
				if _, err := openChunk(a, nil, ref.stream, ref.index, false, r.value); err != nil {
					if _, err2 := openChunk(a, nil, ref.stream, ref.index, true, r.value); err2 != nil {
						report.Damaged = append(report.Damaged, Damage{"attachment pending", ref.stream.String(), err})
					}
				}
				return nil
			})
			continue
		}
		sealed[k] = r.value
	}
	return sealed
}

// checkBlob opens every chunk of b in order and compares the keyed hash of the whole.
func (v *Vault) checkBlob(b *Blob, sealed map[ID][]byte) error {
	h, wipe, err := v.keys.contentHash(b.format)
	if err != nil {
		return err
	}
	defer wipe()
	buf := make([]byte, 0, ChunkSize)
	defer clear(buf[:cap(buf)])
	prefix := v.keys.chunkPrefix(b.stream)
	err = v.keys.withAEAD(func(a cipher.AEAD) error {
		for i := range b.Chunks {
			s, ok := sealed[chunkKey(prefix, i)]
			if !ok {
				return fmt.Errorf("%w: chunk %d is missing", ErrDamaged, i)
			}
			out, err := openChunk(a, buf[:0], b.stream, i, i == b.Chunks-1, s)
			if err != nil {
				return err
			}
			if len(out) != b.chunkLen(i) {
				return fmt.Errorf("%w: chunk %d is %d bytes, not %d", ErrDamaged, i, len(out), b.chunkLen(i))
			}
			h.Write(out)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var sum Hash
	h.Sum(sum[:0])
	if sum != b.Hash {
		return fmt.Errorf("%w: the bytes do not match their hash", ErrDamaged)
	}
	return nil
}
