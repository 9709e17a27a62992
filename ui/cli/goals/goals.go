package goals

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func goalCmd(s *session) *cobra.Command {
	setStatus := func(verb, short string, to portfolio.GoalStatus) *cobra.Command {
		return goalSetStatusCmd(s, verb, short, to)
	}
	return clienv.Group("goal", "Goals: add, list, show, edit, done, drop, reopen, rm",
		`folio goal add --title "Confident with DOAC dosing" --target "in 12 weeks"
folio goal list --status all`,
		goalAddCmd(s), goalListCmd(s), goalShowCmd(s),
		setStatus("done", "Mark a goal achieved, with a review", portfolio.GoalAchieved),
		setStatus("drop", "Drop a goal", portfolio.GoalDropped),
		setStatus("reopen", "Reopen an achieved or dropped goal", portfolio.GoalOpen),
		goalEditCmd(s), clienv.RmCmd(s.Session, portfolio.KindGoal, "rm ID", "folio goal rm 7hd2\nfolio goal rm 7hd2 --yes"),
	)
}

func goalAddCmd(s *session) *cobra.Command {
	var title, why, target string
	var functions []string
	var asJSON bool
	c := &cobra.Command{
		Use:   "add TITLE",
		Short: "Add a goal: a learning need to work on",
		Example: `folio goal add --title "Confident with DOAC dosing" --why "Frequent queries on the ward" --target "in 90 days"
folio goal add Lead a medicines reconciliation audit`,
		RunE: func(c *cobra.Command, args []string) error {
			if title == "" && len(args) > 0 {
				title = strings.Join(args, " ")
			} else if len(args) > 0 {
				return clienv.Usagef("goal add got both --title and the words %q", strings.Join(args, " "))
			}
			return goalAdd(s, title, why, target, functions, asJSON)
		},
	}
	fs := c.Flags()
	fs.StringVar(&title, "title", "", "what you want to learn or achieve")
	fs.StringVar(&why, "why", "", "why it matters")
	clienv.StringList(fs, &functions, "function", "Proctor function (default formative)")
	fs.StringVar(&target, "target", "", "target date ("+calendar.DateForms+")")
	fs.BoolVar(&asJSON, "json", false, "print the saved goal as JSON")
	return c
}

func goalAdd(s *session, title, why, target string, functions []string, asJSON bool) error {
	var err error
	g := portfolio.Goal{Title: title, Why: why}
	if g.Functions, err = portfolio.ParseFunctions(functions); err != nil {
		return err
	}
	if g.Target, err = s.FutureDate(target); err != nil {
		return err
	}
	// A goal set now aims ahead; goal edit may keep a target that has passed.
	if today := calendar.DateOf(s.Now()); !g.Target.IsZero() && g.Target < today {
		return clienv.Usagef("the target date %s is in the past; a new goal's target is today or later", g.Target)
	}
	if strings.TrimSpace(title) == "" {
		return clienv.Usagef("goal add needs a title: the words after 'goal add', or --title")
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	saved, err := goals.Add(p, g)
	if err != nil {
		return err
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, saved)
	}
	fmt.Fprintln(s.Stdout, saved.ID)
	return nil
}

// GoalJSON is a goal with its action plan, for `goal list --json`, `goal show --json`
// and `add --json` from a goal template.
type GoalJSON struct {
	*portfolio.Goal
	Done    int                 `json:"actions_done"`
	Total   int                 `json:"actions_total"`
	Actions []*portfolio.Action `json:"actions"`
}

// WithPlan is a goal with its action plan, as its JSON is printed.
func WithPlan(p *portfolio.Portfolio, g *portfolio.Goal) GoalJSON {
	actions := goals.Actions(p, g.ID)
	if actions == nil {
		actions = []*portfolio.Action{}
	}
	done, total := goals.Progress(p, g.ID)
	return GoalJSON{Goal: g, Done: done, Total: total, Actions: actions}
}

