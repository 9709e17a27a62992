//go:build linux

package archive_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// mappedRSS is how much of path's mappings in this process is resident, in
// bytes, from /proc/self/smaps: the vault's pages bbolt has read through its
// mapping of the file.
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

// TestBatchesLetGoOfTheFilesPages imports 24 MiB of entries' text in batches of
// 1 MiB: after each batch, little of the vault's file stays mapped into the
// process (file-backed resident memory), where without letting go of it the
// pages the batches read gather batch after batch.
func TestBatchesLetGoOfTheFilesPages(t *testing.T) {
	const n, body = 3000, 8 << 10
	file := textArchive(t, n, body)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a, err := interchange.ParseArchive(data, "archive.json")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := testvault.New(t)
	worst, batches := int64(0), 0
	rep, err := archive.ImportArchiveTakingBatched(p, a, 1<<20, func(int) error {
		batches++
		worst = max(worst, mappedRSS(t, p.Path()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["entries"].Added != n || batches < 10 {
		t.Fatalf("%v in %d batches", rep.Lines(), batches)
	}
	if worst > 2<<20 {
		t.Fatalf("%d KiB of the vault stayed resident after a batch; want under 2 MiB", worst>>10)
	}
	t.Logf("at most %d KiB of the vault resident after a batch", worst>>10)
}
