package cli

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

func runGoal(s *session, args []string) error {
	setStatus := func(verb string, to portfolio.GoalStatus) func(*session, []string) error {
		return func(s *session, rest []string) error { return goalSetStatus(s, rest, verb, to) }
	}
	return dispatch(s, "a goal", args, []subcommandRun{
		{"add", goalAdd}, {"list", goalList}, {"show", goalShow},
		{"done", setStatus("done", portfolio.GoalAchieved)},
		{"drop", setStatus("drop", portfolio.GoalDropped)},
		{"reopen", setStatus("reopen", portfolio.GoalOpen)},
	})
}

// subcommandRun is one subcommand of a command such as goal or mentor.
type subcommandRun struct {
	name string
	run  func(*session, []string) error
}

// dispatch runs the subcommand args name; what is "a goal", "an action", ... so the
// errors read "goal needs a subcommand" and "not a goal subcommand".
func dispatch(s *session, what string, args []string, subs []subcommandRun) error {
	command := what[strings.Index(what, " ")+1:]
	sub, rest := subcommand(args)
	names := make([]string, len(subs))
	for i, c := range subs {
		if c.name == sub {
			return c.run(s, rest)
		}
		names[i] = c.name
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if sub == "" {
		return usagef("%s needs a subcommand: %s", command, list)
	}
	return usagef("%q is not %s subcommand; use %s", sub, what, list)
}

// subcommand splits off the first argument that is neither a flag nor a global flag's
// value, so `folio --vault V goal add` and `folio goal --vault V add` both work.
func subcommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return a, append(append([]string{}, args[:i]...), args[i+1:]...)
		}
		if takesValue(a) && !strings.Contains(a, "=") {
			i++
		}
	}
	return "", args
}

func goalAdd(s *session, args []string) error {
	var title, why, target string
	var functions stringList
	var asJSON bool
	fs := s.flags("goal add", "--title T [--why TEXT] [--function F] [--target DATE]")
	fs.StringVar(&title, "title", "", "what you want to learn or achieve")
	fs.StringVar(&why, "why", "", "why it matters")
	fs.Var(&functions, "function", "Proctor function (default formative)")
	fs.StringVar(&target, "target", "", "target date (YYYY-MM-DD or words such as 'in 30 days')")
	fs.BoolVar(&asJSON, "json", false, "print the saved goal as JSON")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if title == "" && len(rest) > 0 {
		title = strings.Join(rest, " ")
	} else if len(rest) > 0 {
		return usagef("goal add got both --title and the words %q", strings.Join(rest, " "))
	}
	g := portfolio.Goal{Title: title, Why: why}
	if g.Functions, err = portfolio.ParseFunctions(functions); err != nil {
		return err
	}
	if g.Target, err = s.date(target); err != nil {
		return err
	}
	if strings.TrimSpace(title) == "" {
		return usagef("goal add needs --title")
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	saved, err := p.AddGoal(g)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(s.Stdout, saved)
	}
	fmt.Fprintln(s.Stdout, saved.ID)
	return nil
}

// goalJSON is a goal with its action plan, for `goal list --json` and `goal show --json`.
type goalJSON struct {
	*portfolio.Goal
	Done    int                 `json:"actions_done"`
	Total   int                 `json:"actions_total"`
	Actions []*portfolio.Action `json:"actions"`
}

func withPlan(p *portfolio.Portfolio, g *portfolio.Goal) goalJSON {
	actions := p.Actions(g.ID)
	if actions == nil {
		actions = []*portfolio.Action{}
	}
	done, total := p.Progress(g.ID)
	return goalJSON{Goal: g, Done: done, Total: total, Actions: actions}
}

