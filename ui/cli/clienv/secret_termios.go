//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package clienv

import (
	"os"

	"golang.org/x/sys/unix"
)

// readSecret reads a passphrase from the terminal without echo, as term.ReadPassword
// does (echo off, the line discipline still editing the line), but into a buffer of
// fixed capacity that the caller can overwrite: term.ReadPassword grows its slice
// by appending, leaving prefixes of the passphrase in freed memory.
func readSecret(f *os.File) ([]byte, error) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	quiet.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil, err
	}
	defer unix.IoctlSetTermios(fd, ioctlSetTermios, old)
	return readSecretLine(f, true)
}
