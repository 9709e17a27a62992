package goals

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// GoalView shows a goal and its action plan. Marking an action done offers to
// reflect on it; a goal whose actions are all done asks to be reviewed.
type GoalView struct {
	ctx     *common.Context
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
	att          components.Attachments // the goal's files and the selected action's
}

type goalLoadedMsg struct {
	goal    *portfolio.Goal
	actions []*portfolio.Action
	today   calendar.Date
	atts    components.AttachmentsMsg
}

type ActionChangedMsg struct {
	a       *portfolio.Action
	askedOn portfolio.ActionStatus
}

func NewGoalView(ctx *common.Context, id, selectAction portfolio.ID) *GoalView {
	return &GoalView{ctx: ctx, id: id, select_: selectAction, att: components.NewAttachments(ctx, id)}
}

func (gv *GoalView) Init() tea.Cmd   { return gv.load() }
func (gv *GoalView) Resume() tea.Cmd { return gv.load() }
func (gv *GoalView) Title() string   { return "Goal" }
func (gv *GoalView) Typing() bool    { return gv.att.Typing() }

// SetSize does nothing: the goalView draws from the context's size each frame.
func (gv *GoalView) SetSize(int, int) tea.Cmd { return nil }

// Asking: a question is open, so u answers it rather than undoing.
func (gv *GoalView) Asking() bool  { return gv.offerReflect != nil || gv.confirmDel }
func (gv *GoalView) Loading() bool { return gv.goal == nil && !gv.missing }

func (gv *GoalView) Keys() help.KeyMap {
	k := gv.ctx.Keys
	if att := gv.att.Keys(); gv.att.Typing() {
		return common.HelpKeys{Short: att, Full: [][]key.Binding{att}}
	}
	if gv.offerReflect != nil || gv.confirmDel {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	short := []key.Binding{k.AddAction, k.ActionDoing, k.ActionDone, k.Reflect}
	if gv.readyForReview() {
		short = append(short, k.Review)
	}
	short = append(short, k.Back)
	return common.HelpKeys{
		Short: short,
		Full: [][]key.Binding{
			append([]key.Binding{k.Up, k.Down, k.EditAction, k.Back}, gv.att.Keys()...),
			{k.AddAction, k.Delete, k.EditGoal, k.History},
			{k.ActionTodo, k.ActionDoing, k.ActionDone, k.Reflect, k.Review},
		},
	}
}

func (gv *GoalView) load() tea.Cmd {
	p, id := gv.ctx.Portfolio, gv.id
	if p == nil {
		return nil
	}
	action := gv.select_
	if a := gv.selected(); a != nil && action == "" {
		action = a.ID
	}
	return func() tea.Msg {
		g, _ := goals.Get(p, id)
		return goalLoadedMsg{goal: g, actions: goals.Actions(p, id), today: p.Today(), atts: components.ReadAttachments(p, id, action)}
	}
}

func (gv *GoalView) readyForReview() bool {
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

func (gv *GoalView) selected() *portfolio.Action {
	if gv.cursor < len(gv.actions) {
		return gv.actions[gv.cursor]
	}
	return nil
}

func (gv *GoalView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); !ok {
		if handled, cmd := gv.att.Update(msg); handled {
			return common.Nav{}, cmd
		}
	}
	switch msg := msg.(type) {
	case goalLoadedMsg:
		gv.goal, gv.actions, gv.today = msg.goal, msg.actions, msg.today
		gv.att.SetExtra(msg.atts.Extra, [2]string{attGoal, attAction}) // read with the goal: no command
		gv.att.Update(msg.atts)
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
		return common.Nav{}, gv.syncAtt()
	case ActionChangedMsg:
		gv.select_ = msg.a.ID
		if msg.askedOn == portfolio.ActionDone && msg.a.ReflectionID == "" {
			gv.offerReflect = msg.a
		}
		return common.Nav{}, gv.load()
	case goalReloadMsg:
		return common.Nav{}, gv.load()
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			gv.cursor = min(gv.cursor+1, max(len(gv.actions)-1, 0))
		} else if msg.Button == tea.MouseWheelUp {
			gv.cursor = max(gv.cursor-1, 0)
		}
		return common.Nav{}, gv.syncAtt()
	case tea.KeyPressMsg:
		return gv.handleKey(msg)
	}
	return common.Nav{}, nil
}

