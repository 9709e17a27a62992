//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package clienv

import (
	"os"

	"golang.org/x/term"
)

// readSecret falls back to term.ReadPassword here (Windows' console API among
// others); the caller still overwrites what it returns.
func readSecret(f *os.File) ([]byte, error) { return term.ReadPassword(int(f.Fd())) }
