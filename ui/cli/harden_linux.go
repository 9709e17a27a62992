//go:build linux

package cli

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// harden keeps decrypted text and keys from leaving the process through a core dump
// or another process of the same user reading its memory, as password managers do:
// no core file of any size, and the process is not dumpable, which also refuses
// ptrace and /proc/PID/mem to anyone without CAP_SYS_PTRACE.
func harden() error {
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err != nil {
		return fmt.Errorf("cannot turn off core dumps: %w", err)
	}
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		return fmt.Errorf("cannot make the process undumpable: %w", err)
	}
	return nil
}
