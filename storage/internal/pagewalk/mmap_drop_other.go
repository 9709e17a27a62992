//go:build !linux

package pagewalk

// dropMapped does nothing where the walk cannot ask the kernel to drop pages.
func dropMapped([]byte) {}
