package document

import "testing"

// The document inside a bundle takes the bundle's name, less .zip and .age in any
// case, with the format's extension; a bundle named only by its extensions holds
// "document".
func TestBundleDocName(t *testing.T) {
	for _, c := range []struct{ bundle, ext, want string }{
		{"/tmp/pack.zip", ".md", "pack.md"},
		{"pack.zip.age", ".pdf", "pack.pdf"},
		{"out/Pack.ZIP", ".html", "Pack.html"},
		{".zip", ".md", "document.md"},
	} {
		if got := BundleDocName(c.bundle, c.ext); got != c.want {
			t.Errorf("BundleDocName(%q, %q) = %q, want %q", c.bundle, c.ext, got, c.want)
		}
	}
}
