//go:build !linux

package memscan

import "errors"

// Scan needs /proc/self/mem, which only Linux has.
func Scan([]Needle) ([]Hit, error) { return nil, errors.ErrUnsupported }

// ScanProcess needs /proc/PID/mem, which only Linux has.
func ScanProcess(int, []Needle) ([]Hit, error) { return nil, errors.ErrUnsupported }

// Supported reports whether Scan works here.
func Supported() bool { return false }
