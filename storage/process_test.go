package storage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Tests that need a second process run this test binary again with childRoleEnv set;
// TestMain then plays that role instead of running tests. A real process is what the
// file lock and a crash at any moment are about.
const (
	childRoleEnv  = "FOLIO_STORAGE_TEST_ROLE"
	childVaultEnv = "FOLIO_STORAGE_TEST_VAULT"
	otherPass     = "a different passphrase"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(childRoleEnv); role != "" {
		if err := runChild(role, os.Getenv(childVaultEnv)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runChild plays a role. Lines go to stdout unbuffered, so each is in the pipe before
// the next step starts: a line the parent reads was printed after its step returned.
func runChild(role, path string) error {
	switch role {
	case "hold": // hold the vault open until stdin closes
		v, err := Open(path, []byte(testPass), Options{})
		if err != nil {
			return err
		}
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		return v.Close()

	case "put": // store records until killed, printing each ID once Put has returned
		v, err := Open(path, []byte(testPass), Options{})
		if err != nil {
			return err
		}
		fmt.Println("ready")
		for {
			id := NewID()
			if err := v.Put("entries", id, crashRecord(id)); err != nil {
				return err
			}
			fmt.Println(id)
		}

	case "rekey": // swap between two passphrases until killed
		pass := testPass
		v, err := Open(path, []byte(pass), Options{})
		if errors.Is(err, ErrWrongPassphrase) {
			pass = otherPass
			v, err = Open(path, []byte(pass), Options{})
		}
		if err != nil {
			return err
		}
		fmt.Println(pass)
		for {
			next := testPass
			if pass == testPass {
				next = otherPass
			}
			if err := v.ChangePassphrase([]byte(next), testKDF); err != nil {
				return err
			}
			pass = next
			fmt.Println(pass)
		}
	}
	return fmt.Errorf("unknown role %q", role)
}

// crashRecord is what the put role stores under id, so the parent can tell it back.
func crashRecord(id ID) []byte {
	return []byte(strings.Repeat("record "+id.String()+" ", 40))
}

type child struct {
	cmd   *exec.Cmd
	lines chan string // closed when the child's stdout closes
	stdin io.WriteCloser
}

func startChild(t *testing.T, role, path string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childRoleEnv+"="+role, childVaultEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 1<<16), stdin: stdin}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return c
}

// next waits for the child's next line.
func (c *child) next(t *testing.T) string {
	t.Helper()
	select {
	case l, ok := <-c.lines:
		if !ok {
			t.Fatal("the child ended early")
		}
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("the child said nothing for 10 s")
	}
	return ""
}

// kill stops the child with SIGKILL and returns every line it printed before dying.
func (c *child) kill(t *testing.T) []string {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for l := range c.lines {
		lines = append(lines, l)
	}
	c.cmd.Wait()
	return lines
}

func TestSecondProcessGetsInUse(t *testing.T) {
	t.Parallel() // most of its time is waiting for the lock
	v, path := newTestVault(t)
	id := NewID()
	v.Put("entries", id, []byte("x"))
	v.Close()
	c := startChild(t, "hold", path)
	if l := c.next(t); l != "ready" {
		t.Fatalf("child said %q", l)
	}
	for _, ro := range []bool{false, true} {
		start := time.Now()
		v, err := Open(path, []byte(testPass), Options{ReadOnly: ro})
		if !errors.Is(err, ErrInUse) {
			t.Errorf("read-only %v: %v, want ErrInUse", ro, err)
		}
		if v != nil {
			v.Close()
		}
		// The contract is an answer within about a second, never a hang.
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("read-only %v: the answer took %v", ro, d)
		}
	}
	c.stdin.Close()
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	v = openTest(t, path, testPass, Options{})
	if got, err := v.Get("entries", id); err != nil || string(got) != "x" {
		t.Errorf("after the other process let go: %q %v", got, err)
	}
}

