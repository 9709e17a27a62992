package blob

import (
	"bytes"
	"crypto/cipher"
	"hash"

	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
)

// What the attachments need of the vault, which implements these (storage/blobs.go).
// They are the vault's, not the package's, so that the attachments hold no key and
// open no file of their own.

// Keys is the vault's keys, as the attachments use them.
type Keys interface {
	// BucketName is the name of a collection's bucket.
	BucketName(collection string) []byte
	// Open authenticates and opens a record sealed in bucket under key.
	Open(bucket, key, sealed []byte) ([]byte, error)
	// WithAEAD runs fn with the record key's AEAD, which seals the chunks.
	WithAEAD(fn func(cipher.AEAD) error) error
	// WithDataKey runs fn with the data key, from which the content keys derive;
	// fn must not keep it.
	WithDataKey(fn func(dataKey []byte) error) error
	// NameMAC is a new HMAC-SHA256 keyed with the name key, which names the chunks.
	NameMAC() hash.Hash
}

// Vault is the vault's reads, as the attachments use them.
type Vault interface {
	Keys
	// Get opens the record id of collection; one that is not there is ErrNotFound.
	Get(collection string, id ID) ([]byte, error)
	// Load opens every record of collection, calling fn (from several goroutines),
	// and returns the records that did not authenticate.
	Load(collection string, fn func(id ID, plain []byte) error) ([]Damage, error)
	// Seek runs fn in a read transaction with a bounds-checked walk of the file as of
	// it, mapped into memory, and reports a fault in a damaged file as ErrDamaged.
	Seek(fn func(w *pagewalk.Walk) error) error
}

// Tx is one of the vault's transactions, as the attachments write through it.
type Tx interface {
	// Bucket is the bucket named name, nil if there is none.
	Bucket(name []byte) *bolt.Bucket
	// CreateBucket is the bucket named name, created if there is none.
	CreateBucket(name []byte) (*bolt.Bucket, error)
	// BucketName is the name of a collection's bucket.
	BucketName(collection string) []byte
	// Open authenticates and opens a record sealed in bucket under key.
	Open(bucket, key, sealed []byte) ([]byte, error)
	// Count adds d to the record count of bucket, and NoteID adds id to (or takes
	// it from) the bucket's ID set: what a key written or deleted directly changes.
	Count(bucket []byte, d int64)
	NoteID(bucket []byte, id ID, present bool)
	// Put seals and stores a record, and Delete deletes one, as the vault's Tx does.
	Put(collection string, id ID, plain []byte) error
	Delete(collection string, id ID) error
}

// Updater runs fn in one write transaction of the vault.
type Updater func(fn func(Tx) error) error

// has reports whether bucket b holds key. The vault walked the file sound before
// any write, so bbolt's cursor is safe here.
func has(b *bolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return bytes.Equal(k, key)
}
