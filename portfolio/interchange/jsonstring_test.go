package interchange

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzUnquoteJSON: every JSON string of UTF-8 that encoding/json decodes,
// unquoteJSON decodes to the same text.
func FuzzUnquoteJSON(f *testing.F) {
	for _, s := range []string{`""`, `"plain"`, `"a\nb\t\"q\"\\ \/"`, `"\u00e9\u20ac"`, `"\ud83d\ude00"`,
		`"\ud83d"`, `"\ude00\ud83d x"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"é € 😀"`, `"\b\f\r\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, quoted []byte) {
		var want string
		if !utf8.Valid(quoted) || json.Unmarshal(quoted, &want) != nil {
			return
		}
		// The value alone, as a walk over the bytes finds its bounds.
		got, ok := unquoteJSON(bytes.Trim(quoted, " \t\r\n"))
		if !ok || got != want {
			t.Fatalf("unquoteJSON(%q) = %q, %v; encoding/json %q", quoted, got, ok, want)
		}
	})
}
