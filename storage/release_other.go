//go:build !linux

package storage

// dropMapped does nothing where the pages of a mapping are not let go one by one.
func dropMapped(uintptr, int64) error { return nil }
