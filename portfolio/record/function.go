package record

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Function is one of Proctor's three functions of clinical supervision.
type Function uint8

const (
	Normative Function = 1 << iota
	Formative
	Restorative
)

// AllFunctions lists the functions in Proctor's order.
var AllFunctions = []Function{Normative, Formative, Restorative}

var functionNames = map[Function]string{
	Normative:   "normative",
	Formative:   "formative",
	Restorative: "restorative",
}

var functionMeanings = map[Function]string{
	Normative:   "standards, procedures and best practice; accountability for the quality of one's work",
	Formative:   "learning needs, action plans, and reflection on learning once put into practice",
	Restorative: "challenges, complexity and pressure; debriefing; signposting to support",
}

// String is the lower-case name used on the command line and in JSON.
func (f Function) String() string {
	if n, ok := functionNames[f]; ok {
		return n
	}
	return fmt.Sprintf("function(%d)", uint8(f))
}

// Letter is a one-letter mark, so a function reads without colour.
func (f Function) Letter() string {
	switch f {
	case Normative:
		return "N"
	case Formative:
		return "F"
	case Restorative:
		return "R"
	}
	return "?"
}

// Meaning is the one-line meaning from Proctor's model.
func (f Function) Meaning() string { return functionMeanings[f] }

// ParseFunction reads a function name, case-insensitively. A unique prefix of at least
// one letter is accepted ("n", "form"), since people type these often.
func ParseFunction(s string) (Function, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t != "" {
		for _, f := range AllFunctions {
			if strings.HasPrefix(f.String(), t) {
				return f, nil
			}
		}
	}
	return 0, fmt.Errorf("%w: %q is not one of normative, formative, restorative", ErrUnknownFunction, s)
}

// Functions is a set of functions.
type Functions uint8

// Has reports whether f is in the set.
func (fs Functions) Has(f Function) bool { return uint8(fs)&uint8(f) != 0 }

// With returns the set with f added.
func (fs Functions) With(f Function) Functions { return fs | Functions(f) }

// Without returns the set with f removed.
func (fs Functions) Without(f Function) Functions { return fs &^ Functions(f) }

// Empty reports whether the set has no function.
func (fs Functions) Empty() bool { return fs&Functions(Normative|Formative|Restorative) == 0 }

// List returns the functions in the set in Proctor's order.
func (fs Functions) List() []Function {
	var out []Function
	for _, f := range AllFunctions {
		if fs.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Names returns the names of the functions in the set.
func (fs Functions) Names() []string {
	var out []string
	for _, f := range fs.List() {
		out = append(out, f.String())
	}
	return out
}

// Letters returns the letters of the set, with "·" for absent ones, e.g. "N·R".
func (fs Functions) Letters() string {
	var b strings.Builder
	for _, f := range AllFunctions {
		if fs.Has(f) {
			b.WriteString(f.Letter())
		} else {
			b.WriteString("·")
		}
	}
	return b.String()
}

// ParseFunctions reads a list of names, each possibly comma separated.
func ParseFunctions(names []string) (Functions, error) {
	var fs Functions
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			f, err := ParseFunction(part)
			if err != nil {
				return 0, err
			}
			fs = fs.With(f)
		}
	}
	return fs, nil
}

// UnmarshalJSON reads a list of function names, in their canonical spelling.
func (fs *Functions) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return fmt.Errorf("%w: functions must be a list of names", ErrInvalid)
	}
	var out Functions
	for _, n := range names {
		f, ok := exactName(n, functionNames)
		if !ok {
			return fmt.Errorf("%w: %q is not one of normative, formative, restorative", ErrUnknownFunction, n)
		}
		out = out.With(f)
	}
	*fs = out
	return nil
}

// MarshalJSON writes functions as a list of names.
func (fs Functions) MarshalJSON() ([]byte, error) {
	names := fs.Names()
	if names == nil {
		names = []string{}
	}
	return json.Marshal(names)
}
