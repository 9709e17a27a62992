package templates

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBuiltinLibrary(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Template{}
	for _, tp := range ts {
		if !tp.Builtin || tp.Version < 1 || tp.Title == "" || tp.Description == "" || len(tp.Functions) == 0 {
			t.Errorf("%s: incomplete: %+v", tp.Name, tp)
		}
		if tp.File != "reflection/"+tp.Name+".toml" {
			t.Errorf("%s is in %s; a built-in's file is named after it", tp.Name, tp.File)
		}
		byName[tp.Name] = tp
	}
	// The library, with the record kind each one must mark.
	want := map[string]string{
		"free": KindEntry, "gibbs": KindEntry, "what-so-what-now-what": KindEntry, "kolb": KindEntry,
		"reflective-note": KindEntry, "standards-and-practice": KindEntry, "learning-need": KindGoal,
		"reflection-after-implementation": KindEntry, "professional-debrief": KindEntry,
		"wellbeing-check-in": KindEntry, "planned-cpd": KindPlannedCPD, "unplanned-cpd": KindUnplannedCPD,
		"peer-discussion": KindPeerDiscussion, "reflective-account": KindReflectiveAccount,
		"meeting-prep": KindMeetingPrep, "meeting-record": KindMeetingRecord,
		"mentor-reflection": KindMentorReflection, "mentoring-agreement": KindMentoringAgreement,
		"action-learning-set": KindActionLearningSet,
	}
	for name, kind := range want {
		tp, ok := byName[name]
		if !ok {
			t.Errorf("built-in %q is missing", name)
			continue
		}
		if tp.Kind != kind {
			t.Errorf("%s makes %q, want %q", name, tp.Kind, kind)
		}
	}
	if got := headings(byName["gibbs"]); !slices.Equal(got, []string{"Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"}) {
		t.Errorf("gibbs sections: %v", got)
	}
	if got := headings(byName["meeting-record"]); !slices.Equal(got, []string{"Goal", "Reality", "Options", "Will"}) {
		t.Errorf("GROW sections: %v", got)
	}
	for _, name := range []string{"professional-debrief", "wellbeing-check-in"} {
		if !byName[name].Signposting || !slices.Contains(byName[name].Functions, "restorative") {
			t.Errorf("%s must be restorative and show signposting", name)
		}
	}
	w := byName["wellbeing-check-in"]
	if len(w.Fields) != 1 || w.Fields[0].Type != FieldRating || !w.Fields[0].Required {
		t.Errorf("wellbeing check-in fields: %+v", w.Fields)
	}
	ra := byName["reflective-account"]
	if len(ra.Fields) != 1 || len(ra.Fields[0].Choices) != 9 || !ra.Fields[0].Multiple || !strings.Contains(ra.Fields[0].Choices[8], "leadership") {
		t.Errorf("reflective account standards: %+v", ra.Fields)
	}
	if byName["reflection-after-implementation"].Link != LinkAction {
		t.Error("reflection after implementation must link to an action")
	}
	if !slices.ContainsFunc(byName["learning-need"].Sections, func(s Section) bool { return s.Actions }) {
		t.Error("learning need has no action plan section")
	}
	// The GPhC's own question is kept word for word.
	un := byName["unplanned-cpd"]
	if !strings.Contains(un.Sections[0].Prompt, "Describe an unplanned event or activity that enabled you to learn something new or refresh your knowledge or skills") {
		t.Errorf("unplanned CPD prompt: %q", un.Sections[0].Prompt)
	}
	ag := headings(byName["mentoring-agreement"])
	for _, h := range []string{"Boundaries", "Confidentiality and its limits", "Ending"} {
		if !slices.Contains(ag, h) {
			t.Errorf("mentoring agreement lacks %q: %v", h, ag)
		}
	}
}

func headings(t Template) []string {
	var out []string
	for _, s := range t.Sections {
		out = append(out, s.Heading)
	}
	return out
}

