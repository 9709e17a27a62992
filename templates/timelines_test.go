package templates

import "testing"

func TestBuiltinTimelines(t *testing.T) {
	ts, err := BuiltinTimelines()
	if err != nil {
		t.Fatal(err)
	}
	months := map[int]bool{}
	for _, tl := range ts {
		months[tl.Months] = true
		kinds := map[string]bool{}
		for _, m := range tl.Milestones {
			kinds[m.Kind] = true
		}
		for _, k := range MilestoneKinds {
			if !kinds[k] {
				t.Errorf("the %d-month timeline has no %s milestone", tl.Months, k)
			}
		}
	}
	for _, m := range []int{4, 6, 12} {
		if !months[m] {
			t.Errorf("no %d-month timeline", m)
		}
	}
	for name, src := range map[string]string{
		"too long":  "[[timeline]]\nmonths = 25\n[[timeline.milestone]]\nname = \"a\"\nkind = \"ending\"\nweek = 1\n",
		"bad kind":  "[[timeline]]\nmonths = 4\n[[timeline.milestone]]\nname = \"a\"\nkind = \"party\"\nweek = 1\n",
		"late week": "[[timeline]]\nmonths = 1\n[[timeline.milestone]]\nname = \"a\"\nkind = \"ending\"\nweek = 9\n",
		"twice":     "[[timeline]]\nmonths = 1\n[[timeline.milestone]]\nname = \"a\"\nkind = \"ending\"\nweek = 1\n[[timeline]]\nmonths = 1\n[[timeline.milestone]]\nname = \"a\"\nkind = \"ending\"\nweek = 1\n",
	} {
		if _, err := ParseTimelines("t.toml", []byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
