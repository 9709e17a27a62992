package templates

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBuiltinRevalidation(t *testing.T) {
	r, err := BuiltinRevalidation()
	if err != nil {
		t.Fatal(err)
	}
	if r.PeriodMonths != 12 || r.CPDRecords != 4 || r.PlannedAtLeast != 2 || r.PeerRecords != 1 || r.ReflectiveRecords != 1 {
		t.Errorf("rules %+v, want 12 months, 4 CPD (2 planned), 1 peer discussion, 1 reflective account", r)
	}
	if len(r.Standards) != 9 || !strings.Contains(r.Standards[4], "professional judgement") {
		t.Errorf("standards %q, want the nine with 5 on professional judgement", r.Standards)
	}
	var kinds []string
	for _, rec := range r.Records {
		kinds = append(kinds, rec.Kind)
	}
	if strings.Join(kinds, ",") != "planned_cpd,unplanned_cpd,peer_discussion,reflective_account" {
		t.Errorf("record order %q, want the submission's", kinds)
	}
	last := r.StandardsRules[len(r.StandardsRules)-1]
	if !last.From.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || last.AtLeast != 1 {
		t.Errorf("latest standards rule %+v, want any one from 2026-01-01", last)
	}
}

// The built-in record fields name the built-in templates' headings and labels, so the
// pack's field order is not silently lost when a template is reworded.
func TestRevalidationFieldsMatchTemplates(t *testing.T) {
	r, _ := BuiltinRevalidation()
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range r.Records {
		var tmpl *Template
		for i := range ts {
			if ts[i].Kind == rec.Kind {
				tmpl = &ts[i]
			}
		}
		if tmpl == nil {
			t.Errorf("no built-in template makes %s", rec.Kind)
			continue
		}
		for _, f := range rec.Fields {
			found := false
			for _, s := range tmpl.Sections {
				found = found || s.Heading == f
			}
			for _, fl := range tmpl.Fields {
				found = found || fl.Label == f
			}
			if !found {
				t.Errorf("%s: %q is neither a heading nor a field label of %s", rec.Kind, f, tmpl.Name)
			}
		}
	}
}

func TestParseRevalidationRefuses(t *testing.T) {
	base := "name = \"x\"\nperiod_months = 12\n[cpd]\nrecords = 4\nplanned_at_least = 2\n[reflective_account]\nrecords = 1\nstandards = [\"a\", \"b\"]\n"
	for _, tc := range []struct{ name, data, want string }{
		{"unknown key", base + "[peer_discussion]\nrecord = 1\n", "unknown key"},
		{"no name", strings.Replace(base, "name = \"x\"", "", 1), "no name"},
		{"period", strings.Replace(base, "period_months = 12", "period_months = 0", 1), "period_months"},
		{"planned over total", strings.Replace(base, "planned_at_least = 2", "planned_at_least = 5", 1), "more than"},
		{"standard out of range", base + "[[standards_rule]]\nrenewals_from = 2026-01-01\nrequired = [3]\n", "not in the list"},
		{"any_of out of range", base + "[[standards_rule]]\nrenewals_from = 2026-01-01\nany_of = [1, 3]\n", "not in the list"},
		{"rules out of order", base + "[[standards_rule]]\nrenewals_from = 2026-01-01\nat_least = 1\n[[standards_rule]]\nrenewals_from = 2025-01-01\nat_least = 1\n", "oldest first"},
		{"bad kind", base + "[[record]]\nkind = \"goal\"\ntitle = \"G\"\n", "not a record kind"},
		{"repeated kind", base + "[[record]]\nkind = \"planned_cpd\"\ntitle = \"P\"\n[[record]]\nkind = \"planned_cpd\"\ntitle = \"P\"\n", "repeats"},
		{"bad toml", base + "[[record]\n", ""},
	} {
		_, err := ParseRevalidation("r.toml", []byte(tc.data))
		var te *Error
		if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an *Error saying %q", tc.name, err, tc.want)
		}
	}
	if _, err := ParseRevalidation("r.toml", []byte(base)); err != nil {
		t.Errorf("the base rules: %v", err)
	}
}

// From October 2022 the GPhC asked a reflective account to cover one or more of
// standards 1, 2 and 5, not all three.
func TestBuiltinRevalidation2022Rule(t *testing.T) {
	r, _ := BuiltinRevalidation()
	first := r.StandardsRules[0]
	if !first.From.Equal(time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC)) || len(first.Required) != 0 || fmt.Sprint(first.AnyOf) != "[1 2 5]" {
		t.Errorf("first standards rule %+v, want any of 1, 2 and 5 from 2022-10-01", first)
	}
}

// The peer discussion's peer is marked as a colleague's details, for the identifier
// scan; no other built-in field is.
func TestPeerFieldIsAColleague(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, tm := range ts {
		for _, f := range tm.Fields {
			if f.Colleague {
				marked = append(marked, tm.Name+"."+f.Name)
			}
		}
	}
	if fmt.Sprint(marked) != "[peer-discussion.peer]" {
		t.Errorf("colleague fields %q, want the peer discussion's peer", marked)
	}
	if _, err := Parse("t.toml", []byte("name = \"t\"\nversion = 1\ntitle = \"T\"\ndescription = \"D\"\nfunctions = [\"formative\"]\n[[field]]\nname = \"p\"\nlabel = \"P\"\ntype = \"text\"\ncolleague = \"yes\"\n")); err == nil {
		t.Error("colleague = \"yes\" was accepted")
	}
}
