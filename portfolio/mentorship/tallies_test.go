package mentorship

import (
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestTallyTopics(t *testing.T) {
	ms := []*portfolio.Meeting{
		{Held: true, Topics: []string{"examinations", "career development"}},
		{Held: true, Topics: []string{"Examinations", "work-life  balance", "examinations"}},
		{Held: true, Topics: []string{"career development", "examinations"}},
		{Held: false, Topics: []string{"work-life balance", "wellbeing"}}, // planned: not yet discussed
		{Held: true},
	}
	got := TallyTopics(ms)
	want := []TopicCount{{"examinations", 3}, {"career development", 2}, {"work-life  balance", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TallyTopics = %+v, want %+v", got, want)
	}
	if got := TallyTopics(nil); len(got) != 0 {
		t.Errorf("no meetings gave %+v", got)
	}
}

func TestTopicTallyByRelationship(t *testing.T) {
	p, _ := testvault.New(t)
	a, _ := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam"})
	b, _ := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Jo"})
	for _, rec := range []MeetingRecord{
		{RelationshipID: a.ID, Topics: []string{"exams"}},
		{RelationshipID: a.ID, Topics: []string{"exams", "wellbeing"}},
		{RelationshipID: b.ID, Topics: []string{"wellbeing"}},
	} {
		if _, _, err := RecordMeeting(p, rec); err != nil {
			t.Fatal(err)
		}
	}
	if got := TopicTally(p, a.ID); !reflect.DeepEqual(got, []TopicCount{{"exams", 2}, {"wellbeing", 1}}) {
		t.Errorf("Sam's tally = %+v", got)
	}
	if got := TopicTally(p, ""); !reflect.DeepEqual(got, []TopicCount{{"exams", 2}, {"wellbeing", 2}}) {
		t.Errorf("the tally across all = %+v", got)
	}
}
