package cli

import (
	"bytes"
	"io"
)

// trimWriter drops the spaces fang pads each help line with to the terminal's width,
// so help piped into a file, grep or a pager has no trailing blanks. It holds back
// an unfinished line until its newline or Flush.
type trimWriter struct {
	w       io.Writer
	pending []byte
}

func (t *trimWriter) Write(p []byte) (int, error) {
	t.pending = append(t.pending, p...)
	var out []byte
	for {
		i := bytes.IndexByte(t.pending, '\n')
		if i < 0 {
			break
		}
		out = append(out, bytes.TrimRight(t.pending[:i], " ")...)
		out = append(out, '\n')
		t.pending = t.pending[i+1:]
	}
	if len(out) > 0 {
		if _, err := t.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what is left of an unfinished last line, as it is.
func (t *trimWriter) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	_, err := t.w.Write(t.pending)
	t.pending = nil
	return err
}
