package snapshot

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/foliohq/folio/storage/atomicfile"
	"github.com/foliohq/folio/storage/internal/base"
)

// Backup writes a consistent copy of the vault file, which copyTo writes (one read
// transaction's view), to out while the vault stays open. It is written as a pending
// file (storage/atomicfile), so a kill leaves either the complete copy at out or
// nothing; it has mode 0600, and an existing out is replaced only if overwrite.
func Backup(copyTo func(io.Writer) error, out string, overwrite bool) error {
	if !overwrite {
		if _, err := os.Stat(out); err == nil {
			return fmt.Errorf("%w: %s already exists", base.ErrExists, out)
		}
	}
	pf, err := atomicfile.CreatePending(filepath.Dir(out))
	if err != nil {
		return err
	}
	defer pf.Abort()
	if err := copyTo(pf.File()); err != nil {
		return err
	}
	err = pf.Commit(out, overwrite)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%w: %s already exists", base.ErrExists, out)
	}
	return err
}
