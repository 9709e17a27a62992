package clienv

import (
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: what is written to the master is typed on
// the terminal, and what the terminal echoes can be read from the master.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	// Non-blocking, so os.File polls it and a read deadline works.
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	m := os.NewFile(uintptr(fd), "/dev/ptmx")
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

// TestReadSecretOnTerminal: the passphrase typed on a real terminal is read without
// echo, with the terminal's own line editing, and the terminal is restored after.
func TestReadSecretOnTerminal(t *testing.T) {
	master, tty := openPTY(t)
	before, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := readSecret(tty)
		done <- result{b, err}
	}()
	// Type only once echo is off, as a person would after the prompt.
	for i := 0; ; i++ {
		now, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
		if err == nil && now.Lflag&unix.ECHO == 0 {
			break
		}
		if i > 1000 {
			t.Fatal("echo was never turned off")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := master.Write([]byte("tide poolx\x7f\n")); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || string(r.b) != "tide pool" {
		t.Fatalf("read %q, %v; want the line as edited", r.b, r.err)
	}
	after, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil || after.Lflag != before.Lflag {
		t.Errorf("the terminal was not restored: lflag %#x, was %#x", after.Lflag, before.Lflag)
	}
	// Whatever the terminal echoed is waiting on the master: it must not hold the text.
	master.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	echo := make([]byte, 256)
	n, _ := master.Read(echo)
	for _, c := range echo[:n] {
		if c >= 'a' && c <= 'z' {
			t.Fatalf("the terminal echoed the passphrase: %q", echo[:n])
		}
	}
}
