package cli

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// helpWidth is the width the lists of commands and flags in help are wrapped to:
// fang lays them out on one line each, as wide as the longest, whatever the
// terminal.
const helpWidth = 80

// trimWriter drops the spaces fang pads each help line with to the terminal's width,
// so help piped into a file, grep or a pager has no trailing blanks, and wraps the
// lines of a list of commands or flags wider than helpWidth under their
// description. It holds back an unfinished line until its newline or Flush.
type trimWriter struct {
	w       io.Writer
	pending []byte
	// inList is whether the lines written are under a heading of commands or
	// flags (not USAGE or EXAMPLES, whose lines are code to copy as they are).
	inList bool
}

// helpHeading is a section title of fang's help; listItem is a line of a list,
// its name and the spaces before its description.
var (
	helpHeading = regexp.MustCompile(`^  [A-Z][A-Z ,&]*$`)
	listItem    = regexp.MustCompile(`^    \S(?:.*?\S)? {2,}\S`)
)

func (t *trimWriter) Write(p []byte) (int, error) {
	t.pending = append(t.pending, p...)
	var out []byte
	for {
		i := bytes.IndexByte(t.pending, '\n')
		if i < 0 {
			break
		}
		out = append(out, t.layout(string(bytes.TrimRight(t.pending[:i], " ")))...)
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

// layout wraps a line of a list of commands or flags wider than helpWidth, its
// description continued under itself; it leaves every other line as it is.
func (t *trimWriter) layout(line string) string {
	plain := ansi.Strip(line)
	if helpHeading.MatchString(plain) {
		t.inList = plain != "  USAGE" && plain != "  EXAMPLES"
		return line
	}
	width := ansi.StringWidth(line)
	if !t.inList || width <= helpWidth {
		return line
	}
	m := listItem.FindString(plain)
	if m == "" {
		return line
	}
	col := ansi.StringWidth(m) - 1
	desc := ansi.Wordwrap(ansi.Cut(line, col, width), max(helpWidth-col, 24), "")
	return ansi.Cut(line, 0, col) + strings.ReplaceAll(desc, "\n", "\n"+strings.Repeat(" ", col))
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
