//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// relaunch replaces this process with a new image of folio run with the same
// arguments, starting at the lock screen with note. The kernel discards the whole
// address space, so the new image holds nothing of the unlocked app. By now the app
// has closed the vault (releasing its file lock) and restored the terminal; every
// file folio opens is close-on-exec. The new image turns core dumps off again as it
// starts, as every folio does. It returns only if the exec failed.
func relaunch(note string) {
	if !mayExec() {
		return
	}
	// On Linux /proc/self/exe is this very image even if its file was since replaced
	// or removed (an upgrade, or the temporary build of `go run`).
	exe := "/proc/self/exe"
	if runtime.GOOS != "linux" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return
		}
	}
	if _, err := os.Stat(exe); err != nil {
		return
	}
	syscall.Exec(exe, os.Args, append(os.Environ(), lockedEnv+"="+note))
}
