//go:build unix && !linux

package cli

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// harden turns off core dumps, so decrypted text and keys never reach a core file.
// These systems have no portable PR_SET_DUMPABLE; the core limit is what they share.
func harden() error {
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err != nil {
		return fmt.Errorf("cannot turn off core dumps: %w", err)
	}
	return nil
}
