package mentorship

import (
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

func TestBeforeAfter(t *testing.T) {
	rs := []*portfolio.Rating{
		{Kind: portfolio.RatingProgress, Stage: "start", Scores: []portfolio.Score{{Name: "stress management", Value: 2}, {Name: "self-confidence", Value: 2}}},
		{Kind: portfolio.RatingProgress, Stage: "start", Scores: []portfolio.Score{{Name: "self-confidence", Value: 3}}}, // a later start rating wins
		{Kind: portfolio.RatingProgress, Stage: "end", Scores: []portfolio.Score{{Name: "self-confidence", Value: 5}, {Name: "an old name", Value: 4}}},
		{Kind: portfolio.RatingProgress, Scores: []portfolio.Score{{Name: "self-confidence", Value: 1}}}, // no stage: not in the table
		{Kind: portfolio.RatingSkills, Stage: "middle", Scores: []portfolio.Score{{Name: "open questions", Value: 4}}},
	}
	got := BeforeAfter(rs)
	want := []StagedScore{
		{Kind: portfolio.RatingSkills, Item: "open questions", Middle: 4},
		{Kind: portfolio.RatingProgress, Item: "self-confidence", Start: 3, End: 5},
		{Kind: portfolio.RatingProgress, Item: "stress management", Start: 2},
		{Kind: portfolio.RatingProgress, Item: "an old name", End: 4},
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
