package fill

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/templates"
)

// NewEntry starts an entry from t, for an editor to fill: the template's name,
// version and record kind, its default functions, one empty section per template
// section in order, and no field values yet.
func NewEntry(t *Template) portfolio.Entry {
	e := portfolio.Entry{Template: t.Name, TemplateVersion: t.Version, RecordKind: recordKindOf(t)}
	e.Functions, _ = portfolio.ParseFunctions(t.Functions)
	for _, s := range t.Sections {
		e.Sections = append(e.Sections, portfolio.Section{Heading: s.Heading})
	}
	return e
}

// recordKindOf is the kind stored on an entry: empty for a plain one.
func recordKindOf(t *Template) portfolio.RecordKind {
	if t.Kind == templates.KindEntry {
		return ""
	}
	return portfolio.RecordKind(t.Kind)
}

// EditSections lines up an entry's sections with its template for editing: one per
// template section, in the template's order, holding what the entry has under that
// heading, then any sections the entry has that the template no longer does, so
// nothing written is lost when a template changes.
func EditSections(t *Template, e *portfolio.Entry) []portfolio.Section {
	var out []portfolio.Section
	used := make([]bool, len(e.Sections))
	for _, ts := range t.Sections {
		s := portfolio.Section{Heading: ts.Heading}
		for i, es := range e.Sections {
			if !used[i] && sameHeading(es.Heading, ts.Heading) {
				s.Body, used[i] = es.Body, true
				break
			}
		}
		out = append(out, s)
	}
	for i, es := range e.Sections {
		if !used[i] {
			out = append(out, es)
		}
	}
	return out
}

func sameHeading(a, b string) bool {
	return strings.EqualFold(normHeading(a), normHeading(b))
}

// normHeading trims a heading and collapses its spaces, so "##  What  happened #"
// and "What happened" match.
func normHeading(h string) string {
	h = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h), "#"))
	return strings.Join(strings.Fields(h), " ")
}

// SetField parses input as a value of the template field named name and stores it
// on e, replacing any earlier value; empty input clears it. For a multiple choice,
// put one choice per line. It returns the stored values, in canonical form.
func SetField(t *Template, e *portfolio.Entry, name, input string, today calendar.Date) ([]string, error) {
	i := slices.IndexFunc(t.Fields, func(f TemplateField) bool { return f.Name == name })
	if i < 0 {
		return nil, invalid("template %s has no field %q", t.Name, name)
	}
	f := &t.Fields[i]
	values, err := ParseFieldValue(f, input, today)
	if err != nil {
		return nil, err
	}
	e.Fields = slices.DeleteFunc(slices.Clone(e.Fields), func(v portfolio.FieldValue) bool { return v.Name == name })
	if len(values) > 0 {
		e.Fields = append(e.Fields, portfolio.FieldValue{Name: f.Name, Label: f.Label, Values: values})
		// Keep the template's order, so the entry reads in the order it was asked.
		slices.SortStableFunc(e.Fields, func(a, b portfolio.FieldValue) int { return fieldIndex(t, a.Name) - fieldIndex(t, b.Name) })
	}
	return values, nil
}

func fieldIndex(t *Template, name string) int {
	if i := slices.IndexFunc(t.Fields, func(f TemplateField) bool { return f.Name == name }); i >= 0 {
		return i
	}
	return len(t.Fields)
}

// Hours are at most this, which is already far more than any one activity.
const maxHours = 1000

