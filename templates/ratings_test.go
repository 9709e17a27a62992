package templates

import (
	"slices"
	"testing"
)

func TestBuiltinRatingLists(t *testing.T) {
	l, err := BuiltinRatingLists()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"realism", "professional outlook", "relationships with colleagues", "clinical performance", "examination performance", "self-confidence"} {
		if !slices.Contains(l.Outcomes, want) {
			t.Errorf("outcomes lack %q", want)
		}
	}
	for _, want := range []string{"active listening", "open questions", "signposting"} {
		if !slices.Contains(l.Skills, want) {
			t.Errorf("skills lack %q", want)
		}
	}
	for name, src := range map[string]string{
		"repeated": "outcomes = [\"a\", \"A\"]\nskills = [\"b\"]\n",
		"equals":   "outcomes = [\"a=b\"]\nskills = [\"b\"]\n",
		"empty":    "outcomes = []\nskills = [\"b\"]\n",
		"unknown":  "outcomes = [\"a\"]\nskills = [\"b\"]\nmore = [\"c\"]\n",
	} {
		if _, err := ParseRatingLists("r.toml", []byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
