package cli

import (
	"strings"
	"testing"
)

// TestEmptyAndStrayValuesRefused checks that an empty --tag or --topic, a word
// after --discuss and a past target for a new goal are each refused with one
// sentence, status 2, and the vault left as it was.
func TestEmptyAndStrayValuesRefused(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("text", "add", "--function", "formative", "--title", "one")
	entry := f.list()
	if len(entry) != 1 {
		t.Fatalf("want one entry, have %d", len(entry))
	}
	id := entry[0].ID
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Dr Okafor")
	before := f.vaultSum()
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"text", []string{"add", "--function", "formative", "--tag", ""}, "--tag has an empty value"},
		{"text", []string{"add", "--function", "formative", "--tag", "audit,,cpd"}, "--tag has an empty value"},
		{"", []string{"edit", id, "--tag", ""}, "--tag has an empty value"},
		{"", []string{"meeting", "add", "--with", "Okafor", "--topic", ""}, "--topic has an empty value"},
		{"", []string{"edit", id, "--discuss", "maybe"}, `--discuss takes no separate value ("maybe")`},
		{"text", []string{"add", "--function", "formative", "--discuss", "maybe"}, `--discuss takes no separate value ("maybe")`},
		{"", []string{"goal", "add", "Old aim", "--target", "yesterday"}, "is in the past"},
	} {
		r := f.run(tc.stdin, tc.args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("folio %q: status %d, stderr %q; want status %d saying %q", tc.args, r.status, r.stderr, ExitUsage, tc.want)
		}
		if f.vaultSum() != before {
			t.Fatalf("folio %q changed the vault", tc.args)
		}
	}
	// A target today is still a target ahead.
	f.mustRun("", "goal", "add", "Today's aim", "--target", "today")
}