// ParseFieldValue reads what a person typed for a field and returns its values in
// canonical form: a date as YYYY-MM-DD; hours as a decimal number ("90 min" is
// "1.5"); a rating as 1 to 5 ("4/5" is "4"); a choice as the choice's own text, found
// by its text in any case, a unique start of it, or its number in the list. Empty
// input gives no values.
func ParseFieldValue(f *TemplateField, input string, today calendar.Date) ([]string, error) {
	input = strings.TrimSpace(strings.ReplaceAll(input, "\r\n", "\n"))
	if input == "" {
		return nil, nil
	}
	if f.Type != templates.FieldChoice || !f.Multiple {
		if strings.Contains(input, "\n") {
			return nil, invalid("%s takes one line", f.Label)
		}
	}
	switch f.Type {
	case templates.FieldText:
		v, err := validate.CleanLine(f.Label, input, validate.MaxTitleRunes, false)
		if err != nil {
			return nil, err
		}
		return []string{v}, nil
	case templates.FieldDate:
		d, err := calendar.ParseDate(input, today)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Label, err)
		}
		if err := validate.CheckDate(f.Label, d, true); err != nil {
			return nil, err
		}
		return []string{d.String()}, nil
	case templates.FieldHours:
		h, ok := parseHours(input)
		if !ok || h <= 0 || h > maxHours {
			return nil, invalid("%s %q is not a number of hours from 0 to %d, such as 1.5 or 90 min", f.Label, input, maxHours)
		}
		return []string{strconv.FormatFloat(h, 'f', -1, 64)}, nil
	case templates.FieldRating:
		s := strings.TrimSpace(strings.TrimSuffix(strings.ReplaceAll(input, " ", ""), "/5"))
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			return nil, invalid("%s %q is not a rating from 1 to 5", f.Label, input)
		}
		return []string{strconv.Itoa(n)}, nil
	case templates.FieldChoice:
		var out []string
		for _, line := range strings.Split(input, "\n") {
			line = trimListMark(line)
			if line == "" {
				continue
			}
			c, err := matchChoice(f, line)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		if len(out) > 1 && !f.Multiple {
			return nil, invalid("%s takes one choice, not %d", f.Label, len(out))
		}
		// Chosen options are kept in the list's order, whatever order they were typed.
		slices.SortFunc(out, func(a, b string) int { return slices.Index(f.Choices, a) - slices.Index(f.Choices, b) })
		return out, nil
	}
	return nil, invalid("field %s has unknown type %q", f.Name, f.Type)
}

