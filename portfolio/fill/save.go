package portfolio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
	"github.com/foliohq/folio/templates"
)

// Saved is what SaveFromTemplate wrote: an entry, or for a goal template a goal and
// its first actions.
type Saved struct {
	Entry   *Entry
	Goal    *Goal
	Actions []*Action
}

// MaxPlanSteps bounds an action plan written in one go.
const MaxPlanSteps = 50

// SaveFromTemplate checks e against its template t (CheckEntry) and saves it, in one
// durable transaction, as the template's kind says:
//   - most templates: an entry marked with the template, its version and record kind,
//     with empty optional sections left out;
//   - a template linked to an action (reflection after implementation): the entry,
//     linked to the one action in e.ActionIDs, which is marked done;
//   - a goal template (learning need): a goal titled e.Title whose reason is the
//     filled sections and fields, with one action per line of the action plan
//     section, and the target date from a date field named "target".
//
// e's functions default to the template's. Nothing is saved if anything is wrong.
func (p *Portfolio) SaveFromTemplate(t *Template, e Entry) (Saved, error) {
	e.Template, e.TemplateVersion, e.RecordKind = t.Name, t.Version, recordKindOf(t)
	if e.Functions.Empty() {
		e.Functions, _ = ParseFunctions(t.Functions)
	}
	if err := CheckEntry(t, &e); err != nil {
		return Saved{}, err
	}
	e.Sections = slices.DeleteFunc(slices.Clone(e.Sections), func(s Section) bool { return strings.TrimSpace(s.Body) == "" })
	switch {
	case t.Kind == templates.KindGoal:
		return p.saveGoalTemplate(t, e)
	case t.Link == templates.LinkAction:
		a, saved, err := p.CompleteAction(e.ActionIDs[0], &e)
		if err != nil {
			return Saved{}, err
		}
		return Saved{Entry: saved, Actions: []*Action{a}}, nil
	}
	saved, err := p.AddEntry(e)
	if err != nil {
		return Saved{}, err
	}
	return Saved{Entry: saved}, nil
}

func (p *Portfolio) saveGoalTemplate(t *Template, e Entry) (Saved, error) {
	g := Goal{Title: e.Title, Functions: e.Functions}
	var why []string
	if strings.TrimSpace(e.Body) != "" {
		why = append(why, strings.TrimSpace(e.Body))
	}
	for _, f := range e.Fields {
		if f.Name == "target" && fieldType(t, f.Name) == templates.FieldDate {
			d, err := calendar.ParseDate(f.String(), 0)
			if err != nil {
				return Saved{}, err
			}
			g.Target = d
			continue
		}
		why = append(why, f.Label+": "+f.String())
	}
	var plan string
	for _, s := range e.Sections {
		if i := slices.IndexFunc(t.Sections, func(ts TemplateSection) bool { return sameHeading(ts.Heading, s.Heading) }); i >= 0 && t.Sections[i].Actions {
			plan = s.Body
			continue
		}
		why = append(why, "## "+s.Heading+"\n\n"+s.Body)
	}
	g.Why = strings.Join(why, "\n\n")
	actions, err := ParseActionPlan(plan, p.Today())
	if err != nil {
		return Saved{}, err
	}
	goal, saved, err := p.AddGoalWithActions(g, actions)
	if err != nil {
		return Saved{}, err
	}
	return Saved{Goal: goal, Actions: saved}, nil
}

func fieldType(t *Template, name string) string {
	if i := slices.IndexFunc(t.Fields, func(f TemplateField) bool { return f.Name == name }); i >= 0 {
		return t.Fields[i].Type
	}
	return ""
}

// ParseActionPlan reads an action plan written one step per line, as in a learning
// need: list marks ("- ", "* ", "1. ", "[ ] ") are dropped, and a step ending
// "(due DATE)" gets that due date (any form ParseDate reads). Blank lines are skipped.
func ParseActionPlan(text string, today calendar.Date) ([]Action, error) {
	var out []Action
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		what := trimNumberMark(trimListMark(line))
		if what == "" {
			continue
		}
		var a Action
		if i := strings.LastIndex(strings.ToLower(what), "(due "); i >= 0 && strings.HasSuffix(what, ")") {
			due, err := calendar.ParseDate(what[i+len("(due "):len(what)-1], today)
			if err != nil {
				return nil, fmt.Errorf("action plan line %d: %w", n+1, err)
			}
			a.Due = due
			what = strings.TrimSpace(what[:i])
		}
		a.What = what
		out = append(out, a)
	}
	if len(out) > MaxPlanSteps {
		return nil, invalid("the action plan has %d steps; the most in one go is %d", len(out), MaxPlanSteps)
	}
	return out, nil
}

// trimNumberMark drops "1. " or "1) " from the start of a numbered list item.
func trimNumberMark(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return strings.TrimSpace(s[i+2:])
	}
	return s
}

// AddGoalWithActions saves a new goal and its first action steps in one durable
// transaction, so a learning need is never left without its plan. The actions'
// GoalID is set to the new goal's.
func (p *Portfolio) AddGoalWithActions(g Goal, actions []Action) (*Goal, []*Action, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	gsid := storage.NewID()
	g.ID = ID(gsid.String())
	g.Created = p.now().UTC()
	g.Updated = g.Created
	if err := p.validateGoal(&g); err != nil {
		return nil, nil, err
	}
	saved := make([]*Action, len(actions))
	for i := range actions {
		a := actions[i]
		a.ID = ID(storage.NewID().String())
		a.GoalID = ""
		a.Created, a.Updated = g.Created, g.Created
		if err := p.validateAction(&a); err != nil {
			return nil, nil, fmt.Errorf("action plan step %d: %w", i+1, err)
		}
		a.GoalID = g.ID
		if a.Status == ActionDone && a.DoneOn.IsZero() {
			a.DoneOn = p.Today()
		}
		saved[i] = &a
	}
	err := p.update(func(tx *storage.Tx) error {
		if err := tx.Put(collGoals, gsid, encodeGoal(&g)); err != nil {
			return err
		}
		for _, a := range saved {
			if err := putAction(tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	p.goals[g.ID] = &g
	for _, a := range saved {
		p.actions[a.ID] = a
	}
	return &g, saved, nil
}
