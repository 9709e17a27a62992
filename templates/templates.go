// Package templates holds folio's built-in reflection templates and the signposting
// list as embedded data, and parses them and the user's own templates. It is data and
// parsing only: what a template means for an entry is the portfolio package's job.
//
// A template is a small TOML file; docs/TEMPLATES.md describes the format for people
// writing their own.
package templates

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Template is one parsed reflection template.
type Template struct {
	// Name is how the template is chosen (`folio add --template NAME`): lower-case
	// letters, digits and hyphens. A user template with a built-in's name replaces it.
	Name string
	// Version is raised by whoever edits the template, so an entry records which
	// wording it was written against.
	Version     int
	Title       string
	Description string
	// Functions are the default Proctor functions of what the template makes.
	Functions []string
	// Kind is the record the template makes: one of Kinds.
	Kind string
	// Link is what the record must be linked to: "" or LinkAction (a reflection on a
	// done action).
	Link string
	// Signposting asks the editor and entry view to show the support services list.
	Signposting bool
	// Fields are structured values asked for before the sections, in order.
	Fields []Field
	// Sections are the prompts, in order.
	Sections []Section

	// File is where the template came from: "reflection/gibbs.toml" for a built-in,
	// the file's path for a user template.
	File string
	// Builtin is true for the templates shipped with folio.
	Builtin bool
}

// Section is one prompted part of a template.
type Section struct {
	Heading  string
	Prompt   string
	Hint     string
	Required bool
	// Actions marks the action plan of a goal template: each line of it is one step.
	Actions bool
}

// Field is one structured value a template asks for.
type Field struct {
	// Name is the key the value is stored under.
	Name  string
	Label string
	Hint  string
	// Type is one of FieldTypes.
	Type     string
	Required bool
	// Choices are the allowed values of a choice field, in order.
	Choices []string
	// Multiple lets a choice field take more than one of its choices.
	Multiple bool
	// Colleague marks a field that holds a colleague's name and contact details
	// (the peer of a GPhC peer discussion), so the patient-identifier scan does not
	// take them for a patient's.
	Colleague bool
}

// Record kinds a template can make. Most make an entry marked with the kind, so that
// later checks (revalidation readiness, mentoring) can count them; KindGoal makes a
// goal with its first action plan instead.
const (
	KindEntry              = "entry"
	KindGoal               = "goal"
	KindPlannedCPD         = "planned_cpd"
	KindUnplannedCPD       = "unplanned_cpd"
	KindPeerDiscussion     = "peer_discussion"
	KindReflectiveAccount  = "reflective_account"
	KindMeetingPrep        = "meeting_prep"
	KindMeetingRecord      = "meeting_record"
	KindMentorReflection   = "mentor_reflection"
	KindMentoringAgreement = "mentoring_agreement"
	KindActionLearningSet  = "action_learning_set"
)

// Kinds lists every record kind, in the order they are documented.
var Kinds = []string{
	KindEntry, KindGoal, KindPlannedCPD, KindUnplannedCPD, KindPeerDiscussion,
	KindReflectiveAccount, KindMeetingPrep, KindMeetingRecord, KindMentorReflection,
	KindMentoringAgreement, KindActionLearningSet,
}

// Field types.
const (
	// FieldText is one line of text, such as a peer's name and role.
	FieldText = "text"
	// FieldChoice is one (or with Multiple, several) of Choices.
	FieldChoice = "choice"
	// FieldDate is a calendar day.
	FieldDate = "date"
	// FieldHours is time spent, in hours, such as CPD time.
	FieldHours = "hours"
	// FieldRating is a whole number from 1 to 5.
	FieldRating = "rating"
)

// FieldTypes lists the field types.
var FieldTypes = []string{FieldText, FieldChoice, FieldDate, FieldHours, FieldRating}

// LinkAction marks a template whose record reflects on an action of a goal's plan.
const LinkAction = "action"

// Functions is the vocabulary of Proctor's functions as a template names them.
var Functions = []string{"normative", "formative", "restorative"}

// MaxFileBytes bounds a template file: past this it is not a template.
const MaxFileBytes = 64 << 10

//go:embed reflection/*.toml signposting.toml
var files embed.FS

// Builtin parses the templates shipped with folio, sorted by name.
func Builtin() ([]Template, error) {
	names, err := fs.Glob(files, "reflection/*.toml")
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, n := range names {
		data, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		t, err := Parse(n, data)
		if err != nil {
			return nil, err
		}
		t.Builtin = true
		out = append(out, t)
	}
	sortByName(out)
	return out, nil
}

// LoadDir parses every *.toml file in dir, sorted by name. A file that does not parse
// is reported in problems (an *Error naming file and line) and the others still load.
// A missing dir is not a problem: most people have no templates of their own.
func LoadDir(dir string) (ts []Template, problems []error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("cannot read the template folder %s: %w", dir, err)}
	}
	seen := map[string]string{}
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".toml") || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		file := filepath.Join(dir, de.Name())
		t, err := ParseFile(file)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if other, ok := seen[t.Name]; ok {
			problems = append(problems, &Error{File: file, Line: 0, Msg: fmt.Sprintf("the name %q is already used by %s; each template needs its own name", t.Name, other)})
			continue
		}
		seen[t.Name] = file
		ts = append(ts, t)
	}
	sortByName(ts)
	return ts, problems
}

// ParseFile reads and parses one template file.
func ParseFile(file string) (Template, error) {
	st, err := os.Stat(file)
	if err != nil {
		return Template{}, &Error{File: file, Msg: "cannot read it: " + unwrapPathError(err)}
	}
	if !st.Mode().IsRegular() {
		return Template{}, &Error{File: file, Msg: "it is not a regular file"}
	}
	if st.Size() > MaxFileBytes {
		return Template{}, &Error{File: file, Msg: fmt.Sprintf("it is %d bytes; a template may be at most %d", st.Size(), MaxFileBytes)}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return Template{}, &Error{File: file, Msg: "cannot read it: " + unwrapPathError(err)}
	}
	return Parse(file, data)
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func sortByName(ts []Template) {
	slices.SortFunc(ts, func(a, b Template) int { return strings.Compare(a.Name, b.Name) })
}

// stem is a file's name without folder or extension: a template's default name.
func stem(file string) string {
	base := path.Base(filepath.ToSlash(file))
	return strings.TrimSuffix(base, path.Ext(base))
}
