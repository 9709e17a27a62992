package sanitize

import "testing"

// The wrapper is the shared implementation: hostile text comes out inert.
func TestWrapsInert(t *testing.T) {
	if got := Text("a\x1b]52;c;ZXZpbA==\x07b\rc"); got != "ab␍c" {
		t.Errorf("Text = %q", got)
	}
	if got := Line("a\nb\u202e"); got != "a b<U+202E>" {
		t.Errorf("Line = %q", got)
	}
}
