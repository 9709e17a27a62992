package goals

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/sanitize"
)

// Goals lists goals by status with their progress.
type Goals struct {
	ctx    *common.Context
	status portfolio.GoalStatus
	Rows   []goalRow
	Cursor int
	loaded bool
	// confirm: d asked whether to move the selected goal to the trash.
	confirm bool
}

// GoalTrashedMsg: a goal went to the trash with its action plan.
type GoalTrashedMsg struct{ note string }

// Asking: the delete question is open, so u answers it rather than undoing.
func (gl *Goals) Asking() bool { return gl.confirm }

type goalRow struct {
	G           *portfolio.Goal
	done, total int
}

type goalsLoadedMsg struct {
	status portfolio.GoalStatus
	rows   []goalRow
}

func goalStatuses() []portfolio.GoalStatus {
	return []portfolio.GoalStatus{portfolio.GoalOpen, portfolio.GoalAchieved, portfolio.GoalDropped}
}

func NewGoals(ctx *common.Context) *Goals { return &Goals{ctx: ctx, status: portfolio.GoalOpen} }

func (gl *Goals) Init() tea.Cmd   { return gl.load() }
func (gl *Goals) Resume() tea.Cmd { return gl.load() }
func (gl *Goals) Title() string   { return "Goals" }
func (gl *Goals) Typing() bool    { return false }

// SetSize does nothing: the goals draws from the context's size each frame.
func (gl *Goals) SetSize(int, int) tea.Cmd { return nil }
func (gl *Goals) Loading() bool            { return !gl.loaded }

func (gl *Goals) Keys() help.KeyMap {
	k := gl.ctx.Keys
	if gl.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.New, k.EditGoal, k.StatusTab, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Open}, {k.New, k.EditGoal, k.Delete, k.StatusTab, k.Back}},
	}
}

func (gl *Goals) load() tea.Cmd {
	p, status := gl.ctx.Portfolio, gl.status
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		var rows []goalRow
		for _, g := range goals.List(p, status) {
			done, total := goals.Progress(p, g.ID)
			rows = append(rows, goalRow{g, done, total})
		}
		return goalsLoadedMsg{status, rows}
	}
}

func (gl *Goals) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case goalsLoadedMsg:
		if msg.status == gl.status {
			gl.Rows, gl.loaded = msg.rows, true
			gl.Cursor = min(gl.Cursor, max(len(gl.Rows)-1, 0))
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			gl.Cursor = min(gl.Cursor+1, max(len(gl.Rows)-1, 0))
		} else if msg.Button == tea.MouseWheelUp {
			gl.Cursor = max(gl.Cursor-1, 0)
		}
	case GoalTrashedMsg:
		return common.Nav{}, tea.Batch(gl.load(), common.Flash(msg.note))
	case tea.KeyPressMsg:
		k := gl.ctx.Keys
		if gl.confirm {
			yes, answered := common.Answer(msg, k.Yes, k.No)
			if !answered {
				return common.Nav{}, nil
			}
			gl.confirm = false
			if !yes || len(gl.Rows) == 0 {
				return common.Nav{}, common.Flash("Kept the goal.")
			}
			return common.Nav{}, trashGoal(gl.ctx.Portfolio, gl.Rows[gl.Cursor].G)
		}
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Delete) && len(gl.Rows) > 0:
			gl.confirm = true
		case key.Matches(msg, k.Down):
			gl.Cursor = min(gl.Cursor+1, max(len(gl.Rows)-1, 0))
		case key.Matches(msg, k.Up):
			gl.Cursor = max(gl.Cursor-1, 0)
		case key.Matches(msg, k.StatusTab), key.Matches(msg, k.Right), key.Matches(msg, k.Left):
			dir := 1
			if key.Matches(msg, k.Left) {
				dir = len(goalStatuses()) - 1
			}
			gl.status = goalStatuses()[(int(gl.status)-1+dir)%len(goalStatuses())]
			gl.Cursor, gl.loaded = 0, false
			return common.Nav{}, gl.load()
		case key.Matches(msg, k.New):
			return common.Push(goalForm(gl.ctx, nil)), nil
		case key.Matches(msg, k.Open):
			if len(gl.Rows) > 0 {
				return common.Push(NewGoalView(gl.ctx, gl.Rows[gl.Cursor].G.ID, "")), nil
			}
		case key.Matches(msg, k.EditGoal):
			if len(gl.Rows) > 0 {
				return common.Push(goalForm(gl.ctx, gl.Rows[gl.Cursor].G)), nil
			}
		}
	}
	return common.Nav{}, nil
}

