package records

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// entryEdit is what `folio edit` may change; a flag not given keeps its value.
type entryEdit struct {
	title, date   string
	tags, funcs   []string
	noTags        bool
	sharing       string
	discuss       bool
	asJSON        bool
	insecureDraft bool
	mapping       entryMapping
}

func editCmd(s *session) *cobra.Command {
	var f entryEdit
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change an entry: its title, date, tags or functions with flags, its text on standard input",
		Long: "Change an entry. Flags change its title, date, tags, functions and sharing without touching the text; " +
			"with text on standard input (a pipe or a file), that replaces its text, as a Markdown document " +
			"like the one 'folio show --markdown' prints, '# Title' first. At a terminal with no flags, folio opens " +
			"$VISUAL or $EDITOR on that document, kept only in a private memory-backed folder.\n\n" +
			"Dates (--date) may be written as: " + calendar.DateForms + ".",
		Example: `folio edit 3kq9 --date "3 April" --title "Inhaler counselling, revisited"
folio edit 3kq9 --tag CPD --tag respiratory --function formative,normative
folio edit 3kq9
folio show 3kq9 --markdown | sed 's/teach back/teach-back/' | folio edit 3kq9`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.StrayBoolValue(s.Args, args, "discuss", "json", "no-tags", "no-outcomes", "insecure-draft-on-disk"); err != nil {
				return err
			}
			arg, err := clienv.OneArg(c, args, "entry ID (its first characters are enough), as in: folio edit 3kq9")
			if err != nil {
				return err
			}
			changed := func(names ...string) bool {
				for _, n := range names {
					if c.Flags().Changed(n) {
						return true
					}
				}
				return false
			}
			return runEdit(s, arg, f, changed)
		},
	}
	fs := c.Flags()
	fs.StringVar(&f.title, "title", "", "the new title")
	fs.StringVar(&f.date, "date", "", "the new date (the day the entry is about)")
	clienv.StringList(fs, &f.tags, "tag", "the tags, replacing the old ones (repeatable, or comma-separated)")
	fs.BoolVar(&f.noTags, "no-tags", false, "remove every tag")
	clienv.StringList(fs, &f.funcs, "function", "the Proctor functions, replacing the old ones (repeatable, or comma-separated)")
	fs.StringVar(&f.sharing, "sharing", "", "who may see it: unshared, shareable or private")
	fs.BoolVar(&f.discuss, "discuss", false, "flag it for your next mentoring meeting (--discuss=false to unflag)")
	fs.BoolVar(&f.asJSON, "json", false, "print the saved entry as JSON")
	fs.BoolVar(&f.insecureDraft, "insecure-draft-on-disk", false, "where there is no memory-backed folder, let the editor's draft sit on disk while you write (it may be recoverable from the disk afterwards)")
	f.mapping.register(fs, true)
	return c
}

// entryHappened is why an entry's date may not be after today.
const entryHappened = "an entry is about something that has happened"

