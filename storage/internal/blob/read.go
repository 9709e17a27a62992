package blob

import (
	"bytes"
	"crypto/cipher"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/foliohq/folio/storage/internal/pagewalk"
)

// readBatch chunks are read per transaction: 1 MiB of plaintext at a time.
const readBatch = 16

// Reader streams a blob's bytes, authenticating each chunk before handing it on.
// Any chunk that fails, is missing or is cut short is ErrDamaged: the reader never
// returns bytes that did not authenticate, and never a short blob as a whole one.
type Reader struct {
	v    Vault
	b    Blob
	next uint32 // the next chunk to read
	buf  []byte
	off  int
}

// Open finds the blob named h. A blob the vault does not hold is ErrNotFound.
func Open(v Vault, h Hash) (*Reader, error) {
	id := h.ID()
	plain, err := v.Get(BlobsCollection, id)
	if err != nil {
		return nil, fmt.Errorf("attachment data %s: %w", id, err)
	}
	b, err := ParseBlob(id, plain)
	if err != nil {
		return nil, err
	}
	if b.Hash != h {
		return nil, fmt.Errorf("%w: two different files share the address %s", ErrDamaged, id)
	}
	return &Reader{v: v, b: b}, nil
}

// Blob describes what the reader reads.
func (r *Reader) Blob() Blob { return r.b }

// fill reads and opens the next batch of chunks into r.buf.
func (r *Reader) fill() error {
	n := min(readBatch, r.b.Chunks-r.next)
	keys := make([]ID, n)
	prefix := ChunkPrefix(r.v, r.b.Stream)
	for i := range n {
		keys[i] = ChunkKey(prefix, r.next+i)
	}
	if r.buf == nil {
		r.buf = make([]byte, 0, readBatch*ChunkSize)
	}
	r.buf, r.off = r.buf[:0], 0
	err := seekChunks(r.v, keys, func(found map[ID][]byte) error {
		return r.v.WithAEAD(func(a cipher.AEAD) error {
			for i, k := range keys {
				index := r.next + uint32(i)
				sealed, ok := found[k]
				if !ok {
					return fmt.Errorf("%w: chunk %d is missing", ErrDamaged, index)
				}
				var err error
				before := len(r.buf)
				r.buf, err = OpenChunk(a, r.buf, r.b.Stream, index, index == r.b.Chunks-1, sealed)
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

// seekChunks finds the chunks under keys with the vault's bounds-checked seek over
// the file mapped into memory, so the chunks' bytes are not copied before they are
// opened, and passes fn those found, valid until fn returns.
func seekChunks(v Vault, keys []ID, fn func(found map[ID][]byte) error) error {
	name := v.BucketName(ChunksCollection)
	return v.Seek(func(w *pagewalk.Walk) error {
		found := make(map[ID][]byte, len(keys))
		root, inline, ok, err := w.SeekBucket(name)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, ChunksName, err)
		}
		if !ok {
			return fn(found)
		}
		for _, k := range keys {
			el, ok, err := w.SeekIn(root, inline, k[:])
			switch {
			case err != nil:
				return fmt.Errorf("%w: chunk %s: %v", ErrDamaged, k, err)
			case ok && el.IsBucket:
				return fmt.Errorf("%w: a bucket is where chunk %s should be", ErrDamaged, k)
			case ok:
				found[k] = el.Value
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
func (r *Reader) Read(p []byte) (int, error) {
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
func (r *Reader) WriteTo(w io.Writer) (int64, error) {
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
func (r *Reader) Close() error {
	clear(r.buf[:cap(r.buf)])
	r.buf, r.off = nil, 0
	return nil
}

// List lists the blobs the vault holds, and blob records that are damaged.
func List(v Vault) ([]Blob, []Damage, error) {
	var (
		mu  sync.Mutex
		out []Blob
		bad []Damage
	)
	damaged, err := v.Load(BlobsCollection, func(id ID, plain []byte) error {
		b, err := ParseBlob(id, plain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = append(bad, Damage{Collection: BlobsName, ID: id.String(), Err: err})
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
