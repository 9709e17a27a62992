//go:build linux

package storage

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
)

// mappedRSS is how much of path's mappings in this process is resident, in
// bytes, from /proc/self/smaps.
func mappedRSS(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rss int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			// A mapping's first line: range, perms, offset, device, inode, path.
			in = len(fields) >= 6 && fields[len(fields)-1] == path
			continue
		}
		if in && fields[0] == "Rss:" && len(fields) >= 2 {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatalf("unreadable line in /proc/self/smaps: %q", sc.Text())
			}
			rss += kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rss
}

// Reads through bbolt's mapping leave the pages they touch resident, so a long
// run of transactions gathers up to the whole file; ReleaseMapped lets them go,
// and what is read afterwards is read as before.
func TestReleaseMappedLetsGoOfTheFilesPages(t *testing.T) {
	v, path := newTestVault(t)
	const n, size = 64, 256 << 10
	ids := make([]ID, n)
	for i := range ids {
		ids[i] = NewID()
		if err := v.Put("entries", ids[i], bytes.Repeat([]byte{byte(i)}, size)); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		if _, err := v.Get("entries", id); err != nil {
			t.Fatal(err)
		}
	}
	before := mappedRSS(t, path)
	if before < n*size/2 {
		t.Fatalf("reading %d KiB through the mapping left %d KiB resident; the measure does not see the reads", n*size>>10, before>>10)
	}
	if err := v.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	after := mappedRSS(t, path)
	if after > before/8 {
		t.Fatalf("%d KiB of the vault stay resident after ReleaseMapped, %d KiB before", after>>10, before>>10)
	}
	t.Logf("resident: %d KiB before, %d KiB after", before>>10, after>>10)
	for i, id := range ids {
		plain, err := v.Get("entries", id)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(plain, bytes.Repeat([]byte{byte(i)}, size)) {
			t.Fatalf("record %d reads back changed after ReleaseMapped", i)
		}
	}
}
