package templates

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed frameworks/*.toml
var frameworkFiles embed.FS

// Framework is a set of outcomes that entries can be mapped to: professional
// standards, or a curriculum's learning outcomes. Source says where the wording
// comes from, so a framework is never shipped without one.
type Framework struct {
	Name     string    `toml:"name" json:"name"`
	Title    string    `toml:"title" json:"title"`
	Source   string    `toml:"source" json:"source"`
	Checked  string    `toml:"checked" json:"checked,omitempty"`
	Outcomes []Outcome `toml:"outcome" json:"outcomes"`
	// Builtin is set for the frameworks shipped with folio.
	Builtin bool `toml:"-" json:"builtin"`
}

// Outcome is one outcome of a framework. Area, if set, groups outcomes (a
// curriculum's domain) for display.
type Outcome struct {
	ID   string `toml:"id" json:"id"`
	Text string `toml:"text" json:"text"`
	Area string `toml:"area" json:"area,omitempty"`
}

// Limits of a framework file.
const (
	MaxOutcomes      = 500
	maxOutcomeIDLen  = 32
	maxOutcomeRunes  = 1000
	frameworkKeyHint = "a framework takes name, title, source, checked and [[outcome]]s of id, text, area"
)

var (
	frameworkName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	outcomeID     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// ValidFrameworkName reports whether s can name a framework.
func ValidFrameworkName(s string) bool {
	return len(s) <= maxNameLen && frameworkName.MatchString(s)
}

// ValidOutcomeID reports whether s can name an outcome.
func ValidOutcomeID(s string) bool {
	return len(s) <= maxOutcomeIDLen && outcomeID.MatchString(s)
}

// Outcome finds an outcome by its ID, in any case.
func (f *Framework) Outcome(id string) (Outcome, bool) {
	for _, o := range f.Outcomes {
		if strings.EqualFold(o.ID, id) {
			return o, true
		}
	}
	return Outcome{}, false
}

// BuiltinFrameworks are the frameworks shipped with folio, sorted by name.
func BuiltinFrameworks() ([]Framework, error) {
	names, err := fs.Glob(frameworkFiles, "frameworks/*.toml")
	if err != nil {
		return nil, err
	}
	var out []Framework
	for _, n := range names {
		data, err := frameworkFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		f, err := ParseFramework(n, data)
		if err != nil {
			return nil, err
		}
		f.Builtin = true
		out = append(out, f)
	}
	sortFrameworks(out)
	return out, nil
}

// LoadFrameworkDir parses every *.toml file in dir, as LoadDir does templates: a
// file that does not parse is reported in problems and the others still load. A
// missing dir is not a problem.
func LoadFrameworkDir(dir string) (out []Framework, problems []error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("cannot read the framework folder %s: %w", dir, err)}
	}
	seen := map[string]string{}
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".toml") || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		file := filepath.Join(dir, de.Name())
		f, err := readFramework(file)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if other, ok := seen[f.Name]; ok {
			problems = append(problems, &Error{File: file, Msg: fmt.Sprintf("the name %q is already used by %s; each framework needs its own name", f.Name, other)})
			continue
		}
		seen[f.Name] = file
		out = append(out, f)
	}
	sortFrameworks(out)
	return out, problems
}

func readFramework(file string) (Framework, error) {
	st, err := os.Stat(file)
	if err != nil {
		return Framework{}, &Error{File: file, Msg: "cannot read it: " + unwrapPathError(err)}
	}
	if !st.Mode().IsRegular() {
		return Framework{}, &Error{File: file, Msg: "it is not a regular file"}
	}
	if st.Size() > MaxFileBytes {
		return Framework{}, &Error{File: file, Msg: fmt.Sprintf("it is %d bytes; the most is %d", st.Size(), MaxFileBytes)}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return Framework{}, &Error{File: file, Msg: "cannot read it: " + unwrapPathError(err)}
	}
	return ParseFramework(file, data)
}

// ParseFramework reads one framework. Its name defaults to the file's stem. Every
// error is an *Error.
func ParseFramework(file string, data []byte) (Framework, error) {
	fail := func(format string, args ...any) (Framework, error) {
		return Framework{}, &Error{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxFileBytes {
		return fail("it is %d bytes; the most is %d", len(data), MaxFileBytes)
	}
	if !utf8.Valid(data) {
		return fail("it is not UTF-8 text")
	}
	var f Framework
	if err := decodeStrict(file, data, &f, frameworkKeyHint); err != nil {
		return Framework{}, err
	}
	if f.Name == "" {
		f.Name = stem(file)
	}
	if !ValidFrameworkName(f.Name) {
		return fail("the name %q must be lower-case letters, digits and hyphens, at most %d", f.Name, maxNameLen)
	}
	for _, kv := range []struct{ key, v string }{{"title", f.Title}, {"source", f.Source}} {
		if !printableLine(kv.v, maxOutcomeRunes) {
			return fail("%s must be one printable line", kv.key)
		}
	}
	if f.Checked != "" {
		if _, err := time.Parse(time.DateOnly, f.Checked); err != nil {
			return fail("checked %q is not a date (YYYY-MM-DD)", f.Checked)
		}
	}
	if len(f.Outcomes) == 0 {
		return fail("the framework has no [[outcome]]")
	}
	if len(f.Outcomes) > MaxOutcomes {
		return fail("it has %d outcomes; the most is %d", len(f.Outcomes), MaxOutcomes)
	}
	seen := map[string]bool{}
	for i, o := range f.Outcomes {
		if !ValidOutcomeID(o.ID) {
			return fail("outcome %d: the id %q must be letters, digits, '.', '-' or '_', at most %d", i+1, o.ID, maxOutcomeIDLen)
		}
		key := strings.ToLower(o.ID)
		if seen[key] {
			return fail("outcome %d: the id %q is used twice", i+1, o.ID)
		}
		seen[key] = true
		if !printableLine(o.Text, maxOutcomeRunes) {
			return fail("outcome %s: text must be one printable line", o.ID)
		}
		if o.Area != "" && !printableLine(o.Area, maxLineRunes) {
			return fail("outcome %s: area must be one printable line", o.ID)
		}
	}
	return f, nil
}

// printableLine reports whether s is a non-blank line of at most limit runes with
// no control characters.
func printableLine(s string, limit int) bool {
	return strings.TrimSpace(s) != "" && utf8.RuneCountInString(s) <= limit && !strings.ContainsFunc(s, unicode.IsControl)
}

func sortFrameworks(fs []Framework) {
	slices.SortFunc(fs, func(a, b Framework) int { return strings.Compare(a.Name, b.Name) })
}
