package base

import (
	"bytes"
	"strings"
	"testing"
)

// An ID lies between PrefixRange's two IDs exactly when its text form starts with
// the prefix, in either case; a prefix no ID's text can start with has no range.
func FuzzPrefixRange(f *testing.F) {
	for _, s := range []string{"", "0", "z", "Z", "bhxs", "bhxs3e616knc59kr", "bhxs3e616knc59kr0", "u", "i", "ab-", "7fff"} {
		f.Add(s, []byte{0x4f, 0x7b, 0x90, 0x0c, 0x31, 0xff, 0x00, 0x12, 0x34, 0x56})
	}
	f.Fuzz(func(t *testing.T, prefix string, raw []byte) {
		var id ID
		copy(id[:], raw)
		lo, hi, ok := PrefixRange(prefix)
		valid := len(prefix) <= idTextSize
		for _, c := range strings.ToLower(prefix) {
			if !strings.ContainsRune(idAlphabet, c) {
				valid = false
			}
		}
		if ok != valid {
			t.Fatalf("PrefixRange(%q) ok = %v, want %v", prefix, ok, valid)
		}
		if !ok {
			return
		}
		in := bytes.Compare(lo[:], id[:]) <= 0 && bytes.Compare(id[:], hi[:]) <= 0
		if starts := strings.HasPrefix(id.String(), strings.ToLower(prefix)); in != starts {
			t.Fatalf("%s in [%x, %x] = %v, but it starts with %q = %v", id, lo, hi, in, prefix, starts)
		}
		// The bounds start with the prefix themselves.
		if !strings.HasPrefix(lo.String(), strings.ToLower(prefix)) || !strings.HasPrefix(hi.String(), strings.ToLower(prefix)) {
			t.Fatalf("the bounds %s and %s of %q do not start with it", lo, hi, prefix)
		}
	})
}
