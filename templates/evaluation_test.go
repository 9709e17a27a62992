package templates

import (
	"strings"
	"testing"
)

func TestBuiltinQuestionnaire(t *testing.T) {
	q, err := BuiltinQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	// The paper's measures are all there, for the right people.
	want := map[string]string{"useful": "mentee", "enjoyed": "mentor", "support": "mentee",
		"realism": "mentee", "examination-performance": "mentee", "problem-solving": "mentor", "coaching-skills": "mentor"}
	for id, role := range want {
		found := false
		for _, it := range q.Items {
			if it.ID == id {
				found = true
				if !it.Asked(role, "") {
					t.Errorf("item %s is not asked of a %s", id, role)
				}
			}
		}
		if !found {
			t.Errorf("item %s is missing", id)
		}
	}
	s, ok := q.Scale("agree")
	if !ok || s.Favourable != 2 || s.Options[0] != "Strongly agree" {
		t.Errorf("agree scale = %+v", s)
	}
}

func TestParseQuestionnaireRefuses(t *testing.T) {
	for name, src := range map[string]string{
		"unknown key":     "[[item]]\nid = \"a\"\ntext = \"A\"\ncolour = \"red\"\n",
		"no items":        "[[scale]]\nname = \"s\"\noptions = [\"a\", \"b\"]\nfavourable = 1\n",
		"unknown scale":   "[[item]]\nid = \"a\"\ntext = \"A\"\nscale = \"nope\"\n",
		"bad role":        "[[item]]\nid = \"a\"\ntext = \"A\"\nroles = [\"boss\"]\n",
		"duplicate id":    "[[item]]\nid = \"a\"\ntext = \"A\"\n[[item]]\nid = \"a\"\ntext = \"B\"\n",
		"all favourable":  "[[scale]]\nname = \"s\"\noptions = [\"a\", \"b\"]\nfavourable = 2\n[[item]]\nid = \"a\"\ntext = \"A\"\nscale = \"s\"\n",
		"hash in text":    "[[item]]\nid = \"a\"\ntext = \"# A\"\n",
		"control in text": "[[item]]\nid = \"a\"\ntext = \"A\\u001b[2J\"\n",
	} {
		if _, err := ParseQuestionnaire("q.toml", []byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.HasPrefix(err.Error(), "q.toml") {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
}

func FuzzParseQuestionnaire(f *testing.F) {
	data, _ := evaluationFile.ReadFile("evaluation.toml")
	f.Add(data)
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := ParseQuestionnaire("f.toml", b)
		if err == nil && len(q.Items) == 0 {
			t.Fatal("a questionnaire without items was accepted")
		}
	})
}