// handleKey is one flat switch over the goal view's keys: read as a table of key
// and action, it is clearer whole than split.
func (gv *GoalView) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := gv.ctx.Keys
	if a := gv.offerReflect; a != nil {
		yes, answered := common.Answer(msg, k.Yes, k.No)
		if key.Matches(msg, k.Reflect, k.Open) {
			yes, answered = true, true
		}
		if !answered {
			return common.Nav{}, nil
		}
		gv.offerReflect = nil
		if yes {
			return common.Push(entriespkg.NewEditor(gv.ctx, entriespkg.EditorSpec{ReflectOn: a})), nil
		}
		if gv.readyForReview() {
			return common.Nav{}, common.Flash("Every action is done: press v to review the goal.")
		}
		return common.Nav{}, common.Flash("You can reflect on it later: select it and press r.")
	}
	if gv.confirmDel {
		yes, answered := common.Answer(msg, k.Yes, k.No)
		if !answered {
			return common.Nav{}, nil
		}
		gv.confirmDel = false
		if a := gv.selected(); a != nil && yes {
			p, id := gv.ctx.Portfolio, a.ID
			return common.Nav{}, func() tea.Msg {
				if err := goals.DeleteAction(p, id); err != nil {
					return common.ErrMsg{Err: err}
				}
				return goalReloadMsg{}
			}
		}
		return common.Nav{}, nil
	}
	if handled, cmd := gv.att.Update(msg); handled {
		return common.Nav{}, cmd
	}
	a := gv.selected()
	switch {
	case key.Matches(msg, k.Back):
		return common.Back(), nil
	case key.Matches(msg, k.Down):
		gv.cursor = min(gv.cursor+1, max(len(gv.actions)-1, 0))
		return common.Nav{}, gv.syncAtt()
	case key.Matches(msg, k.Up):
		gv.cursor = max(gv.cursor-1, 0)
		return common.Nav{}, gv.syncAtt()
	case gv.goal == nil:
		return common.Nav{}, nil
	case key.Matches(msg, k.AddAction), key.Matches(msg, k.New):
		return common.Push(actionForm(gv.ctx, gv.id, nil)), nil
	case key.Matches(msg, k.EditGoal):
		return common.Push(goalForm(gv.ctx, gv.goal)), nil
	case key.Matches(msg, k.History):
		return common.Push(history.NewHistory(gv.ctx, gv.id)), nil
	case key.Matches(msg, k.Review):
		if gv.goal.Status == portfolio.GoalOpen {
			return common.Push(reviewForm(gv.ctx, gv.goal)), nil
		}
	case a == nil:
		return common.Nav{}, nil
	case key.Matches(msg, k.EditAction):
		return common.Push(actionForm(gv.ctx, gv.id, a)), nil
	case key.Matches(msg, k.Delete):
		gv.confirmDel = true
	case key.Matches(msg, k.ActionTodo):
		return common.Nav{}, gv.setStatus(a, portfolio.ActionTodo)
	case key.Matches(msg, k.ActionDoing):
		return common.Nav{}, gv.setStatus(a, portfolio.ActionDoing)
	case key.Matches(msg, k.ActionDone):
		return common.Nav{}, gv.setStatus(a, portfolio.ActionDone)
	case key.Matches(msg, k.Reflect):
		if a.ReflectionID != "" {
			return common.Push(entriespkg.NewEntryView(gv.ctx, a.ReflectionID)), nil
		}
		if a.Status != portfolio.ActionDone {
			return common.Nav{}, common.Flash("Mark the action done (space) first, then reflect on it.")
		}
		return common.Push(entriespkg.NewEditor(gv.ctx, entriespkg.EditorSpec{ReflectOn: a})), nil
	}
	return common.Nav{}, nil
}

type goalReloadMsg struct{}

// What the path prompt calls the goal and the selected action.
const (
	attGoal   = "the goal"
	attAction = "the selected action"
)

// syncAtt lists the selected action's files with the goal's.
func (gv *GoalView) syncAtt() tea.Cmd {
	var id portfolio.ID
	if a := gv.selected(); a != nil {
		id = a.ID
	}
	return gv.att.SetExtra(id, [2]string{attGoal, attAction})
}

