package cli

import (
	"strings"
	"testing"
)

// The day a meeting was held is read as the app reads it (mentorship.ParseHeldDate):
// on 21 November 2026, "3 Dec" is December 2025, and yesterday is the 20th, for
// meeting add and meeting edit alike.
func TestHeldDateReadAsTheAppReadsIt(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Dr Okafor")
	id := strings.TrimSpace(f.mustRun("", "meeting", "add", "--with", "Dr Okafor", "--date", "3 Dec"))
	if show := f.mustRun("", "meeting", "show", id); !strings.Contains(show, "2025-12-03") {
		t.Fatalf("meeting add --date \"3 Dec\" on 21 November 2026:\n%s", show)
	}
	out := f.mustRun("", "meeting", "edit", id, "--date", "yesterday")
	if !strings.Contains(out, "on 2026-11-20") {
		t.Fatalf("meeting edit --date yesterday: %q", out)
	}
	out = f.mustRun("", "meeting", "edit", id, "--date", "1 Dec")
	if !strings.Contains(out, "on 2025-12-01") {
		t.Fatalf("meeting edit --date \"1 Dec\": %q", out)
	}
}

// meeting edit refuses a next meeting that is not after this one, whether --next
// or --date moves it there: one sentence, status 2, the vault as it was.
func TestMeetingEditRefusesNextBeforeTheMeeting(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "mentor", "add", "--role", "mentee", "--with", "Dr Okafor")
	id := strings.TrimSpace(f.mustRun("", "meeting", "add", "--with", "Dr Okafor", "--date", "2026-11-10", "--next", "2026-12-10"))
	for _, args := range [][]string{
		{"--next", "2026-11-01"},
		{"--next", "2026-11-10"},
		{"--date", "2026-11-20", "--next", "2026-11-15"},
	} {
		before := f.vaultSum()
		r := f.run("", append([]string{"meeting", "edit", id}, args...)...)
		if r.status != 2 || !strings.Contains(r.stderr, "is not after this one") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("meeting edit %v: status %d, stderr %q", args, r.status, r.stderr)
		}
		if f.vaultSum() != before {
			t.Errorf("meeting edit %v changed the vault", args)
		}
	}
	if show := f.mustRun("", "meeting", "show", id); !strings.Contains(show, "Next meeting: 2026-12-10") {
		t.Errorf("the next date changed:\n%s", show)
	}
}
