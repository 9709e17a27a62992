package mentoring

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/evaluation"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func evaluationCmd(s *session) *cobra.Command {
	return clienv.Group("evaluation", "Fill in a scheme's before-and-after questionnaire, and export it anonymised",
		`folio evaluation show --stage start --role mentee > start.md
folio evaluation fill --stage start --with Adebayo < start.md
folio evaluation export --stage start --to age1... --out start.age`,
		evaluationShowCmd(s), evaluationFillCmd(s), evaluationExportCmd(s))
}

// questionnaire is the user's own (evaluation.toml in the config folder) or the
// built-in one.
func (s *session) questionnaire() (evaluation.Questionnaire, error) {
	dir, _ := s.Dirs().Config()
	return evaluation.Load(dir)
}

func evaluationShowCmd(s *session) *cobra.Command {
	var stage, role string
	c := &cobra.Command{
		Use:   "show",
		Short: "Print the questionnaire as Markdown, to fill in",
		Example: `folio evaluation show --stage end --role mentor
folio evaluation show > all-questions.md`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			if err := firstErr(evaluation.CheckStage(stage), evaluation.CheckRole(role)); err != nil {
				return err
			}
			q, err := s.questionnaire()
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(s.Stdout, evaluation.Markdown(q, stage, role))
			return err
		},
	}
	c.Flags().StringVar(&stage, "stage", "", "start or end (default: every item)")
	c.Flags().StringVar(&role, "role", "", "mentee or mentor (default: every item)")
	return c
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func evaluationFillCmd(s *session) *cobra.Command {
	var stage, role, with string
	c := &cobra.Command{
		Use:   "fill",
		Short: "Keep your answers to the questionnaire (the filled-in Markdown on standard input)",
		Long: "Keep your answers to the scheme's questionnaire in the vault. Print the form with\n" +
			"'folio evaluation show', tick one option under each question with [x], write free\n" +
			"answers under theirs, and give the file on standard input. Nothing leaves the vault\n" +
			"until you run 'folio evaluation export'.",
		Example: `folio evaluation fill --stage start --with Adebayo < start.md
folio evaluation fill --stage end --role mentor < end.md`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "the answers come on standard input"); err != nil {
				return err
			}
			if stage == "" {
				return clienv.Usagef("say when this is with --stage start or --stage end")
			}
			if err := firstErr(evaluation.CheckStage(stage), evaluation.CheckRole(role)); err != nil {
				return err
			}
			if role == "" && with == "" {
				return clienv.Usagef("say whose answers these are with --role mentee or --role mentor, or name the relationship with --with")
			}
			q, err := s.questionnaire()
			if err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			var relID portfolio.ID
			if with != "" {
				r, err := s.ResolveRelationship(p, with)
				if err != nil {
					return err
				}
				relID = r.ID
				if role == "" {
					switch r.Role {
					case portfolio.RoleMentee, portfolio.RoleMentor:
						role = r.Role.String()
					default:
						return clienv.Usagef("in %s you are neither mentee nor mentor; say which questions you answer with --role", r.Title())
					}
				}
			}
			md, err := s.ReadStdin()
			if err != nil {
				return err
			}
			answers, err := evaluation.Parse(q, stage, role, string(md))
			if err != nil {
				return err
			}
			if err := evaluation.CheckAnswers(q, stage, role, answers); err != nil {
				return err
			}
			e, err := evaluation.Add(p, portfolio.Evaluation{Stage: stage, Role: role, RelationshipID: relID, Answers: answers})
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stderr, "Kept your %s-of-scheme answers (%d). Export them for the scheme with 'folio evaluation export --stage %s --to KEY --out FILE'.\n", stage, len(answers), stage)
			fmt.Fprintln(s.Stdout, e.ID)
			return nil
		},
	}
	c.Flags().StringVar(&stage, "stage", "", "start or end (required)")
	c.Flags().StringVar(&role, "role", "", "mentee or mentor (default: your role in --with)")
	c.Flags().StringVar(&with, "with", "", "the relationship the scheme matched you into")
	return c
}

