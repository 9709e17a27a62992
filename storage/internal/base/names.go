package base

import (
	"encoding/hex"
	"fmt"
)

// BucketNameSize is the length of a collection's bucket name: the first bytes of an
// HMAC of its name (docs/VAULT.md, "Collection buckets").
const BucketNameSize = 16

// RecordName is how a damaged record's key is reported: its ID, or the start of the
// key in hex if it is not one.
func RecordName(key []byte) string {
	if len(key) == IDSize {
		return ID(key).String()
	}
	return fmt.Sprintf("%x", key[:min(len(key), 2*IDSize)])
}

// HexName is how a bucket folio cannot name is reported.
func HexName(name []byte) string { return "collection " + hex.EncodeToString(name) }
