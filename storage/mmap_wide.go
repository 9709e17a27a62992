//go:build !windows && (amd64 || arm64 || loong64 || mips64 || mips64le || ppc64 || ppc64le || riscv64 || s390x)

package storage

// initialMmapSize is how much of the vault a writable open maps at once. Without it
// bbolt maps the file's size rounded up to a power of two and remaps at every
// doubling, copying each node of the transaction out of the old mapping: for a
// 100 MiB attachment, about 10% of the attach's CPU and 10 MiB of its peak memory
// (docs/PERFORMANCE.md). Here, on a 64-bit system other than Windows, mapping past
// the file's end costs address space only: the file grows by bbolt's own steps
// (16 MiB once the mapping is past that), never to the mapping's size, and no page
// past the end is read.
const initialMmapSize = 1 << 30
