package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// canary is plaintext that must never be found outside the vault but in a complete
// export the user asked for.
const canary = "KILLCANARY-7f3a"

// fillVault adds n entries of about 1.5 KB carrying the canary, so an export takes
// long enough for kills to land inside the write.
func fillVault(t *testing.T, v *vaultFixture, n int) {
	t.Helper()
	p, err := portfolio.Open(v.vault, []byte("pass phrase"), portfolio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	body := strings.Repeat(canary+" reflection on a hard shift. ", 50)
	es := make([]portfolio.Entry, n)
	for i := range es {
		es[i] = portfolio.Entry{Title: fmt.Sprintf("Entry %d", i), Body: body, Functions: portfolio.Functions(portfolio.Formative)}
	}
	if _, err := p.AddEntries(es); err != nil {
		t.Fatal(err)
	}
}

// killWhileWriting runs make's command n times, stopping each run with SIGKILL or
// SIGINT at a random moment within a typical run's length, and after each run calls
// inspect with the folder holding the target and whether the run completed.
func killWhileWriting(t *testing.T, n int, make func() *exec.Cmd, inspect func(done bool)) {
	t.Helper()
	began := time.Now()
	if out, err := make().CombinedOutput(); err != nil {
		t.Fatalf("an uninterrupted run failed: %v: %s", err, out)
	}
	span := time.Since(began)
	inspect(true)
	rng := rand.New(rand.NewPCG(8, 11))
	interrupted := 0
	for i := range n {
		cmd := make()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span))))
		sig := syscall.SIGKILL
		if i%2 == 1 {
			sig = syscall.SIGINT
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if err != nil {
			interrupted++
		}
		inspect(err == nil)
	}
	t.Logf("%d of %d runs were stopped before they finished", interrupted, n)
	if interrupted == 0 {
		t.Error("no run was stopped, so the test proved nothing")
	}
}

// leftovers lists the files in dir other than keep.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range list {
		if !contains(keep, e.Name()) {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// An export stopped by SIGKILL or Ctrl+C at any moment leaves the complete export or
// nothing: no hidden file beside the target, and no plaintext anywhere in the folder.
func TestKilledExportLeavesNothing(t *testing.T) {
	v := newVault(t)
	fillVault(t, v, 1000)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "all.json")
	export := func() *exec.Cmd { return v.command("", "export", "all", "--out", out) }
	killWhileWriting(t, 30, export, func(done bool) {
		// A run killed after its export was in place may report failure; either way
		// an export at the target must be complete.
		if b, err := os.ReadFile(out); err == nil {
			if !bytes.HasSuffix(bytes.TrimSpace(b), []byte("}")) || !bytes.Contains(b, []byte("Entry 999")) {
				t.Fatalf("the export at the target is not complete (%d bytes)", len(b))
			}
			os.Remove(out)
		} else if done {
			t.Fatalf("a finished export is missing: %v", err)
		}
		if extra := leftovers(t, outDir); len(extra) > 0 {
			for _, name := range extra {
				b, _ := os.ReadFile(filepath.Join(outDir, name))
				t.Errorf("a stopped export left %s (%d bytes, plaintext: %v)", name, len(b), bytes.Contains(b, []byte(canary)))
			}
			t.FailNow()
		}
	})
}

// A backup stopped at any moment leaves the complete backup or nothing: no hidden copy
// of the vault that would still open with today's passphrase after a change.
func TestKilledBackupLeavesNothing(t *testing.T) {
	v := newVault(t)
	fillVault(t, v, 1000)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "backup.folio")
	backup := func() *exec.Cmd { return v.command("", "backup", out) }
	killWhileWriting(t, 30, backup, func(done bool) {
		if _, err := os.Stat(out); err == nil {
			p, err := portfolio.Open(out, []byte("pass phrase"), portfolio.Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("the backup at the target does not open: %v", err)
			}
			if n := p.EntryCount(); n != 1000 {
				t.Fatalf("the backup at the target holds %d of 1000 entries", n)
			}
			p.Close()
			os.Remove(out)
		} else if done {
			t.Fatalf("a finished backup is missing: %v", err)
		}
		if extra := leftovers(t, outDir); len(extra) > 0 {
			t.Fatalf("a stopped backup left %v beside its target", extra)
		}
	})
}

// The day's automatic snapshot, stopped at any moment, leaves a complete verified
// snapshot or nothing in the backups folder. The folder is emptied before each run, so
// every run's unlock is the day's first.
func TestKilledSnapshotLeavesNothingPartial(t *testing.T) {
	v := newVault(t)
	fillVault(t, v, 1000)
	backups := filepath.Join(filepath.Dir(v.vault), "backups")
	list := func() *exec.Cmd {
		os.RemoveAll(backups)
		return v.command("", "list", "--limit", "1")
	}
	killWhileWriting(t, 30, list, func(done bool) {
		names := leftovers(t, backups)
		if done && len(names) != 1 {
			t.Fatalf("a finished run left %v in the backups folder, want one snapshot", names)
		}
		for _, name := range names {
			if !strings.HasPrefix(name, "vault-") || !strings.HasSuffix(name, ".folio") {
				t.Fatalf("a stopped snapshot left %s", name)
			}
			p, err := portfolio.Open(filepath.Join(backups, name), []byte("pass phrase"), portfolio.Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("the snapshot %s does not open: %v", name, err)
			}
			n := p.EntryCount()
			p.Close()
			if n != 1000 {
				t.Fatalf("the snapshot %s holds %d of 1000 entries", name, n)
			}
		}
	})
}
