//go:build !linux

package cli

// memoryDirs are where a draft may live; folio knows of no memory-backed folder
// on this system that every user has (macOS and Windows keep temporary files on
// disk).
func memoryDirs(func(string) string) []string { return nil }

func inMemory(string) bool { return false }
