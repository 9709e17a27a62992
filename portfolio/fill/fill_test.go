package fill

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/templates"
)

func builtinLibrary(t testing.TB) *Library {
	t.Helper()
	l, err := LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// sampleValue is a valid input for a field of each type.
func sampleValue(f TemplateField) string {
	switch f.Type {
	case templates.FieldChoice:
		if f.Multiple {
			return "1\n" + f.Choices[len(f.Choices)-1]
		}
		return f.Choices[0]
	case templates.FieldDate:
		return "in 13 weeks"
	case templates.FieldHours:
		return "90 min"
	case templates.FieldRating:
		return "4/5"
	}
	return "A. Peer, clinical pharmacist, a.peer@example.org"
}

// Every built-in template can be filled, saved and read back after reopening the
// vault, with its name, version, kind, sections and fields as written.
func TestEveryBuiltinRoundTrips(t *testing.T) {
	l := builtinLibrary(t)
	p, c := testvault.New(t)
	goal := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Learn DOAC dosing"})
	var all []savedOne
	for _, tp := range l.All() {
		e := NewEntry(tp)
		e.Title = "Using " + tp.Title
		for i := range e.Sections {
			e.Sections[i].Body = "Written for " + e.Sections[i].Heading + ".\nSecond line."
			if tp.Sections[i].Actions {
				e.Sections[i].Body = "- Read the guideline (due in 2 weeks)\n2. Shadow the clinic\n"
			}
		}
		if len(tp.Sections) == 0 {
			e.Body = "Free text."
		}
		for _, f := range tp.Fields {
			if _, err := SetField(tp, &e, f.Name, sampleValue(f), p.Today()); err != nil {
				t.Fatalf("%s: SetField(%s): %v", tp.Name, f.Name, err)
			}
		}
		if tp.Link == templates.LinkAction {
			a := testvault.MustAddAction(t, p, portfolio.Action{GoalID: goal.ID, What: "Read the renal guideline for " + tp.Name})
			e.ActionIDs = []portfolio.ID{a.ID}
		}
		saved, err := SaveFromTemplate(p, tp, e)
		if err != nil {
			t.Fatalf("%s: SaveFromTemplate: %v", tp.Name, err)
		}
		all = append(all, savedOne{tp, saved})
	}
	p = testvault.Reopen(t, p, c)
	for _, s := range all {
		tp := s.t
		if tp.Kind == templates.KindGoal {
			g, ok := goals.Get(p, s.saved.Goal.ID)
			if !ok || g.Title != "Using "+tp.Title || !strings.Contains(g.Why, "## Why it matters") || g.Target != testvault.Today+91 {
				t.Errorf("%s: goal after reopening: %+v", tp.Name, g)
			}
			acts := goals.Actions(p, g.ID)
			if len(acts) != 2 || acts[0].What != "Read the guideline" || acts[0].Due != testvault.Today+14 || acts[1].What != "Shadow the clinic" {
				t.Errorf("%s: action plan after reopening: %+v", tp.Name, acts)
			}
			continue
		}
		e, ok := p.Entry(s.saved.Entry.ID)
		if !ok {
			t.Fatalf("%s: entry lost", tp.Name)
		}
		if !reflect.DeepEqual(e, s.saved.Entry) {
			t.Errorf("%s: entry changed on reopening:\n got %+v\nwant %+v", tp.Name, e, s.saved.Entry)
		}
		if e.Template != tp.Name || e.TemplateVersion != tp.Version || len(e.Sections) != len(tp.Sections) || len(e.Fields) != len(tp.Fields) {
			t.Errorf("%s: saved %+v", tp.Name, e)
		}
		wantKind := portfolio.RecordKind(tp.Kind)
		if tp.Kind == templates.KindEntry {
			wantKind = ""
		}
		if e.RecordKind != wantKind {
			t.Errorf("%s: record kind %q, want %q", tp.Name, e.RecordKind, wantKind)
		}
		fs, _ := portfolio.ParseFunctions(tp.Functions)
		if e.Functions != fs {
			t.Errorf("%s: functions %v, want the template's %v", tp.Name, e.Functions, fs)
		}
		if tp.Link == templates.LinkAction {
			a, _ := goals.Action(p, e.ActionIDs[0])
			if a.Status != portfolio.ActionDone || a.ReflectionID != e.ID || !slices.Contains(e.GoalIDs, goal.ID) {
				t.Errorf("%s: the action is not done and linked: %+v", tp.Name, a)
			}
		}
		// It renders from what it saved: fields then sections.
		text := e.Text()
		for _, f := range e.Fields {
			if !strings.Contains(text, f.Label+": ") {
				t.Errorf("%s: text lacks field %s: %q", tp.Name, f.Label, text)
			}
		}
	}
	ra := findSaved(all, "reflective-account").Entry
	if v, _ := ra.Field("standards"); len(v.Values) != 2 || !strings.HasPrefix(v.Values[0], "1. ") || !strings.HasPrefix(v.Values[1], "9. ") {
		t.Errorf("standards chosen: %+v", v)
	}
	if v, _ := findSaved(all, "planned-cpd").Entry.Field("hours"); v.String() != "1.5" {
		t.Errorf("hours stored as %q, want 1.5", v.String())
	}
	if v, _ := findSaved(all, "wellbeing-check-in").Entry.Field("wellbeing"); v.String() != "4" {
		t.Errorf("rating stored as %q", v.String())
	}
}

type savedOne struct {
	t     *Template
	saved Saved
}

func findSaved(all []savedOne, name string) Saved {
	for _, s := range all {
		if s.t.Name == name {
			return s.saved
		}
	}
	return Saved{}
}

// An entry keeps its own copy of headings and labels: it renders the same when the
// template is later changed or removed.
func TestEntryOutlivesItsTemplate(t *testing.T) {
	dir := t.TempDir()
	writeUserTemplate(t, dir, "shift.toml", `name = "shift"
title = "Shift"
description = "d"
functions = ["restorative"]
[[field]]
name = "mood"
label = "Mood"
type = "rating"
[[section]]
heading = "What happened"
prompt = "p"
`)
	l, err := LoadLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := l.Get("shift")
	if err != nil {
		t.Fatal(err)
	}
	p, c := testvault.New(t)
	e, err := FillFromMarkdown(tp, "# Night\n## Mood\n2\n## What happened\nBusy.\n", p.Today())
	if err != nil {
		t.Fatal(err)
	}
	saved, err := SaveFromTemplate(p, tp, e)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "templates"))
	p = testvault.Reopen(t, p, c)
	got, _ := p.Entry(saved.Entry.ID)
	if got.Text() != "Mood: 2\n\n## What happened\n\nBusy." {
		t.Errorf("text without its template: %q", got.Text())
	}
	// Editing against a changed template keeps what the old one had.
	changed := *tp
	changed.Sections = []TemplateSection{{Heading: "Summary", Prompt: "p"}}
	secs := EditSections(&changed, got)
	if len(secs) != 2 || secs[0].Heading != "Summary" || secs[1].Body != "Busy." {
		t.Errorf("EditSections: %+v", secs)
	}
}

