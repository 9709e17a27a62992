package interchange

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// smallBatch makes a jrnl export of a few hundred entries take dozens of batches.
const smallBatch = 8 << 10

// batchJrnl is a jrnl export of n entries of about 600 bytes, dated before the
// test clock's day (jrnlExport's).
func batchJrnl(t testing.TB, n int) []SourceEntry {
	t.Helper()
	src, err := ParseJrnl(jrnlExport(n, false), "journal.json", portfolio.Functions(portfolio.Formative), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// entryTitles are the titles of the vault's entries, sorted, copied to outlive
// the vault's memory.
func entryTitles(p *portfolio.Portfolio) []string {
	got := testvault.Titles(p.Find(portfolio.Query{}))
	for i := range got {
		got[i] = strings.Clone(got[i])
	}
	slices.Sort(got)
	return got
}

func mustCheck(t *testing.T, p *portfolio.Portfolio) {
	t.Helper()
	rep, err := p.Check()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check: %+v", rep)
	}
}

// TestEntryImportIsBatched: the entries of a jrnl import are written in batches,
// each committed on its own, and the vault ends as one transaction would leave it:
// every entry, in memory and after a reopen, and a second import adds nothing.
func TestEntryImportIsBatched(t *testing.T) {
	p, c := testvault.New(t)
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Mine", Body: "Kept.", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today})
	src := batchJrnl(t, 300)
	batches := 0
	rep, err := importEntries(p, src, EntryImportOptions{}, batching{size: smallBatch, after: func(int) error { batches++; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if batches < 10 {
		t.Fatalf("the import took %d batches; want many", batches)
	}
	if got := rep.Counts["entries"].Added; got != 300 {
		t.Fatalf("report: %v", rep.Lines())
	}
	want := entryTitles(p)
	if len(want) != 301 {
		t.Fatalf("the vault holds %d entries, want 301", len(want))
	}
	p = testvault.Reopen(t, p, c)
	if got := entryTitles(p); !slices.Equal(got, want) {
		t.Fatalf("reopened, the vault holds %d entries, want %d", len(got), len(want))
	}
	mustCheck(t, p)
	// The content keys written in the batches find every entry again.
	before := vaultBytes(t, p)
	again, err := importEntries(p, src, EntryImportOptions{}, batching{size: smallBatch})
	if err != nil || again.Changed() != 0 || again.Counts["entries"].Unchanged != 300 {
		t.Fatalf("a second import: %v, %v", again.Lines(), err)
	}
	if vaultBytes(t, p) != before {
		t.Fatal("a second import changed the vault")
	}
}

// TestStoppedEntryImportTakesOutItsBatches: an import stopped after some batches
// have committed takes them out again, in memory and on disk, and can be run again.
func TestStoppedEntryImportTakesOutItsBatches(t *testing.T) {
	p, c := testvault.New(t)
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Mine", Body: "Kept.", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today})
	src := batchJrnl(t, 200)
	stop := errors.New("stopped")
	_, err := importEntries(p, src, EntryImportOptions{}, batching{size: smallBatch, after: func(n int) error {
		if n == 5 {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) {
		t.Fatalf("import: %v, want the stop", err)
	}
	if got := entryTitles(p); !slices.Equal(got, []string{"Mine"}) {
		t.Fatalf("after a stopped import the vault holds %d entries, want only its own", len(got))
	}
	p = testvault.Reopen(t, p, c)
	if got := entryTitles(p); !slices.Equal(got, []string{"Mine"}) {
		t.Fatalf("reopened after a stopped import, the vault holds %d entries, want only its own", len(got))
	}
	mustCheck(t, p)
	rep, err := importEntries(p, src, EntryImportOptions{}, batching{size: smallBatch})
	if err != nil || rep.Counts["entries"].Added != 200 || p.EntryCount() != 201 {
		t.Fatalf("imported again: %v, %v; %d entries", rep.Lines(), err, p.EntryCount())
	}
}

// TestKilledEntryImportIsAllOrNothing kills a process importing a jrnl export in
// many batches, after its first batch, one in the middle and its last (before the
// final transaction): the next open finds none of the import, read-only too, and
// the vault's own entry; run to its end, the import is all there.
func TestKilledEntryImportIsAllOrNothing(t *testing.T) {
	if path := os.Getenv("FOLIO_TEST_ENTRY_IMPORT_VAULT"); path != "" {
		killedEntryImport(t, path)
		return
	}
	dir := t.TempDir()
	p, c := testvault.New(t)
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Mine", Body: "Kept.", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today})
	base := filepath.Join(dir, "base.folio")
	if err := p.Backup(base, false); err != nil {
		t.Fatal(err)
	}
	p.Close()
	child := func(i int, killAfter string) (string, error) {
		path := filepath.Join(dir, fmt.Sprintf("v%d.folio", i))
		data, err := os.ReadFile(base)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledEntryImportIsAllOrNothing$", "-test.count=1")
		cmd.Env = append(os.Environ(), "FOLIO_TEST_ENTRY_IMPORT_VAULT="+path, "FOLIO_TEST_ENTRY_IMPORT_KILL="+killAfter)
		out, err := cmd.CombinedOutput()
		if err == nil {
			return path, nil
		}
		return path, fmt.Errorf("%w\n%s", err, out)
	}
	open := func(path string, readOnly bool) []string {
		o := testvault.Options(c)
		o.ReadOnly = readOnly
		q, err := portfolio.Open(path, testvault.Passphrase, o)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer q.Close()
		if !readOnly {
			mustCheck(t, q)
		}
		return entryTitles(q)
	}
	path, err := child(0, "")
	if err != nil {
		t.Fatalf("an uninterrupted import failed: %v", err)
	}
	if got := open(path, false); len(got) != 401 {
		t.Fatalf("an uninterrupted import left %d entries, want 401", len(got))
	}
	batches := 0
	if _, err := fmt.Sscanf(lastBatchLine(t, path), "batches %d", &batches); err != nil || batches < 10 {
		t.Fatalf("the child took %d batches (%v); want at least 10", batches, err)
	}
	for i, after := range []int{1, batches / 2, batches} {
		path, err := child(i+1, strconv.Itoa(after))
		if err == nil {
			t.Fatalf("the child was not killed after batch %d", after)
		}
		if got := open(path, true); !slices.Equal(got, []string{"Mine"}) {
			t.Fatalf("killed after batch %d, read-only, the vault holds %d entries, want only its own", after, len(got))
		}
		if got := open(path, false); !slices.Equal(got, []string{"Mine"}) {
			t.Fatalf("killed after batch %d, the vault holds %d entries, want only its own", after, len(got))
		}
	}
}

// killedEntryImport is the child: it imports 400 entries in small batches, killing
// itself after batch FOLIO_TEST_ENTRY_IMPORT_KILL when that is set, and otherwise
// writes how many batches it took beside the vault.
func killedEntryImport(t *testing.T, path string) {
	src := batchJrnl(t, 400)
	p, err := portfolio.Open(path, testvault.Passphrase, testvault.Options(&testvault.Clock{T: testvault.Now}))
	if err != nil {
		t.Fatal(err)
	}
	kill, _ := strconv.Atoi(os.Getenv("FOLIO_TEST_ENTRY_IMPORT_KILL"))
	batches := 0
	_, err = importEntries(p, src, EntryImportOptions{}, batching{size: smallBatch, after: func(n int) error {
		batches = n
		if n == kill {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	if err := os.WriteFile(path+".batches", fmt.Appendf(nil, "batches %d\n", batches), 0o600); err != nil {
		t.Fatal(err)
	}
}

// lastBatchLine is the batch count the uninterrupted child wrote beside its vault.
func lastBatchLine(t *testing.T, path string) string {
	b, err := os.ReadFile(path + ".batches")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
