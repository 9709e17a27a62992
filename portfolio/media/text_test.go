package media

import (
	"strings"
	"testing"
)

func TestHTMLTextIsReadable(t *testing.T) {
	doc := `<!doctype html><html><head><title>Notes</title><style>body{color:red}</style>
<script>alert("x")</script></head><body><h1>Notes from Sam</h1>
<p>Keep <b>going</b> &amp; rest, un<i>der</i>lined.</p><ul><li>One</li><li>Two</li></ul></body></html>`
	got := HTMLText(doc)
	want := "# Notes from Sam\n\nKeep going & rest, underlined.\n\n- One\n- Two\n"
	if got != want {
		t.Fatalf("HTMLText:\n%q\nwant\n%q", got, want)
	}
	for _, bad := range []string{"<", "color:red", "alert", "Notes\n\n# Notes"} {
		if strings.Contains(got, bad) {
			t.Errorf("the text keeps %q", bad)
		}
	}
}

func FuzzHTMLText(f *testing.F) {
	f.Add(`<html><body><h2>a</h2><p>b<br>c</p></body></html>`)
	f.Add(`<script><p>x</script>`)
	f.Fuzz(func(t *testing.T, doc string) {
		out := HTMLText(doc)
		if !strings.HasSuffix(out, "\n") {
			t.Fatalf("no final newline: %q", out)
		}
	})
}
