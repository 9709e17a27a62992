package fill

import (
	"reflect"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

// A peer-support relationship's meetings are headed restoratively, a mentoring
// one's by GROW; the skeleton reads back through ParseMeetingNotes.
func TestMeetingNotesByRole(t *testing.T) {
	lib, err := LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	heads := func(r *portfolio.Relationship) []string {
		tpl, err := lib.MeetingNotes(r)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range tpl.Sections {
			out = append(out, s.Heading)
		}
		return out
	}
	peer := &portfolio.Relationship{Role: portfolio.RolePeerSupport, Person: "Ward 7"}
	want := []string{"What happened", "Its impact on me", "What helped", "What I will do", "Signposting offered"}
	if got := heads(peer); !reflect.DeepEqual(got, want) {
		t.Errorf("peer support headings %q, want %q", got, want)
	}
	for _, role := range []portfolio.Role{portfolio.RoleMentee, portfolio.RoleMentor, portfolio.RoleActionLearning} {
		if got := heads(&portfolio.Relationship{Role: role, Person: "Sam"}); !reflect.DeepEqual(got, portfolio.GROWStages) {
			t.Errorf("%s headings %q, want GROW", role, got)
		}
	}

	tpl, _ := lib.MeetingNotes(peer)
	sk := MeetingNotesSkeleton(tpl, peer, lib.Signposting())
	if !strings.Contains(sk, "## Its impact on me") || !strings.Contains(sk, "Samaritans") {
		t.Errorf("the restorative skeleton lacks its headings or the services:\n%s", sk)
	}
	grow, _ := lib.MeetingNotes(&portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam"})
	if sk := MeetingNotesSkeleton(grow, peer, lib.Signposting()); strings.Contains(sk, "Samaritans") {
		t.Error("the GROW skeleton lists the services")
	}

	filled := strings.Replace(sk, "## What happened\n", "## What happened\nA hard night.\n", 1)
	notes := ParseMeetingNotes("Before any heading.\n" + filled)
	if len(notes) != 2 || notes[0] != (portfolio.Section{Heading: "Notes", Body: "Before any heading."}) || notes[1] != (portfolio.Section{Heading: "What happened", Body: "A hard night."}) {
		t.Errorf("notes read back: %+v", notes)
	}
}
