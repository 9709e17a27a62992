package diff

import (
	"fmt"
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	got := WordDiff("I reviewed the dose, then asked.", "I checked the dose twice, then asked.")
	var b strings.Builder
	for _, part := range got {
		switch part.Op {
		case DiffDelete:
			fmt.Fprintf(&b, "[-%s-]", part.Text)
		case DiffInsert:
			fmt.Fprintf(&b, "{+%s+}", part.Text)
		default:
			b.WriteString(part.Text)
		}
	}
	if want := "I [-reviewed-]{+checked+} the dose{+ twice+}, then asked."; b.String() != want {
		t.Errorf("diff\n got %s\nwant %s", b.String(), want)
	}
}

// Whatever the texts, the diff spells both.
func FuzzWordDiff(f *testing.F) {
	f.Add("a b c", "a c d")
	f.Add("", "new text")
	f.Add("naïve café", "naive cafe\n\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		var old, new strings.Builder
		for _, part := range WordDiff(a, b) {
			if part.Op != DiffInsert {
				old.WriteString(part.Text)
			}
			if part.Op != DiffDelete {
				new.WriteString(part.Text)
			}
		}
		if old.String() != a || new.String() != b {
			t.Fatalf("diff of %q and %q spells %q and %q", a, b, old.String(), new.String())
		}
	})
}
