package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/foliohq/folio/ui/viewer"
)

// TestHangupWipesOpenedCopies drives the real app on a pseudo-terminal: it opens an
// attachment in a viewer that keeps running, then hangs the terminal up, as closing
// the terminal's window does. The app must wipe the copy before it goes, as it does
// when it quits or locks; the hang-up used to end it at once and leave the
// certificate in memory-backed storage until the next start.
func TestHangupWipesOpenedCopies(t *testing.T) {
	if !viewer.InMemory("/dev/shm") {
		t.Skip("this system has no /dev/shm on tmpfs")
	}
	v := newVault(t)
	dir := t.TempDir()
	cert := filepath.Join(dir, "certificate.pdf")
	os.WriteFile(cert, []byte("%PDF-1.4 hang-up certificate"), 0o600)
	id, stderr, code := v.folio("Course notes.", "add", "--function", "formative", "--title", "Course", "--attach", cert)
	if code != 0 {
		t.Fatalf("add exited %d: %s", code, stderr)
	}
	runtime, err := os.MkdirTemp("/dev/shm", "folio-hangup-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(runtime) })
	report := filepath.Join(dir, "report")
	if err := syscall.Mkfifo(report, 0o600); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "viewer.sh")
	os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+report+"\nexec sleep 600\n"), 0o700)

	master, tty := openPTY(t)
	cmd := exec.Command(binary(t), "--vault", v.vault, "--lock-after", "0")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_RUNTIME_DIR="+runtime, viewer.EnvViewer+"="+script)
	screen := startOnPTY(t, cmd, master, tty)
	screen.waitFor(t, "Passphrase")
	master.Write([]byte("pass phrase\r"))
	screen.waitFor(t, "Course")
	mark := screen.len()
	master.Write([]byte("e"))
	screen.waitForAfter(t, mark, "Search:") // the entries list
	mark = screen.len()
	master.Write([]byte("\r"))
	screen.waitForAfter(t, mark, "Course notes.")
	master.Write([]byte("O"))

	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(report)
		got <- strings.TrimSpace(string(b))
	}()
	var copyPath string
	select {
	case copyPath = <-got:
	case <-time.After(20 * time.Second):
		t.Fatalf("the viewer never started; the app wrote:\n%q", screen.since(0))
	}
	if !strings.HasPrefix(copyPath, runtime+"/") {
		t.Fatalf("the copy %s is not in the runtime folder %s", copyPath, runtime)
	}
	if _, err := os.Stat(copyPath); err != nil {
		t.Fatalf("the copy is not there while the viewer runs: %v", err)
	}

	cmd.Process.Signal(syscall.SIGHUP)
	waitExit(cmd)
	if _, err := os.Stat(filepath.Dir(copyPath)); !os.IsNotExist(err) {
		t.Errorf("after the hang-up the copy's folder is still there (%v): %s", err, copyPath)
	}
	if _, stderr, code := v.folio("", "attachments", strings.TrimSpace(id)); code != 0 {
		t.Errorf("after the hang-up the vault does not open: %d %s", code, stderr)
	}
}
