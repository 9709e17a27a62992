package record

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFunction(t *testing.T) {
	tests := []struct {
		in   string
		want Function
	}{
		{"normative", Normative},
		{"formative", Formative},
		{"restorative", Restorative},
		{"NORMATIVE", Normative},
		{"Formative", Formative},
		{"  restorative\t", Restorative},
		{"n", Normative},
		{"F", Formative},
		{"rest", Restorative},
		{"form", Formative},
		{"norm", Normative},
	}
	for _, tt := range tests {
		got, err := ParseFunction(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFunction(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseFunctionRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "x", "normal", "normativex", "formativ e", "supportive", "n,f", "#normative", "ｎormative"} {
		got, err := ParseFunction(in)
		if !errors.Is(err, ErrUnknownFunction) {
			t.Errorf("ParseFunction(%q) = %v, %v; want ErrUnknownFunction", in, got, err)
		}
	}
}

func TestParseFunctions(t *testing.T) {
	tests := []struct {
		in   []string
		want Functions
	}{
		{nil, 0},
		{[]string{""}, 0},
		{[]string{"normative"}, Functions(Normative)},
		{[]string{"n", "r"}, Functions(Normative | Restorative)},
		{[]string{"normative,formative"}, Functions(Normative | Formative)},
		{[]string{" f , R ,"}, Functions(Formative | Restorative)},
		{[]string{"n,n", "normative"}, Functions(Normative)},
		{[]string{"n,f,r"}, Functions(Normative | Formative | Restorative)},
	}
	for _, tt := range tests {
		got, err := ParseFunctions(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFunctions(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range [][]string{{"n", "bogus"}, {"n,x"}, {"formative;restorative"}} {
		if _, err := ParseFunctions(in); !errors.Is(err, ErrUnknownFunction) {
			t.Errorf("ParseFunctions(%q) error = %v; want ErrUnknownFunction", in, err)
		}
	}
}

func TestFunctionsSet(t *testing.T) {
	var fs Functions
	if !fs.Empty() || fs.Letters() != "···" || len(fs.List()) != 0 {
		t.Fatalf("zero set: Empty=%v Letters=%q List=%v", fs.Empty(), fs.Letters(), fs.List())
	}
	fs = fs.With(Restorative).With(Normative)
	if fs.Empty() || !fs.Has(Normative) || fs.Has(Formative) || !fs.Has(Restorative) {
		t.Fatalf("set %v has the wrong members", fs)
	}
	if got := fs.Letters(); got != "N·R" {
		t.Errorf("Letters = %q, want N·R", got)
	}
	if got := strings.Join(fs.Names(), ","); got != "normative,restorative" {
		t.Errorf("Names = %q", got)
	}
	if fs = fs.Without(Normative); fs.Has(Normative) || !fs.Has(Restorative) {
		t.Errorf("Without(Normative) = %v", fs)
	}
	for _, f := range AllFunctions {
		back, err := ParseFunction(f.String())
		if err != nil || back != f {
			t.Errorf("ParseFunction(%q) = %v, %v", f.String(), back, err)
		}
		if f.Meaning() == "" || f.Letter() == "?" {
			t.Errorf("%v lacks a meaning or letter", f)
		}
	}
	// Bits outside the three functions are not a function.
	if !Functions(8).Empty() {
		t.Error("Functions(8) is not empty")
	}
}

func FuzzParseFunction(f *testing.F) {
	for _, s := range []string{"normative", "F", " rest ", "", "x", "NORM", "ｎ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fn, err := ParseFunction(s)
		if err != nil {
			if !errors.Is(err, ErrUnknownFunction) {
				t.Fatalf("ParseFunction(%q) error %v is not ErrUnknownFunction", s, err)
			}
			return
		}
		// Whatever is accepted is a prefix of exactly that function's name.
		if fn.String() == "" || !strings.HasPrefix(fn.String(), strings.ToLower(strings.TrimSpace(s))) {
			t.Fatalf("ParseFunction(%q) = %v, not a prefix match", s, fn)
		}
		if back, err := ParseFunction(fn.String()); err != nil || back != fn {
			t.Fatalf("round trip of %v = %v, %v", fn, back, err)
		}
	})
}

func FuzzParseFunctions(f *testing.F) {
	for _, s := range []string{"normative,formative", "n, r", ",,,", "x,n", "f,f,f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := ParseFunctions([]string{s})
		if err != nil {
			if !errors.Is(err, ErrUnknownFunction) {
				t.Fatalf("ParseFunctions(%q) error %v is not ErrUnknownFunction", s, err)
			}
			return
		}
		if fs&^Functions(Normative|Formative|Restorative) != 0 {
			t.Fatalf("ParseFunctions(%q) = %b has stray bits", s, fs)
		}
		// The names of a parsed set parse back to the same set.
		back, err := ParseFunctions(fs.Names())
		if err != nil || back != fs {
			t.Fatalf("round trip of %v = %v, %v", fs, back, err)
		}
	})
}
