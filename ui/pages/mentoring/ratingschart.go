package mentoring

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	trash "github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// RatingsChart is a relationship's self-ratings before and after: per item, the
// score at the start, the middle and the end as bars of characters (so they read
// with NO_COLOR), and the change from start to end. Below the chart each rating is
// a row: e edits it, d moves it to the trash after a question, h lists its versions.
type RatingsChart struct {
	ctx    *common.Context
	id     portfolio.ID
	data   *ratingsData
	loaded bool
	offset int // the first chart line shown, when the items outrun the window
	cursor int // over data.ratings
	// confirm: d asked whether to move the selected rating to the trash.
	confirm bool
}

// ratingTrashedMsg: a rating went to the trash.
type ratingTrashedMsg struct{ what string }

// Asking: the delete question is open, so u answers it rather than undoing.
func (rc *RatingsChart) Asking() bool { return rc.confirm }

type ratingsData struct {
	r     *portfolio.Relationship
	rows  []mentorship.StagedScore
	taken int // progress self-assessments so far, which sets the next one's stage
	// ratings are the ratings charted, each a row to edit or delete, oldest first.
	ratings []*portfolio.Rating
}

type ratingsLoadedMsg struct {
	id   portfolio.ID
	data *ratingsData
}

func newRatingsChart(ctx *common.Context, id portfolio.ID) *RatingsChart {
	return &RatingsChart{ctx: ctx, id: id}
}

func (rc *RatingsChart) Init() tea.Cmd            { return rc.load() }
func (rc *RatingsChart) Resume() tea.Cmd          { return rc.load() }
func (rc *RatingsChart) Title() string            { return "Ratings" }
func (rc *RatingsChart) Typing() bool             { return false }
func (rc *RatingsChart) SetSize(int, int) tea.Cmd { return nil }
func (rc *RatingsChart) Loading() bool            { return !rc.loaded }

func (rc *RatingsChart) Keys() help.KeyMap {
	k := rc.ctx.Keys
	if rc.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.SelfAssess, k.Edit, k.Delete, k.History, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.SelfAssess, k.Back}, {k.Edit, k.Delete, k.History}},
	}
}

func (rc *RatingsChart) load() tea.Cmd {
	p, id := rc.ctx.Portfolio, rc.id
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		r, ok := mentorship.Relationship(p, id)
		if !ok {
			return ratingsLoadedMsg{id: id}
		}
		ratings := mentorship.Ratings(p, portfolio.RatingProgress, id)
		taken := len(ratings)
		ratings = append(ratings, mentorship.Ratings(p, portfolio.RatingSkills, id)...)
		return ratingsLoadedMsg{id: id, data: &ratingsData{r: r, rows: mentorship.BeforeAfter(ratings), taken: taken, ratings: ratings}}
	}
}

func (rc *RatingsChart) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case ratingsLoadedMsg:
		if msg.id == rc.id {
			rc.data, rc.loaded = msg.data, true
			if rc.data != nil {
				rc.cursor = min(rc.cursor, max(len(rc.data.ratings)-1, 0))
			}
		}
	case ratingTrashedMsg:
		return common.Nav{}, tea.Batch(rc.load(), common.Flash("Moved the "+msg.what+" to the trash: u undoes, T on the dashboard lists the trash."))
	case tea.KeyPressMsg:
		k := rc.ctx.Keys
		if rc.confirm {
			return common.Nav{}, rc.answer(msg)
		}
		rows := 0
		if rc.data != nil {
			rows = len(rc.data.ratings)
		}
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Down) && rows > 0:
			rc.cursor = min(rc.cursor+1, rows-1)
		case key.Matches(msg, k.Down):
			rc.offset++
		case key.Matches(msg, k.Up) && rc.cursor > 0:
			rc.cursor--
		case key.Matches(msg, k.Up):
			rc.offset = max(rc.offset-1, 0)
		case rc.data == nil:
		case rows > 0 && key.Matches(msg, k.Edit):
			return common.Push(ratingEditForm(rc.ctx, rc.data.ratings[rc.cursor])), nil
		case rows > 0 && key.Matches(msg, k.Delete):
			rc.confirm = true
		case rows > 0 && key.Matches(msg, k.History):
			return common.Push(history.NewHistory(rc.ctx, rc.data.ratings[rc.cursor].ID)), nil
		case key.Matches(msg, k.SelfAssess):
			if rc.data.r.Status == portfolio.RelEnded {
				return common.Nav{}, common.Flash("This relationship has ended; its record stays as it was.")
			}
			return common.Push(progressForm(rc.ctx, rc.data.r, rc.data.taken)), nil
		}
	}
	return common.Nav{}, nil
}

// answer takes the key that answers the delete question.
func (rc *RatingsChart) answer(msg tea.KeyPressMsg) tea.Cmd {
	yes, answered := common.Answer(msg, rc.ctx.Keys.Yes, rc.ctx.Keys.No)
	if !answered {
		return nil
	}
	rc.confirm = false
	if !yes || rc.data == nil || rc.cursor >= len(rc.data.ratings) {
		return common.Flash("Kept the rating.")
	}
	p, r := rc.ctx.Portfolio, rc.data.ratings[rc.cursor]
	return func() tea.Msg {
		if _, err := trash.Delete(p, r.ID, portfolio.KindRating); err != nil {
			return common.ErrMsg{Err: err}
		}
		return ratingTrashedMsg{what: ratingName(r)}
	}
}

