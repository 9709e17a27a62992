package ui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
)

func scoreChoices() []string {
	return []string{"1", "2", "3", "4", "5"}
}

// lastScores are the latest rating's scores by name, so a new rating starts from
// the last one and the user moves only what changed.
func lastScores(ratings []*portfolio.Rating) map[string]int {
	out := map[string]int{}
	if len(ratings) > 0 {
		for _, s := range ratings[len(ratings)-1].Scores {
			out[s.Name] = s.Value
		}
	}
	return out
}

// ratingForm asks for a 1–5 score for each name, then saves them as one rating.
func ratingForm(ctx *context, title, intro string, names []string, last map[string]int, build func(v formValues) portfolio.Rating, note string) *form {
	p := ctx.p
	f := newForm(ctx, title, intro, func(v formValues) tea.Cmd {
		r := build(v)
		for _, name := range names {
			n, _ := strconv.Atoi(v[name])
			r.Scores = append(r.Scores, portfolio.Score{Name: name, Value: n})
		}
		r.Note = v["Note"]
		return func() tea.Msg {
			if _, err := p.AddRating(r); err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: note}
		}
	})
	for _, name := range names {
		v := last[name]
		if v == 0 {
			v = 3
		}
		f.choice(name, scoreChoices(), v-1)
	}
	f.text("Note", "", "optional: what moved, and why")
	return f
}

// skillsForm is a mentor's self-rating of mentoring skills, kept private.
func skillsForm(ctx *context) *form {
	last := lastScores(ctx.p.Ratings(portfolio.RatingSkills, ""))
	f := ratingForm(ctx, "Rate my skills", "Private: 1 just starting to 5 confident. ←/→ change a score, tab moves on.",
		portfolio.MentorSkills, last, func(formValues) portfolio.Rating {
			return portfolio.Rating{Kind: portfolio.RatingSkills}
		}, "Skills rated. They show as a trend in Mentoring and on the dashboard.")
	widenLabels(f)
	return f
}

// progressForm is a self-assessment of outcomes at a stage of a relationship; the
// stage offered follows from how many were taken before.
func progressForm(ctx *context, r *portfolio.Relationship, taken int) *form {
	last := lastScores(ctx.p.Ratings(portfolio.RatingProgress, r.ID))
	stage := min(taken, len(portfolio.ProgressStages)-1)
	id := r.ID
	f := newForm(ctx, "Self-assessment", "", nil)
	inner := ratingForm(ctx, "Self-assessment", "How you rate yourself now, 1 low to 5 high: at the start, middle and end.",
		portfolio.ProgressOutcomes, last, func(v formValues) portfolio.Rating {
			return portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: id, Stage: v["Stage"]}
		}, "Self-assessment saved.")
	f.submit, f.intro = inner.submit, inner.intro
	f.choice("Stage", portfolio.ProgressStages, stage)
	f.fields = append(f.fields, inner.fields...)
	widenLabels(f)
	return f
}

// widenLabels makes the label column fit the longest skill or outcome name, so
// none is cut short.
func widenLabels(f *form) {
	for _, fl := range f.fields {
		f.labelW = max(f.labelW, len(fl.label)+4)
	}
}