func parseHours(s string) (float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	scale := 1.0
	for _, unit := range []struct {
		suffix string
		scale  float64
	}{{"minutes", 1.0 / 60}, {"minute", 1.0 / 60}, {"mins", 1.0 / 60}, {"min", 1.0 / 60}, {"m", 1.0 / 60}, {"hours", 1}, {"hour", 1}, {"hrs", 1}, {"hr", 1}, {"h", 1}} {
		if strings.HasSuffix(s, unit.suffix) {
			s, scale = strings.TrimSpace(strings.TrimSuffix(s, unit.suffix)), unit.scale
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	// Two decimal places are enough for time, and keep 1/60ths readable.
	return math.Round(v*scale*100) / 100, true
}

// trimListMark drops a Markdown list or checkbox mark from the start of a line.
func trimListMark(line string) string {
	line = strings.TrimSpace(line)
	for _, mark := range []string{"- [x] ", "- [X] ", "- [ ] ", "* [x] ", "- ", "* ", "+ "} {
		if strings.HasPrefix(line, mark) {
			return strings.TrimSpace(line[len(mark):])
		}
	}
	return line
}

func matchChoice(f *TemplateField, s string) (string, error) {
	for _, c := range f.Choices {
		if strings.EqualFold(c, s) {
			return c, nil
		}
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(s, ".")); err == nil && n >= 1 && n <= len(f.Choices) {
		return f.Choices[n-1], nil
	}
	var found []string
	for _, c := range f.Choices {
		if len(s) >= 3 && strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return "", invalid("%s: %q is not one of the choices; give a choice's number (1 to %d) or its text", f.Label, s, len(f.Choices))
}

// TemplateProblems is why an entry does not yet fit its template. It is bad input;
// an editor can show each list beside the sections.
type TemplateProblems struct {
	Template string
	// Missing are required sections and fields left empty, by heading or label.
	Missing []string
	// Unknown are headings in a document that are not the template's.
	Unknown []string
	// Duplicate are headings given twice in a document.
	Duplicate []string
	// Invalid are field values that cannot be read, each one sentence.
	Invalid []string
}

func (p *TemplateProblems) empty() bool {
	return len(p.Missing)+len(p.Unknown)+len(p.Duplicate)+len(p.Invalid) == 0
}

func (p *TemplateProblems) Error() string {
	var parts []string
	if len(p.Unknown) > 0 {
		parts = append(parts, fmt.Sprintf("the heading%s %s %s not in template %s", plural(len(p.Unknown)), quoteList(p.Unknown), isAre(len(p.Unknown)), p.Template))
	}
	if len(p.Duplicate) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s given twice", quoteList(p.Duplicate), isAre(len(p.Duplicate))))
	}
	if len(p.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("the required %s %s %s empty", sectionWord(len(p.Missing)), quoteList(p.Missing), isAre(len(p.Missing))))
	}
	parts = append(parts, p.Invalid...)
	return strings.Join(parts, "; ")
}

// Unwrap makes the problems bad input for errors.Is(err, ErrInvalid).
func (p *TemplateProblems) Unwrap() error { return portfolio.ErrInvalid }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func sectionWord(n int) string {
	if n == 1 {
		return "section"
	}
	return "sections"
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// CheckEntry reports what e lacks for its template t: required sections and fields
// left empty, field values that do not fit. It returns nil or a *TemplateProblems.
// Sections the template does not have are kept, not reported: they may come from an
// earlier version of it.
func CheckEntry(t *Template, e *portfolio.Entry) error {
	pr := &TemplateProblems{Template: t.Name}
	for _, f := range t.Fields {
		v, ok := e.Field(f.Name)
		if !ok || len(v.Values) == 0 {
			if f.Required {
				pr.Missing = append(pr.Missing, f.Label)
			}
			continue
		}
		if msg := checkValues(&f, v.Values); msg != "" {
			pr.Invalid = append(pr.Invalid, msg)
		}
	}
	for _, v := range e.Fields {
		if !slices.ContainsFunc(t.Fields, func(f TemplateField) bool { return f.Name == v.Name }) {
			pr.Invalid = append(pr.Invalid, fmt.Sprintf("template %s has no field %q", t.Name, v.Name))
		}
	}
	for _, s := range t.Sections {
		if !s.Required {
			continue
		}
		i := slices.IndexFunc(e.Sections, func(es portfolio.Section) bool { return sameHeading(es.Heading, s.Heading) })
		if i < 0 || strings.TrimSpace(e.Sections[i].Body) == "" {
			pr.Missing = append(pr.Missing, s.Heading)
		}
	}
	if t.Link == templates.LinkAction && len(e.ActionIDs) != 1 {
		pr.Invalid = append(pr.Invalid, "link it to the one action it reflects on")
	}
	if pr.empty() {
		return nil
	}
	return pr
}

// checkValues checks stored values are canonical values of f: what SetField makes.
func checkValues(f *TemplateField, values []string) string {
	if f.Type == templates.FieldChoice {
		if len(values) > 1 && !f.Multiple {
			return fmt.Sprintf("%s takes one choice", f.Label)
		}
		for _, v := range values {
			if !slices.Contains(f.Choices, v) {
				return fmt.Sprintf("%s: %q is not one of the choices", f.Label, v)
			}
		}
		return ""
	}
	if len(values) != 1 {
		return fmt.Sprintf("%s takes one value", f.Label)
	}
	if f.Type == templates.FieldDate {
		// A stored date is always YYYY-MM-DD, which needs no today to read.
		if d, err := calendar.ParseDate(values[0], 0); err != nil || d.String() != values[0] {
			return fmt.Sprintf("%s: %q is not a date as YYYY-MM-DD", f.Label, values[0])
		}
		return ""
	}
	got, err := ParseFieldValue(f, values[0], 0)
	if err != nil {
		return strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": ")
	}
	if len(got) != 1 || got[0] != values[0] {
		return fmt.Sprintf("%s: %q is not in the form folio stores", f.Label, values[0])
	}
	return ""
}

// invalid is bad input: an error wrapping portfolio.ErrInvalid.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", portfolio.ErrInvalid, fmt.Sprintf(format, args...))
}
