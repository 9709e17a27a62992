//go:build linux

package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// osChildRoles are the child roles of this system's tests.
func osChildRoles() map[string]func() error {
	return map[string]func() error{"harden": hardenChild}
}

// hardenChild makes core dumps possible, as `ulimit -c unlimited` would, runs a
// command and reports what the process allows afterwards.
func hardenChild() error {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		return err
	}
	lim.Cur = lim.Max
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		return err
	}
	before, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil {
		return err
	}
	if err := Run(Env{Args: []string{"version"}, Stdout: io.Discard, Stderr: os.Stderr}); err != nil {
		return err
	}
	after, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil {
		return err
	}
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		return err
	}
	fmt.Printf("before=%d core=%d/%d dumpable=%d\n", before, lim.Cur, lim.Max, after)
	return nil
}

// A crash must not write decrypted text or keys to a core file: once the command
// line has run, the process has a core limit of 0 (hard, so nothing can raise it
// again) and is not dumpable.
func TestRunDisablesCoreDumps(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=harden", "GOTRACEBACK=crash")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	got := strings.TrimSpace(string(out))
	if !strings.HasPrefix(got, "before=1 ") {
		t.Fatalf("the child was not dumpable before Run, so the test proves nothing: %s", got)
	}
	if want := "before=1 core=0/0 dumpable=0"; got != want {
		t.Errorf("after Run: %s, want %s", got, want)
	}
}