// ratingName names a rating in a question or a note: its kind, stage and date.
func ratingName(r *portfolio.Rating) string {
	if r.Kind == portfolio.RatingSkills {
		return "skills rating of " + r.Date.String()
	}
	return r.Stage + " self-assessment of " + r.Date.String()
}

// Stages as the chart's columns.
const stageW = 10 // "█████ 5  " and a gap

func (rc *RatingsChart) View() string {
	s := rc.ctx.Styles
	// Bars stay near their items on a wide window.
	w := min(rc.ctx.Width, common.ReadingWidth)
	if !rc.loaded {
		return s.Subtle.Render("  Loading…")
	}
	if rc.data == nil {
		return s.Subtle.Render("  This relationship is no longer in the vault. Esc goes back.")
	}
	head := []string{
		common.Spread(s.Title.Render(sanitize.Line(rc.data.r.Title())), s.Subtle.Render("self-ratings, 1 low to 5 high"), w),
	}
	if rc.confirm && rc.cursor < len(rc.data.ratings) {
		head = append(head, s.Dialog.Render(s.Warn.Render("Move the "+ratingName(rc.data.ratings[rc.cursor])+" to the trash?")+"\n\n"+
			s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it")))
		head = strings.Split(strings.Join(head, "\n"), "\n")
	}
	body := ratingLines(s, rc.data.rows, w)
	selected := -1
	if len(rc.data.ratings) > 0 {
		body = append(body, "", s.Section.Render("Self-ratings")+s.Subtle.Render("  e edits · d deletes · h history"))
		selected = len(body) + rc.cursor
		for i, r := range rc.data.ratings {
			body = append(body, ratingRow(s, r, w, i == rc.cursor))
		}
	}
	room := max(rc.ctx.BodyHeight()-len(head)-1, 1)
	if selected >= 0 {
		// The selected rating stays in view.
		rc.offset = min(max(rc.offset, selected-room+1), selected)
	}
	rc.offset = min(rc.offset, max(len(body)-room, 0))
	shown := body[rc.offset:min(rc.offset+room, len(body))]
	return strings.Join(append(append(head, ""), shown...), "\n")
}

// ratingRow is one rating on a line: its date, stage and scores.
func ratingRow(s common.Styles, r *portfolio.Rating, width int, selected bool) string {
	what := "skills"
	if r.Kind == portfolio.RatingProgress {
		what = r.Stage
	}
	var scores []string
	for _, sc := range r.Scores {
		scores = append(scores, fmt.Sprintf("%d", sc.Value))
	}
	line := ansi.Truncate(r.Date.String()+"  "+common.Pad(what, 7)+" "+s.Subtle.Render(common.Plural(len(r.Scores), "score", "scores")+": "+strings.Join(scores, " ")), width-2, "…")
	if selected {
		return s.Cursor.Render("▸ ") + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + line
}

// ratingLines is the chart: a heading per kind of rating, then one line per item
// with a bar per stage and the change from start to end.
func ratingLines(s common.Styles, rows []mentorship.StagedScore, width int) []string {
	if len(rows) == 0 {
		return common.WrapLines(s.Faint, "No self-rating at a stage yet. o rates how you are now at the start; again at the middle and the end, the chart shows the change.", width-2, 3)
	}
	nameW := max(width-2-3*stageW-7, 12)
	var lines []string
	var kind portfolio.RatingKind // none yet: the zero kind is no kind
	for _, r := range rows {
		if r.Kind != kind {
			kind = r.Kind
			title := "Outcomes"
			if kind == portfolio.RatingSkills {
				title = "Skills"
			}
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, common.Pad(s.Section.Render(title), nameW+2)+
				s.Subtle.Render(common.Pad("start", stageW)+common.Pad("middle", stageW)+common.Pad("end", stageW)+"change"))
		}
		line := "  " + common.Pad(s.Label.Render(sanitize.Line(r.Item)), nameW)
		for _, v := range []int{r.Start, r.Middle, r.End} {
			line += stageCell(s, v)
		}
		if ch, ok := r.Change(); ok {
			line += changeText(s, ch)
		}
		lines = append(lines, ansi.Truncate(line, width, "…"))
	}
	return lines
}

// stageCell is one stage's score as five cells, filled to the score, and the
// number; an item not rated at the stage shows a dash.
func stageCell(s common.Styles, v int) string {
	if v <= 0 {
		return common.Pad(s.Faint.Render("  –"), stageW)
	}
	v = min(v, 5)
	return s.Bar.Render(strings.Repeat("█", v)) + s.Faint.Render(strings.Repeat("░", 5-v)) + fmt.Sprintf(" %d", v) + strings.Repeat(" ", stageW-7)
}

// changeText is the change from start to end in words a screen reader and a
// monochrome terminal both carry: +2, -1 or "same".
func changeText(s common.Styles, ch int) string {
	switch {
	case ch > 0:
		return s.Ok.Render(fmt.Sprintf("+%d", ch))
	case ch < 0:
		return s.Warn.Render(fmt.Sprintf("%d", ch))
	}
	return s.Subtle.Render("same")
}
