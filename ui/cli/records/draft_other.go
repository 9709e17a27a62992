//go:build !linux

package records

// memoryDirs are where a draft may live; folio knows of no memory-backed folder
// on this system that every user has (macOS and Windows keep temporary files on
// disk).
func memoryDirs(func(string) string) []string { return nil }

func InMemory(string) bool { return false }
