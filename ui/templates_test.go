package ui

import (
	"github.com/foliohq/folio/portfolio/goals"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/components"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
)

// openTemplate opens the editor on the named template through the picker, as a
// user would: n, down to it, enter.
func (d *driver) openTemplate(name string) *entriespkg.Editor {
	d.t.Helper()
	d.keys("n")
	d.expect("Choose a template")
	pk, ok := d.app.top().(*entriespkg.Picker)
	if !ok {
		d.t.Fatalf("n opened %T, not the template picker", d.app.top())
	}
	i := slices.IndexFunc(pk.List, func(t *fill.Template) bool { return t.Name == name })
	if i < 0 {
		d.t.Fatalf("the picker does not offer %s:\n%s", name, d.screen())
	}
	for range i {
		d.keys("down")
	}
	d.keys("enter")
	ed, ok := d.app.top().(*entriespkg.Editor)
	if !ok || ed.Tmpl.Name != name {
		d.t.Fatalf("enter on %s opened %T:\n%s", name, d.app.top(), d.screen())
	}
	return ed
}

// focusRow tabs to a row of the editor.
func (d *driver) focusRow(ed *entriespkg.Editor, row int) {
	d.t.Helper()
	for range ed.RowCount() + 1 {
		if ed.Focus == row {
			return
		}
		d.keys("tab")
	}
	d.t.Fatalf("tab never reached row %d:\n%s", row, d.screen())
}

// fillTemplate types a title, a value for every field and text in every section,
// checking each section's heading and prompt are on screen while it has focus.
func (d *driver) fillTemplate(ed *entriespkg.Editor, title string) {
	d.t.Helper()
	t := ed.Tmpl
	d.focusRow(ed, entriespkg.RowTitle)
	d.typeText(title)
	for i, f := range t.Fields {
		d.focusRow(ed, entriespkg.RowFields+i)
		d.expect(f.Label)
		switch f.Type {
		case fill.FieldText:
			d.typeText("A colleague from the ward team")
		case fill.FieldDate:
			d.typeText("2026-06-30")
		case fill.FieldHours:
			d.typeText("90 min")
		case fill.FieldRating:
			d.keys("4")
		case fill.FieldChoice:
			d.keys("1")
			if f.Multiple {
				d.keys("3")
			}
		}
	}
	for j, s := range t.Sections {
		d.focusRow(ed, ed.SectionRow(j))
		d.expect("▸ "+s.Heading, s.Prompt[:min(len(s.Prompt), 40)])
		if s.Actions {
			d.typeText("Read the renal dosing guideline (due 2026-04-30)")
			d.keys("enter")
			d.typeText("Shadow a ward round")
			continue
		}
		d.typeText("Written under " + s.Heading + ".")
	}
}

