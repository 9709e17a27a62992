package fill

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/templates"
)

// Saved is what SaveFromTemplate wrote: an entry, or for a goal template a goal and
// its first actions.
type Saved struct {
	Entry   *portfolio.Entry
	Goal    *portfolio.Goal
	Actions []*portfolio.Action
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
func SaveFromTemplate(p *portfolio.Portfolio, t *Template, e portfolio.Entry) (Saved, error) {
	e.Template, e.TemplateVersion, e.RecordKind = t.Name, t.Version, recordKindOf(t)
	if e.Functions.Empty() {
		e.Functions, _ = portfolio.ParseFunctions(t.Functions)
	}
	if err := CheckEntry(t, &e); err != nil {
		return Saved{}, err
	}
	e.Sections = slices.DeleteFunc(slices.Clone(e.Sections), func(s portfolio.Section) bool { return strings.TrimSpace(s.Body) == "" })
	switch {
	case t.Kind == templates.KindGoal:
		return saveGoalTemplate(p, t, e)
	case t.Link == templates.LinkAction:
		a, saved, err := goals.CompleteAction(p, e.ActionIDs[0], &e)
		if err != nil {
			return Saved{}, err
		}
		return Saved{Entry: saved, Actions: []*portfolio.Action{a}}, nil
	}
	saved, err := p.AddEntry(e)
	if err != nil {
		return Saved{}, err
	}
	return Saved{Entry: saved}, nil
}

func saveGoalTemplate(p *portfolio.Portfolio, t *Template, e portfolio.Entry) (Saved, error) {
	g := portfolio.Goal{Title: e.Title, Functions: e.Functions}
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
	goal, saved, err := goals.AddWithActions(p, g, actions)
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
func ParseActionPlan(text string, today calendar.Date) ([]portfolio.Action, error) {
	var out []portfolio.Action
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		what := trimNumberMark(trimListMark(line))
		if what == "" {
			continue
		}
		var a portfolio.Action
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
