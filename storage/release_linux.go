//go:build linux

package storage

import "golang.org/x/sys/unix"

// dropMapped tells the kernel the process no longer needs the n bytes of the
// vault's mapping at addr. The mapping is bbolt's, shared and read-only, so
// nothing in it is dirty: the pages stay in the page cache, and a later read
// maps them again.
func dropMapped(addr uintptr, n int64) error {
	if n <= 0 {
		return nil
	}
	if _, _, errno := unix.Syscall(unix.SYS_MADVISE, addr, uintptr(n), unix.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
