//go:build !linux

package storage

// dropMapped does nothing where the walk cannot ask the kernel to drop pages.
func dropMapped([]byte) {}
