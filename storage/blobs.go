package storage

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"io"

	"github.com/foliohq/folio/storage/internal/blob"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
)

// Attachments are storage/internal/blob's: files kept as sealed chunks named by a
// keyed hash of their bytes (docs/VAULT.md, "Attachments"). The vault hands the
// package its keys (blobKeys), its reads (blobVault) and its transactions (txStore,
// as history's), and these are the names the rest of folio uses.

const (
	// ChunkSize is the plaintext size of every chunk but the last.
	ChunkSize = blob.ChunkSize
	// MaxBlobSize is the largest blob the vault keeps.
	MaxBlobSize = blob.MaxSize
	// HashSize is the size of a blob's keyed hash.
	HashSize = blob.HashSize
	// BlobsName and ChunksName are how Check names damage to blob records and to
	// chunks no blob names; a damaged blob is reported with the blob's ID (Hash.ID).
	BlobsName  = blob.BlobsName
	ChunksName = blob.ChunksName
)

// ErrTooLarge refuses a blob over MaxBlobSize.
var ErrTooLarge = blob.ErrTooLarge

type (
	// Hash is a blob's keyed hash, which names it.
	Hash = blob.Hash
	// Blob describes a stored blob.
	Blob = blob.Blob
	// BlobReader streams a blob's bytes, authenticating each chunk first.
	BlobReader = blob.Reader
	// Staged is a blob whose chunks are written but not yet kept: Tx.CommitBlob
	// keeps it, Discard drops it, and a process that dies first leaves it to
	// SweepPending.
	Staged = blob.Staged
)

// Updater runs fn in one write transaction, as Vault.Update does; a caller that
// keeps data of its own in step with every transaction (a generation record) passes
// its own. nil is Vault.Update.
type Updater func(fn func(*Tx) error) error

// blobUpdater is u (nil: v.Update) as the attachments run it.
func (v *Vault) blobUpdater(u Updater) blob.Updater {
	if u == nil {
		u = v.Update
	}
	return func(fn func(blob.Tx) error) error {
		return u(func(t *Tx) error { return fn(txStore{t}) })
	}
}

// OpenBlob finds the blob named h. A blob the vault does not hold is ErrNotFound.
func (v *Vault) OpenBlob(h Hash) (*BlobReader, error) { return blob.Open(v.blobs(), h) }

// Blobs lists the blobs the vault holds, and blob records that are damaged.
func (v *Vault) Blobs() ([]Blob, []Damage, error) { return blob.List(v.blobs()) }

// StageBlob reads r to its end and writes it as a new stream of sealed chunks, a
// batch per transaction run by update, holding no more than a batch in memory. More
// than MaxBlobSize bytes is ErrTooLarge. On any error what was written is discarded.
// The blob is named by keyed BLAKE3.
func (v *Vault) StageBlob(r io.Reader, update Updater) (*Staged, error) {
	return v.stageBlob(r, update, MaxBlobSize, nil)
}

// StageBlobAs stages r as StageBlob does, for bytes that another vault with this
// data key (a device of the same portfolio) named h: a blob written before BLAKE3
// keeps its keyed BLAKE2b name (blob.Stage says how).
func (v *Vault) StageBlobAs(r io.Reader, update Updater, h Hash) (*Staged, error) {
	return v.stageBlob(r, update, MaxBlobSize, &h)
}

// stageBlob is StageBlob or, with want, StageBlobAs, with a limit, so tests need not
// write 256 MiB to try it.
func (v *Vault) stageBlob(r io.Reader, update Updater, limit int64, want *Hash) (*Staged, error) {
	return blob.Stage(blobKeys{v.keys}, r, v.blobUpdater(update), limit, want)
}

// SweepPending discards every stream left pending by a process that stopped before
// it committed, and returns how many. It reads only the pending markers, never the
// chunks.
func (v *Vault) SweepPending(update Updater) (int, error) {
	return blob.SweepPending(v.blobs(), v.blobUpdater(update))
}

// CommitBlob keeps a staged blob, in the caller's transaction, and returns it. If the
// vault already holds a blob with the same bytes, the staged chunks are deleted and
// the blob already there is returned: one file kept twice is stored once.
func (t *Tx) CommitBlob(s *Staged) (Blob, error) { return blob.Commit(txStore{t}, s) }

// DeleteBlob deletes the blob named h and all its chunks, in the caller's transaction.
// Deleting a blob that is not there is no error.
func (t *Tx) DeleteBlob(h Hash) error { return blob.Delete(blobKeys{t.keys}, txStore{t}, h) }

// blobKeys is what the attachments use of the vault's keys.
type blobKeys struct{ k *keys }

func (b blobKeys) BucketName(collection string) []byte { return b.k.bucketName(collection) }
func (b blobKeys) Open(bucket, key, sealed []byte) ([]byte, error) {
	return b.k.open(bucket, key, sealed)
}
func (b blobKeys) WithAEAD(fn func(cipher.AEAD) error) error { return b.k.withAEAD(fn) }
func (b blobKeys) WithDataKey(fn func([]byte) error) error   { return b.k.withDataKey(fn) }

// NameMAC is keyed with the name key while the lock keeps the key's page mapped;
// the HMAC holds its own copy of the key from then on.
func (b blobKeys) NameMAC() hash.Hash {
	b.k.mu.RLock()
	defer b.k.mu.RUnlock()
	return hmac.New(sha256.New, b.k.nameKey)
}

// blobVault is what the attachments read of the vault.
type blobVault struct {
	blobKeys
	v *Vault
}

func (v *Vault) blobs() blobVault { return blobVault{blobKeys{v.keys}, v} }

func (b blobVault) Get(collection string, id ID) ([]byte, error) {
	return b.v.Get(collection, id)
}
func (b blobVault) Load(collection string, fn func(ID, []byte) error) ([]Damage, error) {
	return b.v.Load(collection, fn)
}

// Seek opens a walk of the file mapped into memory as of a read transaction, whose
// pages writers do not reuse while it lasts.
func (b blobVault) Seek(fn func(w *pagewalk.Walk) error) error {
	return b.v.view(func(tx *bolt.Tx) error {
		w, err := pagewalk.OpenMapped(b.v.path, b.v.db.Info().PageSize, uint64(tx.ID()), true)
		if err != nil {
			return err
		}
		defer w.Close()
		return fn(w)
	})
}
