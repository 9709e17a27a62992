//go:build !windows

package clienv

import "os"

// openTTY opens the controlling terminal, which a process has even when its standard
// streams are redirected; without one (cron, CI) it fails.
func openTTY() (TTY, error) {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return TTY{}, err
	}
	return TTY{In: f, Out: f}, nil
}
