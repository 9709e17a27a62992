//go:build !unix

package pagewalk

import (
	"errors"
	"os"
)

// mapFile is not available here; walks read the file with ReadAt instead.
func mapFile(*os.File, int) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmapFile([]byte) {}
