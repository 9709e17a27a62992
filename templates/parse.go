package templates

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Error is a template that cannot be used, with where and why, so the person who
// wrote it can fix it.
type Error struct {
	File string
	// Line and Column start at 1; 0 means the problem is with the file as a whole.
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Limits past which a template is a mistake.
const (
	maxNameLen   = 40
	maxLineRunes = 200
	maxTextRunes = 2000
	maxSections  = 40
	maxFields    = 40
	maxChoices   = 100
	maxVersion   = 1 << 20
	maxFieldName = 40
)

// The file as written: decoded strictly, so a misspelt key is an error rather than
// silently ignored.
type rawTemplate struct {
	Name        string       `toml:"name"`
	Version     *int64       `toml:"version"`
	Title       string       `toml:"title"`
	Description string       `toml:"description"`
	Functions   []string     `toml:"functions"`
	Kind        string       `toml:"kind"`
	Link        string       `toml:"link"`
	Signposting bool         `toml:"signposting"`
	Fields      []rawField   `toml:"field"`
	Sections    []rawSection `toml:"section"`
}

type rawSection struct {
	Heading  string `toml:"heading"`
	Prompt   string `toml:"prompt"`
	Hint     string `toml:"hint"`
	Required bool   `toml:"required"`
	Actions  bool   `toml:"actions"`
}

type rawField struct {
	Name     string   `toml:"name"`
	Label    string   `toml:"label"`
	Hint     string   `toml:"hint"`
	Type     string   `toml:"type"`
	Required bool     `toml:"required"`
	Choices  []string `toml:"choices"`
	Multiple bool     `toml:"multiple"`
	// Colleague: see Field.Colleague.
	Colleague bool `toml:"colleague"`
}

// keyTypes says, for messages, what each key takes.
var keyTypes = map[string]string{
	"name": "text in quotes", "title": "text in quotes", "description": "text in quotes",
	"kind": "text in quotes", "link": "text in quotes", "heading": "text in quotes",
	"prompt": "text in quotes", "hint": "text in quotes", "label": "text in quotes",
	"type": "text in quotes", "version": "a whole number", "functions": "a list of names in quotes",
	"choices": "a list of text in quotes", "signposting": "true or false", "required": "true or false",
	"actions": "true or false", "multiple": "true or false", "colleague": "true or false",
	"section": "a [[section]] table", "field": "a [[field]] table",
}

var (
	topKeys     = []string{"name", "version", "title", "description", "functions", "kind", "link", "signposting", "[[field]]", "[[section]]"}
	sectionKeys = []string{"heading", "prompt", "hint", "required", "actions"}
	fieldKeys   = []string{"name", "label", "hint", "type", "required", "choices", "multiple", "colleague"}
)

var (
	namePattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	fieldNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Parse reads one template. file names it in errors; a template with no name key
// takes its name from the file's. Every error is an *Error.
func Parse(file string, data []byte) (t Template, err error) {
	p := parser{file: file}
	// A user's file is untrusted input: should the TOML library ever panic on it, the
	// file is reported as broken rather than taking folio down.
	defer func() {
		if r := recover(); r != nil {
			t, err = Template{}, p.errAt(0, 0, fmt.Sprintf("this is not valid TOML (%v)", r))
		}
	}()
	if len(data) > MaxFileBytes {
		return Template{}, p.errAt(0, 0, fmt.Sprintf("it is %d bytes; a template may be at most %d", len(data), MaxFileBytes))
	}
	if !utf8.Valid(data) {
		return Template{}, p.errAt(lineOfInvalidUTF8(data), 0, "it is not valid UTF-8 text")
	}
	// Walk the document once for where each key is, and to catch syntax errors and
	// repeated keys with their line, which the decoder reports without one.
	if err := p.locate(data); err != nil {
		return Template{}, err
	}
	var raw rawTemplate
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Template{}, p.decodeError(err)
	}
	return p.check(raw)
}

type position struct{ line, col int }

type parser struct {
	file string
	// at maps a key path ("title", "section.2", "section.2.heading") to where it is.
	at    map[string]position
	order []string
}

func (p *parser) errAt(line, col int, msg string) *Error {
	return &Error{File: p.file, Line: line, Column: col, Msg: msg}
}

// errKey reports a problem at a key path, or at the nearest enclosing table found.
func (p *parser) errKey(path, msg string) *Error {
	for {
		if pos, ok := p.at[path]; ok {
			return p.errAt(pos.line, pos.col, msg)
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return p.errAt(0, 0, msg)
		}
		path = path[:i]
	}
}

func (p *parser) locate(data []byte) error {
	p.at = map[string]position{}
	counts := map[string]int{}
	var ps unstable.Parser
	ps.Reset(data)
	table := ""
	for ps.NextExpression() {
		e := ps.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			name, pos := p.keyOf(&ps, e.Key())
			if e.Kind == unstable.ArrayTable {
				counts[name]++
				table = name + "." + strconv.Itoa(counts[name])
			} else {
				table = name
			}
			if err := p.mark(table, pos); err != nil {
				return err
			}
		case unstable.KeyValue:
			name, pos := p.keyOf(&ps, e.Key())
			path := name
			if table != "" {
				path = table + "." + name
			}
			if err := p.mark(path, pos); err != nil {
				return err
			}
		}
	}
	// A syntax error is left to the decoder, which reports it with its position.
	return nil
}