func evaluationExportCmd(s *session) *cobra.Command {
	var stage string
	var dest clienv.ExportDest
	c := &cobra.Command{
		Use:   "export",
		Short: "Write your latest answers anonymised and encrypted to the scheme lead",
		Long: "Write your latest answers at a stage for the scheme lead: no names (the people of your\n" +
			"relationships are replaced in free text by [name]), no relationship, and the month\n" +
			"only, encrypted to the lead's age key. Read your free-text answers before you send it.",
		Example: `folio evaluation export --stage end --to age1... --out end.age`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			if stage == "" {
				return clienv.Usagef("say which answers to export with --stage start or --stage end")
			}
			if err := evaluation.CheckStage(stage); err != nil {
				return err
			}
			if len(dest.To)+len(dest.ToFiles) == 0 {
				return clienv.Usagef("an evaluation leaves only encrypted: add the scheme lead's key with --to age1... or --to-file FILE")
			}
			if err := dest.Check(); err != nil {
				return err
			}
			if err := dest.RefuseBinaryOnTerminal(s.Session); err != nil {
				return err
			}
			q, err := s.questionnaire()
			if err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			all, damaged, err := evaluation.List(p)
			if err != nil {
				return err
			}
			if len(damaged) > 0 {
				s.Unreadable = true
				fmt.Fprintf(s.Stderr, "folio: warning: %d kept questionnaires could not be read.\n", len(damaged))
			}
			var latest *portfolio.Evaluation
			for _, e := range all {
				if e.Stage == stage {
					latest = e
				}
			}
			if latest == nil {
				return clienv.Usagef("you have no answers at the %s yet; fill them in with 'folio evaluation fill --stage %s'", stage, stage)
			}
			if err := evaluation.CheckAnswers(q, latest.Stage, latest.Role, latest.Answers); err != nil {
				return fmt.Errorf("%w; the questionnaire changed since you answered it: fill it in again", err)
			}
			var names []string
			for _, r := range mentorship.Relationships(p) {
				names = append(names, r.Person)
			}
			data, err := evaluation.Anonymise(latest, names).Marshal()
			if err != nil {
				return err
			}
			if _, err := dest.Write(s.Session, p, data); err != nil {
				return err
			}
			if dest.Out != "-" {
				fmt.Fprintf(s.Stderr, "Wrote %s: your %s-of-scheme answers, anonymised and encrypted.\n", dest.Out, stage)
			}
			return nil
		},
	}
	c.Flags().StringVar(&stage, "stage", "", "start or end (required)")
	dest.Register(c.Flags())
	return c
}

func schemeCmd(s *session) *cobra.Command {
	return clienv.Group("scheme", "For a scheme lead: add up participants' evaluation questionnaires",
		`folio scheme report answers/*.age --out report.md`, schemeReportCmd(s))
}

func schemeReportCmd(s *session) *cobra.Command {
	var format, out string
	var force bool
	c := &cobra.Command{
		Use:   "report FILE...",
		Short: "Decrypt participants' questionnaires with this vault's key and write the counts",
		Long: "Decrypt the participants' exported questionnaires (encrypted to this vault's key; see\n" +
			"'folio key'), check each against the questionnaire, and write a report: per item, the\n" +
			"share who gave the favourable answer at the start and at the end, as \"94% (17/18)\",\n" +
			"with every option's count and the free-text answers. Nothing is kept in the vault.",
		Example: `folio scheme report answers/*.age --out report.md
folio scheme report a.age b.age --format pdf --out report.pdf`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return clienv.Usagef("scheme report needs the questionnaire files to add up")
			}
			if out == "" {
				return clienv.Usagef("say where to write the report with --out FILE (or --out - for standard output)")
			}
			f := render.FormatFor(out)
			if format != "" {
				var err error
				if f, err = render.ParseFormat(format); err != nil {
					return err
				}
			}
			if out == "-" && s.StdoutTerminal && !f.Text() {
				return clienv.Usagef("a PDF report is binary; write it to a file with --out FILE.pdf, or pipe it")
			}
			q, err := s.questionnaire()
			if err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			files, err := readQuestionnaires(s, p, q, args)
			if err != nil {
				return err
			}
			data, err := render.Render(evaluation.Report(q, files, p.Today()), f)
			if err != nil {
				return err
			}
			if out == "-" {
				_, err = s.Stdout.Write(data)
				return err
			}
			if err := interchange.WriteFileAtomic(out, data, force); err != nil {
				if errors.Is(err, interchange.ErrFileExists) {
					return clienv.Usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", out)
				}
				return err
			}
			fmt.Fprintf(s.Stderr, "Wrote %s from %d questionnaires.\n", filepath.Base(out), len(files))
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "", "md, html or pdf (default: from the --out name, else md)")
	c.Flags().StringVar(&out, "out", "", "write to this file (- for standard output); it is created with mode 0600")
	c.Flags().BoolVar(&force, "force", false, "replace the file if it exists")
	return c
}

// readQuestionnaires decrypts and checks each participant's exported questionnaire
// against q, refusing a file given twice.
func readQuestionnaires(s *session, p *portfolio.Portfolio, q evaluation.Questionnaire, args []string) ([]evaluation.Anonymous, error) {
	var files []evaluation.Anonymous
	// The same questionnaire given twice would be counted twice, silently.
	seen := map[[32]byte]string{}
	for _, path := range args {
		data, err := s.ReadInput(path, evaluation.MaxFileBytes*2)
		if err != nil {
			return nil, err
		}
		name := clienv.InputName(path)
		sum := sha256.Sum256(data)
		if first, dup := seen[sum]; dup {
			return nil, clienv.Usagef("%s is the same file as %s; give each questionnaire once", path, first)
		}
		seen[sum] = path
		if !share.IsAgeFile(data) {
			return nil, clienv.Usagef("%s is not encrypted; a participant's questionnaire comes from 'folio evaluation export'", name)
		}
		plain, err := share.DecryptForVault(p, data, name)
		if err != nil {
			return nil, err
		}
		a, err := evaluation.Unmarshal(plain, name)
		if err != nil {
			return nil, err
		}
		if err := evaluation.Check(q, a, name); err != nil {
			return nil, err
		}
		files = append(files, a)
	}
	return files, nil
}
