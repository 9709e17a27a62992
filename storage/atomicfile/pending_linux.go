//go:build linux

package atomicfile

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// openUnnamed opens an unnamed file in dir; ok is false where the kernel or the file
// system does not offer them (EOPNOTSUPP, EISDIR from kernels before 3.11, ...).
func openUnnamed(dir string) (*os.File, bool) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, false
	}
	return os.NewFile(uintptr(fd), dir), true
}

// linkFD gives the unnamed file f the name path through /proc/self/fd, which needs no
// privilege (linkat with AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH).
func linkFD(f *os.File, path string) error {
	proc := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EEXIST):
		return &os.LinkError{Op: "link", Old: proc, New: path, Err: os.ErrExist}
	case errors.Is(err, unix.ENOENT):
		if _, serr := os.Stat(proc); serr != nil {
			return errNoProcLink
		}
	}
	return &os.LinkError{Op: "link", Old: proc, New: path, Err: err}
}
