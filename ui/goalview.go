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

// goalView shows a goal and its action plan. Marking an action done offers to
// reflect on it; a goal whose actions are all done asks to be reviewed.
type goalView struct {
	ctx     *context
	id      portfolio.ID
	goal    *portfolio.Goal
	actions []*portfolio.Action
	today   calendar.Date
	cursor  int
	select_ portfolio.ID // an action to put the cursor on once loaded
	// offerReflect is the action just marked done, while asking "reflect now?".
	offerReflect *portfolio.Action
	confirmDel   bool
	missing      bool
}

type goalLoadedMsg struct {
	goal    *portfolio.Goal
	actions []*portfolio.Action
	today   calendar.Date
}

type actionChangedMsg struct {
	a       *portfolio.Action
	askedOn portfolio.ActionStatus
}

func newGoalView(ctx *context, id, selectAction portfolio.ID) *goalView {
	return &goalView{ctx: ctx, id: id, select_: selectAction}
}

func (gv *goalView) Init() tea.Cmd   { return gv.load() }
func (gv *goalView) Resume() tea.Cmd { return gv.load() }
func (gv *goalView) Title() string   { return "Goal" }
func (gv *goalView) Typing() bool    { return false }

// SetSize does nothing: the goalView draws from the context's size each frame.
func (gv *goalView) SetSize(int, int) tea.Cmd { return nil }
func (gv *goalView) Loading() bool            { return gv.goal == nil && !gv.missing }

func (gv *goalView) Keys() help.KeyMap {
	k := gv.ctx.keys
	if gv.offerReflect != nil || gv.confirmDel {
		return helpKeys{short: []key.Binding{k.Yes, k.No}, full: [][]key.Binding{{k.Yes, k.No}}}
	}
	short := []key.Binding{k.AddAction, k.ActionDoing, k.ActionDone, k.Reflect}
	if gv.readyForReview() {
		short = append(short, k.Review)
	}
	short = append(short, k.Back)
	return helpKeys{
		short: short,
		full: [][]key.Binding{
			{k.Up, k.Down, k.Open, k.Back},
			{k.AddAction, k.Edit, k.Delete, k.EditGoal},
			{k.ActionTodo, k.ActionDoing, k.ActionDone, k.Reflect, k.Review},
		},
	}
}

func (gv *goalView) load() tea.Cmd {
	p, id := gv.ctx.p, gv.id
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		g, _ := p.Goal(id)
		return goalLoadedMsg{goal: g, actions: p.Actions(id), today: p.Today()}
	}
}

func (gv *goalView) readyForReview() bool {
	if gv.goal == nil || gv.goal.Status != portfolio.GoalOpen || len(gv.actions) == 0 {
		return false
	}
	for _, a := range gv.actions {
		if a.Status != portfolio.ActionDone {
			return false
		}
	}
	return true
}

func (gv *goalView) selected() *portfolio.Action {
	if gv.cursor < len(gv.actions) {
		return gv.actions[gv.cursor]
	}
	return nil
}

func (gv *goalView) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case goalLoadedMsg:
		gv.goal, gv.actions, gv.today = msg.goal, msg.actions, msg.today
		gv.missing = msg.goal == nil
		if gv.select_ != "" {
			for i, a := range gv.actions {
				if a.ID == gv.select_ {
					gv.cursor = i
				}
			}
			gv.select_ = ""
		}
		gv.cursor = min(gv.cursor, max(len(gv.actions)-1, 0))
	case actionChangedMsg:
		gv.select_ = msg.a.ID
		if msg.askedOn == portfolio.ActionDone && msg.a.ReflectionID == "" {
			gv.offerReflect = msg.a
		}
		return nav{}, gv.load()
	case goalReloadMsg:
		return nav{}, gv.load()
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			gv.cursor = min(gv.cursor+1, max(len(gv.actions)-1, 0))
		} else if msg.Button == tea.MouseWheelUp {
			gv.cursor = max(gv.cursor-1, 0)
		}
	case tea.KeyPressMsg:
		return gv.handleKey(msg)
	}
	return nav{}, nil
}

// handleKey is one flat switch over the goal view's keys: read as a table of key
// and action, it is clearer whole than split.
func (gv *goalView) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := gv.ctx.keys
	if a := gv.offerReflect; a != nil {
		gv.offerReflect = nil
		if key.Matches(msg, k.Yes, k.Reflect, k.Open) {
			return push(newEditor(gv.ctx, editorSpec{reflectOn: a})), nil
		}
		if gv.readyForReview() {
			return nav{}, flash("Every action is done: press v to review the goal.")
		}
		return nav{}, flash("You can reflect on it later: select it and press r.")
	}
	if gv.confirmDel {
		gv.confirmDel = false
		if a := gv.selected(); a != nil && key.Matches(msg, k.Yes) {
			p, id := gv.ctx.p, a.ID
			return nav{}, func() tea.Msg {
				if err := p.DeleteAction(id); err != nil {
					return errMsg{err}
				}
				return goalReloadMsg{}
			}
		}
		return nav{}, nil
	}
	a := gv.selected()
	switch {
	case key.Matches(msg, k.Back):
		return back(), nil
	case key.Matches(msg, k.Down):
		gv.cursor = min(gv.cursor+1, max(len(gv.actions)-1, 0))
	case key.Matches(msg, k.Up):
		gv.cursor = max(gv.cursor-1, 0)
	case gv.goal == nil:
		return nav{}, nil
	case key.Matches(msg, k.AddAction), key.Matches(msg, k.New):
		return push(actionForm(gv.ctx, gv.id, nil)), nil
	case key.Matches(msg, k.EditGoal):
		return push(goalForm(gv.ctx, gv.goal)), nil
	case key.Matches(msg, k.Review):
		if gv.goal.Status == portfolio.GoalOpen {
			return push(reviewForm(gv.ctx, gv.goal)), nil
		}
	case a == nil:
		return nav{}, nil
	case key.Matches(msg, k.Edit):
		return push(actionForm(gv.ctx, gv.id, a)), nil
	case key.Matches(msg, k.Open):
		if a.ReflectionID != "" {
			return push(newEntryView(gv.ctx, a.ReflectionID)), nil
		}
		return push(actionForm(gv.ctx, gv.id, a)), nil
	case key.Matches(msg, k.Delete):
		gv.confirmDel = true
	case key.Matches(msg, k.ActionTodo):
		return nav{}, gv.setStatus(a, portfolio.ActionTodo)
	case key.Matches(msg, k.ActionDoing):
		return nav{}, gv.setStatus(a, portfolio.ActionDoing)
	case key.Matches(msg, k.ActionDone):
		return nav{}, gv.setStatus(a, portfolio.ActionDone)
	case key.Matches(msg, k.Reflect):
		if a.Status != portfolio.ActionDone {
			return nav{}, flash("Mark the action done (x) first, then reflect on it.")
		}
		return push(newEditor(gv.ctx, editorSpec{reflectOn: a})), nil
	}
	return nav{}, nil
}

