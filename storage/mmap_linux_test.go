//go:build linux && (amd64 || arm64 || loong64 || mips64 || mips64le || ppc64 || ppc64le || riscv64 || s390x)

package storage

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// largestMapping is the size of the largest mapping of path in this process, from
// /proc/self/maps.
func largestMapping(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var largest int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[len(fields)-1] != path {
			continue
		}
		lo, hi, _ := strings.Cut(fields[0], "-")
		a, err1 := strconv.ParseUint(lo, 16, 64)
		b, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("unreadable line in /proc/self/maps: %q", sc.Text())
		}
		largest = max(largest, int64(b-a))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return largest
}

// A writable vault is mapped a gigabyte ahead of its file, which does not grow to
// match; a read-only one is mapped as before.
func TestWriterMapsAheadReaderDoesNot(t *testing.T) {
	v, path := newTestVault(t)
	if got := largestMapping(t, path); got != initialMmapSize {
		t.Fatalf("writable vault mapped %d bytes, want %d", got, initialMmapSize)
	}
	if err := v.Put("entries", NewID(), make([]byte, 3<<20)); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 64<<20 {
		t.Fatalf("the file grew to %d bytes with the mapping; it holds 3 MiB", fi.Size())
	}
	v.Close()

	r := openTest(t, path, testPass, Options{ReadOnly: true})
	if got := largestMapping(t, path); got == 0 || got >= initialMmapSize {
		t.Fatalf("read-only vault mapped %d bytes, want the file's size rounded up", got)
	}
	r.Close()
}
