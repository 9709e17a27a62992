package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/sanitize"
)

// goals lists goals by status with their progress.
type goals struct {
	ctx    *context
	status portfolio.GoalStatus
	rows   []goalRow
	cursor int
	loaded bool
}

type goalRow struct {
	g           *portfolio.Goal
	done, total int
}

type goalsLoadedMsg struct {
	status portfolio.GoalStatus
	rows   []goalRow
}

func goalStatuses() []portfolio.GoalStatus {
	return []portfolio.GoalStatus{portfolio.GoalOpen, portfolio.GoalAchieved, portfolio.GoalDropped}
}

func newGoals(ctx *context) *goals { return &goals{ctx: ctx, status: portfolio.GoalOpen} }

func (gl *goals) Init() tea.Cmd   { return gl.load() }
func (gl *goals) Resume() tea.Cmd { return gl.load() }
func (gl *goals) Title() string   { return "Goals" }
func (gl *goals) Typing() bool    { return false }

// SetSize does nothing: the goals draws from the context's size each frame.
func (gl *goals) SetSize(int, int) tea.Cmd { return nil }
func (gl *goals) Loading() bool            { return !gl.loaded }

func (gl *goals) Keys() help.KeyMap {
	k := gl.ctx.keys
	return helpKeys{
		short: []key.Binding{k.Open, k.New, k.Edit, k.StatusTab, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open}, {k.New, k.Edit, k.StatusTab, k.Back}},
	}
}

func (gl *goals) load() tea.Cmd {
	p, status := gl.ctx.p, gl.status
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		var rows []goalRow
		for _, g := range p.Goals(status) {
			done, total := p.Progress(g.ID)
			rows = append(rows, goalRow{g, done, total})
		}
		return goalsLoadedMsg{status, rows}
	}
}

func (gl *goals) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case goalsLoadedMsg:
		if msg.status == gl.status {
			gl.rows, gl.loaded = msg.rows, true
			gl.cursor = min(gl.cursor, max(len(gl.rows)-1, 0))
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			gl.cursor = min(gl.cursor+1, max(len(gl.rows)-1, 0))
		} else if msg.Button == tea.MouseWheelUp {
			gl.cursor = max(gl.cursor-1, 0)
		}
	case tea.KeyPressMsg:
		k := gl.ctx.keys
		switch {
		case key.Matches(msg, k.Back):
			return back(), nil
		case key.Matches(msg, k.Down):
			gl.cursor = min(gl.cursor+1, max(len(gl.rows)-1, 0))
		case key.Matches(msg, k.Up):
			gl.cursor = max(gl.cursor-1, 0)
		case key.Matches(msg, k.StatusTab), key.Matches(msg, k.Right), key.Matches(msg, k.Left):
			dir := 1
			if key.Matches(msg, k.Left) {
				dir = len(goalStatuses()) - 1
			}
			gl.status = goalStatuses()[(int(gl.status)-1+dir)%len(goalStatuses())]
			gl.cursor, gl.loaded = 0, false
			return nav{}, gl.load()
		case key.Matches(msg, k.New):
			return push(goalForm(gl.ctx, nil)), nil
		case key.Matches(msg, k.Open):
			if len(gl.rows) > 0 {
				return push(newGoalView(gl.ctx, gl.rows[gl.cursor].g.ID, "")), nil
			}
		case key.Matches(msg, k.Edit):
			if len(gl.rows) > 0 {
				return push(goalForm(gl.ctx, gl.rows[gl.cursor].g)), nil
			}
		}
	}
	return nav{}, nil
}

func (gl *goals) View() string {
	s := gl.ctx.styles
	w := gl.ctx.width
	var tabs []string
	for _, st := range goalStatuses() {
		name := " " + st.String() + " "
		if st == gl.status {
			tabs = append(tabs, s.selected.Render(name))
		} else {
			tabs = append(tabs, s.subtle.Render(name))
		}
	}
	lines := []string{strings.Join(tabs, " ") + s.faint.Render("   tab switches"), ""}
	if !gl.loaded {
		return strings.Join(append(lines, s.subtle.Render("  Loading…")), "\n")
	}
	if len(gl.rows) == 0 {
		empty := "No " + gl.status.String() + " goals."
		if gl.status == portfolio.GoalOpen {
			empty += " Press n to set one: a learning need you want to act on."
		}
		return strings.Join(append(lines, s.faint.Render("  "+empty)), "\n")
	}
	room := gl.ctx.bodyHeight() - len(lines)
	start := max(0, gl.cursor-room+1)
	for i := start; i < len(gl.rows) && i < start+room; i++ {
		lines = append(lines, gl.rowView(gl.rows[i], w, i == gl.cursor))
	}
	return strings.Join(lines, "\n")
}

