//go:build unix

package storage

import (
	"os"

	"golang.org/x/sys/unix"
)

// newSecret maps n bytes (rounded up to a page) of private anonymous memory and locks
// it. If the lock fails (RLIMIT_MEMLOCK exhausted) the keys still live outside the
// heap and are still zeroed on release; they are only swappable.
func newSecret(n int) *secret {
	size := (n + os.Getpagesize() - 1) / os.Getpagesize() * os.Getpagesize()
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return &secret{b: make([]byte, n)}
	}
	_ = unix.Mlock(b)
	dontDump(b)
	return &secret{b: b[:n:n], full: b}
}

func (s *secret) destroy() {
	if s == nil || s.b == nil {
		return
	}
	clear(s.b)
	if s.full != nil {
		_ = unix.Munlock(s.full)
		_ = unix.Munmap(s.full)
	}
	s.b, s.full = nil, nil
}
