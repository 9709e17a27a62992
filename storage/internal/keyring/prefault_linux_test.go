package keyring

import (
	"os"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestPopulateFaultsInEveryPage checks that populate's parts cover the memory it is
// given, whole, at sizes that do not divide into its parts: every page of fresh
// memory (never touched, so not resident before) is resident after.
func TestPopulateFaultsInEveryPage(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	page := os.Getpagesize()
	for _, pages := range []int{1, 511, prefaultPartMin/page*2 + 1, prefaultPartMin/page*4 + 3} {
		b, err := unix.Mmap(-1, 0, pages*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
		if err != nil {
			t.Fatal(err)
		}
		if err := populate(b); err != nil {
			unix.Munmap(b)
			t.Skipf("this kernel cannot populate (before 5.14?): %v", err)
		}
		vec := make([]byte, pages)
		if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
			t.Fatal(errno)
		}
		for i, v := range vec {
			if v&1 == 0 {
				t.Errorf("%d pages: page %d is not resident after populate", pages, i)
				break
			}
		}
		unix.Munmap(b)
	}
}