func (gl *goals) rowView(r goalRow, width int, selected bool) string {
	s := gl.ctx.styles
	right := fmt.Sprintf("%d/%d done", r.done, r.total)
	if !r.g.Target.IsZero() {
		right += "  by " + r.g.Target.String()
	}
	if r.g.Status == portfolio.GoalOpen && r.total > 0 && r.done == r.total {
		right = s.warn.Render("review ") + right
	}
	title := sanitize.Line(r.g.Title)
	line := fitRight(title, s.subtle.Render(right), width-8)
	marks := s.functionMarks(r.g.Functions)
	if selected {
		return s.cursor.Render("▸ ") + marks + "  " + s.selected.Render(ansi.Strip(line))
	}
	return "  " + marks + "  " + line
}

// goalForm adds a goal, or edits g.
func goalForm(ctx *context, g *portfolio.Goal) *form {
	title, why, target := "", "", ""
	fnChoice := 1
	heading := "New goal"
	if g != nil {
		title, why, target = g.Title, g.Why, g.Target.String()
		heading = "Edit goal"
		fnChoice = functionChoiceIndex(g.Functions)
	}
	p, today := ctx.p, ctx.today()
	f := newForm(ctx, heading, "A goal is a learning need you mean to act on; its action plan comes next.", func(v formValues) tea.Cmd {
		due, err := optionalDate(v["Target"], today)
		if err != nil {
			return func() tea.Msg { return formFailedMsg{err} }
		}
		fns, _ := portfolio.ParseFunctions([]string{v["Function"]})
		return func() tea.Msg {
			var err error
			if g == nil {
				_, err = p.AddGoal(portfolio.Goal{Title: v["Title"], Why: v["Why"], Target: due, Functions: fns})
			} else {
				c := *g
				c.Title, c.Why, c.Target, c.Functions = v["Title"], v["Why"], due, fns
				_, err = p.UpdateGoal(c)
			}
			if err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: "Goal saved. Open it and press a to add actions."}
		}
	})
	f.line("Title", title, "e.g. Counsel patients starting DOACs confidently", portfolio.MaxTitleRunes)
	f.choice("Function", []string{"normative", "formative", "restorative"}, fnChoice)
	f.line("Target", target, "optional: 2026-06-30, in 8 weeks", 40).withDateHint()
	f.text("Why", why, "Why this matters to you and your patients (optional)")
	return f
}

func functionChoiceIndex(fs portfolio.Functions) int {
	for i, f := range portfolio.AllFunctions {
		if fs.Has(f) {
			return i
		}
	}
	return 1
}

// optionalDate reads a date field that may be left empty.
func optionalDate(s string, today calendar.Date) (calendar.Date, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return calendar.ParseDate(s, today)
}

// actionForm adds a step to a goal's action plan, or edits a.
func actionForm(ctx *context, goalID portfolio.ID, a *portfolio.Action) *form {
	what, due := "", ""
	heading := "New action"
	if a != nil {
		what, due = a.What, a.Due.String()
		heading = "Edit action"
	}
	p, today := ctx.p, ctx.today()
	f := newForm(ctx, heading, "One concrete step, with a date if it has one.", func(v formValues) tea.Cmd {
		d, err := optionalDate(v["Due"], today)
		if err != nil {
			return func() tea.Msg { return formFailedMsg{err} }
		}
		return func() tea.Msg {
			var err error
			if a == nil {
				_, err = p.AddAction(portfolio.Action{GoalID: goalID, What: v["Action"], Due: d})
			} else {
				c := *a
				c.What, c.Due = v["Action"], d
				_, err = p.UpdateAction(c)
			}
			if err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: "Action saved."}
		}
	})
	f.line("Action", what, "e.g. Shadow the anticoagulation clinic", portfolio.MaxTitleRunes)
	f.line("Due", due, "optional: 2026-04-01, next friday, in 2 weeks", 40).withDateHint()
	return f
}

// reviewForm records how a goal went and closes or keeps it.
func reviewForm(ctx *context, g *portfolio.Goal) *form {
	p := ctx.p
	f := newForm(ctx, "Review goal", "Every action is done. Was the goal achieved? What changed in your practice?", func(v formValues) tea.Cmd {
		status := map[string]portfolio.GoalStatus{"achieved": portfolio.GoalAchieved, "dropped": portfolio.GoalDropped, "keep open": portfolio.GoalOpen}[v["Outcome"]]
		return func() tea.Msg {
			if _, err := p.SetGoalStatus(g.ID, status, v["Review"]); err != nil {
				return formFailedMsg{err}
			}
			return savedMsg{note: "Goal reviewed: " + v["Outcome"] + "."}
		}
	})
	f.choice("Outcome", []string{"achieved", "dropped", "keep open"}, 0)
	f.text("Review", g.Review, "What you achieved, what you learnt, what comes next")
	return f
}
