package keyring

import (
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// prefaultPartMin is the least memory one of prefault's calls faults in.
const prefaultPartMin = 2 << 20

// prefault makes n bytes of the heap resident and free just before Argon2 asks for
// n: Argon2 (golang.org/x/crypto) XORs each block into fresh memory, so each page
// faults twice, once read (the zero page) and once written (a copy), and at the
// bench's parameters (t=3, 16 MiB) the faults were about a fifth of the key
// derivation's time. madvise(MADV_POPULATE_WRITE) makes the pages writable, one
// call for each part of the memory, the parts side by side over the cores (the
// kernel's clearing of the pages is most of it, and nothing else runs yet); the
// collection frees them, and Argon2's allocation of the same size, the next large
// one, takes them (cleared by the runtime, not faulted in). The peak memory is the
// same: Argon2 uses the pages this made. On a kernel without MADV_POPULATE_WRITE
// (before 5.14) it faults nothing in.
func prefault(n int) {
	b := make([]byte, n)
	// If the kernel cannot, the pages stay as they were, untouched; the collection
	// still frees them for Argon2, as the collector is held off (holdCollector).
	_ = populate(b)
	runtime.KeepAlive(b)
	b = nil
	runtime.GC()
}

// populate faults b in, in up to GOMAXPROCS parts of whole pages at once.
func populate(b []byte) error {
	parts := min(runtime.GOMAXPROCS(0), len(b)/prefaultPartMin)
	if parts <= 1 {
		return unix.Madvise(b, unix.MADV_POPULATE_WRITE)
	}
	page := os.Getpagesize()
	size := (len(b)/parts + page - 1) / page * page
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		part := b[min(i*size, len(b)):min((i+1)*size, len(b))]
		wg.Go(func() { errs[i] = unix.Madvise(part, unix.MADV_POPULATE_WRITE) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