// TestEveryBuiltinTemplateRoundTrips writes one record from every built-in template
// through the editor at 80x24, then locks, unlocks and checks each reads back as
// written: template name and version, record kind, fields and sections in order.
func TestEveryBuiltinTemplateRoundTrips(t *testing.T) {
	d := seededDriver(t)
	lib, err := fill.LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	type written struct {
		t     *fill.Template
		title string
	}
	var all []written
	for _, tmpl := range lib.All() {
		title := "From " + tmpl.Name
		ed := d.openTemplate(tmpl.Name)
		d.expect(tmpl.Title[:min(len(tmpl.Title), 40)])
		if ed.Functions.Empty() {
			d.keys("1")
		}
		d.fillTemplate(ed, title)
		d.keys("ctrl+s")
		switch {
		case tmpl.Kind == fill.TemplateKindGoal:
			d.expect("Goal saved with 2 actions.", "Read the renal dosing guideline")
		default:
			d.expect("Saved.", title)
			if len(tmpl.Sections) > 0 {
				d.expect(tmpl.Sections[0].Heading)
			}
			if tmpl.Signposting {
				d.send(tea.KeyPressMsg{Code: tea.KeyEnd})
				d.expect("Support", "Samaritans")
			}
		}
		d.keys("esc")
		d.expect("Dashboard")
		all = append(all, written{tmpl, title})
	}

	d.send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	d.expect("Unlock your folio")
	d.unlock()
	p := d.app.ctx.Portfolio
	for _, w := range all {
		tmpl := w.t
		if tmpl.Kind == fill.TemplateKindGoal {
			var goal *portfolio.Goal
			for _, g := range goals.List(p, portfolio.GoalOpen) {
				if g.Title == w.title {
					goal = g
				}
			}
			if goal == nil {
				t.Fatalf("%s: no goal titled %q", tmpl.Name, w.title)
			}
			acts := goals.Actions(p, goal.ID)
			if len(acts) != 2 || acts[0].What != "Read the renal dosing guideline" || acts[0].Due.String() != "2026-04-30" ||
				goal.Target.String() != "2026-06-30" || !strings.Contains(goal.Why, "Written under Why it matters.") {
				t.Errorf("%s: goal %+v with actions %+v", tmpl.Name, goal, acts)
			}
			continue
		}
		found := p.Find(portfolio.Query{Text: w.title})
		i := slices.IndexFunc(found, func(e *portfolio.Entry) bool { return e.Title == w.title })
		if i < 0 {
			t.Fatalf("%s: no entry titled %q", tmpl.Name, w.title)
		}
		e := found[i]
		if e.Template != tmpl.Name || e.TemplateVersion != tmpl.Version {
			t.Errorf("%s: saved with template %q version %d", tmpl.Name, e.Template, e.TemplateVersion)
		}
		if want := fill.NewEntry(tmpl).RecordKind; e.RecordKind != want {
			t.Errorf("%s: record kind %q, want %q", tmpl.Name, e.RecordKind, want)
		}
		if len(e.Sections) != len(tmpl.Sections) {
			t.Fatalf("%s: %d sections saved, want %d", tmpl.Name, len(e.Sections), len(tmpl.Sections))
		}
		for j, s := range tmpl.Sections {
			if e.Sections[j].Heading != s.Heading || e.Sections[j].Body != "Written under "+s.Heading+"." {
				t.Errorf("%s: section %d is %+v", tmpl.Name, j, e.Sections[j])
			}
		}
		if len(e.Fields) != len(tmpl.Fields) {
			t.Fatalf("%s: fields %+v", tmpl.Name, e.Fields)
		}
		for j, f := range tmpl.Fields {
			want := map[string][]string{
				fill.FieldText: {"A colleague from the ward team"}, fill.FieldDate: {"2026-06-30"},
				fill.FieldHours: {"1.5"}, fill.FieldRating: {"4"},
			}[f.Type]
			if f.Type == fill.FieldChoice {
				want = []string{f.Choices[0]}
				if f.Multiple {
					want = append(want, f.Choices[2])
				}
			}
			if got := e.Fields[j]; got.Name != f.Name || got.Label != f.Label || !slices.Equal(got.Values, want) {
				t.Errorf("%s: field %d is %+v, want values %q", tmpl.Name, j, got, want)
			}
		}
		if tmpl.Link == fill.TemplateLinkAction {
			a, ok := goals.Action(p, e.ActionIDs[0])
			if len(e.ActionIDs) != 1 || !ok || a.Status != portfolio.ActionDone || a.ReflectionID != e.ID {
				t.Errorf("%s: the reflection is not linked to a done action: %+v", tmpl.Name, e.ActionIDs)
			}
		}
	}
}

func TestLearningNeedMakesGoalWithActionPlan(t *testing.T) {
	d := seededDriver(t)
	ed := d.openTemplate("learning-need")
	d.expect("New goal", "Saves as", "Target date")
	d.typeText("Dose renally cleared drugs safely")
	d.focusRow(ed, entriespkg.RowFields)
	d.typeText("in 12 weeks")
	d.expect("Saturday 6 June 2026")
	for j := range ed.Sections {
		d.focusRow(ed, ed.SectionRow(j))
		if ed.Sections[j].Heading == "Action plan" {
			d.typeText("- Read the renal dosing guideline (due in 2 weeks)")
			d.keys("enter")
			d.typeText("- Check three prescriptions with the ward pharmacist")
			continue
		}
		d.typeText("Because it matters.")
	}
	d.keys("ctrl+s")
	d.expect("Goal saved with 2 actions.", "Dose renally cleared drugs safely", "Read the renal dosing guideline", "Check three prescriptions")

	var goal *portfolio.Goal
	for _, g := range goals.List(d.app.ctx.Portfolio, portfolio.GoalOpen) {
		if g.Title == "Dose renally cleared drugs safely" {
			goal = g
		}
	}
	if goal == nil || goal.Target.String() != "2026-06-06" {
		t.Fatalf("goal %+v", goal)
	}
	acts := goals.Actions(d.app.ctx.Portfolio, goal.ID)
	if len(acts) != 2 || acts[0].Due.String() != "2026-03-28" || acts[1].What != "Check three prescriptions with the ward pharmacist" {
		t.Fatalf("actions %+v", acts)
	}
}

