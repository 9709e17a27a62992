// Package blob keeps files in the vault: attachments, as sealed chunks named by a
// keyed hash of their bytes. It sits beneath storage, which alone imports it and
// re-exports what the rest of folio uses (storage.Blob, storage.Hash, Vault.StageBlob,
// Tx.CommitBlob, ...); what it needs of the vault, storage hands it: its keys (Keys),
// its reads (Vault) and its write transactions (Tx). Its exported names beyond
// those storage re-exports are for storage and storage's tests.
package blob

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	"golang.org/x/crypto/chacha20poly1305"
)

// ID is a record ID.
type ID = base.ID

// IDSize is the length of a record ID.
const IDSize = base.IDSize

// ErrDamaged is the vault's error for what fails authentication or does not parse.
var ErrDamaged = base.ErrDamaged

// Damage is a record (or here a blob, a chunk, a marker) that is damaged.
type Damage = base.Damage

// Blobs are files kept in the vault: their bytes in fixed-size chunks, each sealed
// on its own and bound to its stream, its place and whether it is the last (the
// STREAM construction, as age uses it), so chunks cut off, reordered or moved from
// another blob fail to open. A blob is named by a keyed hash of its bytes, so one
// file kept twice is stored once. docs/VAULT.md ("Attachments") gives every byte.
const (
	// ChunkSize is the plaintext size of every chunk but the last.
	ChunkSize = 64 << 10
	// MaxSize is the largest blob the vault keeps.
	MaxSize = 256 << 20

	// The collections blobs use. A caller's collection name never starts with a
	// zero byte, so these cannot collide with one.
	ChunksCollection  = "\x00folio attachment chunks"
	BlobsCollection   = "\x00folio attachment blobs"
	PendingCollection = "\x00folio attachment pending"

	// ContentKeyInfo and ContentKeyInfoBLAKE3 derive the keys of the two content
	// hashes, so neither hash's key is the other's.
	ContentKeyInfo       = "folio v1 attachment content"
	ContentKeyInfoBLAKE3 = "folio v1 attachment content blake3"
	chunkADLabel         = "folio chunk"
	chunkNameLabel       = "\x00folio chunk"
	chunkFormat          = 1
	// A blob record's format byte says which keyed hash names the blob: BLAKE2b-256
	// for blobs written before BLAKE3, which still read, verify and sync as they
	// were, and BLAKE3 for every blob written since (about three times as fast here,
	// and faster than the sealing, so the hash no longer bounds an attach).
	FormatBLAKE2b = 1
	FormatBLAKE3  = 2
	pendingFormat = 1
	// blobRecordSize is a blob record's plaintext: format, stream, size, chunks, hash.
	blobRecordSize = 1 + IDSize + 8 + 4 + HashSize
	pendingSize    = 1 + 4 + 8
	// HashSize is the size of a blob's keyed hash.
	HashSize = 32
	// SealOverhead is what sealing adds to a chunk: its format byte, nonce and tag.
	SealOverhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
)

// ErrTooLarge refuses a blob over MaxBlobSize.
var ErrTooLarge = errors.New("file too large")

// Hash is a blob's keyed hash: BLAKE3 (or, for a blob written before it, BLAKE2b-256)
// keyed with a key derived from the data key. The blob's record says which.
type Hash [HashSize]byte

// ID is the blob's record ID: the first ten bytes of its hash.
func (h Hash) ID() ID { return ID(h[:IDSize]) }

// Blob describes a stored blob.
type Blob struct {
	Hash   Hash
	Size   int64
	Chunks uint32
	Stream ID   // the chunks' stream, which their keys and associated data name
	Format byte // FormatBLAKE3 or FormatBLAKE2b: which hash Hash is
}

// ChunkCount is how many chunks hold size bytes: one at least, so an empty blob has
// one empty last chunk, as in age.
func ChunkCount(size int64) uint32 {
	if size <= 0 {
		return 1
	}
	return uint32((size + ChunkSize - 1) / ChunkSize)
}

// ChunkAD binds a chunk to its stream, its index and whether it is the last.
func ChunkAD(stream ID, index uint32, last bool) []byte {
	ad := make([]byte, 0, len(chunkADLabel)+2+IDSize+4+1)
	ad = append(ad, chunkADLabel...)
	ad = binary.BigEndian.AppendUint16(ad, chunkFormat)
	ad = append(ad, stream[:]...)
	ad = binary.BigEndian.AppendUint32(ad, index)
	if last {
		return append(ad, 1)
	}
	return append(ad, 0)
}

// chunkPrefixSize is the part of a chunk's key that names its stream; the rest is
// the chunk's index.
const chunkPrefixSize = IDSize - 4

