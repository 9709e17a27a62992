package render

import "testing"

// tidy keeps one blank line between paragraphs, drops trailing spaces but keeps a
// hard break as two, and ends the file with one newline.
func TestTidy(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "\n"},
		{"a", "a\n"},
		{"a\n", "a\n"},
		{"\n\n\na\n\n\n\nb\n\n", "a\n\nb\n"},
		{"a   \nb\t\n", "a  \nb\n"},
		{"a \nb", "a\nb\n"},
		{"   \n  \na", "a\n"},
		{"# T\n\n\n- x  \n  \n- y", "# T\n\n- x  \n\n- y\n"},
	} {
		if got := string(tidy([]byte(c.in))); got != c.want {
			t.Errorf("tidy(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