func TestBuiltinSignposting(t *testing.T) {
	s, err := BuiltinSignposting()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, svc := range s.Services {
		names = append(names, svc.Name)
	}
	if !slices.Contains(names, "Samaritans") || !slices.Contains(names, "NHS Practitioner Health") || s.Intro == "" {
		t.Errorf("signposting: %+v", s)
	}
	// The urgent routes come first now; Samaritans is among them.
	if i := slices.Index(names, "Samaritans"); i < 0 || s.Services[i].Phone != "116 123" {
		t.Errorf("Samaritans phone: %+v", s.Services)
	}
	if _, err := ParseSignposting("s.toml", []byte("[[service]]\nname = \"X\"\nfax = \"1\"\n")); err == nil || !strings.Contains(err.Error(), "s.toml:3") {
		t.Errorf("unknown key in signposting: %v", err)
	}
	if _, err := ParseSignposting("s.toml", []byte("intro = \"x\"\n")); err == nil {
		t.Error("an empty signposting list was accepted")
	}
}

const good = `name = "my-debrief"
version = 3
title = "My debrief"
description = "A short debrief."
functions = ["Restorative", "formative"]

[[field]]
name = "mood"
label = "Mood"
type = "rating"

[[section]]
heading = "What happened"
prompt = "Briefly."
required = true
`

func TestParseGood(t *testing.T) {
	tp, err := Parse("my.toml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Name != "my-debrief" || tp.Version != 3 || tp.Kind != KindEntry || !slices.Equal(tp.Functions, []string{"restorative", "formative"}) ||
		len(tp.Sections) != 1 || !tp.Sections[0].Required || len(tp.Fields) != 1 || tp.Fields[0].Type != FieldRating || tp.Builtin {
		t.Errorf("parsed %+v", tp)
	}
	// No name and no version: the file's name, and version 1.
	tp, err = Parse("dir/night-shift.toml", []byte(strings.Replace(strings.Replace(good, "name = \"my-debrief\"\n", "", 1), "version = 3\n", "", 1)))
	if err != nil || tp.Name != "night-shift" || tp.Version != 1 {
		t.Errorf("defaults: %+v, %v", tp, err)
	}
}

// Each broken template names its file, the line of the problem, and what is wrong.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, doc string
		line      int
		want      string
	}{
		{"syntax", "name = \"x\"\ntitle = \"unterminated\n", 2, "not valid TOML"},
		{"unknown top key", "name = \"x\"\ntitel = \"T\"\n", 2, `unknown key "titel"`},
		{"unknown section key", good + "promt = \"p\"\n", 16, `unknown key "promt" in a [[section]]`},
		{"wrong type", strings.Replace(good, "required = true", "required = \"yes\"", 1), 15, `"required" must be true or false`},
		{"heading not text", strings.Replace(good, `heading = "What happened"`, "heading = 5", 1), 13, `"heading" must be text`},
		{"repeated key", "name = \"x\"\nname = \"y\"\n", 2, "given twice"},
		{"bad name", strings.Replace(good, "my-debrief", "My Debrief", 1), 1, "lower-case"},
		{"no title", strings.Replace(good, "title = \"My debrief\"\n", "", 1), 0, "title is missing"},
		{"no functions", strings.Replace(good, `functions = ["Restorative", "formative"]`, "functions = []", 1), 5, "needs functions"},
		{"bad function", strings.Replace(good, `"Restorative"`, `"supportive"`, 1), 5, `"supportive" is not one of`},
		{"unknown kind", strings.Replace(good, "version = 3", "version = 3\nkind = \"diary\"", 1), 3, `kind "diary"`},
		{"bad version", strings.Replace(good, "version = 3", "version = 0", 1), 2, "version must be"},
		{"huge version", strings.Replace(good, "version = 3", "version = 99999999999999999999", 1), 2, `"version" must be a whole number`},
		{"section without heading", good + "\n[[section]]\nprompt = \"p\"\n", 17, "heading is missing"},
		{"section without prompt", good + "\n[[section]]\nheading = \"More\"\n", 17, "needs a prompt"},
		{"duplicate heading", good + "\n[[section]]\nheading = \"what HAPPENED\"\nprompt = \"p\"\n", 18, "used twice"},
		{"label clashes with heading", strings.Replace(good, `label = "Mood"`, `label = "What happened"`, 1), 13, "used twice"},
		{"bad field type", strings.Replace(good, `type = "rating"`, `type = "slider"`, 1), 10, `type "slider"`},
		{"choice without choices", strings.Replace(good, `type = "rating"`, `type = "choice"`, 1), 10, "needs choices"},
		{"choices on a rating", strings.Replace(good, `type = "rating"`, "type = \"rating\"\nchoices = [\"a\"]", 1), 11, "only a choice field"},
		{"duplicate choice", strings.Replace(good, `type = "rating"`, "type = \"choice\"\nchoices = [\"a\", \"A\"]", 1), 11, "twice"},
		{"actions outside goal", good + "actions = true\n", 16, "only a goal template"},
		{"goal without plan", strings.Replace(good, "version = 3", "version = 3\nkind = \"goal\"", 1), 3, "needs one section with actions"},
		{"bad link", strings.Replace(good, "version = 3", "version = 3\nlink = \"goal\"", 1), 3, "link \"goal\""},
		{"control character", strings.Replace(good, "My debrief", "My \\u001b[2J debrief", 1), 3, "control characters"},
		{"invalid UTF-8", "name = \"x\"\ntitle = \"\xff\"\n", 2, "UTF-8"},
		{"field name", strings.Replace(good, `name = "mood"`, `name = "Mood!"`, 1), 8, "needs a name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("mine.toml", []byte(c.doc))
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if te.File != "mine.toml" || te.Line != c.line || !strings.Contains(te.Msg, c.want) {
				t.Errorf("got %q (line %d), want line %d saying %q", te.Error(), te.Line, c.line, c.want)
			}
			if c.line > 0 && !strings.HasPrefix(te.Error(), "mine.toml:") {
				t.Errorf("message %q does not start with file:line", te.Error())
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.toml", good)
	write("broken.toml", "name = \"broken\"\ntitle = \n")
	write("gibbs.toml", strings.Replace(good, "my-debrief", "gibbs", 1))
	write("again.toml", good) // the same name as a.toml
	write("notes.txt", "not a template")
	write("big.toml", strings.Repeat("# x\n", MaxFileBytes))
	ts, problems := LoadDir(dir)
	var names []string
	for _, tp := range ts {
		names = append(names, tp.Name)
	}
	// Sorted by name, and the duplicate name kept once.
	if !slices.Equal(names, []string{"gibbs", "my-debrief"}) {
		t.Errorf("loaded %v, want [gibbs my-debrief]", names)
	}
	if len(problems) != 3 {
		t.Fatalf("problems %v, want 3 (broken, duplicate name, too big)", problems)
	}
	joined := ""
	for _, p := range problems {
		joined += p.Error() + "\n"
	}
	// The files are read in name order, so a.toml keeps the name and again.toml is refused.
	for _, want := range []string{"broken.toml:2", "again.toml: the name \"my-debrief\" is already used by " + filepath.Join(dir, "a.toml"), "big.toml: it is"} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems %q lack %q", joined, want)
		}
	}
	if ts, problems := LoadDir(filepath.Join(dir, "missing")); ts != nil || problems != nil {
		t.Errorf("a missing folder: %v %v", ts, problems)
	}
}

// FuzzParse: any input either parses to a template that satisfies the format's rules
// or fails with an *Error; it never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	for _, name := range []string{"gibbs", "learning-need", "reflective-account", "mentoring-agreement"} {
		b, err := files.ReadFile("reflection/" + name + ".toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("name = \"x\"\nname = \"y\"\n"))
	f.Add([]byte("section = [{heading = 3}]\n"))
	f.Add([]byte("[[section]]\n[section.x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := Parse("fuzz.toml", data)
		if err != nil {
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			if te.Line < 0 || te.Msg == "" {
				t.Fatalf("bad error %+v", te)
			}
			return
		}
		if !namePattern.MatchString(tp.Name) || tp.Version < 1 || tp.Title == "" || len(tp.Functions) == 0 || !slices.Contains(Kinds, tp.Kind) {
			t.Fatalf("accepted an invalid template: %+v", tp)
		}
		seen := map[string]bool{}
		for _, s := range tp.Sections {
			k := strings.ToLower(s.Heading)
			if s.Heading == "" || seen[k] || s.Prompt == "" {
				t.Fatalf("accepted a bad section: %+v", s)
			}
			seen[k] = true
		}
	})
}
