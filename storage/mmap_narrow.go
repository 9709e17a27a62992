//go:build windows || !(amd64 || arm64 || loong64 || mips64 || mips64le || ppc64 || ppc64le || riscv64 || s390x)

package storage

// initialMmapSize is zero, bbolt's default (the file's size, rounded up), where
// mapping ahead is not safe: on Windows bbolt grows the file to the mapping's size,
// so every vault would be that large, and a 32-bit process has little address space
// to spare.
const initialMmapSize = 0
