package atomicfile

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// names lists the files in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Name())
	}
	return out
}

// newNamedPending is the fallback every system without unnamed files takes.
func newNamedPending(t *testing.T, dir string) *PendingFile {
	t.Helper()
	p := &PendingFile{dir: dir}
	if err := p.createNamed(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPendingCommitPlacesCompleteFileAndNothingElse(t *testing.T) {
	for _, named := range []bool{false, true} {
		for _, overwrite := range []bool{false, true} {
			dir := t.TempDir()
			target := filepath.Join(dir, "out")
			if overwrite {
				os.WriteFile(target, []byte("old"), 0o644)
			}
			var p *PendingFile
			if named {
				p = newNamedPending(t, dir)
			} else {
				var err error
				if p, err = CreatePending(dir); err != nil {
					t.Fatal(err)
				}
			}
			p.Write([]byte("secret text"))
			if err := p.Commit(target, overwrite); err != nil {
				t.Fatalf("named %v overwrite %v: %v", named, overwrite, err)
			}
			if got := names(t, dir); len(got) != 1 || got[0] != "out" {
				t.Errorf("named %v overwrite %v: folder holds %v, want only out", named, overwrite, got)
			}
			b, _ := os.ReadFile(target)
			st, _ := os.Stat(target)
			if string(b) != "secret text" || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
				t.Errorf("named %v overwrite %v: target %q mode %v", named, overwrite, b, st.Mode())
			}
		}
	}
}

func TestPendingCommitRefusesExistingWithoutOverwrite(t *testing.T) {
	for _, named := range []bool{false, true} {
		dir := t.TempDir()
		target := filepath.Join(dir, "out")
		os.WriteFile(target, []byte("keep"), 0o600)
		p, _ := CreatePending(dir)
		if named {
			p = newNamedPending(t, dir)
		}
		p.Write([]byte("new"))
		if err := p.Commit(target, false); !errors.Is(err, os.ErrExist) {
			t.Errorf("named %v: Commit over a file: %v, want os.ErrExist", named, err)
		}
		if b, _ := os.ReadFile(target); string(b) != "keep" {
			t.Errorf("named %v: the existing file became %q", named, b)
		}
		if got := names(t, dir); len(got) != 1 {
			t.Errorf("named %v: folder holds %v after a refused commit", named, got)
		}
	}
}

// On Linux the file being written has no name at all, so there is nothing a kill
// could leave behind.
func TestPendingIsUnnamedOnLinux(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("unnamed files (O_TMPFILE) are Linux's")
	}
	dir := t.TempDir()
	if _, ok := openUnnamed(dir); !ok {
		t.Skip("this file system refuses O_TMPFILE; the named fallback is tested elsewhere")
	}
	p, err := CreatePending(dir)
	if err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("secret text"))
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("while writing, the folder holds %v", got)
	}
	p.Abort()
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("after Abort, the folder holds %v", got)
	}
}

// SweepStale removes what a killed folio left, and leaves alone a file another
// folio is still writing, files of other names, and folders.
func TestSweepStaleRemovesOnlyAbandonedTemporaries(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{TempPrefix + "00112233445566ff", ".folio-export-123", ".folio-backup-456", "notes.md", ".folio-other",
		".folio-export-notes", TempPrefix + "mine"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600)
	}
	os.Mkdir(filepath.Join(dir, TempPrefix+"aaaaaaaaaaaaaaaa"), 0o700)
	live := newNamedPending(t, dir)
	defer live.Abort()
	removed, err := SweepStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(removed, " "); got != ".folio-backup-456 .folio-export-123 "+TempPrefix+"00112233445566ff" {
		t.Errorf("removed %q", got)
	}
	left := strings.Join(names(t, dir), " ")
	for _, want := range []string{"notes.md", ".folio-other", ".folio-export-notes", TempPrefix + "mine", TempPrefix + "aaaaaaaaaaaaaaaa", filepath.Base(live.name)} {
		if !strings.Contains(left, want) {
			t.Errorf("%s was removed; left %s", want, left)
		}
	}
}

// pendingChild writes a named pending file in dir, says where, and waits.
func pendingChild(dir string) error {
	if os.Getenv(childIgnoreHUPEnv) != "" {
		signal.Ignore(syscall.SIGHUP) // as nohup starts it
	}
	p := &PendingFile{dir: dir}
	if err := p.createNamed(); err != nil {
		return err
	}
	p.Write([]byte("secret text"))
	os.Stdout.WriteString(p.name + "\n")
	io.Copy(io.Discard, os.Stdin)
	return p.Commit(filepath.Join(dir, "out"), false)
}

// Where the file must have a name, a signal folio can catch removes it, and folio
// still stops.
func TestSignalRemovesNamedPendingFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals are sent to other processes on Unix")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if signal.Ignored(sig) {
			// The child inherits it ignored (go test under nohup, or SIGINT in a
			// shell's background job), so it would not stop: see the test below.
			t.Logf("%v is ignored here, as the child would be started; not sent", sig)
			continue
		}
		dir := t.TempDir()
		c := startChild(t, dir)
		name, ok := <-c.lines
		if !ok {
			t.Fatal("the child did not start")
		}
		if _, err := os.Stat(name); err != nil {
			t.Fatalf("the pending file is not there while written: %v", err)
		}
		if removed, _ := SweepStale(dir); len(removed) > 0 {
			t.Fatalf("SweepStale removed %v, a file another folio is writing", removed)
		}
		c.cmd.Process.Signal(sig)
		if err := c.cmd.Wait(); err == nil {
			t.Errorf("%v: the child was not stopped: %v", sig, err)
		}
		if got := names(t, dir); len(got) != 0 {
			t.Errorf("%v: the folder holds %v", sig, got)
		}
	}
}

// A signal folio was started ignoring stays ignored while it writes: the file is
// kept and the write completes. Catching it used to remove the file and, the signal
// ignored again when it was raised a second time, leave folio writing to a file
// that was gone (and this test's child running until the test timed out).
func TestIgnoredSignalKeepsThePendingFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGHUP is Unix's")
	}
	dir := t.TempDir()
	t.Setenv(childIgnoreHUPEnv, "1")
	c := startChild(t, dir)
	name, ok := <-c.lines
	if !ok {
		t.Fatal("the child did not start")
	}
	c.cmd.Process.Signal(syscall.SIGHUP)
	// The child is still there to close: its input closing lets it commit.
	c.stdin.Close()
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("the child, sent a SIGHUP it ignores, did not finish its write: %v", err)
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the pending file is still there after the commit: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "out")); err != nil || string(got) != "secret text" {
		t.Errorf("the committed file holds %q (%v), want the text written", got, err)
	}
}
