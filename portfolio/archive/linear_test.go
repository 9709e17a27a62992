package archive_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/storage"
)

// entriesArchive is an archive of n entries, as an export of the current records
// writes it: each with its own ID, a date, tags and a body of a few sentences.
func entriesArchive(n int) *archive.Archive {
	a := &archive.Archive{Format: archive.ArchiveFormat, Version: archive.ArchiveVersion, ExportedAt: testvault.Now}
	for i := range n {
		a.Entries = append(a.Entries, portfolio.Entry{
			ID:        portfolio.ID(storage.NewID().String()),
			Title:     fmt.Sprintf("Reflection %d", i),
			Body:      strings.Repeat(fmt.Sprintf("What I learned on shift %d about dosing. ", i), 8),
			Date:      calendar.MakeDate(2000+i%26, time.Month(1+i%12), 1+i%28),
			Tags:      []string{fmt.Sprintf("ward-%d", i%40), "dosing"},
			Functions: portfolio.Functions(portfolio.Formative),
			Created:   testvault.Now.Add(-24 * time.Hour),
			Updated:   testvault.Now.Add(-24 * time.Hour),
		})
	}
	return a
}

// historyArchive is the full archive, histories included, of a vault holding the
// n entries of entriesArchive, each saved and then changed once (two versions).
func historyArchive(t *testing.T, n int) *archive.Archive {
	t.Helper()
	p, c := testvault.New(t)
	saved, err := p.AddEntries(entriesArchive(n).Entries)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	ids := make([]portfolio.ID, len(saved))
	for i, e := range saved {
		ids[i] = e.ID
	}
	keep := func(*portfolio.Entry) bool { return true }
	if _, err := p.RewriteEntries(ids, keep, func(e *portfolio.Entry, now time.Time) { e.Discuss, e.Updated = true, now }); err != nil {
		t.Fatal(err)
	}
	a, err := archive.FullArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.History) != n || len(a.History[0].Versions) != 2 {
		t.Fatalf("%d histories, the first of %d versions; want %d of 2", len(a.History), len(a.History[0].Versions), n)
	}
	return a
}

// importCost imports the archive made of n entries into a new vault and counts
// the heap allocations and bytes the import made: counts, not time, so the test is
// the same on a loaded machine.
func importCost(t *testing.T, n int, build func(*testing.T, int) *archive.Archive) (allocs, bytes float64) {
	t.Helper()
	a := build(t, n)
	p, _ := testvault.New(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := archive.ImportArchive(p, a)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Counts["entries"].Added; got != n {
		t.Fatalf("%d entries added, want %d", got, n)
	}
	return float64(after.Mallocs - before.Mallocs), float64(after.TotalAlloc - before.TotalAlloc)
}

// An archive's import costs what it imports: four times the entries take at most
// about four times the allocations and bytes, for the current records alone and
// with their histories. The 100k import was measured at 40 times the CPU of the 10k
// one; what grows with the square of the entries by allocating (a sort or a copy of
// what is staged per record, a rescan of the histories per version) shows here as
// a per-entry cost that grows with n. Puts out of key order cost moves, not
// allocations: TestImportPutsRecordsInKeyOrder keeps that one away.
func TestArchiveImportIsLinear(t *testing.T) {
	t.Run("current", func(t *testing.T) {
		importIsLinear(t, func(_ *testing.T, n int) *archive.Archive { return entriesArchive(n) })
	})
	t.Run("history", func(t *testing.T) {
		importIsLinear(t, historyArchive)
	})
}

func importIsLinear(t *testing.T, build func(*testing.T, int) *archive.Archive) {
	const small, large = 400, 1600
	sa, sb := importCost(t, small, build)
	la, lb := importCost(t, large, build)
	perSmall, perLarge := sa/small, la/large
	bytesSmall, bytesLarge := sb/small, lb/large
	t.Logf("allocations per entry: %.0f at %d, %.0f at %d; bytes per entry: %.0f, %.0f", perSmall, small, perLarge, large, bytesSmall, bytesLarge)
	// Fixed costs (the transaction, the catalogue's directory) only make the
	// smaller import dearer per entry; a quarter's slack covers maps and slices
	// doubling past a different size.
	if perLarge > 1.25*perSmall {
		t.Errorf("allocations per entry grew from %.0f at %d entries to %.0f at %d: the import is not linear", perSmall, small, perLarge, large)
	}
	if bytesLarge > 1.25*bytesSmall {
		t.Errorf("bytes per entry grew from %.0f at %d entries to %.0f at %d: the import is not linear", bytesSmall, small, bytesLarge, large)
	}
}
