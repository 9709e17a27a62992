package interchange

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/foliohq/folio/storage/atomicfile"
)

// WriteStreamAtomic is WriteFileAtomic for bytes read from r, which may be larger
// than folio would hold in memory (an attachment): they are copied to the pending
// file as they come, and the file appears at path only when r has been read to its
// end without error.
func WriteStreamAtomic(path string, r io.Reader, overwrite bool) error {
	if path == "" {
		return invalid("no file name to write to")
	}
	if st, serr := os.Stat(path); serr == nil {
		if st.IsDir() {
			return invalid("%s is a folder; name a file to write", path)
		}
		if !overwrite {
			return &fileExistsError{path}
		}
	}
	dir := filepath.Dir(path)
	pf, err := atomicfile.CreatePending(dir)
	if errors.Is(err, fs.ErrNotExist) {
		// The user named a folder that is not there: their input, not the machine.
		return invalid("cannot write in %s: there is no such folder", dir)
	}
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, UnwrapPath(err))
	}
	defer pf.Abort()
	if _, err = io.Copy(pf.File(), r); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, UnwrapPath(err))
	}
	err = pf.Commit(path, overwrite)
	if errors.Is(err, os.ErrExist) {
		return &fileExistsError{path}
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, UnwrapPath(err))
	}
	return nil
}
