package storage

import "github.com/foliohq/folio/storage/internal/pagewalk"

// The vault reads its file through storage/internal/pagewalk's bounds-checked walk and
// seek. fileWalk adds the vault's own scans (scan.go) to it.
type fileWalk struct {
	*pagewalk.Walk
	// sparse names a bucket whose leaves a walk that reads no values (scanTree
	// without keep) reads in part (pagewalk's SetSparse).
	sparse []byte
}

// Rollback describes a vault whose newest bbolt meta page is damaged, so that bbolt
// fell back to the one before and the vault opened as it was before its last change.
type Rollback = pagewalk.Rollback

func openWalk(path string, pageSize int, txn uint64) (*fileWalk, error) {
	return openWalkMapped(path, pageSize, txn, true)
}

func openWalkMapped(path string, pageSize int, txn uint64, mapped bool) (*fileWalk, error) {
	w, err := pagewalk.OpenMapped(path, pageSize, txn, mapped)
	if err != nil {
		return nil, err
	}
	return &fileWalk{Walk: w}, nil
}

// recoverDamage, deferred, reports a panic from a damaged file as ErrDamaged.
func recoverDamage(err *error) { pagewalk.Recover(err) }
