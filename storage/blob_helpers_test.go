package storage

import (
	"hash"

	"github.com/foliohq/folio/storage/internal/blob"
)

// The attachment tests here try storage/internal/blob through the vault, its keys
// and its file; these are that package's names under the ones the tests use.

const (
	chunksCollection     = blob.ChunksCollection
	blobsCollection      = blob.BlobsCollection
	pendingCollection    = blob.PendingCollection
	contentKeyInfo       = blob.ContentKeyInfo
	contentKeyInfoBLAKE3 = blob.ContentKeyInfoBLAKE3
	blobFormatBLAKE2b    = blob.FormatBLAKE2b
	blobFormatBLAKE3     = blob.FormatBLAKE3
	writeBatch           = blob.WriteBatch
	hashAhead            = blob.HashAhead
)

var (
	chunkCount     = blob.ChunkCount
	chunkAD        = blob.ChunkAD
	sealChunkNonce = blob.SealChunkNonce
)

// chunkKey is where chunk index of stream is stored.
func (k *keys) chunkKey(stream ID, index uint32) ID {
	return blob.ChunkKey(blob.ChunkPrefix(blobKeys{k}, stream), index)
}

// contentHash is the keyed hash that names blobs of format.
func (k *keys) contentHash(format byte) (hash.Hash, func(), error) {
	return blob.ContentHash(blobKeys{k}, format)
}
