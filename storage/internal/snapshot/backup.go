package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/foliohq/folio/storage/atomicfile"
	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent snapshot of the encrypted file to out while the vault
// stays open. It is written as a pending file (storage/atomicfile), so a kill leaves either
// the complete snapshot at out or nothing; it has mode 0600, and an existing out is
// replaced only if overwrite.
func (v *Vault) Backup(out string, overwrite bool) error {
	if !overwrite {
		if _, err := os.Stat(out); err == nil {
			return fmt.Errorf("%w: %s already exists", ErrExists, out)
		}
	}
	pf, err := atomicfile.CreatePending(filepath.Dir(out))
	if err != nil {
		return err
	}
	defer pf.Abort()
	err = v.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(pf.File())
		return err
	})
	if err != nil {
		return err
	}
	err = pf.Commit(out, overwrite)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%w: %s already exists", ErrExists, out)
	}
	return err
}
