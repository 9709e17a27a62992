//go:build unix && !linux

package storage

func dontDump([]byte) {}