// ChunkPrefix is the start of the keys of a stream's chunks: a keyed hash of the
// stream ID. A stream's chunks sit together in index order, so a batch of them is
// written into one run of pages and read back with few page reads (the pages'
// order shows which were written together anyway).
func ChunkPrefix(k Keys, stream ID) [chunkPrefixSize]byte {
	m := k.NameMAC()
	m.Write([]byte(chunkNameLabel))
	m.Write(stream[:])
	return [chunkPrefixSize]byte(m.Sum(nil))
}

// ChunkKey is where chunk index of a stream with prefix is stored.
func ChunkKey(prefix [chunkPrefixSize]byte, index uint32) ID {
	var id ID
	copy(id[:], prefix[:])
	binary.BigEndian.PutUint32(id[chunkPrefixSize:], index)
	return id
}

// SealChunk seals one chunk with a (the record key's) and a random nonce.
func SealChunk(a cipher.AEAD, dst []byte, stream ID, index uint32, last bool, plain []byte) []byte {
	var nonce [chacha20poly1305.NonceSizeX]byte
	rand.Read(nonce[:])
	return SealChunkNonce(a, dst, nonce[:], stream, index, last, plain)
}

// SealChunkNonce seals one chunk with the nonce given: for the vectors.
func SealChunkNonce(a cipher.AEAD, dst, nonce []byte, stream ID, index uint32, last bool, plain []byte) []byte {
	dst = append(dst, chunkFormat)
	dst = append(dst, nonce...)
	return a.Seal(dst, nonce, plain, ChunkAD(stream, index, last))
}

// OpenChunk opens one sealed chunk, appending its plaintext to dst.
func OpenChunk(a cipher.AEAD, dst []byte, stream ID, index uint32, last bool, sealed []byte) ([]byte, error) {
	if len(sealed) < SealOverhead {
		return nil, fmt.Errorf("%w: chunk %d is %d bytes, shorter than its nonce and tag", ErrDamaged, index, len(sealed))
	}
	if sealed[0] != chunkFormat {
		return nil, fmt.Errorf("%w: chunk %d has format %d", ErrDamaged, index, sealed[0])
	}
	nonce := sealed[1 : 1+chacha20poly1305.NonceSizeX]
	out, err := a.Open(dst, nonce, sealed[1+chacha20poly1305.NonceSizeX:], ChunkAD(stream, index, last))
	if err != nil {
		return nil, fmt.Errorf("%w: chunk %d failed authentication", ErrDamaged, index)
	}
	return out, nil
}

// Marshal is b's record's plaintext.
func (b Blob) Marshal() []byte {
	out := make([]byte, 0, blobRecordSize)
	out = append(out, b.Format)
	out = append(out, b.Stream[:]...)
	out = binary.BigEndian.AppendUint64(out, uint64(b.Size))
	out = binary.BigEndian.AppendUint32(out, b.Chunks)
	return append(out, b.Hash[:]...)
}

// ParseBlob reads a blob record found under id.
func ParseBlob(id ID, p []byte) (Blob, error) {
	var b Blob
	if len(p) != blobRecordSize || p[0] != FormatBLAKE3 && p[0] != FormatBLAKE2b {
		return b, fmt.Errorf("%w: blob record %s is malformed", ErrDamaged, id)
	}
	b.Format = p[0]
	copy(b.Stream[:], p[1:])
	size := binary.BigEndian.Uint64(p[1+IDSize:])
	b.Chunks = binary.BigEndian.Uint32(p[1+IDSize+8:])
	copy(b.Hash[:], p[1+IDSize+12:])
	if size > MaxSize || b.Chunks != ChunkCount(int64(size)) || b.Hash.ID() != id {
		return b, fmt.Errorf("%w: blob record %s does not agree with itself", ErrDamaged, id)
	}
	b.Size = int64(size)
	return b, nil
}

// Pending marks a stream being written: chunks 0 to Written-1 may exist.
type Pending struct {
	Written uint32
	Started time.Time
}

// Marshal is the marker's plaintext.
func (p Pending) Marshal() []byte {
	out := make([]byte, 0, pendingSize)
	out = append(out, pendingFormat)
	out = binary.BigEndian.AppendUint32(out, p.Written)
	return binary.BigEndian.AppendUint64(out, uint64(p.Started.UnixMicro()))
}

// ParsePending reads a pending marker.
func ParsePending(b []byte) (Pending, error) {
	if len(b) != pendingSize || b[0] != pendingFormat {
		return Pending{}, fmt.Errorf("%w: a pending attachment marker is malformed", ErrDamaged)
	}
	w := binary.BigEndian.Uint32(b[1:])
	if w > ChunkCount(MaxSize) {
		return Pending{}, fmt.Errorf("%w: a pending attachment marker names too many chunks", ErrDamaged)
	}
	return Pending{Written: w, Started: time.UnixMicro(int64(binary.BigEndian.Uint64(b[5:])))}, nil
}
