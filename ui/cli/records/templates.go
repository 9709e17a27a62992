package records

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func templatesCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "templates",
		Short: "Reflection templates: list, show NAME, check FILE",
		Example: `folio templates
folio templates show gibbs > gibbs.md
folio templates check ~/my-debrief.toml`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return clienv.Usagef("%q is not a templates subcommand; use list, show NAME or check FILE", args[0])
			}
			return templatesList(s, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the templates, built-in and your own",
		Example: "folio templates list --json",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "to see one use 'folio templates show NAME'"); err != nil {
				return err
			}
			return templatesList(s, asJSON)
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	show := &cobra.Command{
		Use:     "show NAME",
		Short:   "Print a template as Markdown to fill in and pipe back into 'folio add --template NAME'",
		Example: "folio templates show gibbs > reflection.md",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "template name, as in: folio templates show gibbs")
			if err != nil {
				return err
			}
			return templatesShow(s, arg)
		},
	}
	check := &cobra.Command{
		Use:     "check FILE|-",
		Short:   "Check a template file you wrote",
		Example: "folio templates check my-debrief.toml",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "template file, as in: folio templates check my-debrief.toml")
			if err != nil {
				return err
			}
			return templatesCheck(s, arg)
		},
	}
	c.AddCommand(list, show, check)
	return c
}

type TemplateSummary struct {
	Name        string   `json:"name"`
	Version     int      `json:"version"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Functions   []string `json:"functions"`
	Kind        string   `json:"kind"`
	Source      string   `json:"source"`
	File        string   `json:"file,omitempty"`
}

func templateSource(l *fill.Library, t *fill.Template) string {
	switch {
	case t.Builtin:
		return "built-in"
	case l.Replaces(t.Name):
		return "user, replaces built-in"
	}
	return "user"
}

func templatesList(s *session, asJSON bool) error {
	l, err := s.Library()
	if err != nil {
		return err
	}
	s.WarnLibraryProblems(l)
	if asJSON {
		out := []TemplateSummary{}
		for _, t := range l.All() {
			sum := TemplateSummary{Name: t.Name, Version: t.Version, Title: t.Title, Description: t.Description,
				Functions: t.Functions, Kind: t.Kind, Source: templateSource(l, t)}
			if !t.Builtin {
				sum.File = t.File
			}
			out = append(out, sum)
		}
		return clienv.WriteJSON(s.Stdout, out)
	}
	width := 0
	for _, t := range l.All() {
		width = max(width, len(t.Name))
	}
	for _, t := range l.All() {
		fmt.Fprintf(s.Stdout, "%-*s  %s  %-*s  %s\n", width, t.Name, functionLetters(t.Functions), len("user, replaces built-in"), templateSource(l, t), sanitize.Text(t.Description))
	}
	return nil
}

// functionLetters marks a template's functions as N F R, like entry listings.
func functionLetters(names []string) string {
	fs, _ := portfolio.ParseFunctions(names)
	return fs.Letters()
}

func templatesShow(s *session, arg string) error {
	l, err := s.Library()
	if err != nil {
		return err
	}
	t, err := l.Get(arg)
	if err != nil {
		s.WarnLibraryProblems(l)
		return err
	}
	fmt.Fprint(s.Stdout, sanitize.Text(fill.Skeleton(t, l.Signposting())))
	return nil
}

// maxTemplateFile bounds a template read from standard input; templates are a few KiB.
const maxTemplateFile = 1 << 20

func templatesCheck(s *session, arg string) error {
	var t fill.Template
	var err error
	if arg == "-" {
		var data []byte
		if data, err = s.ReadInput(arg, maxTemplateFile); err != nil {
			return err
		}
		t, err = fill.ParseTemplate(clienv.InputName(arg), data)
	} else {
		t, err = fill.ParseTemplateFile(arg)
	}
	if err != nil {
		var te *fill.TemplateError
		if errors.As(err, &te) {
			return clienv.Usagef("%s", sanitize.Text(te.Error()))
		}
		return err
	}
	note := ""
	if builtin, err := fill.LoadLibrary(""); err == nil {
		if _, err := builtin.Get(t.Name); err == nil {
			note = fmt.Sprintf("; in your templates folder it replaces the built-in %s", t.Name)
		}
	}
	fmt.Fprintf(s.Stdout, "%s: template %s (version %d) is fine: %d sections, %d fields, makes %s%s.\n",
		sanitize.Text(arg), t.Name, t.Version, len(t.Sections), len(t.Fields), strings.ReplaceAll(t.Kind, "_", " "), note)
	return nil
}
