package documents

import (
	"runtime/debug"
	"testing"
)

// holdHeap lowers the runtime's soft memory limit for an import and puts the
// old one back after; a limit set lower already (GOMEMLIMIT) is kept.
func TestHoldHeapSetsAndPutsBack(t *testing.T) {
	const before = 1 << 40
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(before))
	undo := holdHeap(300 << 20)
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Fatalf("during the import the limit is %d, want %d", got, 300<<20)
	}
	undo()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("after the import the limit is %d, want %d back", got, before)
	}
	debug.SetMemoryLimit(200 << 20)
	undo = holdHeap(300 << 20)
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Fatalf("a lower limit set before was raised to %d", got)
	}
	undo()
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Fatalf("after the import the limit is %d, want %d", got, 200<<20)
	}
}

// The limit is 300 MiB up to an archive of 240 MiB, then grows with the file, so
// that a larger archive's live heap does not pass it.
func TestLightImportMemoryGrowsWithTheFile(t *testing.T) {
	for _, c := range []struct{ size, want int64 }{
		{64 << 20, 300 << 20},
		{258_034_597, 322_543_245}, // the 100k bench archive: five quarters of it
		{400 << 20, 500 << 20},
	} {
		if got := lightImportMemory(c.size); got != c.want {
			t.Errorf("lightImportMemory(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}