func goalListCmd(s *session) *cobra.Command {
	var status string
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List goals, open ones unless --status says otherwise",
		Example: `folio goal list
folio goal list --status achieved --json`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return goalList(s, status, asJSON)
		},
	}
	c.Flags().StringVar(&status, "status", "open", "which goals: open, achieved, dropped or all")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func goalList(s *session, status string, asJSON bool) error {
	var st portfolio.GoalStatus
	if status != "all" {
		var err error
		if st, err = portfolio.ParseGoalStatus(status); err != nil {
			return clienv.Usagef("goal status %q is not one of open, achieved, dropped or all", status)
		}
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	list := goals.List(p, st)
	if asJSON {
		out := make([]GoalJSON, 0, len(list))
		for _, g := range list {
			out = append(out, WithPlan(p, g))
		}
		return clienv.WriteJSON(s.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(s.Stderr, "No goals match.")
		return nil
	}
	for _, g := range list {
		done, total := goals.Progress(p, g.ID)
		target := "          "
		if !g.Target.IsZero() {
			target = g.Target.String()
		}
		line := fmt.Sprintf("%s  %-8s  %s  %d/%d  %s", g.ID.Short(), g.Status, target, done, total, sanitize.Text(g.Title))
		if goals.ReadyForReview(p, g.ID) {
			line += "  (all actions done: review it with 'folio goal done " + g.ID.Short() + "')"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func goalShowCmd(s *session) *cobra.Command {
	return clienv.ShowCmd(s.Session, "show ID", "Show a goal with its action plan", "folio goal show 7hd2 --json", "goal ID",
		clienv.ResolveAs(portfolio.KindGoal), s.showGoal)
}

func (s *session) showGoal(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	g, _ := goals.Get(p, id)
	if asJSON {
		return clienv.WriteRecordJSON(s.Stdout, p, id, WithPlan(p, g))
	}
	w := s.Stdout
	fmt.Fprintf(w, "Goal: %s\n\n", sanitize.Text(g.Title))
	fmt.Fprintf(w, "ID:        %s\n", g.ID)
	fmt.Fprintf(w, "Status:    %s\n", g.Status)
	fmt.Fprintf(w, "Functions: %s\n", strings.Join(g.Functions.Names(), ", "))
	if !g.Target.IsZero() {
		fmt.Fprintf(w, "Target:    %s\n", g.Target)
	}
	if g.Why != "" {
		fmt.Fprintf(w, "\nWhy it matters:\n%s\n", sanitize.Text(g.Why))
	}
	actions := goals.Actions(p, g.ID)
	done, total := goals.Progress(p, g.ID)
	fmt.Fprintf(w, "\nAction plan (%d of %d done):\n", done, total)
	if len(actions) == 0 {
		fmt.Fprintf(w, "  none yet: add one with 'folio action add --goal %s --what ...'\n", g.ID.Short())
	}
	for _, a := range actions {
		fmt.Fprintln(w, "  "+clienv.ActionLine(p, a))
	}
	if g.Review != "" {
		fmt.Fprintf(w, "\nReview:\n%s\n", sanitize.Text(g.Review))
	}
	if goals.ReadyForReview(p, g.ID) {
		fmt.Fprintf(w, "\nEvery action is done. Review the goal: folio goal done %s --review \"what changed\"\n", g.ID.Short())
	}
	return nil
}

func goalSetStatusCmd(s *session, verb, short string, status portfolio.GoalStatus) *cobra.Command {
	var review string
	c := &cobra.Command{
		Use:     verb + " ID",
		Short:   short,
		Example: "folio goal " + verb + ` 7hd2 --review "Now the go-to person on the ward"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "goal ID")
			if err != nil {
				return err
			}
			return goalSetStatus(s, arg, review, status)
		},
	}
	c.Flags().StringVar(&review, "review", "", "what you learned, what changed, whether it was achieved")
	return c
}

func goalSetStatus(s *session, arg, review string, status portfolio.GoalStatus) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(arg, portfolio.KindGoal)
	if err != nil {
		return err
	}
	g, err := goals.SetStatus(p, id, status, review)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Goal %s is %s.\n", g.ID.Short(), g.Status)
	return nil
}

func actionCmd(s *session) *cobra.Command {
	return clienv.Group("action", "Action plan steps: add, list, edit, start, todo, done, rm",
		`folio action add --goal 7hd2 --what "Read the renal dosing guideline" --due "in 2 weeks"
folio action done 9x1c --reflect < reflection.md`,
		actionAddCmd(s), actionListCmd(s),
		actionSetStatusCmd(s, "start", "Mark an action started", portfolio.ActionDoing),
		actionSetStatusCmd(s, "todo", "Mark an action not started", portfolio.ActionTodo),
		actionDoneCmd(s),
		actionEditCmd(s), clienv.RmCmd(s.Session, portfolio.KindAction, "rm ID", "folio action rm 9x1c --yes"),
	)
}

func actionAddCmd(s *session) *cobra.Command {
	var goal, what, due string
	var asJSON bool
	c := &cobra.Command{
		Use:   "add --goal ID TEXT",
		Short: "Add a step to a goal's action plan",
		Example: `folio action add --goal 7hd2 --what "Shadow the anticoagulation clinic" --due "next friday"
folio action add --goal 7hd2 Audit ten prescriptions`,
		RunE: func(c *cobra.Command, args []string) error {
			if what == "" {
				what = strings.Join(args, " ")
			} else if len(args) > 0 {
				return clienv.Usagef("action add got both --what and the words %q", strings.Join(args, " "))
			}
			return actionAdd(s, goal, what, due, asJSON)
		},
	}
	fs := c.Flags()
	fs.StringVar(&goal, "goal", "", "the goal this step belongs to")
	fs.StringVar(&what, "what", "", "the step to take")
	fs.StringVar(&due, "due", "", "due date ("+calendar.DateForms+")")
	fs.BoolVar(&asJSON, "json", false, "print the saved action as JSON")
	return c
}

func actionAdd(s *session, goal, what, due string, asJSON bool) error {
	if strings.TrimSpace(what) == "" {
		return clienv.Usagef("action add needs --what: the step to take")
	}
	if goal == "" {
		return clienv.Usagef("action add needs --goal: the goal whose action plan this step is in")
	}
	var err error
	a := portfolio.Action{What: what}
	if a.Due, err = s.FutureDate(due); err != nil {
		return err
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	if a.GoalID, _, err = p.Resolve(goal, portfolio.KindGoal); err != nil {
		return err
	}
	saved, err := goals.AddAction(p, a)
	if err != nil {
		return err
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, saved)
	}
	fmt.Fprintln(s.Stdout, saved.ID)
	return nil
}

func actionListCmd(s *session) *cobra.Command {
	var goal, status string
	var dueWithin int
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List actions by due date, those not done unless --status says otherwise",
		Example: `folio action list --due-within 7
folio action list --goal 7hd2 --status all --json`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			// -1, the default, is "not given"; a negative number typed is no number of days.
			if c.Flags().Changed("due-within") && dueWithin < 0 {
				return clienv.Usagef("--due-within is a number of days from 0 up, not %d", dueWithin)
			}
			return actionList(s, goal, status, dueWithin, asJSON)
		},
	}
	fs := c.Flags()
	fs.StringVar(&goal, "goal", "", "only this goal's action plan")
	fs.StringVar(&status, "status", "open", "which actions: todo, doing, done, open (todo or doing) or all")
	fs.IntVar(&dueWithin, "due-within", -1, "only actions overdue or due within this many days")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func actionList(s *session, goal, status string, dueWithin int, asJSON bool) error {
	keep := func(a *portfolio.Action) bool { return a.Status != portfolio.ActionDone }
	switch status {
	case "open":
	case "all":
		keep = func(*portfolio.Action) bool { return true }
	default:
		st, err := portfolio.ParseActionStatus(status)
		if err != nil {
			return clienv.Usagef("action status %q is not one of todo, doing, done, open or all", status)
		}
		keep = func(a *portfolio.Action) bool { return a.Status == st }
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	actions := goals.AllActions(p)
	if goal != "" {
		id, _, err := p.Resolve(goal, portfolio.KindGoal)
		if err != nil {
			return err
		}
		actions = goals.Actions(p, id)
	}
	out := []*portfolio.Action{}
	limit := p.Today() + calendar.Date(dueWithin)
	for _, a := range actions {
		if keep(a) && (dueWithin < 0 || !a.Due.IsZero() && a.Due <= limit) {
			out = append(out, a)
		}
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(s.Stderr, "No actions match.")
	}
	for _, a := range out {
		line := clienv.ActionLine(p, a)
		if g, ok := goals.Get(p, a.GoalID); ok {
			line += "  (" + sanitize.Text(g.Title) + ")"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func actionSetStatusCmd(s *session, verb, short string, status portfolio.ActionStatus) *cobra.Command {
	return &cobra.Command{
		Use:     verb + " ID",
		Short:   short,
		Example: "folio action " + verb + " 9x1c",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "action ID")
			if err != nil {
				return err
			}
			return actionSetStatus(s, arg, status)
		},
	}
}

func actionSetStatus(s *session, arg string, status portfolio.ActionStatus) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(arg, portfolio.KindAction)
	if err != nil {
		return err
	}
	a, err := goals.SetActionStatus(p, id, status)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Action %s %s.\n", a.ID.Short(), statusNews(a.Status))
	return nil
}

// statusNews says what a status change did, in words rather than the status's
// name ("is doing" read as broken English).
func statusNews(st portfolio.ActionStatus) string {
	switch st {
	case portfolio.ActionTodo:
		return "is back to do"
	case portfolio.ActionDoing:
		return "is under way"
	}
	return "is " + st.String()
}

func actionDoneCmd(s *session) *cobra.Command {
	var reflect bool
	var title string
	var tags []string
	c := &cobra.Command{
		Use:   "done ID [--reflect < reflection.md]",
		Short: "Mark an action done, optionally with a reflection on it",
		Example: `folio action done 9x1c
folio action done 9x1c --reflect --title "What I learned" < reflection.md`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return clienv.Usagef("action done takes one action ID")
			}
			return actionDone(s, args[0], reflect, title, tags)
		},
	}
	fs := c.Flags()
	fs.BoolVar(&reflect, "reflect", false, "read a reflection on standard input and save it as a formative entry linked to the action")
	fs.StringVar(&title, "title", "", "the reflection's title (default: the body's first line, else 'Reflection: ACTION')")
	clienv.StringList(fs, &tags, "tag", "a tag for the reflection (repeatable)")
	return c
}

func actionDone(s *session, arg string, reflect bool, title string, tags []string) error {
	if !reflect && (title != "" || len(tags) > 0) {
		return clienv.Usagef("--title and --tag describe a reflection; add --reflect")
	}
	if err := clienv.NoEmptyItems("tag", tags, true); err != nil {
		return err
	}
	if reflect {
		if err := s.ReadPipedFirst(); err != nil {
			return err
		}
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(arg, portfolio.KindAction)
	if err != nil {
		return err
	}
	var reflection *portfolio.Entry
	var reflectionText string
	if reflect {
		body, err := s.ReadStdin()
		reflectionText = string(body)
		if err != nil {
			return err
		}
		if strings.TrimSpace(string(body)) == "" {
			return clienv.Usagef("--reflect needs the reflection on standard input")
		}
		e := portfolio.Entry{Body: string(body), Title: title, Functions: portfolio.Functions(portfolio.Formative)}
		if e.Title == "" {
			if t, rest := clienv.TitleFromBody(e.Body); strings.HasPrefix(strings.TrimSpace(e.Body), "#") {
				e.Title, e.Body = t, rest
			}
		}
		if e.Tags, err = validate.NormalizeTags(clienv.SplitCommas(tags)); err != nil {
			return err
		}
		reflection = &e
	}
	a, e, err := goals.CompleteAction(p, id, reflection)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Action %s is done.\n", a.ID.Short())
	if e != nil {
		fmt.Fprintf(s.Stdout, "Reflection saved as %s.\n", e.ID)
		s.WarnIdentifiers(reflectionText)
	}
	if a.GoalID != "" && goals.ReadyForReview(p, a.GoalID) {
		fmt.Fprintf(s.Stdout, "Every action of this goal is done: review it with 'folio goal done %s --review ...'.\n", a.GoalID.Short())
	}
	return nil
}
