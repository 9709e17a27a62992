package fill

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/templates"
)

// Template is a reflection template: sections to fill, structured fields, the record
// kind it makes and whether to show signposting. See package templates for the
// fields, and docs/TEMPLATES.md for the file format.
type Template = templates.Template

// TemplateSection and TemplateField are a template's parts.
type (
	TemplateSection = templates.Section
	TemplateField   = templates.Field
)

// Signposting is the list of support services shown beside restorative templates.
type Signposting = templates.Signposting

// TemplateError is a template file that does not parse, naming its file and line.
type TemplateError = templates.Error

// ParseTemplateFile reads and parses one template file, as `templates check` does.
func ParseTemplateFile(file string) (Template, error) { return templates.ParseFile(file) }

// ParseTemplate parses one template's text; name is how errors refer to it.
func ParseTemplate(name string, data []byte) (Template, error) { return templates.Parse(name, data) }

// What a template makes (Template.Kind), what it links to (Template.Link) and the
// types of its fields (TemplateField.Type), so that the interfaces need not reach
// into package templates.
const (
	TemplateKindEntry  = templates.KindEntry
	TemplateKindGoal   = templates.KindGoal
	TemplateLinkAction = templates.LinkAction

	FieldText   = templates.FieldText
	FieldChoice = templates.FieldChoice
	FieldDate   = templates.FieldDate
	FieldHours  = templates.FieldHours
	FieldRating = templates.FieldRating
)

// ErrUnknownTemplate means no template has the name asked for. It is bad input.
var ErrUnknownTemplate = errors.New("unknown template")

// unknownTemplate is ErrUnknownTemplate, and ErrInvalid, with the names to choose from.
type unknownTemplate struct{ msg string }

func (e *unknownTemplate) Error() string { return e.msg }

func (e *unknownTemplate) Is(target error) bool {
	return target == ErrUnknownTemplate || target == portfolio.ErrInvalid
}

// Library is the templates a user can write with: the built-ins, added to or
// replaced by name by the user's own. Load it once; it does not change.
type Library struct {
	list        []*Template
	byName      map[string]*Template
	replaced    map[string]bool
	problems    []error
	signposting Signposting
	dir         string
}

// LoadLibrary loads the built-in templates and the user's from configDir/templates
// (configDir "" for built-ins only). A user template replaces the built-in of the
// same name. A user template that cannot be used is listed in Problems, each naming
// its file and line, and the rest still load; configDir/signposting.toml, if there,
// replaces the built-in signposting list. The error is only for a broken build.
func LoadLibrary(configDir string) (*Library, error) {
	builtin, err := templates.Builtin()
	if err != nil {
		return nil, fmt.Errorf("folio's built-in templates are broken: %w", err)
	}
	l := &Library{byName: map[string]*Template{}, replaced: map[string]bool{}}
	for i := range builtin {
		l.byName[builtin[i].Name] = &builtin[i]
	}
	if l.signposting, err = templates.BuiltinSignposting(); err != nil {
		return nil, fmt.Errorf("folio's built-in signposting list is broken: %w", err)
	}
	if configDir != "" {
		l.dir = portfolio.TemplateDir(configDir)
		user, problems := templates.LoadDir(l.dir)
		l.problems = problems
		for i := range user {
			if _, ok := l.byName[user[i].Name]; ok {
				l.replaced[user[i].Name] = true
			}
			l.byName[user[i].Name] = &user[i]
		}
		file := filepath.Join(configDir, "signposting.toml")
		if data, err := os.ReadFile(file); err == nil {
			if s, err := templates.ParseSignposting(file, data); err != nil {
				l.problems = append(l.problems, err)
			} else {
				l.signposting = s
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			l.problems = append(l.problems, fmt.Errorf("cannot read %s: %w", file, err))
		}
	}
	for _, t := range l.byName {
		l.list = append(l.list, t)
	}
	slices.SortFunc(l.list, func(a, b *Template) int { return strings.Compare(a.Name, b.Name) })
	return l, nil
}

// All lists the templates by name. The pointers are shared: treat them as read-only.
func (l *Library) All() []*Template { return l.list }

// Get returns the template with this name (any case), or an error listing them.
func (l *Library) Get(name string) (*Template, error) {
	if t, ok := l.byName[strings.ToLower(strings.TrimSpace(name))]; ok {
		return t, nil
	}
	return nil, &unknownTemplate{fmt.Sprintf("there is no template %q; the templates are %s ('folio templates' describes them)", name, strings.Join(l.Names(), ", "))}
}

// Names lists the template names in order.
func (l *Library) Names() []string {
	names := make([]string, len(l.list))
	for i, t := range l.list {
		names[i] = t.Name
	}
	return names
}

// Replaces reports whether the user's template of this name replaces a built-in.
func (l *Library) Replaces(name string) bool { return l.replaced[name] }

// Problems lists user templates (and a user signposting file) that could not be
// loaded, each an error naming the file, the line where known, and why.
func (l *Library) Problems() []error { return l.problems }

// Dir is the user's template folder, "" if none was given.
func (l *Library) Dir() string { return l.dir }

// Signposting is the support services list for restorative templates.
func (l *Library) Signposting() Signposting { return l.signposting }
