//go:build !unix

package cli

// harden has nothing to do here: Windows writes no core files of its own, and its
// crash reports are the user's system setting.
func harden() error { return nil }