func (gl *Goals) View() string {
	s := gl.ctx.Styles
	w := gl.ctx.Width
	var tabs []string
	for _, st := range goalStatuses() {
		name := " " + st.String() + " "
		if st == gl.status {
			tabs = append(tabs, s.Selected.Render(name))
		} else {
			tabs = append(tabs, s.Subtle.Render(name))
		}
	}
	lines := []string{strings.Join(tabs, " ") + s.Faint.Render("   tab switches"), ""}
	if !gl.loaded {
		return strings.Join(append(lines, s.Subtle.Render("  Loading…")), "\n")
	}
	if len(gl.Rows) == 0 {
		empty := "No " + gl.status.String() + " goals."
		if gl.status == portfolio.GoalOpen {
			empty += " Press n to set one: a learning need you want to act on."
		}
		return strings.Join(append(lines, s.Faint.Render("  "+empty)), "\n")
	}
	if gl.confirm {
		lines = append(lines, s.Dialog.Render(s.Warn.Render("Move this goal to the trash?")+"\n"+sanitize.Line(gl.Rows[gl.Cursor].G.Title)+"\n"+
			"Its action plan goes with it, and comes back with it.\n\n"+s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it")), "")
	}
	room := max(gl.ctx.BodyHeight()-strings.Count(strings.Join(lines, "\n"), "\n")-1, 1)
	start := max(0, gl.Cursor-room+1)
	for i := start; i < len(gl.Rows) && i < start+room; i++ {
		lines = append(lines, gl.rowView(gl.Rows[i], w, i == gl.Cursor))
	}
	return strings.Join(lines, "\n")
}

func (gl *Goals) rowView(r goalRow, width int, selected bool) string {
	s := gl.ctx.Styles
	right := fmt.Sprintf("%d/%d done", r.done, r.total)
	if !r.G.Target.IsZero() {
		right += "  by " + r.G.Target.String()
	}
	if r.G.Status == portfolio.GoalOpen && r.total > 0 && r.done == r.total {
		right = s.Warn.Render("review ") + right
	}
	title := sanitize.Line(r.G.Title)
	line := common.FitRight(title, s.Subtle.Render(right), width-8)
	marks := s.FunctionMarks(r.G.Functions)
	if selected {
		return s.Cursor.Render("▸ ") + marks + "  " + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + marks + "  " + line
}

// goalForm adds a goal, or edits g.
func goalForm(ctx *common.Context, g *portfolio.Goal) *components.Form {
	title, why, target := "", "", ""
	fnChoice := 1
	heading := "New goal"
	if g != nil {
		title, why, target = g.Title, g.Why, g.Target.String()
		heading = "Edit goal"
		fnChoice = functionChoiceIndex(g.Functions)
	}
	p, today := ctx.Portfolio, ctx.Today()
	f := components.NewForm(ctx, heading, "A goal is a learning need you mean to act on; its action plan comes next.", func(v components.FormValues) tea.Cmd {
		due, err := common.OptionalFutureDate(v["Target"], today)
		if err != nil {
			return func() tea.Msg { return components.FormFailedMsg{Err: err} }
		}
		fns, _ := portfolio.ParseFunctions([]string{v["Function"]})
		return func() tea.Msg {
			var err error
			if g == nil {
				_, err = goals.Add(p, portfolio.Goal{Title: v["Title"], Why: v["Why"], Target: due, Functions: fns})
			} else {
				c := *g
				c.Title, c.Why, c.Target, c.Functions = v["Title"], v["Why"], due, fns
				_, err = goals.Update(p, c)
			}
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Goal saved. Open it and press a to add actions."}
		}
	})
	f.Line("Title", title, "e.g. Counsel patients starting DOACs confidently", validate.MaxTitleRunes)
	f.Choice("Function", []string{"normative", "formative", "restorative"}, fnChoice)
	f.Line("Target", target, "optional: in 8 weeks", 40).WithFutureDateHint()
	f.Text("Why", why, "Why this matters to you and your patients (optional)")
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

// actionForm adds a step to a goal's action plan, or edits a.
func actionForm(ctx *common.Context, goalID portfolio.ID, a *portfolio.Action) *components.Form {
	what, due := "", ""
	heading := "New action"
	if a != nil {
		what, due = a.What, a.Due.String()
		heading = "Edit action"
	}
	p, today := ctx.Portfolio, ctx.Today()
	f := components.NewForm(ctx, heading, "One concrete step, with a date if it has one.", func(v components.FormValues) tea.Cmd {
		d, err := common.OptionalFutureDate(v["Due"], today)
		if err != nil {
			return func() tea.Msg { return components.FormFailedMsg{Err: err} }
		}
		return func() tea.Msg {
			var err error
			if a == nil {
				_, err = goals.AddAction(p, portfolio.Action{GoalID: goalID, What: v["Action"], Due: d})
			} else {
				c := *a
				c.What, c.Due = v["Action"], d
				_, err = goals.UpdateAction(p, c)
			}
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Action saved."}
		}
	})
	f.Line("Action", what, "e.g. Shadow the anticoagulation clinic", validate.MaxTitleRunes)
	f.Line("Due", due, "optional: next friday", 40).WithFutureDateHint()
	return f
}

// reviewForm records how a goal went and closes or keeps it.
func reviewForm(ctx *common.Context, g *portfolio.Goal) *components.Form {
	p := ctx.Portfolio
	f := components.NewForm(ctx, "Review goal", "Every action is done. Was the goal achieved? What changed in your practice?", func(v components.FormValues) tea.Cmd {
		status := map[string]portfolio.GoalStatus{"achieved": portfolio.GoalAchieved, "dropped": portfolio.GoalDropped, "keep open": portfolio.GoalOpen}[v["Outcome"]]
		return func() tea.Msg {
			if _, err := goals.SetStatus(p, g.ID, status, v["Review"]); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Goal reviewed: " + v["Outcome"] + "."}
		}
	})
	f.Choice("Outcome", []string{"achieved", "dropped", "keep open"}, 0)
	f.Text("Review", g.Review, "What you achieved, what you learnt, what comes next")
	return f
}

// trashGoal moves a goal and its action plan to the trash.
func trashGoal(p *portfolio.Portfolio, g *portfolio.Goal) tea.Cmd {
	return func() tea.Msg {
		d, err := history.Delete(p, g.ID, portfolio.KindGoal)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		note := "Moved the goal “" + sanitize.Line(g.Title) + "” to the trash"
		if n := d.Deleted[portfolio.KindAction]; n > 0 {
			note += " with " + common.Plural(n, "action", "actions")
		}
		return GoalTrashedMsg{note + ": u undoes, T on the dashboard lists the trash."}
	}
}