func (p *parser) mark(path string, pos position) error {
	if _, dup := p.at[path]; dup {
		return p.errAt(pos.line, pos.col, fmt.Sprintf("%q is given twice; give it once", lastPart(path)))
	}
	p.at[path] = pos
	p.order = append(p.order, path)
	return nil
}

func lastPart(path string) string {
	return path[strings.LastIndexByte(path, '.')+1:]
}

func (p *parser) keyOf(ps *unstable.Parser, it unstable.Iterator) (string, position) {
	var parts []string
	var pos position
	for it.Next() {
		n := it.Node()
		if pos.line == 0 {
			sh := ps.Shape(n.Raw)
			pos = position{sh.Start.Line, sh.Start.Column}
		}
		parts = append(parts, string(n.Data))
	}
	return strings.Join(parts, "."), pos
}

// decodeError turns the decoder's error into one a template writer can act on.
func (p *parser) decodeError(err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		de := strict.Errors[0]
		line, col := de.Position()
		key := de.Key()
		where, allowed := "at the top of the template", topKeys
		if len(key) > 1 {
			switch key[0] {
			case "section":
				where, allowed = "in a [[section]]", sectionKeys
			case "field":
				where, allowed = "in a [[field]]", fieldKeys
			}
		}
		name := strings.Join(key, ".")
		if len(key) > 1 && where != "at the top of the template" {
			name = strings.Join(key[1:], ".")
		}
		return p.errAt(line, col, fmt.Sprintf("unknown key %q %s; the keys allowed there are %s", name, where, strings.Join(allowed, ", ")))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		// Type mismatches name Go types, which mean nothing to a template writer: say
		// what the key takes instead. Anything else is the TOML itself.
		typeProblem := strings.Contains(msg, "cannot decode") || strings.Contains(msg, "out of range") || strings.Contains(msg, "too large")
		if !typeProblem {
			return p.errAt(line, col, "this is not valid TOML: "+msg)
		}
		if key := p.keyAt(line, col); key != "" {
			last := lastPart(key)
			if want, ok := keyTypes[last]; ok {
				msg = fmt.Sprintf("the value of %q must be %s", last, want)
				if last == "version" {
					msg += fmt.Sprintf(" from 1 to %d", maxVersion)
				}
			}
		}
		return p.errAt(line, col, msg)
	}
	return p.errAt(0, 0, strings.TrimPrefix(err.Error(), "toml: "))
}

// keyAt finds the key written last before line:col, which is the one whose value the
// decoder complained about.
func (p *parser) keyAt(line, col int) string {
	best, bestPos := "", position{}
	for _, path := range p.order {
		pos := p.at[path]
		if pos.line < line || (pos.line == line && pos.col <= col) {
			if pos.line > bestPos.line || (pos.line == bestPos.line && pos.col >= bestPos.col) {
				best, bestPos = path, pos
			}
		}
	}
	return best
}

func lineOfInvalidUTF8(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[n:]
	}
	return 0
}

