package blob

import (
	"cmp"
	"crypto/cipher"
	"fmt"
	"slices"
)

// PendingName is how Check names damage to a pending marker or its chunks.
const PendingName = "attachment pending"

// Records are the records a walk found in one bucket, as Check hands them on.
type Records interface {
	Len() int
	At(i int) (key, value []byte)
}

// scanned is one bucket as Check's walk found it: the records that can be
// authenticated, and the keys that cannot hold one.
type scanned struct {
	recs Records
	bad  []Damage
}

// Check gathers, during the vault's Check walk, the buckets a blob check needs,
// then checks them (Run).
type Check struct {
	k                      Keys
	chunks, blobs, pending *scanned
	names                  map[string]**scanned
}

// Result is what a blob check found: blobs whose every chunk authenticated, chunks
// of pending writes, damage, and how many of the records the vault's check counted
// are the attachments' own (blob records and markers), not its caller's.
type Result struct {
	Blobs, Pending, OwnRecords int
	Damaged                    []Damage
}

// NewCheck starts a blob check, and names in known, for the vault's report, the
// buckets blobs use.
func NewCheck(k Keys, known map[string]string) *Check {
	c := &Check{k: k}
	c.names = map[string]**scanned{
		string(k.BucketName(ChunksCollection)):  &c.chunks,
		string(k.BucketName(BlobsCollection)):   &c.blobs,
		string(k.BucketName(PendingCollection)): &c.pending,
	}
	known[string(k.BucketName(ChunksCollection))] = ChunksName
	known[string(k.BucketName(BlobsCollection))] = BlobsName
	known[string(k.BucketName(PendingCollection))] = PendingName
	return c
}

// Take keeps the bucket name's records if it is one of the blob buckets, and reports
// whether it is the chunks' bucket, which the vault's generic check skips: chunks are
// not sealed as records. The records must stay valid until Run returns.
func (c *Check) Take(name []byte, recs Records, bad []Damage) bool {
	p, ok := c.names[string(name)]
	if !ok {
		return false
	}
	*p = &scanned{recs, bad}
	return p == &c.chunks
}

// chunkRef is what a chunk's key stands for.
type chunkRef struct {
	stream ID
	index  uint32
	blob   *Blob // nil for a pending stream's chunk
}

// Run authenticates every chunk against the blob records and pending markers,
// recomputes each blob's keyed hash, and returns what it found: damage by blob, and
// chunks that no blob or marker names. The chunks are read in each blob's order, one
// at a time.
func (c *Check) Run() Result {
	var res Result
	refs := map[ID]chunkRef{}
	blobs := c.checkBlobRecords(refs, &res)
	c.checkPendingRecords(refs, &res)
	sealed := c.checkChunkRefs(refs, &res)
	slices.SortFunc(blobs, func(a, b *Blob) int { return cmp.Compare(a.Hash.ID().String(), b.Hash.ID().String()) })
	for _, b := range blobs {
		if err := checkBlob(c.k, b, sealed); err != nil {
			res.Damaged = append(res.Damaged, Damage{Collection: BlobsName, ID: b.Hash.ID().String(), Err: err})
			continue
		}
		res.Blobs++
	}
	return res
}

// checkBlobRecords opens the blob records (none if the vault has no bucket of
// them) and notes in refs the chunks each names; it returns the blobs that parse.
func (c *Check) checkBlobRecords(refs map[ID]chunkRef, res *Result) []*Blob {
	if c.blobs == nil {
		return nil
	}
	var blobs []*Blob
	res.OwnRecords += c.blobs.recs.Len()
	name := c.k.BucketName(BlobsCollection)
	for i := range c.blobs.recs.Len() {
		key, value := c.blobs.recs.At(i)
		if len(key) != IDSize {
			continue
		}
		plain, err := c.k.Open(name, key, value)
		if err != nil {
			continue // reported by the generic check
		}
		b, err := ParseBlob(ID(key), plain)
		if err != nil {
			res.Damaged = append(res.Damaged, Damage{Collection: BlobsName, ID: ID(key).String(), Err: err})
			continue
		}
		blobs = append(blobs, &b)
		prefix := ChunkPrefix(c.k, b.Stream)
		for i := range b.Chunks {
			refs[ChunkKey(prefix, i)] = chunkRef{b.Stream, i, &b}
		}
	}
	return blobs
}

// checkPendingRecords opens the pending markers (none if the vault has no bucket
// of them) and notes in refs the chunks each has written.
func (c *Check) checkPendingRecords(refs map[ID]chunkRef, res *Result) {
	if c.pending == nil {
		return
	}
	res.OwnRecords += c.pending.recs.Len()
	name := c.k.BucketName(PendingCollection)
	for i := range c.pending.recs.Len() {
		key, value := c.pending.recs.At(i)
		if len(key) != IDSize {
			continue
		}
		plain, err := c.k.Open(name, key, value)
		if err != nil {
			continue
		}
		p, err := ParsePending(plain)
		if err != nil {
			res.Damaged = append(res.Damaged, Damage{Collection: PendingName, ID: ID(key).String(), Err: err})
			continue
		}
		prefix := ChunkPrefix(c.k, ID(key))
		for i := range p.Written {
			refs[ChunkKey(prefix, i)] = chunkRef{ID(key), i, nil}
		}
	}
}

// checkChunkRefs matches each chunk (none if the vault has no bucket of them) with
// refs: a chunk nothing names is damage, a pending stream's is authenticated here,
// and a blob's is returned, sealed, by key for checkBlob.
func (c *Check) checkChunkRefs(refs map[ID]chunkRef, res *Result) map[ID][]byte {
	sealed := map[ID][]byte{}
	if c.chunks == nil {
		return sealed
	}
	res.Damaged = append(res.Damaged, c.chunks.bad...)
	for i := range c.chunks.recs.Len() {
		key, value := c.chunks.recs.At(i)
		if len(key) != IDSize {
			continue
		}
		k := ID(key)
		ref, ok := refs[k]
		if !ok {
			res.Damaged = append(res.Damaged, Damage{Collection: ChunksName, ID: k.String(), Err: fmt.Errorf("%w: a chunk that no attachment names", ErrDamaged)})
			continue
		}
		if ref.blob == nil { // a pending stream's: authenticated as either kind of chunk
			res.Pending++
			_ = c.k.WithAEAD(func(a cipher.AEAD) error {
				if _, err := OpenChunk(a, nil, ref.stream, ref.index, false, value); err != nil {
					if _, err2 := OpenChunk(a, nil, ref.stream, ref.index, true, value); err2 != nil {
						res.Damaged = append(res.Damaged, Damage{Collection: PendingName, ID: ref.stream.String(), Err: err})
					}
				}
				return nil
			})
			continue
		}
		sealed[k] = value
	}
	return sealed
}

// checkBlob opens every chunk of b in order and compares the keyed hash of the whole.
func checkBlob(k Keys, b *Blob, sealed map[ID][]byte) error {
	h, wipe, err := ContentHash(k, b.Format)
	if err != nil {
		return err
	}
	defer wipe()
	buf := make([]byte, 0, ChunkSize)
	defer clear(buf[:cap(buf)])
	prefix := ChunkPrefix(k, b.Stream)
	err = k.WithAEAD(func(a cipher.AEAD) error {
		for i := range b.Chunks {
			s, ok := sealed[ChunkKey(prefix, i)]
			if !ok {
				return fmt.Errorf("%w: chunk %d is missing", ErrDamaged, i)
			}
			out, err := OpenChunk(a, buf[:0], b.Stream, i, i == b.Chunks-1, s)
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
