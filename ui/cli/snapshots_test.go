package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/ui/cli/vaultcmd"
)

func (f *fixture) snapshotRows() []vaultcmd.SnapshotRow {
	f.t.Helper()
	var rows []vaultcmd.SnapshotRow
	if err := json.Unmarshal([]byte(f.mustRun("", "backup", "list", "--json")), &rows); err != nil {
		f.t.Fatal(err)
	}
	return rows
}

// Commands take the day's snapshot on their unlock, once a day by folio's clock.
func TestCommandsTakeOneSnapshotPerDay(t *testing.T) {
	f := newFixture(t)
	f.mustRun("", append([]string{"init"}, cheapKDF...)...)
	f.mustRun("one", "add", "--function", "formative", "--title", "One")
	f.mustRun("two", "add", "--function", "formative", "--title", "Two")
	rows := f.snapshotRows()
	if len(rows) != 1 || rows[0].Damaged != 0 || !rows[0].CurrentPassphrase {
		t.Fatalf("after a day's commands: %+v", rows)
	}
	if !strings.HasPrefix(rows[0].Taken, fixedNow.Local().Format("2006-01-02")) {
		t.Errorf("taken %s, not on folio's clock", rows[0].Taken)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(f.vault), "backups", rows[0].Name)); err != nil {
		t.Errorf("the snapshot is not beside the vault: %v", err)
	}
}

// restore needs --yes without a terminal, brings the snapshot back, and keeps the
// vault as it was as a snapshot.
func TestBackupRestore(t *testing.T) {
	f := newFixture(t)
	f.mustRun("", append([]string{"init"}, cheapKDF...)...)
	// The day's first unlock changes nothing, so its snapshot is of the empty vault.
	f.mustRun("", "list")
	name := f.snapshotRows()[0].Name
	f.mustRun("one", "add", "--function", "formative", "--title", "One")
	f.mustRun("two", "add", "--function", "formative", "--title", "Two")
	if r := f.run("", "backup", "restore", name); r.status != ExitUsage || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("restore without --yes: %+v", r)
	}
	if n := strings.Count(f.mustRun("", "list"), "\n"); n != 2 {
		t.Fatalf("a refused restore changed the vault: %d entries", n)
	}
	out := f.mustRun("", "backup", "restore", name, "--yes")
	if !strings.Contains(out, "Restored the vault from "+name) || !strings.Contains(out, "kept as ") {
		t.Errorf("restore said %q", out)
	}
	if list := f.mustRun("", "list"); strings.Contains(list, "One") || strings.Contains(list, "Two") {
		t.Errorf("after restoring the empty day's snapshot, list shows %q", list)
	}
	rows := f.snapshotRows()
	if len(rows) != 2 {
		t.Fatalf("snapshots after restore: %+v", rows)
	}
	kept := rows[0].Name
	f.mustRun("", "backup", "restore", kept, "--yes")
	if list := f.mustRun("", "list"); !strings.Contains(list, "One") || !strings.Contains(list, "Two") {
		t.Errorf("restoring the kept snapshot did not undo the restore: %q", list)
	}
}

// A snapshot folder that cannot be written is a warning; the command's work is done.
func TestSnapshotFailureIsAWarning(t *testing.T) {
	f := newFixture(t)
	f.mustRun("", append([]string{"init"}, cheapKDF...)...)
	os.WriteFile(filepath.Join(filepath.Dir(f.vault), "backups"), []byte("a file"), 0o600)
	r := f.run("one", "add", "--function", "formative", "--title", "One")
	if r.status != 0 || !strings.Contains(r.stderr, "warning: today's automatic snapshot was not kept") {
		t.Errorf("add with an unwritable snapshot folder: %+v", r)
	}
	if !strings.Contains(f.mustRun("", "list"), "One") {
		t.Error("the entry was not saved")
	}
}
