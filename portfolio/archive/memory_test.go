package archive_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// TestLightImportHoldsLittleOfTheArchive imports an archive whose entries' text
// is 24 MiB, read light from its file, in batches of 1 MiB: after every batch the
// live heap (collected, so counts, not timing) has grown by less than a quarter of
// the text, where holding the archive whole would take all of it.
func TestLightImportHoldsLittleOfTheArchive(t *testing.T) {
	const n, body = 3000, 8 << 10
	live := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	file := textArchive(t, n, body)
	p, _ := testvault.New(t)
	// Twice: json's encoder keeps its buffer, the archive's size, past one.
	live()
	base := live()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	checked := precheck.New(p)
	light, err := interchange.ReadArchiveLight(f, st.Size(), "archive.json", checked.Check)
	if err != nil {
		t.Fatal(err)
	}
	light.Checked = checked
	const text = n * body
	worst := int64(-1 << 62)
	batches := 0
	rep, err := archive.ImportArchiveTakingBatched(p, light, 1<<20, func(int) error {
		batches++
		worst = max(worst, live()-base)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["entries"].Added != n || batches < 10 {
		t.Fatalf("%v in %d batches", rep.Lines(), batches)
	}
	if worst > text/3 {
		t.Fatalf("the live heap grew by %d KiB while importing %d KiB of text; want under a third of it", worst>>10, text>>10)
	}
	t.Logf("light: the live heap grew by at most %d KiB for %d KiB of text", worst>>10, text>>10)

	// The same archive read whole does hold its text: the measure tells them apart.
	q, _ := testvault.New(t)
	live()
	base = live()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := interchange.ParseArchive(data, "archive.json")
	if err != nil {
		t.Fatal(err)
	}
	data = nil
	worstWhole := int64(-1 << 62)
	if _, err := archive.ImportArchiveBatched(q, whole, 1<<20, func(int) error {
		worstWhole = max(worstWhole, live()-base)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(whole)
	t.Logf("whole: the live heap grew by at most %d KiB", worstWhole>>10)
	if worstWhole < 0 || worst > worstWhole/3 {
		t.Fatalf("light import grew the live heap by %d KiB, one of the archive held whole by %d KiB", worst>>10, worstWhole>>10)
	}
}

// textArchive writes an archive of n entries with bodies of size bytes to a file.
func textArchive(t *testing.T, n, size int) string {
	t.Helper()
	a := entriesArchive(n)
	for i := range a.Entries {
		a.Entries[i].Body = strings.Repeat(fmt.Sprintf("Notes on case %d. ", i), size/16)[:size]
	}
	data, err := interchange.MarshalArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "archive.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestLightImportKeepsEntriesInPlace imports entries read light and counts what
// the vault's portfolio then holds for each (the live heap, collected: counts, not
// timing). A written entry is kept as its metadata in the light entry's own place
// (portfolio.Staged.CommitBatch): a copy of each beside it, 352 bytes an entry and
// the largest part of an import's peak at 100k entries after the text, costs more
// than the bound.
func TestLightImportKeepsEntriesInPlace(t *testing.T) {
	const n = 6000
	live := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	file := textArchive(t, n, 256)
	p, _ := testvault.New(t)
	live()
	base := live()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	checked := precheck.New(p)
	light, err := interchange.ReadArchiveLight(f, st.Size(), "archive.json", checked.Check)
	if err != nil {
		t.Fatal(err)
	}
	light.Checked = checked
	rep, err := archive.ImportArchiveTakingBatched(p, light, 256<<10, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["entries"].Added != n {
		t.Fatal(rep.Lines())
	}
	per := (live() - base) / n
	runtime.KeepAlive(light)
	t.Logf("%d bytes an entry held after the import", per)
	if per > 1450 {
		t.Fatalf("the vault holds %d bytes an imported entry; want under 1450", per)
	}
}