// check turns the raw file into a Template, checking what TOML cannot. On an error
// the template is returned as far as it was built.
func (p *parser) check(raw rawTemplate) (Template, error) {
	t := Template{
		Name: strings.TrimSpace(raw.Name), Title: strings.TrimSpace(raw.Title),
		Description: strings.TrimSpace(raw.Description), Kind: strings.TrimSpace(raw.Kind),
		Link: strings.TrimSpace(raw.Link), Signposting: raw.Signposting, File: p.file, Version: 1,
	}
	if err := p.checkHeader(&t, raw); err != nil {
		return t, err
	}
	if len(raw.Fields) > maxFields {
		return t, p.errKey("field."+strconv.Itoa(maxFields+1), fmt.Sprintf("the template has %d fields; the most is %d", len(raw.Fields), maxFields))
	}
	if len(raw.Sections) > maxSections {
		return t, p.errKey("section."+strconv.Itoa(maxSections+1), fmt.Sprintf("the template has %d sections; the most is %d", len(raw.Sections), maxSections))
	}
	// Sections and fields are both "## " headings in Markdown, so their titles must be
	// told apart whatever the case.
	headings := map[string]string{}
	for i, rf := range raw.Fields {
		f, err := p.checkField(&t, i, rf, headings)
		if err != nil {
			return t, err
		}
		t.Fields = append(t.Fields, f)
	}
	for i, rs := range raw.Sections {
		s, err := p.checkSection(&t, i, rs, headings)
		if err != nil {
			return t, err
		}
		t.Sections = append(t.Sections, s)
	}
	if t.Kind == KindGoal && !slices.ContainsFunc(t.Sections, func(s Section) bool { return s.Actions }) {
		return t, p.errKey("kind", "a goal template needs one section with actions = true for its action plan")
	}
	return t, nil
}

// checkHeader checks the template's top-level keys: name, version, title,
// description, functions, kind and link.
func (p *parser) checkHeader(t *Template, raw rawTemplate) error {
	if t.Name == "" {
		t.Name = stem(p.file)
		if !namePattern.MatchString(t.Name) || len(t.Name) > maxNameLen {
			return p.errAt(0, 0, fmt.Sprintf("the template has no name, and its file name %q cannot be one; add name = \"...\" using lower-case letters, digits and hyphens", t.Name))
		}
	} else if !namePattern.MatchString(t.Name) || len(t.Name) > maxNameLen {
		return p.errKey("name", fmt.Sprintf("the name %q must be lower-case letters, digits and single hyphens, at most %d characters, as in \"my-debrief\"", t.Name, maxNameLen))
	}
	if raw.Version != nil {
		if *raw.Version < 1 || *raw.Version > maxVersion {
			return p.errKey("version", fmt.Sprintf("the version must be a whole number from 1 to %d", maxVersion))
		}
		t.Version = int(*raw.Version)
	}
	if err := p.line("title", t.Title, true); err != nil {
		return err
	}
	if err := p.line("description", t.Description, true); err != nil {
		return err
	}
	if len(raw.Functions) == 0 {
		return p.errKey("functions", "the template needs functions = [...] with one or more of normative, formative, restorative")
	}
	for _, f := range raw.Functions {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(Functions, f) {
			return p.errKey("functions", fmt.Sprintf("%q is not one of normative, formative, restorative", f))
		}
		if !slices.Contains(t.Functions, f) {
			t.Functions = append(t.Functions, f)
		}
	}
	if t.Kind == "" {
		t.Kind = KindEntry
	}
	if !slices.Contains(Kinds, t.Kind) {
		return p.errKey("kind", fmt.Sprintf("the kind %q is not one folio knows; use one of %s", t.Kind, strings.Join(Kinds, ", ")))
	}
	if t.Link != "" && t.Link != LinkAction {
		return p.errKey("link", fmt.Sprintf("link %q is not known; the only link is %q (a reflection on a done action)", t.Link, LinkAction))
	}
	if t.Link != "" && t.Kind == KindGoal {
		return p.errKey("link", "a goal template cannot be linked to an action")
	}
	return nil
}

