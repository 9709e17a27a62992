//go:build unix

package keyring

import (
	"os"

	"golang.org/x/sys/unix"
)

// NewSecret maps n bytes (rounded up to a page) of private anonymous memory and locks
// it. If the lock fails (RLIMIT_MEMLOCK exhausted) the keys still live outside the
// heap and are still zeroed on release; they are only swappable.
func NewSecret(n int) *Secret {
	size := (n + os.Getpagesize() - 1) / os.Getpagesize() * os.Getpagesize()
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return &Secret{b: make([]byte, n)}
	}
	_ = unix.Mlock(b)
	dontDump(b)
	return &Secret{b: b[:n:n], full: b}
}

// Destroy overwrites the secret (and unmaps it); it is empty afterwards.
func (s *Secret) Destroy() {
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
