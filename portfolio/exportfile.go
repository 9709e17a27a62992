package portfolio

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrFileExists means an export was not written because a file is already at its
// place and overwriting was not asked for. It is bad input (errors.Is ErrInvalid).
var ErrFileExists = errors.New("file already exists")

type fileExistsError struct{ path string }

func (e *fileExistsError) Error() string { return e.path + " already exists" }

func (e *fileExistsError) Is(target error) bool {
	return target == ErrFileExists || target == ErrInvalid
}

// WriteFileAtomic writes an export to path with mode 0600, complete or not at all.
// The bytes go to a hidden file beside path (never a system temp folder, which may
// be shared or kept) and are synced before that file takes path's name; on any
// failure the hidden file is removed, so a reader never sees half an export and no
// plaintext copy is left behind. Without overwrite an existing file is an error
// wrapping ErrFileExists, and the check is atomic: a hard link cannot replace a file.
func WriteFileAtomic(path string, data []byte, overwrite bool) (err error) {
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
	tmp, err := os.CreateTemp(dir, ".folio-export-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, unwrapPath(err))
	}
	defer func() {
		// After a successful link the hidden name is a second name for the file.
		os.Remove(tmp.Name())
	}()
	// CreateTemp makes the file 0600; Chmod makes it so whatever the umask did.
	if err = tmp.Chmod(0o600); err == nil {
		if _, err = tmp.Write(data); err == nil {
			err = tmp.Sync()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if overwrite {
		err = os.Rename(tmp.Name(), path)
	} else if err = os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		return &fileExistsError{path}
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	// The new name is durable only once the folder is synced.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
