package evaluation

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document/render"
)

func builtin(t testing.TB) Questionnaire {
	t.Helper()
	q, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// tick fills the form Markdown prints: the chosen option of each item ticked, free
// text written under its heading.
func tick(form string, choices map[string]string, free map[string]string) string {
	var out []string
	heading := ""
	for _, line := range strings.Split(form, "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			heading = h
			out = append(out, line)
			if t, ok := free[h]; ok {
				out = append(out, "", t)
			}
			continue
		}
		if c, ok := choices[heading]; ok && line == "- [ ] "+c {
			line = "- [x] " + c
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func TestFormRoundTrip(t *testing.T) {
	q := builtin(t)
	form := Markdown(q, "end", "mentee")
	if !strings.Contains(form, "## My mentor was a significant source of support.\n\n- [ ] Strongly agree\n- [ ] Agree\n") {
		t.Fatalf("form does not list the options under the item:\n%s", form)
	}
	if strings.Contains(form, "coaching and mentoring skills") {
		t.Error("a mentor's item is on the mentee's form")
	}
	filled := tick(form, map[string]string{
		"I found the scheme useful.":         "Agree",
		"Rate your self-confidence at work.": "4 (good)",
	}, map[string]string{"Anything else you would like the scheme to know?": "More time, please.\nAnd cake."})
	got, err := Parse(q, "end", "mentee", filled)
	if err != nil {
		t.Fatal(err)
	}
	want := []portfolio.Answer{{Item: "useful", Choice: "Agree"}, {Item: "self-confidence", Choice: "4 (good)"}, {Item: "comments", Text: "More time, please.\nAnd cake."}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("answer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if err := CheckAnswers(q, "end", "mentee", got); err != nil {
		t.Error(err)
	}
}

func TestParseRefuses(t *testing.T) {
	q := builtin(t)
	form := Markdown(q, "end", "mentee")
	for name, md := range map[string]string{
		"nothing ticked":  form,
		"two ticked":      strings.Replace(strings.Replace(form, "- [ ] Strongly agree", "- [x] Strongly agree", 1), "- [ ] Agree", "- [x] Agree", 1),
		"unknown option":  strings.Replace(form, "- [ ] Agree", "- [x] Quite", 1),
		"unknown heading": "## What is your name?\n\nSam\n",
		"not asked":       "## Rate your coaching and mentoring skills.\n\n- [x] 4 (good)\n",
		"stray text":      "## I found the scheme useful.\n\nyes\n",
		"twice":           "## I found the scheme useful.\n- [x] Agree\n## I found the scheme useful.\n- [x] Agree\n",
	} {
		if _, err := Parse(q, "end", "mentee", md); !errors.Is(err, portfolio.ErrInvalid) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestAnonymise(t *testing.T) {
	e := &portfolio.Evaluation{Stage: "end", Role: "mentee", RelationshipID: "r1", Date: calendar.MakeDate(2026, time.November, 28),
		Answers: []portfolio.Answer{{Item: "useful", Choice: "Agree"}, {Item: "comments", Text: "Sam Smith and sam were kind; Samantha too."}}}
	a := Anonymise(e, []string{"Sam", "Sam Smith"})
	data, err := a.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, leak := range []string{"Sam ", "sam ", "2026-11-28", "r1", "relationship"} {
		if strings.Contains(text, leak) {
			t.Errorf("the export holds %q:\n%s", leak, text)
		}
	}
	if !strings.Contains(text, `"month": "2026-11"`) || !strings.Contains(text, "[name] and [name] were kind; Samantha too.") {
		t.Errorf("export = %s", text)
	}
	back, err := Unmarshal(data, "f.json")
	if err != nil || back.Month != "2026-11" || len(back.Answers) != 2 {
		t.Errorf("Unmarshal = %+v, %v", back, err)
	}
}

func TestUnmarshalAndCheckRefuse(t *testing.T) {
	q := builtin(t)
	good := `{"format":"folio-evaluation","version":1,"stage":"end","role":"mentee","month":"2026-11","answers":[{"item":"useful","choice":"Agree"}]}`
	if a, err := Unmarshal([]byte(good), "g"); err != nil || Check(q, a, "g") != nil {
		t.Fatalf("a good file is refused: %v", err)
	}
	for name, src := range map[string]string{
		"format":        strings.Replace(good, "folio-evaluation", "x", 1),
		"version":       strings.Replace(good, `"version":1`, `"version":2`, 1),
		"day":           strings.Replace(good, "2026-11", "2026-11-28", 1),
		"extra field":   strings.Replace(good, `"month"`, `"name":"Sam","month"`, 1),
		"trailing":      good + "{}",
		"stage":         strings.Replace(good, `"end"`, `"middle"`, 1),
		"both":          strings.Replace(good, `"choice":"Agree"`, `"choice":"Agree","text":"x"`, 1),
		"control":       strings.Replace(good, `"Agree"`, `"Agree\u001b[2J"`, 1),
		"unknown item":  strings.Replace(good, "useful", "salary", 1),
		"not an option": strings.Replace(good, "Agree", "Quite", 1),
		"not asked":     strings.Replace(good, `"useful"`, `"coaching-skills"`, 1),
	} {
		a, err := Unmarshal([]byte(src), "f")
		if err == nil {
			err = Check(q, a, "f")
		}
		if !errors.Is(err, portfolio.ErrInvalid) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestPercentRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		k, n int
		want string
	}{{17, 18, "94% (17/18)"}, {1, 8, "13% (1/8)"}, {1, 3, "33% (1/3)"}, {2, 3, "67% (2/3)"}, {0, 5, "0% (0/5)"}, {0, 0, "–"}} {
		if got := Percent(c.k, c.n); got != c.want {
			t.Errorf("Percent(%d, %d) = %q, want %q", c.k, c.n, got, c.want)
		}
	}
}

// schemeFixture is 18 mentees' and 18 mentors' questionnaires at the end of the
// scheme, and the same people's at the start, with known answers.
func schemeFixture() []Anonymous {
	var out []Anonymous
	pick := func(i, first int, yes, no string) string {
		if i < first {
			return yes
		}
		return no
	}
	for i := range 18 {
		end := Anonymous{Format: Format, Version: Version, Stage: "end", Role: "mentee", Month: "2026-11", Answers: []portfolio.Answer{
			// 10 strongly agree and 7 agree: 17 of 18 favourable.
			{Item: "useful", Choice: pick(i, 10, "Strongly agree", pick(i, 17, "Agree", "Disagree"))},
			{Item: "enjoyed", Choice: pick(i, 16, "Agree", "Neither agree nor disagree")},
			{Item: "self-confidence", Choice: pick(i, 14, "4 (good)", "3 (adequate)")},
		}}
		if i < 16 { // two leave it out: 15 of 16
			end.Answers = append(end.Answers, portfolio.Answer{Item: "support", Choice: pick(i, 15, "Strongly agree", "Neither agree nor disagree")})
		}
		if i == 0 {
			end.Answers = append(end.Answers, portfolio.Answer{Item: "difficulties", Text: "Finding the time."})
		}
		start := Anonymous{Format: Format, Version: Version, Stage: "start", Role: "mentee", Month: "2025-11", Answers: []portfolio.Answer{
			{Item: "self-confidence", Choice: pick(i, 7, "5 (very good)", "2 (poor)")},
		}}
		mentorEnd := Anonymous{Format: Format, Version: Version, Stage: "end", Role: "mentor", Month: "2026-11", Answers: []portfolio.Answer{
			{Item: "useful", Choice: "Agree"},
			{Item: "active-listening", Choice: pick(i, 16, "5 (very good)", "3 (adequate)")},
		}}
		mentorStart := Anonymous{Format: Format, Version: Version, Stage: "start", Role: "mentor", Month: "2025-11", Answers: []portfolio.Answer{
			{Item: "active-listening", Choice: pick(i, 9, "4 (good)", "1 (very poor)")},
		}}
		out = append(out, end, start, mentorEnd, mentorStart)
	}
	return out
}

// The report reproduces percentages worked out by hand from the fixture.
func TestReportMatchesHandCount(t *testing.T) {
	q := builtin(t)
	files := schemeFixture()
	for i, a := range files {
		if err := Check(q, a, "fixture"); err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
	}
	tl := Count(q, files)
	for _, c := range []struct{ role, item, stage, want string }{
		{"mentee", "useful", "end", "94% (17/18)"},           // 17/18 = 94.4
		{"mentee", "enjoyed", "end", "89% (16/18)"},          // 88.9
		{"mentee", "support", "end", "94% (15/16)"},          // 93.75
		{"mentee", "self-confidence", "start", "39% (7/18)"}, // 38.9
		{"mentee", "self-confidence", "end", "78% (14/18)"},  // 77.8
		{"mentor", "useful", "end", "100% (18/18)"},
		{"mentor", "active-listening", "start", "50% (9/18)"},
		{"mentor", "active-listening", "end", "89% (16/18)"},
		{"mentor", "support", "end", "–"}, // not asked of mentors
	} {
		if got := tl.Cell(c.role, c.item, c.stage); got != c.want {
			t.Errorf("%s %s %s = %s, want %s", c.role, c.item, c.stage, got, c.want)
		}
	}
	doc := Report(q, files, calendar.MakeDate(2026, time.November, 28))
	md, err := render.Render(doc, render.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	// Tables are padded to line up; compare with single spaces.
	text := regexp.MustCompile(` +`).ReplaceAllString(string(md), " ")
	for _, want := range []string{
		"72 anonymous questionnaires",
		"| I found the scheme useful. (agree or strongly agree) | not asked | 94% (17/18) |",
		"| Rate your self-confidence at work. (rate themselves 4 or 5) | 39% (7/18) | 78% (14/18) |",
		"| Rate your active listening. (rate themselves 4 or 5) | 50% (9/18) | 89% (16/18) |",
		"Strongly agree 10; Agree 7; Neither agree nor disagree 0; Disagree 1; Strongly disagree 0",
		"(mentee, end) Finding the time.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	for _, f := range []render.Format{render.HTML, render.PDF} {
		if _, err := render.Render(doc, f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestLoadPrefersTheUsersFile(t *testing.T) {
	dir := t.TempDir()
	src := "[[item]]\nid = \"mood\"\ntext = \"How was it?\"\n"
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	q, err := Load(dir)
	if err != nil || len(q.Items) != 1 || q.Items[0].ID != "mood" {
		t.Fatalf("Load = %+v, %v", q, err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("[[item]]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); !errors.Is(err, portfolio.ErrInvalid) {
		t.Errorf("a broken file gave %v", err)
	}
}

func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(`{"format":"folio-evaluation","version":1,"stage":"end","role":"mentee","month":"2026-11","answers":[{"item":"useful","choice":"Agree"}]}`))
	q, _ := Load("")
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Unmarshal(b, "f")
		if err != nil {
			return
		}
		if Check(q, a, "f") == nil {
			Report(q, []Anonymous{a}, 1)
		}
	})
}

func FuzzParse(f *testing.F) {
	q, _ := Load("")
	f.Add(Markdown(q, "end", "mentee"))
	f.Fuzz(func(t *testing.T, md string) {
		answers, err := Parse(q, "end", "mentee", md)
		if err == nil {
			if err := CheckAnswers(q, "end", "mentee", answers); err != nil {
				t.Fatalf("Parse accepted answers Check refuses: %v", err)
			}
		}
	})
}
