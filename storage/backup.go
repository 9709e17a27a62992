package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent snapshot of the encrypted file to out while the vault
// stays open. The snapshot is written under a temporary name beside out and moved
// into place complete, with mode 0600; an existing out is replaced only if overwrite.
func (v *Vault) Backup(out string, overwrite bool) error {
	if !overwrite {
		if _, err := os.Stat(out); err == nil {
			return fmt.Errorf("%w: %s already exists", ErrExists, out)
		}
	}
	dir := filepath.Dir(out)
	tmp, err := os.CreateTemp(dir, ".folio-backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = v.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	})
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if overwrite {
		err = os.Rename(tmp.Name(), out)
	} else if err = os.Link(tmp.Name(), out); errors.Is(err, os.ErrExist) {
		err = fmt.Errorf("%w: %s already exists", ErrExists, out)
	}
	if err != nil {
		return err
	}
	return syncDir(dir)
}