func runEdit(s *session, arg string, f entryEdit, changed func(...string) bool) error {
	flags := changed("title", "date", "tag", "no-tags", "function", "sharing", "discuss", "outcome", "no-outcomes", "with")
	today := calendar.DateOf(s.Now())
	// Check what can be checked before asking for the passphrase.
	if f.date != "" {
		if _, err := clienv.HappenedDate(f.date, today, entryHappened); err != nil {
			return err
		}
	}
	if f.noTags && len(f.tags) > 0 {
		return clienv.Usagef("--no-tags and --tag contradict each other; give one")
	}
	if err := clienv.NoEmptyItems("tag", f.tags, true); err != nil {
		return err
	}
	if err := f.mapping.check(); err != nil {
		return err
	}
	if err := s.ReadPipedFirst(); err != nil {
		return err
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, kind, err := history.ResolveRecord(p, arg)
	if err != nil {
		return err
	}
	switch kind {
	case portfolio.KindEntry:
	default:
		return clienv.Usagef("%s is %s; change it with 'folio %s edit %s'", id.Short(), clienv.WithArticle(clienv.KindNoun(kind)), editCommandOf(kind), id.Short())
	}
	old, _ := p.Entry(id)
	e := *old
	if err := s.applyEditFlags(&e, f, changed); err != nil {
		return err
	}
	if err := s.applyMapping(p, &e, f.mapping); err != nil {
		return err
	}
	text, done, err := s.editText(p, &e, old, f, flags, changed)
	if err != nil || done {
		return err
	}
	saved, err := p.UpdateEntry(e)
	if err != nil {
		return err
	}
	if text != "" {
		s.WarnIdentifiers(text)
	}
	if f.asJSON {
		return clienv.WriteJSON(s.Stdout, saved)
	}
	fmt.Fprintf(s.Stdout, "Saved %s %q.\n", saved.ID.Short(), sanitize.Line(saved.Title))
	return nil
}

// applyEditFlags sets on e each field whose flag was given.
func (s *session) applyEditFlags(e *portfolio.Entry, f entryEdit, changed func(...string) bool) error {
	var err error
	if changed("title") {
		e.Title = f.title
	}
	if changed("date") {
		if e.Date, err = clienv.HappenedDate(f.date, calendar.DateOf(s.Now()), entryHappened); err != nil {
			return err
		}
	}
	if changed("tag") {
		if e.Tags, err = validate.NormalizeTags(clienv.SplitCommas(f.tags)); err != nil {
			return err
		}
	}
	if f.noTags {
		e.Tags = nil
	}
	if changed("function") {
		if e.Functions, err = portfolio.ParseFunctions(f.funcs); err != nil {
			return err
		}
		if e.Functions.Empty() {
			return clienv.Usagef("an entry needs a function: normative, formative or restorative")
		}
	}
	if changed("sharing") {
		if e.Sharing, err = portfolio.ParseSharing(f.sharing); err != nil {
			return err
		}
	}
	if changed("discuss") {
		e.Discuss = f.discuss
	}
	return nil
}

// editText replaces e's text with what is piped in or, with no flags at a terminal,
// what the user writes in their editor; text is what was piped or written, if any.
// done is true when the entry's template fields were edited and saved in place, so
// there is nothing left to save.
func (s *session) editText(p *portfolio.Portfolio, e, old *portfolio.Entry, f entryEdit, flags bool, changed func(...string) bool) (text string, done bool, err error) {
	if body, err := s.ReadStdinIfPiped(); err != nil {
		return "", false, err
	} else if strings.TrimSpace(body) != "" {
		text = body
	}
	switch {
	case text != "":
		if err := s.replaceText(p, e, text, changed("title")); err != nil {
			return "", false, err
		}
	case !flags && s.Terminal && s.PassphraseFile != "-":
		if len(e.Fields) > 0 {
			return "", true, s.replaceText(p, e, "-", false)
		}
		if text, err = s.edited(entryDocument(old), f.insecureDraft); err != nil {
			return "", false, err
		}
		if err := s.replaceText(p, e, text, changed("title")); err != nil {
			return "", false, err
		}
	case !flags:
		return "", false, clienv.Usagef("edit needs a change: a flag such as --title or --date, or the new text on standard input")
	}
	return text, false, nil
}

// replaceText replaces an entry's text with doc, a Markdown document as entryDocument
// writes: '# Title', then the body, then a '## ' heading per template section.
func (s *session) replaceText(p *portfolio.Portfolio, e *portfolio.Entry, doc string, keepTitle bool) error {
	if !utf8.ValidString(doc) {
		return clienv.Usagef("the text on standard input is not valid UTF-8 text")
	}
	if len(e.Fields) > 0 {
		return clienv.Usagef("entry %s has template fields, which folio cannot yet rewrite from text; change it in the app ('folio'), or its title, date, tags and functions with flags", e.ID.Short())
	}
	title := e.Title
	if len(e.Sections) == 0 {
		t, body := clienv.TitleFromBody(doc)
		if strings.HasPrefix(strings.TrimSpace(doc), "#") {
			e.Title, e.Body = t, body
		} else {
			e.Body = doc
		}
	} else {
		lib, err := s.Library()
		if err != nil {
			return err
		}
		tpl, err := lib.Get(e.Template)
		if err != nil {
			return clienv.Usagef("entry %s was written from template %s, which is not installed; change it in the app", e.ID.Short(), e.Template)
		}
		filled, err := fill.FillFromMarkdown(tpl, doc, p.Today())
		var problems *fill.TemplateProblems
		if errors.As(err, &problems) {
			return clienv.Usagef("the text does not fit template %s, so nothing was saved: %s", tpl.Name, sanitize.Text(problems.Error()))
		}
		if err != nil {
			return err
		}
		e.Body, e.Sections = filled.Body, filled.Sections
		if filled.Title != "" {
			e.Title = filled.Title
		}
	}
	if keepTitle || strings.TrimSpace(e.Title) == "" {
		e.Title = title
	}
	return nil
}

// entryDocument is an entry as a Markdown document that replaceText reads back.
func entryDocument(e *portfolio.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", e.Title)
	if e.Body != "" {
		b.WriteString(strings.TrimRight(e.Body, "\n") + "\n")
	}
	for _, sec := range e.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", sec.Heading, strings.TrimRight(sec.Body, "\n"))
	}
	return b.String()
}

func editCommandOf(kind portfolio.Kind) string {
	switch kind {
	case portfolio.KindRelationship:
		return "mentor"
	case portfolio.KindRating:
		return "ratings"
	}
	return string(kind)
}