func TestIdentifierWarningWhileTypingNeverBlocksSaving(t *testing.T) {
	d := seededDriver(t)
	ed := d.openTemplate("gibbs")
	d.typeText("Warfarin counselling")
	d.focusRow(ed, ed.SectionRow(0))
	d.typeText("Counselled a patient, NHS number 943 476 5919, on warfarin.")
	d.expect("Likely patient identifiers", "Description: an NHS number", `("943 476 5919", line 1, column 34)`)

	// Dismissed, it stays away while the text finds the same thing.
	d.send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	if strings.Contains(d.screen(), "Likely patient identifiers") {
		t.Fatalf("ctrl+o did not hide the warning:\n%s", d.screen())
	}
	d.typeText(" It went well.")
	if strings.Contains(d.screen(), "Likely patient identifiers") {
		t.Fatalf("the dismissed warning came back:\n%s", d.screen())
	}
	// A new finding brings it back.
	d.focusRow(ed, ed.SectionRow(1))
	d.typeText("Mrs Patel thanked me.")
	d.expect("Likely patient identifiers", "Feelings: a title and name", `("Mrs Patel", line 1, column 1)`)

	for _, j := range []int{3, 5} { // the other required sections
		d.focusRow(ed, ed.SectionRow(j))
		d.typeText("Done.")
	}
	d.keys("ctrl+s")
	d.expect("Saved.", "It may hold patient identifiers", "an NHS number", "Warfarin counselling")
	found := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "Warfarin counselling"})
	if len(found) != 1 || !strings.Contains(found[0].Sections[0].Body, "943 476 5919") {
		t.Fatalf("saved %+v", found)
	}
}

func TestRequiredPartsAreCheckedAndTextKept(t *testing.T) {
	d := seededDriver(t)
	ed := d.openTemplate("wellbeing-check-in")
	d.expect("How I am *", "Support, free and confidential", "Samaritans 116 123")
	d.typeText("Tuesday")
	d.focusRow(ed, ed.SectionRow(0))
	d.typeText("Long shift; slept badly.")
	d.keys("ctrl+s")
	d.expect(`not saved yet, your text is still here: the required section "How I am" is`, "How I am * not given", "Long shift; slept badly.")
	if _, ok := d.app.top().(*entriespkg.Editor); !ok {
		t.Fatalf("a refused save left the editor for %T", d.app.top())
	}
	d.keys("esc")
	d.focusRow(ed, entriespkg.RowFields)
	d.keys("3")
	d.keys("ctrl+s")
	d.expect("Saved.", "How I am: 3")
	d.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	d.expect("Support", "Samaritans: Someone to talk to about anything")
}

func TestUserTemplateUsableAtOnceAndBrokenOneReported(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	opts.ConfigDir = t.TempDir()
	seedVault(t, opts)
	d := newDriver(t, clk, opts)
	d.unlock()

	// Dropped in while the app runs.
	dir := filepath.Join(opts.ConfigDir, "templates")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("night-shift.toml", `name = "night-shift"
title = "Night shift debrief"
description = "Five minutes after a night on call."
functions = ["restorative"]

[[field]]
name = "setting"
label = "Where"
type = "choice"
choices = ["Ward", "Dispensary"]

[[section]]
heading = "What stays with me"
prompt = "What stays with you from the shift?"
required = true
`)
	write("broken.toml", "name = \"broken\"\ntitle = \"Broken\"\ndescripton = \"typo\"\n")

	d.keys("n")
	d.expect("+ ··R night-shift", "1 template file could not be used", "broken.toml, line 3", `unknown key "descripton"`)
	d.keys("esc")

	ed := d.openTemplate("night-shift")
	d.typeText("Quiet night")
	d.focusRow(ed, entriespkg.RowFields)
	d.send(tea.KeyPressMsg{Code: tea.KeyRight})
	d.expect("[Ward]")
	d.focusRow(ed, ed.SectionRow(0))
	d.typeText("The sunrise.")
	d.keys("ctrl+s")
	d.expect("Saved.", "Night shift debrief", "Where: Ward", "What stays with me")
	e := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "Quiet night"})
	if len(e) != 1 || e[0].Template != "night-shift" || e[0].Fields[0].Values[0] != "Ward" {
		t.Fatalf("saved %+v", e)
	}
}

