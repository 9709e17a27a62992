package interchange

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// TestWriteBenchJrnl writes the benchmarks' jrnl JSON export of FOLIO_BENCH_ENTRIES
// entries to FOLIO_BENCH_JRNL, for .ci/bench's whole-process import rows; without
// the variables it has nothing to do.
func TestWriteBenchJrnl(t *testing.T) {
	path := os.Getenv("FOLIO_BENCH_JRNL")
	if path == "" {
		t.Skip("set FOLIO_BENCH_JRNL to write a benchmark jrnl export (.ci/bench does)")
	}
	n, err := strconv.Atoi(os.Getenv("FOLIO_BENCH_ENTRIES"))
	if err != nil || n <= 0 {
		t.Fatalf("FOLIO_BENCH_ENTRIES: %v", err)
	}
	data := jrnlExport(n, false)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	entries, err := ParseJrnl(data, "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
	if err != nil || len(entries) != n {
		t.Fatalf("the written export reads back as %d entries (%v), want %d", len(entries), err, n)
	}
}
