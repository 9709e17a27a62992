package pagewalk

import "syscall"

// dropMapped takes b's pages out of the process's resident memory; reading b
// again faults them back in from the file.
func dropMapped(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }
