//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// catchSignals are the signals that stop folio and that it can catch.
func catchSignals() []os.Signal {
	return []os.Signal{unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT}
}

// reraise stops the process with sig as if it had not been caught.
func reraise(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		unix.Kill(os.Getpid(), s)
	}
}

// lockFile marks a temporary file as being written, for SweepStale to leave alone.
func lockFile(f *os.File) { unix.Flock(int(f.Fd()), unix.LOCK_EX) }

// removeIfAbandoned removes a temporary file of this user that no process holds locked.
func removeIfAbandoned(path string) bool {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != os.Getuid() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); errors.Is(err, unix.EWOULDBLOCK) || err != nil {
		return false
	}
	return os.Remove(path) == nil
}