// Within one process a second handle is refused too, and readers share.
func TestSecondHandleGetsInUse(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t)
	if _, err := Open(path, []byte(testPass), Options{ReadOnly: true}); !errors.Is(err, ErrInUse) {
		t.Errorf("reader while writing: %v", err)
	}
	v.Close()
	r1 := openTest(t, path, testPass, Options{ReadOnly: true})
	r2 := openTest(t, path, testPass, Options{ReadOnly: true})
	if _, err := Open(path, []byte(testPass), Options{}); !errors.Is(err, ErrInUse) {
		t.Errorf("writer while reading: %v", err)
	}
	r1.Close()
	r2.Close()
}

// crashRounds bounds the crash tests to a second or two.
const crashRounds = 8

// A process killed while putting records leaves a vault that opens with every record
// whose Put had returned, each authentic.
func TestCrashWhilePutting(t *testing.T) {
	v, path := newTestVault(t)
	before := putSome(t, v, 10, 100)
	v.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	var printed []ID
	for round := range crashRounds {
		c := startChild(t, "put", path)
		if l := c.next(t); l != "ready" {
			t.Fatalf("child said %q", l)
		}
		// Once it has saved one record, kill it at a random moment of the next ones.
		first := c.next(t)
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
		for _, l := range append([]string{first}, c.kill(t)...) {
			id, err := ParseID(l)
			if err != nil {
				t.Fatalf("round %d: child printed %q", round, l)
			}
			printed = append(printed, id)
		}

		v := openTest(t, path, testPass, Options{})
		got, damaged, err := loadMap(v, "entries")
		if err != nil || len(damaged) > 0 {
			t.Fatalf("round %d: damaged %v, err %v", round, damaged, err)
		}
		for _, id := range before {
			if _, ok := got[id]; !ok {
				t.Fatalf("round %d: an older record %s is gone", round, id)
			}
		}
		for _, id := range printed {
			if got[id] != string(crashRecord(id)) {
				t.Fatalf("round %d: record %s was saved but reads %q", round, id, got[id])
			}
		}
		if rep, err := v.Check([]string{"entries"}); err != nil || !rep.OK() {
			t.Fatalf("round %d: check %+v %v", round, rep, err)
		}
		v.Close()
		checkConsistent(t, path)
	}
	t.Logf("%d records saved across %d kills", len(printed), crashRounds)
}

// A process killed while changing the passphrase leaves a vault that opens with
// exactly one of the two: the last it reported, or the one it was changing to.
func TestCrashWhileChangingPassphrase(t *testing.T) {
	v, path := newTestVault(t)
	ids := putSome(t, v, 10, 100)
	v.Close()
	other := map[string]string{testPass: otherPass, otherPass: testPass}
	rng := rand.New(rand.NewPCG(3, 4))
	changes := 0
	for round := range crashRounds {
		c := startChild(t, "rekey", path)
		c.next(t) // the passphrase it opened with
		// Once it has made one change, kill it at a random moment of the next ones.
		last := c.next(t)
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
		lines := c.kill(t)
		changes += 1 + len(lines)
		if len(lines) > 0 {
			last = lines[len(lines)-1]
		}

		var opened []string
		for _, pass := range []string{testPass, otherPass} {
			v, err := Open(path, []byte(pass), Options{})
			if errors.Is(err, ErrWrongPassphrase) {
				continue
			}
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			opened = append(opened, pass)
			if got := loadAll(t, v, "entries"); len(got) != len(ids) {
				t.Fatalf("round %d: %d records, want %d", round, len(got), len(ids))
			}
			v.Close()
		}
		if len(opened) != 1 || (opened[0] != last && opened[0] != other[last]) {
			t.Fatalf("round %d: opens with %q; last reported %q", round, opened, last)
		}
		checkConsistent(t, path)
	}
	t.Logf("%d passphrase changes across %d kills", changes, crashRounds)
}
