//go:build unix

package viewer

import (
	"os/exec"
	"syscall"
)

// ownGroup starts the viewer in a process group of its own, so stopping it stops
// what it started too (a script's child, a viewer's helper).
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// stop kills the viewer's process group.
func stop(cmd *exec.Cmd) {
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		cmd.Process.Kill()
	}
}

// running reports whether a process pid exists (perhaps another user's).
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
