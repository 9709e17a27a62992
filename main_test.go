package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	bolt "go.etcd.io/bbolt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// These tests drive the built binary, as a script or a user would: exit statuses,
// a second process on an open vault, damage, and kills at random moments.

// binDir holds the folio binary the tests drive; TestMain makes it and removes it.
var binDir string

// buildFolio builds folio once, for the first test that needs the binary.
var buildFolio = sync.OnceValue(func() error {
	build := exec.Command("go", "build", "-o", filepath.Join(binDir, "folio"), ".")
	build.Stderr = os.Stderr
	return build.Run()
})

// binary returns the built folio.
func binary(t *testing.T) string {
	t.Helper()
	if err := buildFolio(); err != nil {
		t.Fatalf("building folio: %v", err)
	}
	return filepath.Join(binDir, "folio")
}

// withBinDir is the testing.M that makes binDir for the tests and removes it after.
type withBinDir struct{ m *testing.M }

func (w withBinDir) Run() int {
	var err error
	if binDir, err = os.MkdirTemp("", "folio-bin-"); err != nil {
		panic(err)
	}
	defer os.RemoveAll(binDir)
	return w.m.Run()
}

// TestMain makes this test binary also serve as the folio command of the script tests
// (ui/cli/testdata/script), running main's own run.
func TestMain(m *testing.M) {
	testscript.Main(withBinDir{m}, map[string]func(){"folio": func() { os.Exit(run()) }})
}

// TestScripts runs the command-line contract in ui/cli/testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("ui", "cli", "testdata", "script"),
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("HOME", work)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, "config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(work, "data"))
			env.Setenv("FOLIO_VAULT", filepath.Join(work, "vault.folio"))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond != "memdraft" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			// A memory-backed /dev/shm, where folio keeps editor drafts.
			out, err := exec.Command("stat", "-f", "-c", "%T", "/dev/shm").Output()
			return err == nil && strings.TrimSpace(string(out)) == "tmpfs", nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// setenv-from NAME FILE sets NAME to FILE's text, trimmed: an ID a command printed.
			"setenv-from": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: setenv-from NAME FILE")
				}
				ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile(args[1])))
			},
			// setenv-match NAME FILE REGEXP sets NAME to the regexp's first group in FILE's
			// text: an ID inside a command's JSON.
			"setenv-match": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 3 {
					ts.Fatalf("usage: setenv-match NAME FILE REGEXP")
				}
				m := regexp.MustCompile(args[2]).FindStringSubmatch(ts.ReadFile(args[1]))
				if len(m) < 2 {
					ts.Fatalf("%s does not match %q", args[1], args[2])
				}
				ts.Setenv(args[0], m[1])
			},
		},
	})
}

type vaultFixture struct {
	t               *testing.T
	vault, passFile string
}

func newVault(t *testing.T) *vaultFixture {
	t.Helper()
	dir := t.TempDir()
	v := &vaultFixture{t: t, vault: filepath.Join(dir, "vault.folio"), passFile: filepath.Join(dir, "pass")}
	os.WriteFile(v.passFile, []byte("pass phrase\n"), 0o600)
	if _, _, code := v.folio("", "init", "--kdf-time", "1", "--kdf-memory", "1", "--kdf-threads", "1"); code != 0 {
		t.Fatalf("init exited %d", code)
	}
	return v
}

func (v *vaultFixture) command(stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary(v.t), append(args, "--vault", v.vault, "--passphrase-file", v.passFile)...)
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

func (v *vaultFixture) folio(stdin string, args ...string) (stdout, stderr string, code int) {
	v.t.Helper()
	cmd := v.command(stdin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return out.String(), errOut.String(), exit.ExitCode()
	} else if err != nil {
		v.t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}

func (v *vaultFixture) listIDs() map[string]bool {
	v.t.Helper()
	out, stderr, code := v.folio("", "list", "--json")
	if code != 0 {
		v.t.Fatalf("list exited %d: %s", code, stderr)
	}
	var entries []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		v.t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range entries {
		ids[e.ID] = true
	}
	return ids
}

func TestSecondProcessGetsInUse(t *testing.T) {
	v := newVault(t)
	p, err := portfolio.Open(v.vault, []byte("pass phrase"), portfolio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	start := time.Now()
	_, stderr, code := v.folio("", "list")
	if code != 4 || !strings.Contains(stderr, "in use") {
		t.Errorf("second opener: exit %d, stderr %q; want 4 and 'in use'", code, stderr)
	}
	// A hang guard, not a timing target: the lock wait is one second.
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the second opener took %v", d)
	}
}

func TestDamagedRecordIsNamedAndOthersStillList(t *testing.T) {
	v := newVault(t)
	added := map[string]bool{}
	for _, title := range []string{"First", "Second", "Third"} {
		out, _, code := v.folio("body of "+title, "add", "--function", "formative", "--title", title)
		if code != 0 {
			t.Fatalf("add %s exited %d", title, code)
		}
		added[strings.TrimSpace(out)] = true
	}
	victim := flipByteInOneRecord(t, v.vault, added)

	out, _, code := v.folio("", "check")
	if code != 5 || !strings.Contains(out, victim) {
		t.Errorf("check: exit %d, output %q; want 5 naming %s", code, out, victim)
	}
	// The others still list, and the exit is 5: what was shown is not all that was saved.
	out, stderr, code := v.folio("", "list", "--json")
	var listed []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatalf("list --json after damage: %v", err)
	}
	ids := map[string]bool{}
	for _, e := range listed {
		ids[e.ID] = true
	}
	if code != 5 || len(ids) != 2 || ids[victim] {
		t.Errorf("list after damage: exit %d, %v; want 5 and the two undamaged entries", code, ids)
	}
	if !strings.Contains(stderr, victim) || !strings.Contains(stderr, "damaged") {
		t.Errorf("list did not warn about the damaged record: %q", stderr)
	}
}

