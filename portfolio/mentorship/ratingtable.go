package mentorship

import (
	"slices"

	"github.com/foliohq/folio/portfolio"
)

// StagedScore is one item's latest score at each stage (0 where it was not rated).
type StagedScore struct {
	Kind   portfolio.RatingKind `json:"kind"`
	Item   string               `json:"item"`
	Start  int                  `json:"start,omitempty"`
	Middle int                  `json:"middle,omitempty"`
	End    int                  `json:"end,omitempty"`
}

// Change is the end score less the start score, and whether both were given.
func (s StagedScore) Change() (int, bool) {
	return s.End - s.Start, s.Start > 0 && s.End > 0
}

// BeforeAfter lays out ratings taken at stages as a table: per kind and item, the
// latest score given at the start, the middle and the end. Items come in the order
// of their list, then any others (renamed or removed since) in the order first seen.
// Ratings without a stage are left out.
func BeforeAfter(ratings []*portfolio.Rating) []StagedScore {
	type key struct {
		kind portfolio.RatingKind
		item string
	}
	rows := map[key]*StagedScore{}
	var order []key
	for _, r := range ratings {
		if !slices.Contains(portfolio.ProgressStages, r.Stage) {
			continue
		}
		for _, s := range r.Scores {
			k := key{r.Kind, s.Name}
			row := rows[k]
			if row == nil {
				row = &StagedScore{Kind: r.Kind, Item: s.Name}
				rows[k] = row
				order = append(order, k)
			}
			// ratings come oldest first, so the last one at a stage wins.
			switch r.Stage {
			case "start":
				row.Start = s.Value
			case "middle":
				row.Middle = s.Value
			case "end":
				row.End = s.Value
			}
		}
	}
	rank := func(k key) int {
		list := portfolio.ProgressOutcomes
		if k.kind == portfolio.RatingSkills {
			list = portfolio.MentorSkills
		}
		if i := slices.Index(list, k.item); i >= 0 {
			return int(k.kind)*1000 + i
		}
		return int(k.kind)*1000 + 999
	}
	slices.SortStableFunc(order, func(a, b key) int { return rank(a) - rank(b) })
	out := make([]StagedScore, 0, len(order))
	for _, k := range order {
		out = append(out, *rows[k])
	}
	return out
}
