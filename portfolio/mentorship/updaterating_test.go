package portfolio

import (
	"errors"
	"slices"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// Scores merge into a rating by item name, a unique start of the name will do, and
// "0" removes one; date, note and stage change; bad changes keep nothing.
func TestUpdateRating(t *testing.T) {
	p, c := newTestPortfolio(t)
	rel, err := addRelationship(p, Relationship{Role: RoleMentee, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := addRating(p, Rating{Kind: RatingProgress, RelationshipID: rel.ID, Stage: "start", Date: testToday - 2,
		Scores: []Score{{Name: "self-confidence", Value: 2}, {Name: "realism", Value: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ch      RatingChange
		scores  []Score
		badWith error
	}{
		{"change one by prefix", RatingChange{Scores: []Score{{Name: "self-conf", Value: 4}}},
			[]Score{{Name: "self-confidence", Value: 4}, {Name: "realism", Value: 3}}, nil},
		{"add and remove", RatingChange{Scores: []Score{{Name: "realism", Value: 0}, {Name: "decision-making", Value: 5}}},
			[]Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 5}}, nil},
		{"date, note, stage", RatingChange{Date: ptr(testToday - 1), Note: ptr("After the rota change"), Stage: ptr("middle")},
			[]Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 5}}, nil},
		{"unknown item", RatingChange{Scores: []Score{{Name: "salary", Value: 3}}}, nil, ErrInvalid},
		{"out of range", RatingChange{Scores: []Score{{Name: "realism", Value: 9}}}, nil, ErrInvalid},
		{"remove what is not there", RatingChange{Scores: []Score{{Name: "realism", Value: 0}}}, nil, ErrInvalid},
		{"remove every score", RatingChange{Scores: []Score{{Name: "self-confidence", Value: 0}, {Name: "decision-making", Value: 0}}}, nil, ErrInvalid},
		{"bad stage", RatingChange{Stage: ptr("later")}, nil, ErrInvalid},
		{"note not UTF-8", RatingChange{Note: ptr("a\xffb")}, nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := *ratingsOf(p, RatingProgress, "")[0]
			before.Scores = slices.Clone(before.Scores)
			got, err := p.UpdateRating(r.ID, tt.ch)
			if tt.badWith != nil {
				if !errors.Is(err, tt.badWith) {
					t.Fatalf("err = %v, want %v", err, tt.badWith)
				}
				after := ratingsOf(p, RatingProgress, "")[0]
				if !slices.Equal(after.Scores, before.Scores) || after.Date != before.Date || after.Note != before.Note || after.Stage != before.Stage {
					t.Errorf("a refused change was kept: %+v", after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Scores, tt.scores) {
				t.Errorf("scores = %v, want %v", got.Scores, tt.scores)
			}
			if got.Kind != RatingProgress || got.RelationshipID != rel.ID || !got.Created.Equal(r.Created) {
				t.Errorf("what was rated changed: %+v", got)
			}
		})
	}
	q := reopen(t, p, c)
	got := ratingsOf(q, RatingProgress, rel.ID)
	if len(got) != 1 || got[0].Date != testToday-1 || got[0].Note != "After the rota change" || got[0].Stage != "middle" ||
		!slices.Equal(got[0].Scores, []Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 5}}) {
		t.Errorf("after reopening: %+v", got)
	}
}
