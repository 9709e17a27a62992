//go:build !linux

package memscan

import "errors"

// Scan needs /proc/self/mem, which only Linux has.
func Scan([]Needle) ([]Hit, error) { return nil, errors.ErrUnsupported }

// Supported reports whether Scan works here.
func Supported() bool { return false }