func writeUserTemplate(t *testing.T, configDir, name, doc string) {
	t.Helper()
	dir := portfolio.TemplateDir(configDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestUserTemplateOverridesBuiltin(t *testing.T) {
	dir := t.TempDir()
	writeUserTemplate(t, dir, "my-gibbs.toml", `name = "gibbs"
version = 7
title = "Gibbs, my way"
description = "Shorter."
functions = ["formative"]
[[section]]
heading = "What happened"
prompt = "p"
`)
	writeUserTemplate(t, dir, "broken.toml", "name = \"broken\"\ntitle = \"B\"\nfunctions = [\"formative\"]\ndescription = \"d\"\n[[section]]\nheadin = \"x\"\n")
	writeUserTemplate(t, dir, "extra.toml", "title = \"Extra\"\ndescription = \"d\"\nfunctions = [\"normative\"]\n")
	l, err := LoadLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	g, err := l.Get("GIBBS")
	if err != nil || g.Version != 7 || g.Title != "Gibbs, my way" || g.Builtin || !l.Replaces("gibbs") {
		t.Errorf("gibbs is %+v (%v)", g, err)
	}
	if _, err := l.Get("extra"); err != nil {
		t.Errorf("a new user template: %v", err)
	}
	if _, err := l.Get("kolb"); err != nil || l.Replaces("kolb") {
		t.Errorf("the other built-ins stay: %v", err)
	}
	if len(l.Problems()) != 1 || !strings.Contains(l.Problems()[0].Error(), "broken.toml:6") {
		t.Errorf("problems: %v", l.Problems())
	}
	_, err = l.Get("nope")
	if !errors.Is(err, ErrUnknownTemplate) || !portfolio.IsBadInput(err) || !strings.Contains(err.Error(), "gibbs") {
		t.Errorf("unknown template error: %v", err)
	}
}

func TestUserSignposting(t *testing.T) {
	dir := t.TempDir()
	if l := builtinLibrary(t); len(l.Signposting().Services) < 4 {
		t.Errorf("built-in signposting: %+v", l.Signposting())
	}
	os.WriteFile(filepath.Join(dir, "signposting.toml"), []byte("[[service]]\nname = \"Our staff helpline\"\nphone = \"0113 496 0000\"\n"), 0o600)
	l, _ := LoadLibrary(dir)
	if s := l.Signposting(); len(s.Services) != 1 || s.Services[0].Name != "Our staff helpline" {
		t.Errorf("user signposting: %+v", s)
	}
}

func TestFillFromMarkdown(t *testing.T) {
	l := builtinLibrary(t)
	gibbs, _ := l.Get("gibbs")
	doc := `# Near miss with methotrexate
Some context first.

<!-- a comment that is ignored -->
## description
It was weekly, not daily.

##   ACTION PLAN  ##
Check every methotrexate script.
## Analysis
<!-- Required. Why? -->
The label was unclear.
` + "```\n## not a heading inside a fence\n```\n"
	e, err := FillFromMarkdown(gibbs, doc, testvault.Today)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "Near miss with methotrexate" || e.Body != "Some context first." || e.Template != "gibbs" || e.TemplateVersion != gibbs.Version {
		t.Errorf("entry %+v", e)
	}
	want := map[string]string{"Description": "It was weekly, not daily.", "Action plan": "Check every methotrexate script.", "Analysis": "The label was unclear.\n```\n## not a heading inside a fence\n```"}
	for _, s := range e.Sections {
		if s.Body != want[s.Heading] {
			t.Errorf("section %q = %q, want %q", s.Heading, s.Body, want[s.Heading])
		}
	}

	_, err = FillFromMarkdown(gibbs, "# T\n## Descripton\nx\n## Feelings\nsad\n## Feelings\nagain\n", testvault.Today)
	var pr *TemplateProblems
	if !errors.As(err, &pr) || !portfolio.IsBadInput(err) {
		t.Fatalf("err %v", err)
	}
	if !slices.Equal(pr.Unknown, []string{"Descripton"}) || !slices.Equal(pr.Duplicate, []string{"Feelings"}) || !slices.Equal(pr.Missing, []string{"Description", "Analysis", "Action plan"}) {
		t.Errorf("problems %+v", pr)
	}
	if msg := err.Error(); !strings.Contains(msg, `the heading "Descripton" is not in template gibbs`) || !strings.Contains(msg, `the required sections "Description", "Analysis", "Action plan" are empty`) {
		t.Errorf("message %q", msg)
	}

	ra, _ := l.Get("reflective-account")
	_, err = FillFromMarkdown(ra, "# T\n## Standards\n- 12\n", testvault.Today)
	if !errors.As(err, &pr) || len(pr.Invalid) != 1 || !strings.Contains(pr.Invalid[0], `"12" is not one of the choices`) {
		t.Errorf("bad choice: %v", err)
	}

	free, _ := l.Get("free")
	e, err = FillFromMarkdown(free, "# Free\n## Any heading\ntext", testvault.Today)
	if err != nil || e.Body != "## Any heading\ntext" || len(e.Sections) != 0 {
		t.Errorf("free: %+v %v", e, err)
	}
}

// A skeleton filled in and read back gives every section and field, so
// `templates show NAME` output can be piped to `add --template NAME`.
func TestSkeletonRoundTrip(t *testing.T) {
	l := builtinLibrary(t)
	for _, tp := range l.All() {
		sk := Skeleton(tp, l.Signposting())
		e, err := FillFromMarkdown(tp, sk, testvault.Today)
		if len(tp.Sections)+len(tp.Fields) > 0 {
			var pr *TemplateProblems
			if !errors.As(err, &pr) || len(pr.Unknown) > 0 || len(pr.Invalid) > 0 {
				t.Errorf("%s: an empty skeleton should only miss required parts: %v", tp.Name, err)
			}
		}
		var b strings.Builder
		b.WriteString(strings.Replace(sk, "# Title", "# Filled "+tp.Name, 1))
		filled := sk
		for _, f := range tp.Fields {
			filled = strings.Replace(filled, "## "+f.Label+"\n", "## "+f.Label+"\n"+sampleValue(f)+"\n", 1)
		}
		for _, s := range tp.Sections {
			body := "About " + s.Heading
			if s.Actions {
				body = "- First step"
			}
			filled = strings.Replace(filled, "## "+s.Heading+"\n", "## "+s.Heading+"\n"+body+"\n", 1)
		}
		e, err = FillFromMarkdown(tp, filled, testvault.Today)
		if err != nil {
			t.Errorf("%s: filled skeleton: %v", tp.Name, err)
			continue
		}
		if e.Title != "Title" || len(e.Fields) != len(tp.Fields) {
			t.Errorf("%s: %+v", tp.Name, e)
		}
		for _, s := range e.Sections {
			if !strings.Contains(s.Body, s.Heading) && s.Body != "- First step" {
				t.Errorf("%s: section %q = %q", tp.Name, s.Heading, s.Body)
			}
		}
		if tp.Signposting && !strings.Contains(sk, "Samaritans") {
			t.Errorf("%s: skeleton lacks the signposting list", tp.Name)
		}
	}
}

func TestParseFieldValue(t *testing.T) {
	choice := &TemplateField{Name: "c", Label: "Duration", Type: templates.FieldChoice, Choices: []string{"3 months", "6 months", "12 months"}}
	multi := &TemplateField{Name: "s", Label: "Standards", Type: templates.FieldChoice, Multiple: true, Choices: []string{"1. Care", "2. Partnership", "3. Communicate"}}
	cases := []struct {
		f       *TemplateField
		in      string
		want    []string
		wantErr string
	}{
		{choice, "6 MONTHS", []string{"6 months"}, ""},
		{choice, "2", []string{"6 months"}, ""},
		{choice, "12 m", []string{"12 months"}, ""},
		{choice, "3 months\n6 months", nil, "takes one line"},
		{choice, "9", nil, "not one of the choices"},
		{multi, "- 3\n* 1. Care\n[x] 2\n1", nil, "not one of the choices"},
		{multi, "- 3\n* 1. Care\n- [x] 2\n1", []string{"1. Care", "2. Partnership", "3. Communicate"}, ""},
		{&TemplateField{Label: "Target", Type: templates.FieldDate}, "14/04/2026", []string{"2026-04-14"}, ""},
		{&TemplateField{Label: "Target", Type: templates.FieldDate}, "in 2 weeks", []string{"2026-03-28"}, ""},
		{&TemplateField{Label: "Target", Type: templates.FieldDate}, "31/02/2026", nil, "no such day"},
		{&TemplateField{Label: "Time", Type: templates.FieldHours}, "1.5", []string{"1.5"}, ""},
		{&TemplateField{Label: "Time", Type: templates.FieldHours}, "45 min", []string{"0.75"}, ""},
		{&TemplateField{Label: "Time", Type: templates.FieldHours}, "2 hours", []string{"2"}, ""},
		{&TemplateField{Label: "Time", Type: templates.FieldHours}, "-1", nil, "not a number of hours"},
		{&TemplateField{Label: "Time", Type: templates.FieldHours}, "NaN", nil, "not a number of hours"},
		{&TemplateField{Label: "Time", Type: templates.FieldHours}, "5000", nil, "not a number of hours"},
		{&TemplateField{Label: "Mood", Type: templates.FieldRating}, "5", []string{"5"}, ""},
		{&TemplateField{Label: "Mood", Type: templates.FieldRating}, "3 / 5", []string{"3"}, ""},
		{&TemplateField{Label: "Mood", Type: templates.FieldRating}, "0", nil, "from 1 to 5"},
		{&TemplateField{Label: "Mood", Type: templates.FieldRating}, "6", nil, "from 1 to 5"},
		{&TemplateField{Label: "Mood", Type: templates.FieldRating}, "4.5", nil, "from 1 to 5"},
		{&TemplateField{Label: "Peer", Type: templates.FieldText}, "  A. Peer  ", []string{"A. Peer"}, ""},
		{&TemplateField{Label: "Peer", Type: templates.FieldText}, "a\x1b[2J", nil, "control characters"},
		{&TemplateField{Label: "Peer", Type: templates.FieldText}, "", nil, ""},
	}
	for _, c := range cases {
		got, err := ParseFieldValue(c.f, c.in, testvault.Today)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) || !portfolio.IsBadInput(err) {
				t.Errorf("%s %q: err %v, want %q", c.f.Label, c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s %q = %q, %v; want %q", c.f.Label, c.in, got, err, c.want)
		}
	}
}

func TestCheckEntry(t *testing.T) {
	l := builtinLibrary(t)
	w, _ := l.Get("wellbeing-check-in")
	e := NewEntry(w)
	e.Title = "Tuesday"
	err := CheckEntry(w, &e)
	var pr *TemplateProblems
	if !errors.As(err, &pr) || !slices.Equal(pr.Missing, []string{"How I am", "In a line"}) {
		t.Fatalf("empty check-in: %v", err)
	}
	e.Sections[0].Body = "Tired but fine."
	e.Fields = []portfolio.FieldValue{{Name: "wellbeing", Label: "How I am", Values: []string{"7"}}}
	if err := CheckEntry(w, &e); err == nil || !strings.Contains(err.Error(), "from 1 to 5") {
		t.Errorf("rating 7: %v", err)
	}
	e.Fields = []portfolio.FieldValue{{Name: "wellbeing", Label: "How I am", Values: []string{"3"}}, {Name: "extra", Values: []string{"x"}}}
	if err := CheckEntry(w, &e); err == nil || !strings.Contains(err.Error(), `no field "extra"`) {
		t.Errorf("unknown field: %v", err)
	}
	e.Fields = e.Fields[:1]
	if err := CheckEntry(w, &e); err != nil {
		t.Errorf("a complete check-in: %v", err)
	}
	p, _ := testvault.New(t)
	e.Fields = nil
	if _, err := SaveFromTemplate(p, w, e); !portfolio.IsBadInput(err) || p.EntryCount() != 0 {
		t.Errorf("saving an incomplete entry: %v, %d entries", err, p.EntryCount())
	}
	ri, _ := l.Get("reflection-after-implementation")
	e = NewEntry(ri)
	e.Title = "Done"
	for i := range e.Sections {
		e.Sections[i].Body = "x"
	}
	if _, err := SaveFromTemplate(p, ri, e); err == nil || !strings.Contains(err.Error(), "link it to the one action") {
		t.Errorf("a reflection on no action: %v", err)
	}
}

func TestLearningNeedIsOneTransaction(t *testing.T) {
	l := builtinLibrary(t)
	ln, _ := l.Get("learning-need")
	p, c := testvault.New(t)
	doc := "# Confident with DOAC dosing\n## Learning need\nRenal dosing.\n## Why it matters\nQueries.\n## Action plan\n- Read the guideline (due 2026-04-01)\n- Shadow clinic (due someday)\n"
	e, err := FillFromMarkdown(ln, doc, p.Today())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SaveFromTemplate(p, ln, e); err == nil || !strings.Contains(err.Error(), "action plan line 2") {
		t.Fatalf("a bad due date: %v", err)
	}
	if len(goals.List(p, 0)) != 0 || len(goals.AllActions(p)) != 0 {
		t.Fatal("a failed learning need left a goal or actions behind")
	}
	e.Sections[3].Body = "- Read the guideline (due 2026-04-01)\n- Shadow clinic"
	saved, err := SaveFromTemplate(p, ln, e)
	if err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	g, ok := goals.Get(p, saved.Goal.ID)
	if !ok || g.Status != portfolio.GoalOpen || !g.Functions.Has(portfolio.Formative) || g.Why != "## Learning need\n\nRenal dosing.\n\n## Why it matters\n\nQueries." {
		t.Errorf("goal %+v", g)
	}
	acts := goals.Actions(p, g.ID)
	if len(acts) != 2 || acts[0].Due != calendar.MakeDate(2026, time.April, 1) || acts[1].Due != 0 || acts[0].Status != portfolio.ActionTodo {
		t.Errorf("actions %+v", acts)
	}
}

func TestParseActionPlan(t *testing.T) {
	got, err := ParseActionPlan("\n- [ ] Read (due tomorrow)\n1) Audit ten scripts\n 2. Teach the team (DUE in 1 week)\n* (due)\n", testvault.Today)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0].What != "Read" || got[0].Due != testvault.Today+1 || got[1].What != "Audit ten scripts" || got[2].What != "Teach the team" || got[2].Due != testvault.Today+7 {
		t.Errorf("plan %+v", got)
	}
	if _, err := ParseActionPlan(strings.Repeat("- step\n", MaxPlanSteps+1), testvault.Today); err == nil {
		t.Error("an over-long plan was accepted")
	}
}

// A mentoring agreement runs any whole number of months from 1 to 24 (a foundation
// doctor's programme is 4), or is open-ended.
func TestAgreementDurationIsAnyMonthsFrom1To24(t *testing.T) {
	tpl, err := builtinLibrary(t).Get("mentoring-agreement")
	if err != nil {
		t.Fatal(err)
	}
	f := &tpl.Fields[fieldIndex(tpl, "duration")]
	for in, want := range map[string]string{"4 months": "4 months", "1 month": "1 month", "24 months": "24 months", "4": "4 months", "12": "12 months", "3 MONTHS": "3 months", "open": "Open-ended, reviewed"} {
		got, err := ParseFieldValue(f, in, testvault.Today)
		if err != nil || len(got) != 1 || got[0] != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"25 months", "0 months", "4 weeks"} {
		if got, err := ParseFieldValue(f, in, testvault.Today); err == nil {
			t.Errorf("%q was accepted as %q", in, got)
		}
	}
}

// A restorative template's skeleton lists the urgent routes first, under their own
// words, then the other services.
func TestSkeletonSignpostsUrgentFirst(t *testing.T) {
	l, err := LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	var tpl *Template
	for _, tp := range l.All() {
		if tp.Signposting {
			tpl = tp
			break
		}
	}
	if tpl == nil {
		t.Fatal("no built-in template asks for signposting")
	}
	sk := Skeleton(tpl, l.Signposting())
	urgent := strings.Index(sk, "in danger now")
	nhs111 := strings.Index(sk, "- NHS urgent medical help: NHS 111")
	intro := strings.Index(sk, "you do not have to manage it alone")
	ps := strings.Index(sk, "- Pharmacist Support")
	if urgent < 0 || !(urgent < nhs111 && nhs111 < intro && intro < ps) {
		t.Errorf("skeleton signposting out of order:\n%s", sk)
	}
}
