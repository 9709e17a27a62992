package mentoring

import (
	"slices"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
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
func ratingForm(ctx *common.Context, title, intro string, names []string, last map[string]int, build func(v components.FormValues) portfolio.Rating, note string) *components.Form {
	p := ctx.Portfolio
	f := components.NewForm(ctx, title, intro, func(v components.FormValues) tea.Cmd {
		r := build(v)
		for _, name := range names {
			n, _ := strconv.Atoi(v[name])
			r.Scores = append(r.Scores, portfolio.Score{Name: name, Value: n})
		}
		r.Note = v["Note"]
		return func() tea.Msg {
			if _, err := mentorship.AddRating(p, r); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: note}
		}
	})
	for _, name := range names {
		v := last[name]
		if v == 0 {
			v = 3
		}
		f.Choice(name, scoreChoices(), v-1)
	}
	f.Text("Note", "", "optional: what moved, and why")
	return f
}

// skillsForm is a mentor's self-rating of mentoring skills, kept private.
func skillsForm(ctx *common.Context) *components.Form {
	last := lastScores(mentorship.Ratings(ctx.Portfolio, portfolio.RatingSkills, ""))
	f := ratingForm(ctx, "Rate my skills", "Private: 1 just starting to 5 confident. ←/→ change a score, tab moves on.",
		portfolio.MentorSkills, last, func(components.FormValues) portfolio.Rating {
			return portfolio.Rating{Kind: portfolio.RatingSkills}
		}, "Skills rated. They show as a trend in Mentoring and on the dashboard.")
	widenLabels(f)
	return f
}

// progressForm is a self-assessment of outcomes at a stage of a relationship; the
// stage offered follows from how many were taken before.
func progressForm(ctx *common.Context, r *portfolio.Relationship, taken int) *components.Form {
	last := lastScores(mentorship.Ratings(ctx.Portfolio, portfolio.RatingProgress, r.ID))
	stage := min(taken, len(portfolio.ProgressStages)-1)
	id := r.ID
	f := components.NewForm(ctx, "Self-assessment", "", nil)
	inner := ratingForm(ctx, "Self-assessment", "How you rate yourself now, 1 low to 5 high: at the start, middle and end.",
		portfolio.ProgressOutcomes, last, func(v components.FormValues) portfolio.Rating {
			return portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: id, Stage: v["Stage"]}
		}, "Self-assessment saved.")
	f.Submit, f.Intro = inner.Submit, inner.Intro
	f.Choice("Stage", portfolio.ProgressStages, stage)
	f.Fields = append(f.Fields, inner.Fields...)
	widenLabels(f)
	return f
}

// widenLabels makes the label column fit the longest skill or outcome name, so
// none is cut short.
func widenLabels(f *components.Form) {
	for _, fl := range f.Fields {
		f.LabelW = max(f.LabelW, len(fl.Label)+4)
	}
}

// ratingEditForm is the self-assessment (or skills) form filled in with rating r,
// with its date: saving changes r in place, a new version of it, rather than adding
// a rating.
func ratingEditForm(ctx *common.Context, r *portfolio.Rating) *components.Form {
	p, today, id := ctx.Portfolio, ctx.Today(), r.ID
	scores := map[string]int{}
	for _, s := range r.Scores {
		scores[s.Name] = s.Value
	}
	names, title := portfolio.ProgressOutcomes, "Edit self-assessment"
	if r.Kind == portfolio.RatingSkills {
		names, title = portfolio.MentorSkills, "Edit skills rating"
	}
	f := components.NewForm(ctx, title, "1 low to 5 high. ←/→ change a score, tab moves on, ctrl+s saves.", func(v components.FormValues) tea.Cmd {
		date, err := calendar.ParseDate(v["Date"], today)
		if err != nil {
			return components.FailForm(err)
		}
		ch := mentorship.RatingChange{Date: &date}
		for _, name := range names {
			// "–" (0) removes a score, and leaves an item never rated unrated.
			n, _ := strconv.Atoi(v[name])
			if n == 0 && scores[name] == 0 {
				continue
			}
			ch.Scores = append(ch.Scores, portfolio.Score{Name: name, Value: n})
		}
		note := v["Note"]
		ch.Note = &note
		if stage, ok := v["Stage"]; ok {
			ch.Stage = &stage
		}
		return func() tea.Msg {
			if _, err := mentorship.UpdateRating(p, id, ch); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Rating saved: u undoes, h shows its history."}
		}
	})
	if r.Kind == portfolio.RatingProgress {
		f.Choice("Stage", portfolio.ProgressStages, max(slices.Index(portfolio.ProgressStages, r.Stage), 0))
	}
	f.Line("Date", r.Date.String(), "2026-03-01, today, last monday", 40).WithDateHint()
	for _, name := range names {
		f.Choice(name, append([]string{"–"}, scoreChoices()...), min(max(scores[name], 0), 5))
	}
	f.Text("Note", r.Note, "optional: what moved, and why")
	widenLabels(f)
	return f
}
