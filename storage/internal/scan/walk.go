// Package scan is the vault's reads of its file without bbolt: the walk of the
// top-level tree, the header's bucket and the collections (tree.go), and seeks of
// many records at once, in parallel (seek.go), on storage/internal/pagewalk's
// bounds-checked walk and seek. The vault hands it a file and a transaction; it
// knows the file's layout (docs/VAULT.md) but no key: what it finds is sealed.
package scan

import "github.com/foliohq/folio/storage/internal/pagewalk"

// Walk is pagewalk's walk with the vault's scans (tree.go) on it.
type Walk struct {
	*pagewalk.Walk
	// Sparse names a bucket whose leaves a walk that reads no values (Tree
	// without keep) reads in part (pagewalk's SetSparse).
	Sparse []byte
	// KeysOnly has a walk in file order that reads no values read every
	// collection's multi-page leaves in part (pagewalk's SetKeysOnly): Sparse for
	// a walk that cannot name the bucket, having started before the key did.
	KeysOnly bool
	// keysWanted has a walk that reads no values keep each record's key, a
	// copy, in its Bucket's Recs (LiveKeys).
	keysWanted bool
}

// Open starts a walk of the file at path as of transaction txn, through a mapping.
func Open(path string, pageSize int, txn uint64) (*Walk, error) {
	return OpenMapped(path, pageSize, txn, true)
}

// OpenMapped is Open, reading through a mapping only if mapped.
func OpenMapped(path string, pageSize int, txn uint64, mapped bool) (*Walk, error) {
	w, err := pagewalk.OpenMapped(path, pageSize, txn, mapped)
	if err != nil {
		return nil, err
	}
	return &Walk{Walk: w}, nil
}
