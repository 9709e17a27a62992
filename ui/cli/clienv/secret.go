package clienv

import (
	"errors"
	"io"
)

// maxPassphrase bounds a passphrase typed on the terminal. The buffer is that large
// from the start, so reading never reallocates it and leaves a partial copy behind.
const maxPassphrase = 4096

var errPassphraseTooLong = &UsageError{"the passphrase is longer than 4096 bytes"}

// readSecretLine reads one line from r a byte at a time into a buffer of fixed
// capacity, which it overwrites on any failure. With edit, as term.ReadPassword on
// a terminal, backspace deletes and carriage returns are dropped; without, every
// byte but the newline is kept, as a line of standard input always was.
func readSecretLine(r io.Reader, edit bool) ([]byte, error) {
	buf := make([]byte, 0, maxPassphrase)
	var b [1]byte
	defer clear(b[:])
	for {
		n, err := r.Read(b[:])
		if n > 0 {
			switch {
			case b[0] == '\n':
				return buf, nil
			case edit && b[0] == '\b':
				if len(buf) > 0 {
					buf[len(buf)-1] = 0
					buf = buf[:len(buf)-1]
				}
			case edit && b[0] == '\r':
			default:
				if len(buf) == cap(buf) {
					clear(buf)
					return nil, errPassphraseTooLong
				}
				buf = append(buf, b[0])
			}
			continue
		}
		if errors.Is(err, io.EOF) && len(buf) > 0 {
			return buf, nil
		}
		if err != nil {
			clear(buf)
			return nil, err
		}
	}
}
