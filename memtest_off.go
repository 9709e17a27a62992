//go:build !(folio_memtest && linux)

package main

// The folio_memtest hooks (memtest_linux.go) do nothing in folio itself.

func beforeApp() {}

func mayExec() bool { return true }
