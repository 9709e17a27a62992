//go:build !linux

package viewer

// MemoryDirs are where an opened copy may live; folio knows of no memory-backed
// folder on this system that every user has (macOS and Windows keep temporary
// files on disk), so it opens nothing there.
func MemoryDirs(func(string) string) []string { return nil }

// InMemory reports whether dir is on a memory-backed file system.
func InMemory(string) bool { return false }
