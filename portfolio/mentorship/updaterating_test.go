package mentorship

import (
	"errors"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// Scores merge into a rating by item name, a unique start of the name will do, and
// "0" removes one; date, note and stage change; bad changes keep nothing.
func TestUpdateRating(t *testing.T) {
	p, c := testvault.New(t)
	rel, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := AddRating(p, portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Date: testvault.Today - 2,
		Scores: []portfolio.Score{{Name: "self-confidence", Value: 2}, {Name: "realism", Value: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ch      RatingChange
		scores  []portfolio.Score
		badWith error
	}{
		{"change one by prefix", RatingChange{Scores: []portfolio.Score{{Name: "self-conf", Value: 4}}},
			[]portfolio.Score{{Name: "self-confidence", Value: 4}, {Name: "realism", Value: 3}}, nil},
		{"add and remove", RatingChange{Scores: []portfolio.Score{{Name: "realism", Value: 0}, {Name: "decision-making", Value: 5}}},
			[]portfolio.Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 5}}, nil},
		{"date, note, stage", RatingChange{Date: ptr(testvault.Today - 1), Note: ptr("After the rota change"), Stage: ptr("middle")},
			[]portfolio.Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 5}}, nil},
		{"unknown item", RatingChange{Scores: []portfolio.Score{{Name: "salary", Value: 3}}}, nil, portfolio.ErrInvalid},
		{"out of range", RatingChange{Scores: []portfolio.Score{{Name: "realism", Value: 9}}}, nil, portfolio.ErrInvalid},
		{"remove what is not there", RatingChange{Scores: []portfolio.Score{{Name: "realism", Value: 0}}}, nil, portfolio.ErrInvalid},
		{"remove every score", RatingChange{Scores: []portfolio.Score{{Name: "self-confidence", Value: 0}, {Name: "decision-making", Value: 0}}}, nil, portfolio.ErrInvalid},
		{"bad stage", RatingChange{Stage: ptr("later")}, nil, portfolio.ErrInvalid},
		{"note not UTF-8", RatingChange{Note: ptr("a\xffb")}, nil, portfolio.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := *Ratings(p, portfolio.RatingProgress, "")[0]
			before.Scores = slices.Clone(before.Scores)
			got, err := UpdateRating(p, r.ID, tt.ch)
			if tt.badWith != nil {
				if !errors.Is(err, tt.badWith) {
					t.Fatalf("err = %v, want %v", err, tt.badWith)
				}
				after := Ratings(p, portfolio.RatingProgress, "")[0]
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
			if got.Kind != portfolio.RatingProgress || got.RelationshipID != rel.ID || !got.Created.Equal(r.Created) {
				t.Errorf("what was rated changed: %+v", got)
			}
		})
	}
	q := testvault.Reopen(t, p, c)
	got := Ratings(q, portfolio.RatingProgress, rel.ID)
	if len(got) != 1 || got[0].Date != testvault.Today-1 || got[0].Note != "After the rota change" || got[0].Stage != "middle" ||
		!slices.Equal(got[0].Scores, []portfolio.Score{{Name: "self-confidence", Value: 4}, {Name: "decision-making", Value: 5}}) {
		t.Errorf("after reopening: %+v", got)
	}
}

func ptr[T any](v T) *T { return &v }
