package portfolio

import (
	"reflect"
	"testing"
)

func TestBeforeAfter(t *testing.T) {
	rs := []*Rating{
		{Kind: RatingProgress, Stage: "start", Scores: []Score{{"stress management", 2}, {"self-confidence", 2}}},
		{Kind: RatingProgress, Stage: "start", Scores: []Score{{"self-confidence", 3}}}, // a later start rating wins
		{Kind: RatingProgress, Stage: "end", Scores: []Score{{"self-confidence", 5}, {"an old name", 4}}},
		{Kind: RatingProgress, Scores: []Score{{"self-confidence", 1}}}, // no stage: not in the table
		{Kind: RatingSkills, Stage: "middle", Scores: []Score{{"open questions", 4}}},
	}
	got := BeforeAfter(rs)
	want := []StagedScore{
		{Kind: RatingSkills, Item: "open questions", Middle: 4},
		{Kind: RatingProgress, Item: "self-confidence", Start: 3, End: 5},
		{Kind: RatingProgress, Item: "stress management", Start: 2},
		{Kind: RatingProgress, Item: "an old name", End: 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BeforeAfter =\n%+v\nwant\n%+v", got, want)
	}
	if c, ok := got[1].Change(); !ok || c != 2 {
		t.Errorf("change = %d, %v", c, ok)
	}
	if _, ok := got[2].Change(); ok {
		t.Error("a change with no end score")
	}
}