type goalReloadMsg struct{}

func (gv *goalView) setStatus(a *portfolio.Action, s portfolio.ActionStatus) tea.Cmd {
	if a.Status == s {
		return nil
	}
	p, id := gv.ctx.p, a.ID
	return func() tea.Msg {
		changed, err := p.SetActionStatus(id, s)
		if err != nil {
			return errMsg{err}
		}
		return actionChangedMsg{a: changed, askedOn: s}
	}
}

func (gv *goalView) View() string {
	s := gv.ctx.styles
	w := gv.ctx.width
	if gv.missing {
		return s.subtle.Render("  This goal is no longer in the vault. Esc goes back.")
	}
	if gv.goal == nil {
		return s.subtle.Render("  Loading…")
	}
	g := gv.goal
	var lines []string
	lines = append(lines, s.title.Render(ansi.Truncate(sanitize.Line(g.Title), w, "…")))
	meta := []string{s.functionMarks(g.Functions), g.Status.String()}
	if !g.Target.IsZero() {
		meta = append(meta, "target "+g.Target.String())
	}
	done := 0
	for _, a := range gv.actions {
		if a.Status == portfolio.ActionDone {
			done++
		}
	}
	meta = append(meta, fmt.Sprintf("%d/%d actions done", done, len(gv.actions)))
	lines = append(lines, strings.Join(meta, s.faint.Render(" · ")))
	if why := strings.TrimSpace(g.Why); why != "" {
		for i, l := range strings.Split(sanitize.Text(why), "\n") {
			if i == 3 {
				lines = append(lines, s.faint.Render("…"))
				break
			}
			lines = append(lines, s.subtle.Render(ansi.Truncate(strings.ReplaceAll(l, "\t", " "), w, "…")))
		}
	}
	if g.Review != "" {
		lines = append(lines, s.info.Render(ansi.Truncate("Review: "+sanitize.Line(g.Review), w, "…")))
	}
	if gv.readyForReview() {
		lines = append(lines, s.warn.Render("All actions are done. Press v to review this goal."))
	}
	lines = append(lines, "", s.section.Render("Action plan"))
	if len(gv.actions) == 0 {
		lines = append(lines, s.faint.Render("  No actions yet. Press a to add the first step."))
	}
	head := strings.Join(lines, "\n")
	room := gv.ctx.bodyHeight() - len(lines) - 1
	start := max(0, gv.cursor-room+1)
	var rows []string
	for i := start; i < len(gv.actions) && i < start+room; i++ {
		rows = append(rows, gv.actionRow(gv.actions[i], w, i == gv.cursor))
	}
	out := head
	if len(rows) > 0 {
		out += "\n" + strings.Join(rows, "\n")
	}
	switch {
	case gv.offerReflect != nil:
		q := s.dialog.Render(s.ok.Render("Done: "+sanitize.Line(gv.offerReflect.What)) + "\n\nReflect on it now? " +
			s.key.Render("y") + " opens a formative entry linked to it · " + s.key.Render("n") + " later")
		out = q + "\n" + out
	case gv.confirmDel && gv.selected() != nil:
		q := s.dialog.Render(s.warn.Render("Delete this action?") + "\n" + sanitize.Line(gv.selected().What) + "\n\n" + s.subtle.Render("y deletes it · n keeps it"))
		out = q + "\n" + out
	}
	return out
}

func (gv *goalView) actionRow(a *portfolio.Action, width int, selected bool) string {
	s := gv.ctx.styles
	box, style := "[ ]", s.app
	switch a.Status {
	case portfolio.ActionDoing:
		box, style = "[~]", s.doing
	case portfolio.ActionDone:
		box, style = "[x]", s.done
	}
	var right []string
	switch {
	case a.Status == portfolio.ActionDone && !a.DoneOn.IsZero():
		right = append(right, s.done.Render("done "+a.DoneOn.String()))
	case a.Overdue(gv.today):
		right = append(right, s.overdue.Render("overdue "+a.Due.String()))
	case !a.Due.IsZero():
		right = append(right, s.due.Render("due "+a.Due.String()))
	}
	if a.ReflectionID != "" {
		right = append(right, s.info.Render("reflected"))
	}
	line := fitRight(sanitize.Line(a.What), strings.Join(right, " "), width-8)
	if selected {
		return s.cursor.Render("▸ ") + style.Render(box) + "  " + s.selected.Render(ansi.Strip(line))
	}
	return "  " + style.Render(box) + "  " + line
}
