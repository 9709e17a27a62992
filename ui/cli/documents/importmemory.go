package documents

import "runtime/debug"

// lightImportMemory is the Go runtime's soft memory limit while an archive of
// size bytes is read light and imported: 300 MiB, or five quarters of the file
// when that is more. The live heap of the 100k bench archive's import (258 MB)
// peaks at about 190 MB, but the collector, left to itself, lets the heap grow
// to twice what was live at its last cycle, and the process peaked at 370 to 460
// MiB; held to the limit it collects more often near the peak instead, and peaks
// at 320 MiB (docs/PERFORMANCE.md). The limit grows with the file because one
// below what is live would have the collector run all the time (the runtime caps
// it at half the CPU); it never fails an import.
func lightImportMemory(size int64) int64 { return max(300<<20, size/4*5) }

// holdHeap sets the runtime's soft memory limit to limit, unless one as low is
// set already (GOMEMLIMIT), and returns what puts the old one back.
func holdHeap(limit int64) func() {
	old := debug.SetMemoryLimit(-1)
	if limit >= old {
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}
