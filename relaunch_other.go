//go:build !unix

package main

// relaunch cannot replace the process here (Windows has no exec): run locks in
// process instead, as docs/ARCHITECTURE.md describes.
func relaunch(string) {}
