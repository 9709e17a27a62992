package keyring

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// prefault makes n bytes of the heap resident and free just before Argon2 asks for
// n: Argon2 (golang.org/x/crypto) XORs each block into fresh memory, so each page
// faults twice, once read (the zero page) and once written (a copy), and at the
// bench's parameters (t=3, 16 MiB) the faults were about a fifth of the key
// derivation's time. One madvise(MADV_POPULATE_WRITE) makes the pages writable in
// one call; the collection frees them, and Argon2's allocation of the same size,
// the next large one, takes them (cleared by the runtime, not faulted in). The
// peak memory is the same: Argon2 uses the pages this made. On a kernel without
// MADV_POPULATE_WRITE (before 5.14) it does nothing.
func prefault(n int) {
	b := make([]byte, n)
	if unix.Madvise(b, unix.MADV_POPULATE_WRITE) != nil {
		return
	}
	runtime.KeepAlive(b)
	b = nil
	runtime.GC()
}