// flipByteInOneRecord flips a byte in the middle of the sealed record of one of the
// entries added (not the vault's own records: the catalogue, the ID sets, history)
// and returns its ID.
func flipByteInOneRecord(t *testing.T, path string, added map[string]bool) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var victim string
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if string(name) == "folio" || victim != "" {
				return nil
			}
			c := b.Cursor()
			for k, val := c.First(); k != nil; k, val = c.Next() {
				var id storage.ID
				if len(k) != len(id) || val == nil {
					continue
				}
				copy(id[:], k)
				if !added[id.String()] {
					continue
				}
				changed := append([]byte(nil), val...)
				changed[len(changed)/2] ^= 0x01
				victim = id.String()
				return b.Put(append([]byte(nil), k...), changed)
			}
			return nil
		})
	})
	if err != nil || victim == "" {
		t.Fatalf("could not damage a record: %v", err)
	}
	return victim
}

// Kill `folio add` at random moments: every add that reported success is there, and
// the vault opens and checks clean.
func TestKilledAddsLoseNothingCommitted(t *testing.T) {
	v := newVault(t)
	rng := rand.New(rand.NewPCG(1, 2))
	saved := map[string]bool{}
	body := strings.Repeat("reflection text ", 100)
	start := func() (*exec.Cmd, *bytes.Buffer, chan error) {
		cmd := v.command(body, "add", "--function", "formative", "--title", "entry")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		return cmd, &out, done
	}
	// Time an uninterrupted add, so the kills land across a whole add however busy
	// the machine is.
	began := time.Now()
	_, out, done := start()
	if err := <-done; err != nil {
		t.Fatalf("an uninterrupted add failed: %v", err)
	}
	saved[strings.TrimSpace(out.String())] = true
	span := 2 * time.Since(began)

	killed := 0
	for range 40 {
		cmd, out, done := start()
		select {
		case err := <-done:
			if err == nil {
				saved[strings.TrimSpace(out.String())] = true
			}
		case <-time.After(time.Duration(rng.Int64N(int64(span)))):
			cmd.Process.Signal(syscall.SIGKILL)
			if err := <-done; err == nil {
				saved[strings.TrimSpace(out.String())] = true
			} else {
				killed++
			}
		}
	}
	ids := v.listIDs()
	for id := range saved {
		if !ids[id] {
			t.Errorf("entry %s was reported saved but is missing", id)
		}
	}
	if _, _, code := v.folio("", "check"); code != 0 {
		t.Errorf("check after kills exited %d", code)
	}
	t.Logf("%d adds saved, %d killed", len(saved), killed)
	if killed == 0 {
		t.Error("no add was killed, so the test proved nothing")
	}
}

// Kill `folio passwd` at random moments: the vault always opens with exactly one of the
// two passphrases and keeps every entry.
func TestKilledPasswdKeepsOnePassphrase(t *testing.T) {
	v := newVault(t)
	v.folio("kept", "add", "--function", "n", "--title", "Kept")
	dir := filepath.Dir(v.vault)
	passes := []string{filepath.Join(dir, "p0"), filepath.Join(dir, "p1")}
	os.WriteFile(passes[0], []byte("pass phrase\n"), 0o600)
	os.WriteFile(passes[1], []byte("another phrase\n"), 0o600)
	rng := rand.New(rand.NewPCG(3, 4))
	passwd := func(from, to int) *exec.Cmd {
		return exec.Command(binary(t), "passwd", "--vault", v.vault, "--passphrase-file", passes[from], "--new-passphrase-file", passes[to])
	}
	// Time an uninterrupted change (and change back), so kills land across a whole run.
	began := time.Now()
	if err := passwd(0, 1).Run(); err != nil {
		t.Fatal(err)
	}
	span := 2 * time.Since(began)
	if err := passwd(1, 0).Run(); err != nil {
		t.Fatal(err)
	}
	current, changed, killed := 0, 0, 0
	for range 20 {
		cmd := passwd(current, 1-current)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		// A run that had already exited was not interrupted and proves nothing.
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
		}
		before := current
		opens := 0
		for i, pf := range passes {
			cmd := exec.Command(binary(t), "list", "--json", "--vault", v.vault, "--passphrase-file", pf)
			out, err := cmd.Output()
			if err == nil {
				opens++
				current = i
				if !strings.Contains(string(out), `"Kept"`) {
					t.Fatalf("after a killed passwd the entry is gone: %s", out)
				}
			}
		}
		if opens != 1 {
			t.Fatalf("after a killed passwd the vault opens with %d of the two passphrases", opens)
		}
		if current != before {
			changed++
		}
	}
	t.Logf("%d of 20 runs killed before they exited; %d committed the new passphrase", killed, changed)
	if killed == 0 {
		t.Error("no passwd was killed mid-run, so the test proved nothing")
	}
}

// A release build's stamped version is what --version and version report.
func TestVersionStampedByLdflags(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "folio")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X github.com/foliohq/folio/ui/cli.Version=v9.8.7-test", ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{"--version", "version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil || !strings.HasPrefix(string(out), "folio v9.8.7-test (go") {
			t.Errorf("folio %s: %q, %v", arg, out, err)
		}
	}
}

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
