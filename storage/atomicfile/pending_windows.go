//go:build windows

package atomicfile

import "os"

// catchSignals are the signals that stop folio and that it can catch.
func catchSignals() []os.Signal { return []os.Signal{os.Interrupt} }

// reraise cannot raise a console interrupt again on Windows; Commit reports the
// interruption instead, and the command stops with that error.
func reraise(os.Signal) {}

// lockFile has nothing to do: Windows refuses to remove a file another process has
// open, which is what tells a live temporary file from an abandoned one.
func lockFile(*os.File) {}

// removeIfAbandoned removes the file unless a process has it open.
func removeIfAbandoned(path string) bool {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	return os.Remove(path) == nil
}
