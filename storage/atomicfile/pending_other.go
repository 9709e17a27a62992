//go:build !linux

package atomicfile

import "os"

// openUnnamed: only Linux has unnamed files (O_TMPFILE).
func openUnnamed(string) (*os.File, bool) { return nil, false }

func linkFD(*os.File, string) error { return errNoProcLink }
