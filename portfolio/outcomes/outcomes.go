// Package outcomes maps entries to frameworks of outcomes: the frameworks a user can
// map to (built-in and their own) and the coverage of one by the entries.
package outcomes

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/templates"
)

// Frameworks are the frameworks a user can map entries to: the built-ins, added to
// or replaced by name by the user's own. Load them once; they do not change.
type Frameworks struct {
	list     []portfolio.Framework
	problems []error
}

// FrameworkDir is where a user's own frameworks live under configDir.
func FrameworkDir(configDir string) string {
	return filepath.Join(portfolio.TemplateDir(configDir), "frameworks")
}

// LoadFrameworks loads the built-in frameworks and the user's from
// configDir/templates/frameworks (configDir "" for built-ins only). A user file that
// cannot be read is listed in Problems and the rest still load. The error is only
// for a broken build.
func LoadFrameworks(configDir string) (*Frameworks, error) {
	builtin, err := templates.BuiltinFrameworks()
	if err != nil {
		return nil, fmt.Errorf("folio's built-in frameworks are broken: %w", err)
	}
	fs := &Frameworks{list: builtin}
	if configDir == "" {
		return fs, nil
	}
	user, problems := templates.LoadFrameworkDir(FrameworkDir(configDir))
	fs.problems = problems
	for _, u := range user {
		if i := slices.IndexFunc(fs.list, func(f portfolio.Framework) bool { return f.Name == u.Name }); i >= 0 {
			fs.list[i] = u
		} else {
			fs.list = append(fs.list, u)
		}
	}
	slices.SortFunc(fs.list, func(a, b portfolio.Framework) int { return strings.Compare(a.Name, b.Name) })
	return fs, nil
}

// List is every framework, by name.
func (fs *Frameworks) List() []portfolio.Framework { return fs.list }

// Problems are the user's framework files that could not be read, each naming its
// file and the reason.
func (fs *Frameworks) Problems() []error { return fs.problems }

// Get finds a framework by name.
func (fs *Frameworks) Get(name string) (*portfolio.Framework, error) {
	for i := range fs.list {
		if fs.list[i].Name == strings.ToLower(strings.TrimSpace(name)) {
			return &fs.list[i], nil
		}
	}
	names := make([]string, 0, len(fs.list))
	for _, f := range fs.list {
		names = append(names, f.Name)
	}
	return nil, fmt.Errorf("%w: there is no framework %q; the frameworks are %s", portfolio.ErrNotFound, name, strings.Join(names, ", "))
}

// Resolve reads "FRAMEWORK:ID" and checks that the framework has the outcome,
// returning it spelt as the framework spells it.
func (fs *Frameworks) Resolve(s string) (portfolio.OutcomeRef, error) {
	ref, err := portfolio.ParseOutcomeRef(s)
	if err != nil {
		return ref, err
	}
	f, err := fs.Get(ref.Framework)
	if err != nil {
		return ref, err
	}
	o, ok := f.Outcome(ref.Outcome)
	if !ok {
		return ref, fmt.Errorf("%w: the framework %s has no outcome %q", portfolio.ErrNotFound, f.Name, ref.Outcome)
	}
	return portfolio.OutcomeRef{Framework: f.Name, Outcome: o.ID}, nil
}

// CoverageRow is one outcome of a framework and the entries mapped to it, newest
// first. Count is len(Entries); a row with none is a gap.
type CoverageRow struct {
	Outcome portfolio.Outcome `json:"outcome"`
	Count   int               `json:"count"`
	Entries []portfolio.ID    `json:"entries"`
}

// Gap reports whether no entry is mapped to the outcome.
func (r CoverageRow) Gap() bool { return r.Count == 0 }

// Coverage is a framework's outcomes against the entries mapped to them: the
// coverage screen's and the summaries' table.
type Coverage struct {
	Framework string        `json:"framework"`
	Title     string        `json:"title"`
	Source    string        `json:"source"`
	Rows      []CoverageRow `json:"rows"`
	// Covered and Gaps count the outcomes with and without entries.
	Covered int `json:"covered"`
	Gaps    int `json:"gaps"`
	// Unknown are outcomes entries are mapped to that the framework no longer has
	// (a curriculum file edited since), with their entries: shown, not dropped.
	Unknown []UnknownOutcome `json:"unknown,omitempty"`
}

// UnknownOutcome is an outcome ID entries are mapped to that the framework lacks.
type UnknownOutcome struct {
	Outcome string         `json:"outcome"`
	Entries []portfolio.ID `json:"entries"`
}

// CoverageOf counts the entries matching q (dates, functions, tag; its Text and
// Limit are ignored) mapped to each outcome of f. It reads only entries'
// metadata, so it costs what a listing does.
func CoverageOf(p *portfolio.Portfolio, f *portfolio.Framework, q portfolio.Query) Coverage {
	q.Text, q.Limit = "", 0
	c := Coverage{Framework: f.Name, Title: f.Title, Source: f.Source}
	byID := map[string][]portfolio.ID{}
	p.FindMeta(q, func(e *portfolio.Entry) {
		for _, o := range e.Outcomes {
			if o.Framework == f.Name {
				key := strings.ToLower(o.Outcome)
				byID[key] = append(byID[key], e.ID)
			}
		}
	})
	for _, o := range f.Outcomes {
		key := strings.ToLower(o.ID)
		ids := byID[key]
		delete(byID, key)
		c.Rows = append(c.Rows, CoverageRow{Outcome: o, Count: len(ids), Entries: nonNilIDs(ids)})
		if len(ids) == 0 {
			c.Gaps++
		} else {
			c.Covered++
		}
	}
	for id, ids := range byID {
		c.Unknown = append(c.Unknown, UnknownOutcome{Outcome: id, Entries: ids})
	}
	slices.SortFunc(c.Unknown, func(a, b UnknownOutcome) int { return strings.Compare(a.Outcome, b.Outcome) })
	return c
}

// MappedTo lists the frameworks any entry is mapped to, by name.
func MappedTo(p *portfolio.Portfolio) []string {
	var out []string
	for _, e := range p.Find(portfolio.Query{}) {
		for _, o := range e.Outcomes {
			if !slices.Contains(out, o.Framework) {
				out = append(out, o.Framework)
			}
		}
	}
	slices.Sort(out)
	return out
}

func nonNilIDs(ids []portfolio.ID) []portfolio.ID {
	if ids == nil {
		return []portfolio.ID{}
	}
	return ids
}
