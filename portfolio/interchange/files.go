package interchange

import (
	"bytes"
	"errors"
	"os"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage/atomicfile"
)

// ErrFileExists means an export was not written because a file is already at its
// place and overwriting was not asked for. It is bad input (errors.Is ErrInvalid).
var ErrFileExists = errors.New("file already exists")

type fileExistsError struct{ path string }

func (e *fileExistsError) Error() string { return e.path + " already exists" }

func (e *fileExistsError) Is(target error) bool {
	return target == ErrFileExists || target == portfolio.ErrInvalid
}

// WriteFileAtomic writes an export to path with mode 0600, complete or not at all.
// The bytes go to a pending file beside path (never a system temp folder, which may
// be shared or kept): on Linux an unnamed file that vanishes if folio is killed,
// elsewhere a hidden name removed on any signal folio can catch and swept by a later
// run (atomicfile.SweepStale). A reader never sees half an export and no plaintext copy
// is left behind. Without overwrite an existing file is an error wrapping
// ErrFileExists, and the check is atomic: a hard link cannot replace a file.
func WriteFileAtomic(path string, data []byte, overwrite bool) error {
	return WriteStreamAtomic(path, bytes.NewReader(data), overwrite)
}

// SweepStale removes the temporary files an earlier folio, killed while writing an
// export or backup in dir, left there, and returns their names.
func SweepStale(dir string) ([]string, error) { return atomicfile.SweepStale(dir) }

// UnwrapPath drops the operation and path from a file error, for messages that name
// the file themselves.
func UnwrapPath(err error) error {
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
