package viewer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fakeViewer is a viewer script that reports the modes of the copy's folder and
// file and the copy's bytes into the fifo report, then waits until a line arrives
// on the fifo release: it runs exactly as long as the test says.
type fakeViewer struct {
	env             map[string]string
	report, release string
}

func newFakeViewer(t *testing.T) *fakeViewer {
	t.Helper()
	if !InMemory("/dev/shm") {
		t.Skip("this system has no /dev/shm on tmpfs")
	}
	dir := t.TempDir()
	f := &fakeViewer{report: filepath.Join(dir, "report"), release: filepath.Join(dir, "release")}
	for _, p := range []string{f.report, f.release} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "viewer.sh")
	body := `#!/bin/sh
{ stat -c '%a' "$(dirname "$1")"; stat -c '%a' "$1"; cat "$1"; } > "` + f.report + `"
read line < "` + f.release + `"
`
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	f.env = map[string]string{EnvViewer: script, "XDG_RUNTIME_DIR": "/dev/shm"}
	return f
}

func (f *fakeViewer) getenv(k string) string { return f.env[k] }

// seen blocks until the viewer has looked at its file, and returns what it saw.
func (f *fakeViewer) seen(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(f.report)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// close lets the viewer exit.
func (f *fakeViewer) close(t *testing.T) {
	t.Helper()
	if err := os.WriteFile(f.release, []byte("done\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The copy exists, 0600 in a 0700 folder in memory, only while the viewer runs.
func TestCopyLivesWhileViewerRuns(t *testing.T) {
	f := newFakeViewer(t)
	v := New(f.getenv)
	o, err := v.Open("../certificate.pdf", strings.NewReader("%PDF certificate"))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.seen(t); got != "700\n600\n%PDF certificate" {
		t.Errorf("the viewer saw %q", got)
	}
	if filepath.Dir(filepath.Dir(o.Path)) != "/dev/shm" || filepath.Base(o.Path) != "_certificate.pdf" || !o.Waits() {
		t.Errorf("copy at %s (waits %v)", o.Path, o.Waits())
	}
	if _, err := os.Stat(o.Path); err != nil {
		t.Fatalf("the copy is gone while the viewer runs: %v", err)
	}
	f.close(t)
	<-o.Done()
	if err := o.Err(); err != nil {
		t.Errorf("viewer: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(o.Path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy's folder outlived the viewer: %v", err)
	}
	if v.Count() != 0 {
		t.Errorf("%d copies still counted", v.Count())
	}
}

// WipeAll, as at lock and at exit, removes the copies and stops the viewers while
// they still run.
func TestWipeAllStopsViewers(t *testing.T) {
	f := newFakeViewer(t)
	v := New(f.getenv)
	o, err := v.Open("notes.txt", bytes.NewReader([]byte("private")))
	if err != nil {
		t.Fatal(err)
	}
	f.seen(t)
	if n := v.WipeAll(); n != 1 {
		t.Errorf("wiped %d copies, want 1", n)
	}
	if _, err := os.Stat(filepath.Dir(o.Path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy's folder is still there after WipeAll: %v", err)
	}
	<-o.Done() // the viewer was stopped, not left waiting for release
	if o.Err() == nil {
		t.Error("the viewer ended normally; it should have been stopped")
	}
}

// The system's opener returns at once: the copy stays until it is wiped.
func TestOpenerKeepsCopyUntilWiped(t *testing.T) {
	if !InMemory("/dev/shm") {
		t.Skip("this system has no /dev/shm on tmpfs")
	}
	v := New(func(k string) string { return map[string]string{"XDG_RUNTIME_DIR": "/dev/shm"}[k] })
	if words, waits := v.Command("/x/a.pdf"); waits || words[len(words)-1] != "/x/a.pdf" {
		t.Fatalf("system opener %q, waits %v", words, waits)
	}
	// true stands in for an opener that hands the file on and exits.
	v.getenv = func(string) string { return "" }
	v.bases = []string{"/dev/shm"}
	dir := t.TempDir()
	opener := filepath.Join(dir, "xdg-open")
	if err := os.WriteFile(opener, []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	o, err := v.Open("a.pdf", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	<-o.Done()
	if _, err := os.Stat(o.Path); err != nil {
		t.Fatalf("the copy went when the opener returned, before the viewer could read it: %v", err)
	}
	v.WipeAll()
	if _, err := os.Stat(filepath.Dir(o.Path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy is still there after WipeAll: %v", err)
	}
}

// Where no folder is memory-backed, nothing is written and the refusal says why.
func TestRefusedOnDisk(t *testing.T) {
	disk := t.TempDir()
	v := New(func(string) string { return "" })
	v.bases = []string{disk}
	if _, err := v.Open("a.pdf", strings.NewReader("x")); !errors.Is(err, ErrNoPrivatePlace) {
		t.Fatalf("open with no private place: %v", err)
	}
	if left, _ := os.ReadDir(disk); len(left) != 0 {
		t.Errorf("%d files left on disk", len(left))
	}
}

// A viewer that cannot start leaves no copy.
func TestViewerMissingLeavesNothing(t *testing.T) {
	if !InMemory("/dev/shm") {
		t.Skip("this system has no /dev/shm on tmpfs")
	}
	base := filepath.Join("/dev/shm", filepath.Base(t.TempDir()))
	if err := os.Mkdir(base, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	v := New(func(k string) string { return map[string]string{EnvViewer: "/nonexistent/viewer"}[k] })
	v.bases = []string{base}
	if _, err := v.Open("a.pdf", strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), EnvViewer) {
		t.Fatalf("open with a missing viewer: %v", err)
	}
	if left, _ := os.ReadDir(base); len(left) != 0 {
		t.Errorf("%d folders left", len(left))
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"cert.pdf":                        "cert.pdf",
		"../../etc/passwd":                "_.._etc_passwd",
		"..":                              "attachment",
		"":                                "attachment",
		"a\x1b[31mb.png":                  "a_[31mb.png",
		".hidden":                         "hidden",
		strings.Repeat("é", 150) + ".pdf": strings.Repeat("é", 98) + ".pdf",
	} {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A folder left by a folio that was killed is wiped; one whose process runs, or
// this process's own, is left alone.
func TestSweepStale(t *testing.T) {
	if !InMemory("/dev/shm") {
		t.Skip("this system has no /dev/shm on tmpfs")
	}
	base := filepath.Join("/dev/shm", "folio-sweep-"+filepath.Base(t.TempDir()))
	if err := os.Mkdir(base, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := gone.Process.Pid
	dirs := map[string]bool{ // name: swept
		fmt.Sprintf("folio-view-%d-1", dead):        true,
		fmt.Sprintf("folio-view-%d-2", os.Getpid()): false,
		"folio-view-1-3":                            false, // init runs
		"folio-view-x-4":                            false,
		"folio-draft-5":                             false,
	}
	for name := range dirs {
		if err := os.Mkdir(filepath.Join(base, name), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(base, name, "a.pdf"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	v := New(func(string) string { return "" })
	v.bases = []string{base}
	if n := v.SweepStale(); n != 1 {
		t.Errorf("swept %d folders, want 1", n)
	}
	for name, swept := range dirs {
		_, err := os.Stat(filepath.Join(base, name))
		if swept != errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: swept %v, want %v", name, err != nil, swept)
		}
	}
}
