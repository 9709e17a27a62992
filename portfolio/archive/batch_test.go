package archive_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
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
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/storage"
)

// smallBatch makes an archive of a few hundred entries take dozens of batches.
const smallBatch = 8 << 10

// linkedArchive is entriesArchive(n) with three goals the entries link to, so the
// batches hold more than one kind and the links are checked across them.
func linkedArchive(n int) *archive.Archive {
	a := entriesArchive(n)
	for i := range 3 {
		a.Goals = append(a.Goals, portfolio.Goal{
			ID: portfolio.ID(storage.NewID().String()), Title: fmt.Sprintf("Goal %d", i),
			Functions: portfolio.Functions(portfolio.Formative), Status: portfolio.GoalOpen,
			Created: testvault.Now.Add(-48 * time.Hour), Updated: testvault.Now.Add(-48 * time.Hour),
		})
	}
	for i := range a.Entries {
		a.Entries[i].GoalIDs = []portfolio.ID{a.Goals[i%3].ID}
	}
	return a
}

// entryIDs are the IDs of the vault's current entries, sorted.
func entryIDs(p *portfolio.Portfolio) []portfolio.ID {
	var ids []portfolio.ID
	for _, e := range archive.Current(p).Entries {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	return ids
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

// TestBatchedImportIsTheImport: an import written in many batches leaves the vault
// as one written in a single transaction does, in memory and after a reopen, and a
// second import of it changes nothing and says so as the other's does.
func TestBatchedImportIsTheImport(t *testing.T) {
	a := linkedArchive(300)
	one, c1 := testvault.New(t)
	if _, err := archive.ImportArchive(one, a); err != nil {
		t.Fatal(err)
	}
	many, c2 := testvault.New(t)
	batches := 0
	rep, err := archive.ImportArchiveBatched(many, a, smallBatch, func(int) error { batches++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if batches < 10 {
		t.Fatalf("the import took %d batches; the test wants many", batches)
	}
	if got := rep.Counts["entries"].Added; got != 300 {
		t.Fatalf("report: %d entries added, want 300", got)
	}
	sameArchive(t, archive.Current(one), archive.Current(many))
	many = testvault.Reopen(t, many, c2)
	one = testvault.Reopen(t, one, c1)
	sameArchive(t, archive.Current(one), archive.Current(many))
	mustCheck(t, many)
	againOne, err := archive.ImportArchive(one, a)
	if err != nil {
		t.Fatal(err)
	}
	again, err := archive.ImportArchiveBatched(many, a, smallBatch, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed() != 0 || !slices.Equal(again.Lines(), againOne.Lines()) {
		t.Fatalf("a second import changed %d records: %v; in one transaction: %v", again.Changed(), again.Lines(), againOne.Lines())
	}
}

// TestStoppedImportTakesOutItsBatches: an import that fails after some batches
// have committed takes them out again: the vault holds what it held before, in
// memory and on disk, checks clean, and the import can be run again.
func TestStoppedImportTakesOutItsBatches(t *testing.T) {
	p, c := testvault.New(t)
	kept := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Mine", Body: "Kept.", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today})
	a := linkedArchive(200)
	stop := errors.New("stopped")
	_, err := archive.ImportArchiveBatched(p, a, smallBatch, func(n int) error {
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("import: %v, want the stop", err)
	}
	want := []portfolio.ID{kept.ID}
	if got := entryIDs(p); !slices.Equal(got, want) {
		t.Fatalf("after a stopped import the vault holds %d entries, want only its own", len(got))
	}
	if n := len(archive.Current(p).Goals); n != 0 {
		t.Fatalf("after a stopped import the vault holds %d goals", n)
	}
	p = testvault.Reopen(t, p, c)
	if got := entryIDs(p); !slices.Equal(got, want) {
		t.Fatalf("reopened after a stopped import, the vault holds %d entries, want only its own", len(got))
	}
	mustCheck(t, p)
	if trash, err := history.Trash(p); err != nil || len(trash) != 0 {
		t.Fatalf("a stopped import left %d records in the trash (%v)", len(trash), err)
	}
	if _, err := archive.ImportArchiveBatched(p, a, smallBatch, nil); err != nil {
		t.Fatal(err)
	}
	if got := len(entryIDs(p)); got != 201 {
		t.Fatalf("imported again: %d entries, want 201", got)
	}
}

// TestKilledImportIsAllOrNothing kills a process importing an archive in many
// batches: after the last batch or at a random moment. Every time, the next open
// (half of them read-only) finds the vault with the whole import or none of it,
// the vault's own entry kept, and a check finds nothing wrong.
func TestKilledImportIsAllOrNothing(t *testing.T) {
	if path := os.Getenv("FOLIO_TEST_IMPORT_VAULT"); path != "" {
		killedImport(t, path)
		return
	}
	dir := t.TempDir()
	p, c := testvault.New(t)
	kept := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Mine", Body: "Kept.", Functions: portfolio.Functions(portfolio.Normative), Date: testvault.Today})
	a := linkedArchive(400)
	data, err := interchange.MarshalArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "archive.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "base.folio")
	if err := p.Backup(base, false); err != nil {
		t.Fatal(err)
	}
	p.Close()
	all := []portfolio.ID{kept.ID}
	for _, e := range a.Entries {
		all = append(all, e.ID)
	}
	slices.Sort(all)

	child := func(path, killAfter string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledImportIsAllOrNothing$", "-test.count=1")
		cmd.Env = append(os.Environ(), "FOLIO_TEST_IMPORT_VAULT="+path, "FOLIO_TEST_IMPORT_FILE="+file, "FOLIO_TEST_IMPORT_KILL="+killAfter)
		return cmd
	}
	trial := func(i int) string {
		path := filepath.Join(dir, fmt.Sprintf("v%d.folio", i))
		data, err := os.ReadFile(base)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// An uninterrupted import, to count its batches and time it.
	path := trial(0)
	began := time.Now()
	out, err := child(path, "").CombinedOutput()
	if err != nil {
		t.Fatalf("an uninterrupted import failed: %v\n%s", err, out)
	}
	span := time.Since(began)
	batches := 0
	if _, err := fmt.Sscanf(lastLine(out), "batches %d", &batches); err != nil || batches < 10 {
		t.Fatalf("the child reported %q; want its batch count, at least 10", lastLine(out))
	}
	rng := rand.New(rand.NewPCG(13, 13))
	whole, none := 0, 0
	for i := 1; i <= 12; i++ {
		path := trial(i)
		var cmd *exec.Cmd
		if i <= 4 {
			// Killed by itself after a batch commits: the first, one in the
			// middle, the last (before the final transaction), and the second last.
			after := []int{1, batches / 2, batches, batches - 1}[i-1]
			cmd = child(path, strconv.Itoa(after))
			if err := cmd.Run(); err == nil {
				t.Fatalf("trial %d: the child was not killed after batch %d", i, after)
			}
		} else {
			cmd = child(path, "")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(time.Duration(rng.Int64N(int64(span)))):
				_ = cmd.Process.Kill()
				<-done
			}
		}
		if i%2 == 0 {
			ro := testvault.Options(c)
			ro.ReadOnly = true
			q, err := portfolio.Open(path, testvault.Passphrase, ro)
			if err != nil {
				t.Fatalf("trial %d: read-only open: %v", i, err)
			}
			if got := entryIDs(q); !slices.Equal(got, all) && !slices.Equal(got, []portfolio.ID{kept.ID}) {
				t.Fatalf("trial %d: read-only, the vault holds %d entries: neither the whole import (%d) nor none of it (1)", i, len(got), len(all))
			}
			q.Close()
		}
		q, err := portfolio.Open(path, testvault.Passphrase, testvault.Options(c))
		if err != nil {
			t.Fatalf("trial %d: open: %v", i, err)
		}
		got := entryIDs(q)
		switch {
		case slices.Equal(got, all):
			whole++
			if n := len(archive.Current(q).Goals); n != 3 {
				t.Fatalf("trial %d: the whole import but %d goals", i, n)
			}
		case slices.Equal(got, []portfolio.ID{kept.ID}):
			none++
			if n := len(archive.Current(q).Goals); n != 0 {
				t.Fatalf("trial %d: none of the import but %d goals", i, n)
			}
		default:
			t.Fatalf("trial %d: the vault holds %d entries: neither the whole import (%d) nor none of it (1)", i, len(got), len(all))
		}
		mustCheck(t, q)
		if trash, err := history.Trash(q); err != nil || len(trash) != 0 {
			t.Fatalf("trial %d: %d records in the trash (%v)", i, len(trash), err)
		}
		q.Close()
	}
	if none < 4 {
		t.Fatalf("only %d of the trials were rolled back; the kills after a batch must be", none)
	}
	t.Logf("%d trials found the whole import, %d none of it", whole, none)
}

// killedImport is the child: it imports the archive in small batches, killing
// itself after batch FOLIO_TEST_IMPORT_KILL when that is set, and otherwise says
// how many batches it took.
func killedImport(t *testing.T, path string) {
	data, err := os.ReadFile(os.Getenv("FOLIO_TEST_IMPORT_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := interchange.ParseArchive(data, "archive.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Open(path, testvault.Passphrase, testvault.Options(&testvault.Clock{T: testvault.Now}))
	if err != nil {
		t.Fatal(err)
	}
	kill, _ := strconv.Atoi(os.Getenv("FOLIO_TEST_IMPORT_KILL"))
	batches := 0
	_, err = archive.ImportArchiveBatched(p, a, smallBatch, func(n int) error {
		batches = n
		if n == kill {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	fmt.Printf("\nbatches %d\n", batches)
}

// lastLine is the child's line giving its batch count.
func lastLine(out []byte) string {
	for _, l := range slices.Backward(strings.Split(string(out), "\n")) {
		if strings.HasPrefix(l, "batches ") {
			return l
		}
	}
	return ""
}

// TestLightImportIsTheImport: an archive read light from its file (each entry's
// text read again to check and to write it) imports as the archive read whole
// does, and a bad entry in it is refused with the same words, nothing written.
func TestLightImportIsTheImport(t *testing.T) {
	a := linkedArchive(200)
	data, err := interchange.MarshalArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	// readLight reads data light from a file; with p, checking each entry for an
	// import into p as it is read (precheck.Checked).
	readLight := func(t *testing.T, data []byte, p *portfolio.Portfolio) *archive.Archive {
		t.Helper()
		file := filepath.Join(t.TempDir(), "archive.json")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		var checked *precheck.Checked
		var check func(int, *portfolio.Entry)
		if p != nil {
			checked = precheck.New(p)
			check = checked.Check
		}
		light, err := interchange.ReadArchiveLight(f, int64(len(data)), "archive.json", check)
		if err != nil {
			t.Fatal(err)
		}
		if light.Bodies == nil {
			t.Fatal("the archive was not read light")
		}
		light.Checked = checked
		return light
	}
	whole, err := interchange.ParseArchive(data, "archive.json")
	if err != nil {
		t.Fatal(err)
	}
	one, _ := testvault.New(t)
	wantRep, err := archive.ImportArchive(one, whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, checking := range []bool{false, true} {
		light, _ := testvault.New(t)
		var with *portfolio.Portfolio
		if checking {
			with = light
		}
		a := readLight(t, data, with)
		reads := &countReads{Bodies: a.Bodies}
		a.Bodies = reads
		rep, err := archive.ImportArchiveTaking(light, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Each entry is read whole to be checked, and again to be written; checked
		// as the file is read, only to be written.
		if want := map[bool]int{false: 400, true: 200}[checking]; reads.n != want {
			t.Fatalf("checked as read: %v; %d entries read whole, want %d", checking, reads.n, want)
		}
		if !slices.Equal(rep.Lines(), wantRep.Lines()) {
			t.Fatalf("report %v, want %v", rep.Lines(), wantRep.Lines())
		}
		sameArchive(t, archive.Current(one), archive.Current(light))
		again, err := archive.ImportArchiveTaking(light, readLight(t, data, with), nil)
		if err != nil || again.Changed() != 0 {
			t.Fatalf("a second light import: %v, %v", again.Lines(), err)
		}
	}

	// A future date on the last entry, and a link to no goal on the first (which
	// the checks made as the file is read answer as sound: the import's answer
	// differs).
	bad := linkedArchive(50)
	bad.Entries[49].Date = testvault.Today + 30
	bad.Entries[0].GoalIDs = []portfolio.ID{portfolio.ID(storage.NewID().String())}
	future := linkedArchive(50)
	future.Entries[20].Date = testvault.Today + 30
	for name, b := range map[string]*archive.Archive{"two faults": bad, "future": future} {
		data, err := interchange.MarshalArchive(b)
		if err != nil {
			t.Fatal(err)
		}
		w, err := interchange.ParseArchive(data, "archive.json")
		if err != nil {
			t.Fatal(err)
		}
		p, _ := testvault.New(t)
		_, werr := archive.ImportArchive(p, w)
		for _, checking := range []bool{false, true} {
			q, _ := testvault.New(t)
			var with *portfolio.Portfolio
			if checking {
				with = q
			}
			_, lerr := archive.ImportArchiveTaking(q, readLight(t, data, with), nil)
			if werr == nil || lerr == nil || werr.Error() != lerr.Error() {
				t.Fatalf("%s (checked as read: %v): whole said %v, light %v", name, checking, werr, lerr)
			}
			if n := len(archive.Current(q).Entries); n != 0 {
				t.Fatalf("%s: a refused light import left %d entries", name, n)
			}
		}
	}
}

// countReads counts the entries read whole.
type countReads struct {
	archive.Bodies
	n int
}

func (c *countReads) Entry(i int) (*portfolio.Entry, error) {
	c.n++
	return c.Bodies.Entry(i)
}
