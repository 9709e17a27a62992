//go:build !linux

package cli

// osChildRoles are the child roles of this system's tests: none here.
func osChildRoles() map[string]func() error { return nil }
