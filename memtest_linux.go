//go:build folio_memtest && linux

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// Built only with the folio_memtest tag, for TestLockLeavesNothingInMemory.

// beforeApp leaves the process dumpable, undoing only that part of the command
// line's hardening, so that the test, the same user, may read its memory through
// /proc/PID/mem. What the app keeps or drops does not depend on it.
func beforeApp() { unix.Prctl(unix.PR_SET_DUMPABLE, 1, 0, 0, 0) }

// mayExec is false when the test asks to measure the in-process fallback.
func mayExec() bool { return os.Getenv("FOLIO_MEMTEST_NO_EXEC") == "" }
