package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/ui/cli/records"
)

// templateFixture is a fixture whose config folder is its own, with optional user
// templates in it.
func templateFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.env["XDG_CONFIG_HOME"] = filepath.Join(f.dir, "config")
	return f
}

func (f *fixture) userTemplate(name, doc string) string {
	f.t.Helper()
	dir := filepath.Join(f.env["XDG_CONFIG_HOME"], "folio", "templates")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		f.t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		f.t.Fatal(err)
	}
	return path
}

const userGibbs = `name = "gibbs"
version = 2
title = "Gibbs, shortened"
description = "Two questions only."
functions = ["normative"]

[[section]]
heading = "What happened"
prompt = "Briefly."
required = true

[[section]]
heading = "What next"
prompt = "Your plan."
`

func TestTemplatesList(t *testing.T) {
	f := templateFixture(t)
	out := f.mustRun("", "templates")
	for _, want := range []string{"gibbs", "planned-cpd", "mentoring-agreement", "wellbeing-check-in", "built-in", "··R", "A quick check on how you are"} {
		if !strings.Contains(out, want) {
			t.Errorf("templates list lacks %q:\n%s", want, out)
		}
	}
	f.userTemplate("gibbs.toml", userGibbs)
	f.userTemplate("mine.toml", "title = \"Mine\"\ndescription = \"My own.\"\nfunctions = [\"formative\"]\n")
	f.userTemplate("broken.toml", "title = \"Broken\"\ndescription = \"d\"\nfunctions = [\"formative\"]\nkind = \"diary\"\n")
	r := f.run("", "templates")
	if r.status != 0 {
		t.Fatalf("templates with a broken user file: %+v", r)
	}
	if !strings.Contains(r.stdout, "gibbs") || !strings.Contains(r.stdout, "user, replaces built-in") || !strings.Contains(r.stdout, "My own.") {
		t.Errorf("list with user templates:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "broken.toml:4") || !strings.Contains(r.stderr, `kind "diary"`) {
		t.Errorf("the broken template is not reported with file and line: %q", r.stderr)
	}
	var listed []records.TemplateSummary
	if err := json.Unmarshal([]byte(f.mustRun("", "templates", "--json")), &listed); err != nil {
		t.Fatal(err)
	}
	for _, l := range listed {
		if l.Name == "gibbs" && (l.Version != 2 || l.Source != "user, replaces built-in" || !strings.HasSuffix(l.File, "gibbs.toml")) {
			t.Errorf("gibbs in JSON: %+v", l)
		}
		if l.Name == "peer-discussion" && (l.Kind != "peer_discussion" || l.Source != "built-in") {
			t.Errorf("peer discussion in JSON: %+v", l)
		}
	}
}

func TestTemplatesShowPipesBackIntoAdd(t *testing.T) {
	f := templateFixture(t)
	f.init()
	sk := f.mustRun("", "templates", "show", "what-so-what-now-what")
	for _, want := range []string{"# Title", "## What?", "## So what?", "## Now what?", "folio add --template what-so-what-now-what"} {
		if !strings.Contains(sk, want) {
			t.Errorf("skeleton lacks %q:\n%s", want, sk)
		}
	}
	filled := strings.Replace(sk, "# Title", "# Missed interaction", 1)
	filled = strings.Replace(filled, "## What?\n", "## What?\nA clarithromycin and simvastatin script.\n", 1)
	filled = strings.Replace(filled, "## So what?\n", "## So what?\nThe system alert was overridden.\n", 1)
	filled = strings.Replace(filled, "## Now what?\n", "## Now what?\nCheck statins with every macrolide.\n", 1)
	var e struct {
		Title      string   `json:"title"`
		Template   string   `json:"template"`
		Version    int      `json:"template_version"`
		Functions  []string `json:"functions"`
		Sections   []struct{ Heading, Body string }
		RecordKind string `json:"record_kind"`
	}
	if err := json.Unmarshal([]byte(f.mustRun(filled, "add", "--template", "what-so-what-now-what", "--json")), &e); err != nil {
		t.Fatal(err)
	}
	if e.Title != "Missed interaction" || e.Template != "what-so-what-now-what" || e.Version != 1 || strings.Join(e.Functions, ",") != "formative" || len(e.Sections) != 3 || e.Sections[1].Body != "The system alert was overridden." {
		t.Errorf("saved %+v", e)
	}
	// Restorative templates show the support services, in the skeleton and the entry.
	sk = f.mustRun("", "templates", "show", "wellbeing-check-in")
	if !strings.Contains(sk, "Samaritans") || !strings.Contains(sk, "A number from 1 to 5") {
		t.Errorf("wellbeing skeleton:\n%s", sk)
	}
	id := strings.TrimSpace(f.mustRun("# Tuesday\n## How I am\n3\n## In a line\nLong shift, slept badly.\n", "add", "--template", "wellbeing-check-in"))
	out := f.mustRun("", "show", id)
	for _, want := range []string{"How I am: 3", "## In a line", "Samaritans", "116 123", "Template:  wellbeing-check-in"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
}

func TestAddWithTemplateRecords(t *testing.T) {
	f := templateFixture(t)
	f.init()
	var e struct {
		Functions  []string `json:"functions"`
		RecordKind string   `json:"record_kind"`
		Fields     []struct {
			Name   string   `json:"name"`
			Values []string `json:"values"`
		} `json:"fields"`
	}
	doc := "# Reflective account 2026\n## Standards\n- 1\n- 9\n## Your area of work\nCommunity.\n## The users of your services\nOlder people.\n## How you meet the standards\nBy listening.\n## A real example\nA home visit.\n"
	json.Unmarshal([]byte(f.mustRun(doc, "add", "--template", "reflective-account", "--function", "normative,formative", "--json")), &e)
	if e.RecordKind != "reflective_account" || strings.Join(e.Functions, ",") != "normative,formative" || len(e.Fields) != 1 || len(e.Fields[0].Values) != 2 || !strings.HasPrefix(e.Fields[0].Values[1], "9. ") {
		t.Errorf("reflective account saved as %+v", e)
	}
	if out := f.mustRun("", "show", f.list()[0].ID); !strings.Contains(out, "Record:    reflective account") {
		t.Errorf("show does not name the record kind:\n%s", out)
	}

	// A learning need makes a goal with its first action plan.
	r := f.run("# Confident with DOAC dosing\n## Learning need\nRenal dosing.\n## Why it matters\nQueries.\n## Target date\nin 12 weeks\n## Action plan\n- Read the guideline (due in 2 weeks)\n- Shadow the clinic\n", "add", "--template", "learning-need")
	if r.status != 0 || !strings.Contains(r.stderr, "2 actions") {
		t.Fatalf("learning need: %+v", r)
	}
	goal := strings.TrimSpace(r.stdout)
	var g struct {
		Title   string `json:"title"`
		Target  string `json:"target"`
		Total   int    `json:"actions_total"`
		Actions []struct {
			ID  string `json:"id"`
			Due string `json:"due"`
		} `json:"actions"`
	}
	json.Unmarshal([]byte(f.mustRun("", "goal", "show", goal, "--json")), &g)
	if g.Title != "Confident with DOAC dosing" || g.Target != "2027-02-13" || g.Total != 2 || g.Actions[0].Due != "2026-12-05" {
		t.Errorf("goal %+v", g)
	}

	// A reflection after implementation completes and links its action.
	r = f.run("# Read it\n## What I did\nRead it.\n## What changed\nFewer queries.\n## What I learned\nCrCl not eGFR.\n", "add", "--template", "reflection-after-implementation", "--action", g.Actions[0].ID)
	if r.status != 0 || !strings.Contains(r.stderr, "marked done") {
		t.Fatalf("reflection after implementation: %+v", r)
	}
	var a struct {
		Status       string `json:"status"`
		ReflectionID string `json:"reflection_id"`
	}
	json.Unmarshal([]byte(f.mustRun("", "show", g.Actions[0].ID, "--json")), &a)
	if a.Status != "done" || a.ReflectionID != strings.TrimSpace(r.stdout) {
		t.Errorf("action after its reflection: %+v", a)
	}

	// A user template replaces the built-in of the same name.
	f.userTemplate("gibbs.toml", userGibbs)
	id := strings.TrimSpace(f.mustRun("# Short\n## What happened\nx\n", "add", "--template", "gibbs"))
	var u struct {
		Version   int      `json:"template_version"`
		Functions []string `json:"functions"`
	}
	json.Unmarshal([]byte(f.mustRun("", "show", id, "--json")), &u)
	if u.Version != 2 || strings.Join(u.Functions, ",") != "normative" {
		t.Errorf("the user's gibbs was not used: %+v", u)
	}
}

// A document that does not fit its template is one sentence, status 2, and nothing
// is written.
func TestAddTemplateBadInput(t *testing.T) {
	f := templateFixture(t)
	f.init()
	cases := []struct {
		name, stdin string
		args        []string
		want        []string
	}{
		{"unknown template", "x", []string{"add", "--template", "diary"}, []string{`there is no template "diary"`, "gibbs"}},
		{"unknown heading", "# T\n## Description\nx\n## Analysis\ny\n## Action plan\nz\n## Feelngs\nsad\n", []string{"add", "--template", "gibbs"}, []string{`the heading "Feelngs" is not in template gibbs`, "nothing was saved"}},
		{"missing required", "# T\n## Description\nx\n", []string{"add", "--template", "gibbs"}, []string{`the required sections "Analysis", "Action plan" are empty`}},
		{"only a prompt left", "# T\n## What?\n<!-- Required. What happened? -->\n## So what?\nx\n## Now what?\ny\n", []string{"add", "--template", "what-so-what-now-what"}, []string{`the required section "What?" is empty`}},
		{"bad rating", "# T\n## How I am\n9\n## In a line\nok\n", []string{"add", "--template", "wellbeing-check-in"}, []string{"not a rating from 1 to 5"}},
		{"no title", "## How I am\n3\n## In a line\nok\n", []string{"add", "--template", "wellbeing-check-in"}, []string{"no title"}},
		{"reflection without action", "# T\n", []string{"add", "--template", "reflection-after-implementation"}, []string{"pass --action ID"}},
		{"goal template with a goal", "# T\n", []string{"add", "--template", "learning-need", "--goal", "abcd"}, []string{"takes no --goal"}},
		{"bad due date in plan", "# T\n## Learning need\nx\n## Why it matters\ny\n## Action plan\n- z (due soonish)\n", []string{"add", "--template", "learning-need"}, []string{"action plan line 1", "soonish"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.vaultSum()
			r := f.run(c.stdin, c.args...)
			if r.status != ExitUsage {
				t.Errorf("status %d, want %d; stderr %q", r.status, ExitUsage, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not say %q", r.stderr, w)
				}
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n != 0 {
				t.Errorf("stderr is %d lines, want one sentence: %q", n+1, r.stderr)
			}
			if f.vaultSum() != before {
				t.Error("the vault changed")
			}
		})
	}
}

func TestTemplatesCheck(t *testing.T) {
	f := templateFixture(t)
	good := filepath.Join(f.dir, "good.toml")
	os.WriteFile(good, []byte(userGibbs), 0o600)
	r := f.runRaw("", "templates", "check", good)
	if r.status != 0 || !strings.Contains(r.stdout, "is fine: 2 sections, 0 fields") || !strings.Contains(r.stdout, "replaces the built-in gibbs") {
		t.Errorf("check a good template: %+v", r)
	}
	bad := filepath.Join(f.dir, "bad.toml")
	os.WriteFile(bad, []byte(strings.Replace(userGibbs, "prompt = \"Your plan.\"", "promt = \"Your plan.\"", 1)), 0o600)
	r = f.runRaw("", "templates", "check", bad)
	if r.status != ExitUsage || !strings.Contains(r.stderr, bad+":14:1: unknown key \"promt\"") {
		t.Errorf("check a bad template: %+v", r)
	}
	r = f.runRaw("", "templates", "check", filepath.Join(f.dir, "missing.toml"))
	if r.status != ExitUsage || !strings.Contains(r.stderr, "missing.toml: cannot read it") {
		t.Errorf("check a missing file: %+v", r)
	}
	r = f.runRaw("", "templates", "show", "nope")
	if r.status != ExitUsage || !strings.Contains(r.stderr, `there is no template "nope"`) {
		t.Errorf("show an unknown template: %+v", r)
	}
}

// Saving points out likely patient identifiers but never refuses.
func TestAddWarnsOfIdentifiers(t *testing.T) {
	f := templateFixture(t)
	f.init()
	r := f.run("# Warfarin counselling\nSaw Mrs Jones, NHS 943 476 5919,\nabout her 2.5 mg dose.\n", "add", "--function", "formative")
	if r.status != 0 {
		t.Fatalf("add: %+v", r)
	}
	for _, want := range []string{"may identify a patient", `line 2, column 5: a title and name ("Mrs Jones")`, `line 2, column 20: an NHS number ("943 476 5919")`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	if strings.Contains(r.stderr, "2.5") {
		t.Errorf("a dose was flagged: %q", r.stderr)
	}
	if len(f.list()) != 1 {
		t.Error("the entry was not saved")
	}
	r = f.run("# Clean\nNothing to see.\n", "add", "--function", "formative")
	if r.status != 0 || r.stderr != "" {
		t.Errorf("a clean entry warned: %+v", r)
	}
}
