package document

import (
	"errors"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

func TestSelectionSummary(t *testing.T) {
	f := newMentoringFixture(t)
	ids := []portfolio.ID{f.private.ID, f.shareable.ID, f.unshared.ID, f.sessionReflection.ID, f.mentorKind.ID, f.shareable.ID}
	for _, tc := range []struct {
		name           string
		includePrivate bool
		want, never    []string
		left           Omitted
	}{
		{
			name:  "private left out",
			want:  []string{"SHAREABLE-BODY", "UNSHARED-BODY", "2 entries, 10 February 2026 to 11 February 2026"},
			never: []string{"PRIVATE-BODY", "SESSION-REFLECTION-BODY", "MENTOR-KIND-BODY"},
			left:  Omitted{Private: 1, MentorReflections: 2},
		},
		{
			name:           "private ticked",
			includePrivate: true,
			want:           []string{"SHAREABLE-BODY", "UNSHARED-BODY", "PRIVATE-BODY", "3 entries"},
			never:          []string{"SESSION-REFLECTION-BODY", "MENTOR-KIND-BODY"},
			left:           Omitted{MentorReflections: 2},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, left, err := SelectionSummary(f.p, ids, tc.includePrivate)
			if err != nil {
				t.Fatal(err)
			}
			text := docText(d)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the summary lacks %q:\n%s", w, text)
				}
			}
			for _, n := range tc.never {
				if strings.Contains(text, n) {
					t.Errorf("the summary includes %q", n)
				}
			}
			if left != tc.left {
				t.Errorf("left out %+v, want %+v", left, tc.left)
			}
			// Oldest first, once each.
			if strings.Count(text, "SHAREABLE-BODY") != 1 || strings.Index(text, "SHAREABLE-BODY") > strings.Index(text, "UNSHARED-BODY") {
				t.Errorf("entries out of order or repeated:\n%s", text)
			}
		})
	}
	if _, _, err := SelectionSummary(f.p, nil, false); !errors.Is(err, portfolio.ErrInvalid) {
		t.Errorf("an empty selection: %v", err)
	}
	if _, _, err := SelectionSummary(f.p, []portfolio.ID{"nope"}, false); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("an unknown entry: %v", err)
	}
}
