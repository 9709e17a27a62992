//go:build linux

package viewer

import "golang.org/x/sys/unix"

// File system magic numbers (statfs(2)) of the memory-backed file systems.
const (
	tmpfsMagic = 0x01021994
	ramfsMagic = 0x858458f6
)

// MemoryDirs are where an opened copy may live, best first: the user's runtime
// directory (private, emptied at logout) and /dev/shm. The command line's editor
// drafts live there too.
func MemoryDirs(getenv func(string) string) []string {
	var dirs []string
	if d := getenv("XDG_RUNTIME_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	return append(dirs, "/dev/shm")
}

// InMemory reports whether dir is on a memory-backed file system, so what is
// written there never reaches a disk (short of swap).
func InMemory(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	// Type is int32 on 32-bit platforms, where ramfs's magic reads as negative.
	t := uint32(st.Type)
	return t == tmpfsMagic || t == ramfsMagic
}
