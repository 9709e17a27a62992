package records

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/outcomes"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// entryMapping is what add and edit may map or link an entry to besides goals and
// actions: framework outcomes and a relationship (an action learning set).
type entryMapping struct {
	outcomes   []string
	noOutcomes bool
	with       string
}

func (m *entryMapping) register(fs *pflag.FlagSet, edit bool) {
	if edit {
		clienv.StringList(fs, &m.outcomes, "outcome", "map the entry to these outcomes, replacing the old ones: FRAMEWORK:ID, as in gphc:1 (repeatable; 'folio frameworks' lists them)")
		fs.BoolVar(&m.noOutcomes, "no-outcomes", false, "remove every outcome the entry is mapped to")
	} else {
		clienv.StringList(fs, &m.outcomes, "outcome", "map the entry to an outcome: FRAMEWORK:ID, as in gphc:1 (repeatable; 'folio frameworks' lists them)")
	}
	fs.StringVar(&m.with, "with", "", "link the entry to a relationship, such as the action learning set it was written for (name or ID)")
}

// check reads what can be read before the vault is opened.
func (m *entryMapping) check() error {
	if m.noOutcomes && len(m.outcomes) > 0 {
		return clienv.Usagef("--no-outcomes and --outcome contradict each other; give one")
	}
	for _, o := range clienv.SplitCommas(m.outcomes) {
		if _, err := portfolio.ParseOutcomeRef(o); err != nil {
			return err
		}
	}
	return nil
}

// apply sets e's outcomes (if any were given) and relationship (if named).
func (s *session) applyMapping(p *portfolio.Portfolio, e *portfolio.Entry, m entryMapping) error {
	if err := m.check(); err != nil {
		return err
	}
	if m.noOutcomes {
		e.Outcomes = nil
	}
	if len(m.outcomes) > 0 {
		fws, err := s.Frameworks()
		if err != nil {
			return err
		}
		e.Outcomes = nil
		for _, o := range clienv.SplitCommas(m.outcomes) {
			ref, err := fws.Resolve(o)
			if err != nil {
				s.WarnFrameworkProblems(fws)
				return err
			}
			e.Outcomes = append(e.Outcomes, ref)
		}
	}
	if m.with != "" {
		id, err := s.OptionalRelationship(p, m.with)
		if err != nil {
			return err
		}
		e.RelationshipID = id
	}
	return nil
}

// writeOutcomes prints an entry's outcomes for 'show', with each outcome's text
// where its framework has it.
func (s *session) writeOutcomes(w io.Writer, e *portfolio.Entry) {
	if len(e.Outcomes) == 0 {
		return
	}
	fws, _ := s.Frameworks()
	for _, o := range e.Outcomes {
		line := o.String()
		if fws != nil {
			if f, err := fws.Get(o.Framework); err == nil {
				if out, ok := f.Outcome(o.Outcome); ok {
					line += " " + out.Text
				}
			}
		}
		fmt.Fprintf(w, "Outcome:   %s\n", sanitize.Line(line))
	}
}

type frameworkSummary struct {
	Name     string `json:"name"`
	Title    string `json:"title"`
	Source   string `json:"source"`
	Outcomes int    `json:"outcomes"`
	Builtin  bool   `json:"builtin"`
}

func frameworksCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "frameworks [NAME]",
		Short: "List the frameworks entries can be mapped to, or one framework's outcomes",
		Long: "List the frameworks of outcomes (professional standards, a curriculum) that entries can be mapped to " +
			"with 'folio add --outcome FRAMEWORK:ID'. The GPhC standards for pharmacy professionals are built in; " +
			"add your own as TOML files in the frameworks folder of your templates folder (docs/TEMPLATES.md).",
		Example: `folio frameworks
folio frameworks gphc`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return clienv.Usagef("frameworks takes at most one framework name")
			}
			fws, err := s.Frameworks()
			if err != nil {
				return err
			}
			s.WarnFrameworkProblems(fws)
			if len(args) == 1 {
				f, err := fws.Get(args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return clienv.WriteJSON(s.Stdout, f)
				}
				fmt.Fprintf(s.Stdout, "%s (%s)\nSource: %s\n\n", sanitize.Line(f.Title), f.Name, sanitize.Line(f.Source))
				for _, o := range f.Outcomes {
					fmt.Fprintf(s.Stdout, "%-6s %s\n", sanitize.Line(o.ID), sanitize.Line(o.Text))
				}
				return nil
			}
			var out []frameworkSummary
			for _, f := range fws.List() {
				out = append(out, frameworkSummary{Name: f.Name, Title: f.Title, Source: f.Source, Outcomes: len(f.Outcomes), Builtin: f.Builtin})
			}
			if asJSON {
				return clienv.WriteJSON(s.Stdout, out)
			}
			for _, f := range out {
				mark := " "
				if !f.Builtin {
					mark = "+"
				}
				fmt.Fprintf(s.Stdout, "%s %-16s %3d outcomes  %s\n", mark, f.Name, f.Outcomes, sanitize.Line(f.Title))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func coverageCmd(s *session) *cobra.Command {
	var asJSON bool
	var since, until string
	var functions []string
	c := &cobra.Command{
		Use:   "coverage [FRAMEWORK]",
		Short: "Count the entries mapped to each outcome of a framework, with the gaps marked",
		Long: "Count the entries mapped to each outcome of a framework (see 'folio frameworks'), marking the outcomes " +
			"no entry is mapped to. With no FRAMEWORK, every framework is shown. With --json, one framework prints " +
			"an object and no FRAMEWORK a list of them.",
		Example: `folio coverage gphc
folio coverage gphc --since 2026-04-01 --json`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return clienv.Usagef("coverage takes at most one framework name, as in: folio coverage gphc")
			}
			fws, err := s.Frameworks()
			if err != nil {
				return err
			}
			s.WarnFrameworkProblems(fws)
			var list []portfolio.Framework
			if len(args) == 1 {
				f, err := fws.Get(args[0])
				if err != nil {
					return err
				}
				list = append(list, *f)
			} else {
				list = fws.List()
			}
			f := filterFlags{functions: functions, since: since, until: until}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			q, err := f.query(p)
			if err != nil {
				return err
			}
			var out []outcomes.Coverage
			for i := range list {
				out = append(out, outcomes.CoverageOf(p, &list[i], q))
			}
			if asJSON {
				if len(args) == 1 {
					return clienv.WriteJSON(s.Stdout, out[0])
				}
				return clienv.WriteJSON(s.Stdout, out)
			}
			for i, cov := range out {
				if i > 0 {
					fmt.Fprintln(s.Stdout)
				}
				writeCoverage(s.Stdout, cov)
			}
			return nil
		},
	}
	fs := c.Flags()
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	fs.StringVar(&since, "since", "", "count only entries on or after this date ("+calendar.DateForms+")")
	fs.StringVar(&until, "until", "", "count only entries on or before this date")
	clienv.StringList(fs, &functions, "function", "count only entries under this function (repeatable)")
	return c
}

// writeCoverage prints one framework's coverage: a line per outcome with its count,
// "gap" where it has none.
func writeCoverage(w io.Writer, c outcomes.Coverage) {
	fmt.Fprintf(w, "%s (%s)\n", sanitize.Line(c.Title), c.Framework)
	idWidth := 2
	for _, r := range c.Rows {
		idWidth = max(idWidth, len(r.Outcome.ID))
	}
	for _, r := range c.Rows {
		mark := ""
		if r.Gap() {
			mark = "  gap"
		}
		fmt.Fprintf(w, "  %-*s %4d  %s%s\n", idWidth, sanitize.Line(r.Outcome.ID), r.Count, sanitize.Line(truncate(r.Outcome.Text, 60)), mark)
	}
	fmt.Fprintf(w, "%d of %d outcomes covered; %d %s.\n", c.Covered, len(c.Rows), c.Gaps, clienv.PluralWord(c.Gaps, "gap", "gaps"))
	for _, u := range c.Unknown {
		fmt.Fprintf(w, "Not in the framework: %s (%d %s).\n", sanitize.Line(u.Outcome), len(u.Entries), clienv.PluralWord(len(u.Entries), "entry", "entries"))
	}
}

// truncate cuts s to n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// checkFor is check, and refuses a mapping for a template that makes a goal: the
// goal has no outcomes or relationship to keep it on.
func (m *entryMapping) checkFor(tpl *fill.Template) error {
	if tpl != nil && tpl.Kind == fill.TemplateKindGoal && (len(m.outcomes) > 0 || m.with != "") {
		return clienv.Usagef("template %s makes a goal, which takes no --outcome or --with", tpl.Name)
	}
	return m.check()
}
