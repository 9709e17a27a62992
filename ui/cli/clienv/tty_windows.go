//go:build windows

package clienv

import "os"

// openTTY opens the console: CONIN$ and CONOUT$ are the console's input and screen
// even when standard input and output are redirected.
func openTTY() (TTY, error) {
	in, err := os.OpenFile("CONIN$", os.O_RDWR, 0)
	if err != nil {
		return TTY{}, err
	}
	out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		in.Close()
		return TTY{}, err
	}
	return TTY{In: in, Out: out}, nil
}