// An entry keeps its own copy of headings and labels: it reads and edits as
// written after its template is gone.
func TestEntryOfRemovedTemplateReadsAndEdits(t *testing.T) {
	clk := newClock()
	opts := testOptions(t, clk)
	seedVault(t, opts)
	p, err := portfolio.Open(opts.VaultPath, []byte(testPassphrase), portfolio.Options{Now: opts.Now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.AddEntry(portfolio.Entry{
		Title: "Old template entry", Functions: portfolio.Functions(portfolio.Formative), Date: calendar.DateOf(clk.Now()),
		Template: "retired", TemplateVersion: 3,
		Sections: []portfolio.Section{{Heading: "First thoughts", Body: "Something."}, {Heading: "Second thoughts", Body: "More."}},
		Fields:   []portfolio.FieldValue{{Name: "mood", Label: "Mood", Values: []string{"3"}}},
	})
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, clk, opts)
	d.unlock()
	d.keys("e", "enter")
	d.expect("Old template entry", "Template: retired (version 3)", "Mood: 3", "## First thoughts", "## Second thoughts")
	d.keys("e")
	d.expect("Edit entry", "no longer in your templates", "First thoughts", "Second thoughts")
	d.keys("ctrl+e")
	d.typeText(" (revisited)")
	d.keys("ctrl+s")
	d.expect("Saved.", "Old template entry (revisited)", "Mood: 3")
	e := d.app.ctx.Portfolio.Find(portfolio.Query{Text: "revisited"})
	if len(e) != 1 || len(e[0].Sections) != 2 || e[0].Sections[1].Body != "More." || len(e[0].Fields) != 1 || e[0].Template != "retired" {
		t.Fatalf("after editing: %+v", e)
	}
}

// pickerIndex is where the picker lists a built-in template: free text first, then
// the rest by name.
func pickerIndex(t *testing.T, name string) int {
	t.Helper()
	lib, err := fill.LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	pk := &entriespkg.Picker{}
	pk.SetLibrary(lib)
	i := slices.IndexFunc(pk.List, func(t *fill.Template) bool { return t.Name == name })
	if i < 0 {
		t.Fatalf("no built-in template %s", name)
	}
	return i
}

// startTemplate opens the editor on a built-in template in a running program.
func startTemplate(t *testing.T, tm *teatest.TestModel, pr *probe, name, title string) {
	t.Helper()
	press(tm, "n")
	// No wait for the library: downs typed before it arrives are held by the root
	// until the picker has every template (NewPicker).
	waitFor(t, tm, pr, "Choose a template", "Free reflection")
	for range pickerIndex(t, name) {
		press(tm, "down")
	}
	press(tm, "enter")
	waitFor(t, tm, pr, "Template  "+title)
}

func TestGoldenEditorGibbs(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	startTemplate(t, tm, pr, "gibbs", "Gibbs' reflective cycle")
	tm.Type("Missed interaction on a ward round")
	press(tm, "tab", "tab", "tab", "tab")
	tm.Type("A patient on clarithromycin was also on simvastatin.")
	waitFor(t, tm, pr, "▸ Description *", "also on simvastatin.")
	requireGolden(t, pr)
}

func TestGoldenEditorReflectiveAccount(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	startTemplate(t, tm, pr, "reflective-account", "Reflective account (GPhC revalidation)")
	tm.Type("Reflective account 2026")
	press(tm, "tab", "tab", "tab", "tab", "1", "4", "down", "down")
	// Wait for the last key's effect, so the frame compared is the final one.
	waitFor(t, tm, pr, "2 chosen", "[x] 4. Pharmacy professionals must maintain", "▸ [ ] 3. Pharmacy professionals must communicate")
	requireGolden(t, pr)
}

func TestGoldenEditorWellbeing(t *testing.T) {
	tm, pr, _ := unlockSeeded(t, 80, 24)
	startTemplate(t, tm, pr, "wellbeing-check-in", "Wellbeing check-in")
	tm.Type("Tuesday")
	press(tm, "tab", "tab", "tab", "tab", "2", "tab")
	tm.Type("Long shift; slept badly.")
	waitFor(t, tm, pr, "[2]", "slept badly.", "Samaritans 116 123")
	requireGolden(t, pr)
}

// At 80x24 the picker cannot show every template: it says how many are below,
// and typing filters the list, with the count shown.
func TestPickerFiltersAsYouType(t *testing.T) {
	d := seededDriver(t)
	d.keys("n")
	d.expect("21 templates", "↓ 4 more")
	d.typeText("gphc")
	d.expect("Filter: gphc", "4 of 21", "esc clear filter", "peer-discussion", "planned-cpd", "reflective-account", "unplanned-cpd")
	if strings.Contains(d.screen(), "gibbs") {
		t.Fatal("the filter kept a template that does not match")
	}
	// Letters are the filter's while it is typed: q does not quit, k does not move.
	d.typeText(" unpl")
	d.expect("1 of 21", "unplanned-cpd")
	if d.app.quitting {
		t.Fatal("a letter typed into the filter acted as a command")
	}
	d.keys("enter")
	d.expect("Template  Unplanned CPD (GPhC revalidation)")
	d.keys("esc")
	d.keys("n")
	d.typeText("zzz")
	d.expect("0 of 21", "No template matches")
	d.keys("esc")
	d.expect("21 templates", "▸  ·F· free")
}

// A template's date field that holds a date (as when an entry is edited) is typed
// over, not added to.
func TestEditedDateFieldIsTypedOver(t *testing.T) {
	d := seededDriver(t)
	ed := d.openTemplate("learning-need")
	i := slices.IndexFunc(ed.Tmpl.Fields, func(f fill.TemplateField) bool { return f.Type == fill.FieldDate })
	if i < 0 {
		t.Fatal("the learning need template has no date field")
	}
	ed.Fields[i].Text.Input.SetValue("2026-01-10")
	d.focusRow(ed, entriespkg.RowFields+i)
	d.expect("type to replace it")
	d.typeText("2026-02-20")
	if got := ed.Fields[i].Value(); got != "2026-02-20" {
		t.Fatalf("the date field holds %q", got)
	}
}

// The warning while typing is not cut at two lines: with several identifiers
// found, the last (here a date of birth) is still named.
func TestIdentifierWarningNamesEveryFinding(t *testing.T) {
	d := seededDriver(t)
	ed := d.openTemplate("gibbs")
	d.typeText("Warfarin counselling")
	d.focusRow(ed, ed.SectionRow(0))
	d.typeText("Mr Jones, NHS number 943 476 5919, SE1 7EH, DOB 01/02/1960.")
	if n := len(ed.VisibleFindings()); n < 3 {
		t.Fatalf("the scan found %d identifiers; the test needs three or more", n)
	}
	d.expect("Likely patient identifiers")
	warning := ansi.Strip(strings.Join(ed.WarningLines(), " "))
	for _, want := range []string{"943 476 5919", "01/02/1960"} {
		if !strings.Contains(warning, want) {
			t.Errorf("the warning does not name %q:\n%s", want, warning)
		}
	}
}

// The peer of a peer discussion is a colleague's name and email, which the template
// marks as such: the editor does not flag them as a patient's, but still flags the
// same email written in a section.
func TestIdentifierWarningSkipsAColleaguesDetails(t *testing.T) {
	d := seededDriver(t)
	ed := d.openTemplate("peer-discussion")
	d.typeText("Peer discussion with a colleague")
	peer := slices.IndexFunc(ed.Fields, func(f *components.EditorField) bool { return f.Def.Colleague })
	if peer < 0 {
		t.Fatal("the peer discussion template has no colleague field")
	}
	d.focusRow(ed, entriespkg.RowFields+peer)
	d.typeText("Dr Asha Patel, asha.patel@nhs.net")
	d.focusRow(ed, ed.SectionRow(0))
	if strings.Contains(d.screen(), "Likely patient identifiers") {
		t.Fatalf("a colleague's details were flagged:\n%s", d.screen())
	}
	d.typeText("Spoke with Mrs Jones, jones@example.com.")
	d.expect("Likely patient identifiers")
	d.expect("jones@example.com")
}
