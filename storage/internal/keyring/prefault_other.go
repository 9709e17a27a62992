//go:build !linux

package keyring

// prefault does nothing here: see prefault_linux.go.
func prefault(int) {}