func (gv *GoalView) setStatus(a *portfolio.Action, s portfolio.ActionStatus) tea.Cmd {
	if a.Status == s {
		return nil
	}
	p, id := gv.ctx.Portfolio, a.ID
	return func() tea.Msg {
		changed, err := goals.SetActionStatus(p, id, s)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return ActionChangedMsg{a: changed, askedOn: s}
	}
}

func (gv *GoalView) View() string {
	s := gv.ctx.Styles
	w := gv.ctx.Width
	if gv.missing {
		return s.Subtle.Render("  This goal is no longer in the vault. Esc goes back.")
	}
	if gv.goal == nil {
		return s.Subtle.Render("  Loading…")
	}
	g := gv.goal
	var lines []string
	lines = append(lines, s.Title.Render(ansi.Truncate(sanitize.Line(g.Title), w, "…")))
	meta := []string{s.FunctionMarks(g.Functions), g.Status.String()}
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
	lines = append(lines, strings.Join(meta, s.Faint.Render(" · ")))
	if why := strings.TrimSpace(g.Why); why != "" {
		for i, l := range strings.Split(sanitize.Text(why), "\n") {
			if i == 3 {
				lines = append(lines, s.Faint.Render("…"))
				break
			}
			lines = append(lines, s.Subtle.Render(ansi.Truncate(strings.ReplaceAll(l, "\t", " "), w, "…")))
		}
	}
	if g.Review != "" {
		lines = append(lines, s.Info.Render(ansi.Truncate("Review: "+sanitize.Line(g.Review), w, "…")))
	}
	if gv.readyForReview() {
		lines = append(lines, s.Warn.Render("All actions are done. Press v to review this goal."))
	}
	lines = append(lines, "", s.Section.Render("Action plan"))
	if len(gv.actions) == 0 {
		lines = append(lines, s.Faint.Render("  No actions yet. Press a to add the first step."))
	}
	head := strings.Join(lines, "\n")
	room := gv.ctx.BodyHeight() - len(lines) - 1
	files := gv.att.View(w)
	if files != "" {
		room -= lipgloss.Height(files) + 1
	}
	start := max(0, gv.cursor-room+1)
	var rows []string
	for i := start; i < len(gv.actions) && i < start+room; i++ {
		rows = append(rows, gv.actionRow(gv.actions[i], w, i == gv.cursor))
	}
	out := head
	if len(rows) > 0 {
		out += "\n" + strings.Join(rows, "\n")
	}
	if files != "" {
		out += "\n\n" + files
	}
	switch {
	case gv.offerReflect != nil:
		q := s.Dialog.Render(s.Ok.Render("Done: "+sanitize.Line(gv.offerReflect.What)) + "\n\nReflect on it now? " +
			s.Key.Render("y") + " opens a formative entry linked to it · " + s.Key.Render("n") + " later")
		out = q + "\n" + out
	case gv.confirmDel && gv.selected() != nil:
		q := s.Dialog.Render(s.Warn.Render("Move this action to the trash?") + "\n" + sanitize.Line(gv.selected().What) + "\n\n" + s.Subtle.Render("y moves it to the trash (u undoes) · n keeps it"))
		out = q + "\n" + out
	}
	return out
}

func (gv *GoalView) actionRow(a *portfolio.Action, width int, selected bool) string {
	s := gv.ctx.Styles
	box, style := "[ ]", s.App
	switch a.Status {
	case portfolio.ActionDoing:
		box, style = "[~]", s.Doing
	case portfolio.ActionDone:
		box, style = "[x]", s.Done
	}
	var right []string
	switch {
	case a.Status == portfolio.ActionDone && !a.DoneOn.IsZero():
		right = append(right, s.Done.Render("done "+a.DoneOn.String()))
	case a.Overdue(gv.today):
		right = append(right, s.Overdue.Render("overdue "+a.Due.String()))
	case !a.Due.IsZero():
		right = append(right, s.Due.Render("due "+a.Due.String()))
	}
	if a.ReflectionID != "" {
		right = append(right, s.Info.Render("reflected"))
	}
	line := common.FitRight(sanitize.Line(a.What), strings.Join(right, " "), width-8)
	if selected {
		return s.Cursor.Render("▸ ") + style.Render(box) + "  " + s.Selected.Render(ansi.Strip(line))
	}
	return "  " + style.Render(box) + "  " + line
}