func goalList(s *session, args []string) error {
	var status string
	var asJSON bool
	fs := s.flags("goal list", "[--status open|achieved|dropped|all] [--json]")
	fs.StringVar(&status, "status", "open", "which goals: open, achieved, dropped or all")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	if err := parseNoArgs(fs, args, ""); err != nil {
		return err
	}
	var st portfolio.GoalStatus
	if status != "all" {
		var err error
		if st, err = portfolio.ParseGoalStatus(status); err != nil {
			return err
		}
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	goals := p.Goals(st)
	if asJSON {
		out := make([]goalJSON, 0, len(goals))
		for _, g := range goals {
			out = append(out, withPlan(p, g))
		}
		return writeJSON(s.Stdout, out)
	}
	if len(goals) == 0 {
		fmt.Fprintln(s.Stderr, "No goals match.")
		return nil
	}
	for _, g := range goals {
		done, total := p.Progress(g.ID)
		target := "          "
		if !g.Target.IsZero() {
			target = g.Target.String()
		}
		line := fmt.Sprintf("%s  %-8s  %s  %d/%d  %s", g.ID.Short(), g.Status, target, done, total, sanitize.Text(g.Title))
		if p.ReadyForReview(g.ID) {
			line += "  (all actions done: review it with 'folio goal done " + g.ID.Short() + "')"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func goalShow(s *session, args []string) error {
	var asJSON bool
	fs := s.flags("goal show", "ID [--json]")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	arg, err := parseOne(fs, args, "goal ID")
	if err != nil {
		return err
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(arg, portfolio.KindGoal)
	if err != nil {
		return err
	}
	return s.showGoal(p, id, asJSON)
}

func (s *session) showGoal(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	g, _ := p.Goal(id)
	if asJSON {
		return writeJSON(s.Stdout, withPlan(p, g))
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
	actions := p.Actions(g.ID)
	done, total := p.Progress(g.ID)
	fmt.Fprintf(w, "\nAction plan (%d of %d done):\n", done, total)
	if len(actions) == 0 {
		fmt.Fprintf(w, "  none yet: add one with 'folio action add --goal %s --what ...'\n", g.ID.Short())
	}
	for _, a := range actions {
		fmt.Fprintln(w, "  "+actionLine(p, a))
	}
	if g.Review != "" {
		fmt.Fprintf(w, "\nReview:\n%s\n", sanitize.Text(g.Review))
	}
	if p.ReadyForReview(g.ID) {
		fmt.Fprintf(w, "\nEvery action is done. Review the goal: folio goal done %s --review \"what changed\"\n", g.ID.Short())
	}
	return nil
}

func goalSetStatus(s *session, args []string, verb string, status portfolio.GoalStatus) error {
	var review string
	fs := s.flags("goal "+verb, "ID [--review TEXT]")
	fs.StringVar(&review, "review", "", "what you learned, what changed, whether it was achieved")
	arg, err := parseOne(fs, args, "goal ID")
	if err != nil {
		return err
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(arg, portfolio.KindGoal)
	if err != nil {
		return err
	}
	g, err := p.SetGoalStatus(id, status, review)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Goal %s is %s.\n", g.ID.Short(), g.Status)
	return nil
}

// actionLine is one line of an action plan.
func actionLine(p *portfolio.Portfolio, a *portfolio.Action) string {
	box := map[portfolio.ActionStatus]string{portfolio.ActionTodo: "[ ]", portfolio.ActionDoing: "[~]", portfolio.ActionDone: "[x]"}[a.Status]
	due := "          "
	if !a.Due.IsZero() {
		due = a.Due.String()
	}
	line := fmt.Sprintf("%s %s  %s  %s", box, a.ID.Short(), due, sanitize.Text(a.What))
	if a.Overdue(p.Today()) {
		line += "  (overdue)"
	}
	if a.ReflectionID != "" {
		line += "  reflection " + a.ReflectionID.Short()
	}
	return line
}

func runAction(s *session, args []string) error {
	setStatus := func(verb string, to portfolio.ActionStatus) func(*session, []string) error {
		return func(s *session, rest []string) error { return actionSetStatus(s, rest, verb, to) }
	}
	return dispatch(s, "an action", args, []subcommandRun{
		{"add", actionAdd}, {"list", actionList},
		{"start", setStatus("start", portfolio.ActionDoing)},
		{"todo", setStatus("todo", portfolio.ActionTodo)},
		{"done", actionDone},
	})
}

func actionAdd(s *session, args []string) error {
	var goal, what, due string
	var asJSON bool
	fs := s.flags("action add", "--goal ID --what TEXT [--due DATE]")
	fs.StringVar(&goal, "goal", "", "the goal this step belongs to")
	fs.StringVar(&what, "what", "", "the step to take")
	fs.StringVar(&due, "due", "", "due date (YYYY-MM-DD or words such as 'in 2 weeks')")
	fs.BoolVar(&asJSON, "json", false, "print the saved action as JSON")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if what == "" {
		what = strings.Join(rest, " ")
	} else if len(rest) > 0 {
		return usagef("action add got both --what and the words %q", strings.Join(rest, " "))
	}
	if strings.TrimSpace(what) == "" {
		return usagef("action add needs --what: the step to take")
	}
	if goal == "" {
		return usagef("action add needs --goal: the goal whose action plan this step is in")
	}
	a := portfolio.Action{What: what}
	if a.Due, err = s.date(due); err != nil {
		return err
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	if a.GoalID, _, err = p.Resolve(goal, portfolio.KindGoal); err != nil {
		return err
	}
	saved, err := p.AddAction(a)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(s.Stdout, saved)
	}
	fmt.Fprintln(s.Stdout, saved.ID)
	return nil
}

func actionList(s *session, args []string) error {
	var goal, status string
	var dueWithin int
	var asJSON bool
	fs := s.flags("action list", "[--goal ID] [--status todo|doing|done|open|all] [--due-within DAYS] [--json]")
	fs.StringVar(&goal, "goal", "", "only this goal's action plan")
	fs.StringVar(&status, "status", "open", "which actions: todo, doing, done, open (todo or doing) or all")
	fs.IntVar(&dueWithin, "due-within", -1, "only actions overdue or due within this many days")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	if err := parseNoArgs(fs, args, ""); err != nil {
		return err
	}
	keep := func(a *portfolio.Action) bool { return a.Status != portfolio.ActionDone }
	switch status {
	case "open":
	case "all":
		keep = func(*portfolio.Action) bool { return true }
	default:
		st, err := portfolio.ParseActionStatus(status)
		if err != nil {
			return err
		}
		keep = func(a *portfolio.Action) bool { return a.Status == st }
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	actions := p.AllActions()
	if goal != "" {
		id, _, err := p.Resolve(goal, portfolio.KindGoal)
		if err != nil {
			return err
		}
		actions = p.Actions(id)
	}
	out := []*portfolio.Action{}
	limit := p.Today() + portfolio.Date(dueWithin)
	for _, a := range actions {
		if keep(a) && (dueWithin < 0 || !a.Due.IsZero() && a.Due <= limit) {
			out = append(out, a)
		}
	}
	if asJSON {
		return writeJSON(s.Stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(s.Stderr, "No actions match.")
	}
	for _, a := range out {
		line := actionLine(p, a)
		if g, ok := p.Goal(a.GoalID); ok {
			line += "  (" + sanitize.Text(g.Title) + ")"
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func actionSetStatus(s *session, args []string, verb string, status portfolio.ActionStatus) error {
	fs := s.flags("action "+verb, "ID")
	arg, err := parseOne(fs, args, "action ID")
	if err != nil {
		return err
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(arg, portfolio.KindAction)
	if err != nil {
		return err
	}
	a, err := p.SetActionStatus(id, status)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Action %s is %s.\n", a.ID.Short(), a.Status)
	return nil
}

func actionDone(s *session, args []string) error {
	var reflect bool
	var title string
	var tags stringList
	fs := s.flags("action done", "ID [--reflect [--title T] [--tag T]... < reflection.md]")
	fs.BoolVar(&reflect, "reflect", false, "read a reflection on standard input and save it as a formative entry linked to the action")
	fs.StringVar(&title, "title", "", "the reflection's title (default: the body's first line, else 'Reflection: ACTION')")
	fs.Var(&tags, "tag", "a tag for the reflection (repeatable)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("action done takes one action ID")
	}
	if !reflect && (title != "" || len(tags) > 0) {
		return usagef("--title and --tag describe a reflection; add --reflect")
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := p.Resolve(rest[0], portfolio.KindAction)
	if err != nil {
		return err
	}
	var reflection *portfolio.Entry
	var reflectionText string
	if reflect {
		body, err := s.readStdin()
		reflectionText = string(body)
		if err != nil {
			return err
		}
		if strings.TrimSpace(string(body)) == "" {
			return usagef("--reflect needs the reflection on standard input")
		}
		e := portfolio.Entry{Body: string(body), Title: title, Functions: portfolio.Functions(portfolio.Formative)}
		if e.Title == "" {
			if t, rest := titleFromBody(e.Body); strings.HasPrefix(strings.TrimSpace(e.Body), "#") {
				e.Title, e.Body = t, rest
			}
		}
		if e.Tags, err = portfolio.NormalizeTags(splitCommas(tags)); err != nil {
			return err
		}
		reflection = &e
	}
	a, e, err := p.CompleteAction(id, reflection)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Action %s is done.\n", a.ID.Short())
	if e != nil {
		fmt.Fprintf(s.Stdout, "Reflection saved as %s.\n", e.ID)
		s.warnIdentifiers(reflectionText)
	}
	if a.GoalID != "" && p.ReadyForReview(a.GoalID) {
		fmt.Fprintf(s.Stdout, "Every action of this goal is done: review it with 'folio goal done %s --review ...'.\n", a.GoalID.Short())
	}
	return nil
}
