//go:build unix

package pagewalk

import (
	"os"
	"syscall"
)

// mapFile maps the first n bytes of f read-only, so a walk reads pages without a
// system call and a copy each. The caller keeps n within the file: a read past its
// end would be a bus error.
func mapFile(f *os.File, n int) ([]byte, error) {
	return syscall.Mmap(int(f.Fd()), 0, n, syscall.PROT_READ, syscall.MAP_SHARED)
}

func unmapFile(b []byte) { syscall.Munmap(b) }