// checkField checks the template's field i against those before it and the headings
// so far.
func (p *parser) checkField(t *Template, i int, rf rawField, headings map[string]string) (Field, error) {
	at := "field." + strconv.Itoa(i+1)
	f := Field{
		Name: strings.TrimSpace(rf.Name), Label: strings.TrimSpace(rf.Label), Hint: strings.TrimSpace(rf.Hint),
		Type: strings.TrimSpace(rf.Type), Required: rf.Required, Multiple: rf.Multiple,
		Colleague: rf.Colleague,
	}
	if !fieldNamePattern.MatchString(f.Name) || len(f.Name) > maxFieldName {
		return f, p.errKey(at+".name", fmt.Sprintf("field %d needs a name of lower-case letters, digits and underscores, starting with a letter, as in name = \"cpd_hours\"", i+1))
	}
	if slices.ContainsFunc(t.Fields, func(o Field) bool { return o.Name == f.Name }) {
		return f, p.errKey(at+".name", fmt.Sprintf("two fields are named %q", f.Name))
	}
	if err := p.line(at+".label", f.Label, true); err != nil {
		return f, err
	}
	if err := p.heading(at+".label", f.Label, headings); err != nil {
		return f, err
	}
	if err := p.text(at+".hint", f.Hint); err != nil {
		return f, err
	}
	if !slices.Contains(FieldTypes, f.Type) {
		return f, p.errKey(at+".type", fmt.Sprintf("field %q has type %q; use one of %s", f.Name, f.Type, strings.Join(FieldTypes, ", ")))
	}
	if f.Type != FieldChoice {
		if rf.Choices != nil {
			return f, p.errKey(at+".choices", fmt.Sprintf("only a choice field takes choices; field %q is of type %s", f.Name, f.Type))
		}
		if f.Multiple {
			return f, p.errKey(at+".multiple", fmt.Sprintf("only a choice field can be multiple; field %q is of type %s", f.Name, f.Type))
		}
		return f, nil
	}
	if len(rf.Choices) == 0 {
		return f, p.errKey(at+".type", fmt.Sprintf("choice field %q needs choices = [...]", f.Name))
	}
	if len(rf.Choices) > maxChoices {
		return f, p.errKey(at+".choices", fmt.Sprintf("field %q has %d choices; the most is %d", f.Name, len(rf.Choices), maxChoices))
	}
	for _, c := range rf.Choices {
		c = strings.TrimSpace(c)
		if err := p.line(at+".choices", c, true); err != nil {
			return f, err
		}
		if slices.ContainsFunc(f.Choices, func(o string) bool { return strings.EqualFold(o, c) }) {
			return f, p.errKey(at+".choices", fmt.Sprintf("field %q lists the choice %q twice", f.Name, c))
		}
		f.Choices = append(f.Choices, c)
	}
	return f, nil
}

// checkSection checks the template's section i against those before it and the
// headings so far.
func (p *parser) checkSection(t *Template, i int, rs rawSection, headings map[string]string) (Section, error) {
	at := "section." + strconv.Itoa(i+1)
	s := Section{
		Heading: strings.TrimSpace(rs.Heading), Prompt: strings.TrimSpace(rs.Prompt),
		Hint: strings.TrimSpace(rs.Hint), Required: rs.Required, Actions: rs.Actions,
	}
	if err := p.line(at+".heading", s.Heading, true); err != nil {
		return s, err
	}
	if err := p.heading(at+".heading", s.Heading, headings); err != nil {
		return s, err
	}
	if s.Prompt == "" {
		return s, p.errKey(at, fmt.Sprintf("section %q needs a prompt: the question it asks", s.Heading))
	}
	if err := p.text(at+".prompt", s.Prompt); err != nil {
		return s, err
	}
	if err := p.text(at+".hint", s.Hint); err != nil {
		return s, err
	}
	if s.Actions {
		if t.Kind != KindGoal {
			return s, p.errKey(at+".actions", "only a goal template (kind = \"goal\") has an action plan section")
		}
		if slices.ContainsFunc(t.Sections, func(o Section) bool { return o.Actions }) {
			return s, p.errKey(at+".actions", "only one section can be the action plan")
		}
	}
	return s, nil
}

// line checks a one-line value: no control characters, not too long.
func (p *parser) line(at, s string, required bool) error {
	what := strings.ReplaceAll(at[strings.LastIndexByte(at, '.')+1:], "_", " ")
	if s == "" {
		if required {
			return p.errKey(at, fmt.Sprintf("the %s is missing or empty", what))
		}
		return nil
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return p.errKey(at, fmt.Sprintf("the %s must be one line without control characters", what))
	}
	if n := utf8.RuneCountInString(s); n > maxLineRunes {
		return p.errKey(at, fmt.Sprintf("the %s is %d characters; the most is %d", what, n, maxLineRunes))
	}
	return nil
}

// text checks a prompt or hint: lines of text, no other control characters.
func (p *parser) text(at, s string) error {
	what := at[strings.LastIndexByte(at, '.')+1:]
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
		return p.errKey(at, fmt.Sprintf("the %s contains control characters", what))
	}
	if n := utf8.RuneCountInString(s); n > maxTextRunes {
		return p.errKey(at, fmt.Sprintf("the %s is %d characters; the most is %d", what, n, maxTextRunes))
	}
	return nil
}

// heading checks that a section heading or field label can be a Markdown "## "
// heading that is told apart from the others.
func (p *parser) heading(at, h string, seen map[string]string) error {
	if strings.HasPrefix(h, "#") {
		return p.errKey(at, fmt.Sprintf("%q must not start with #", h))
	}
	k := strings.ToLower(h)
	if prev, ok := seen[k]; ok {
		return p.errKey(at, fmt.Sprintf("%q is used twice (also at %s); each section heading and field label must differ", h, prev))
	}
	where := at
	if pos, ok := p.at[at]; ok {
		where = "line " + strconv.Itoa(pos.line)
	}
	seen[k] = where
	return nil
}
