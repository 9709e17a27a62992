package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// readPipedFirst reads piped standard input before the vault is opened. A pipeline
// from another folio ('folio show ID --markdown | folio edit ID') then works: the
// writer waits for the reader to finish instead of taking the vault from under it,
// which made the reader fail as "in use" and left the writer with no text.
func (s *session) readPipedFirst() error {
	if s.Terminal && s.passphraseFile != "-" {
		return nil
	}
	return s.loadStdin()
}

// confirmAtTerminal asks a yes/no question on the controlling terminal; no terminal
// (a script) or any answer but yes is no.
func (s *session) confirmAtTerminal(question string) bool {
	return s.askAtTerminal(question, false)
}

// askAtTerminal asks a yes/no question on the controlling terminal; an empty answer
// takes the default. No terminal, or no answer at all, is no.
func (s *session) askAtTerminal(question string, byDefault bool) bool {
	t, err := s.tty()
	if err != nil {
		return false
	}
	defer t.Close()
	choices := " [y/N] "
	if byDefault {
		choices = " [Y/n] "
	}
	fmt.Fprint(t.Out, question+choices)
	line, err := bufio.NewReader(t.In).ReadString('\n')
	if err != nil && line == "" {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	case "":
		return byDefault
	}
	return false
}

// rmCmd deletes a record of any kind (kind ""), or of one kind, for `goal rm` and the
// like; resolve finds the record from the argument.
func rmCmd(s *session, kind portfolio.Kind, use, example string) *cobra.Command {
	var yes bool
	what := "record"
	if kind != "" {
		what = kindNoun(kind)
	}
	c := &cobra.Command{
		Use:     use,
		Aliases: []string{"delete"},
		Short:   "Move " + withArticle(what) + " to the trash, after asking at the terminal (--yes in scripts)",
		Long: "Move " + withArticle(what) + " to the trash. A goal goes with its action plan; a relationship with its meetings and ratings. " +
			"Links to what is deleted stay, and show it as in the trash. At a terminal folio asks first; " +
			"in a script pass --yes. `folio trash restore ID` brings a record back with its history; " +
			"`folio trash empty` erases what is in the trash.",
		Example: example,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := oneArg(c, args, what+" ID")
			if err != nil {
				return err
			}
			return runRm(s, kind, arg, yes)
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return c
}

func runRm(s *session, kind portfolio.Kind, arg string, yes bool) error {
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	var id portfolio.ID
	switch kind {
	case "":
		id, kind, err = p.ResolveRecord(arg)
	case portfolio.KindRelationship:
		var r *portfolio.Relationship
		if r, err = s.resolveRelationship(p, arg); err == nil {
			id = r.ID
		}
	default:
		id, _, err = p.Resolve(arg, kind)
	}
	if err != nil {
		return err
	}
	plan, err := p.PlanDeletion(id, kind)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("%s %s %q", plan.Kind, id.Short(), sanitize.Line(plan.Title))
	if others := plan.Others(); others != "" {
		what += " with its " + others
	}
	if ok, err := s.confirmDelete("Move "+what+" to the trash?", "deleting", what, yes); !ok {
		return err
	}
	if _, err := p.Delete(id, kind); err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Moved %s to the trash; `folio trash restore %s` brings it back.\n", what, id.Short())
	return nil
}

// entryEdit is what `folio edit` may change; a flag not given keeps its value.
type entryEdit struct {
	title, date   string
	tags, funcs   []string
	noTags        bool
	sharing       string
	discuss       bool
	asJSON        bool
	insecureDraft bool
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
			"Dates (--date) may be written as: " + portfolio.DateForms + ".",
		Example: `folio edit 3kq9 --date "3 April" --title "Inhaler counselling, revisited"
folio edit 3kq9 --tag CPD --tag respiratory --function formative,normative
folio edit 3kq9
folio show 3kq9 --markdown | sed 's/teach back/teach-back/' | folio edit 3kq9`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := oneArg(c, args, "entry ID (its first characters are enough), as in: folio edit 3kq9")
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
	stringList(fs, &f.tags, "tag", "the tags, replacing the old ones (repeatable, or comma-separated)")
	fs.BoolVar(&f.noTags, "no-tags", false, "remove every tag")
	stringList(fs, &f.funcs, "function", "the Proctor functions, replacing the old ones (repeatable, or comma-separated)")
	fs.StringVar(&f.sharing, "sharing", "", "who may see it: unshared, shareable or private")
	fs.BoolVar(&f.discuss, "discuss", false, "flag it for your next mentoring meeting (--discuss=false to unflag)")
	fs.BoolVar(&f.asJSON, "json", false, "print the saved entry as JSON")
	fs.BoolVar(&f.insecureDraft, "insecure-draft-on-disk", false, "where there is no memory-backed folder, let the editor's draft sit on disk while you write (it may be recoverable from the disk afterwards)")
	return c
}

func runEdit(s *session, arg string, f entryEdit, changed func(...string) bool) error {
	flags := changed("title", "date", "tag", "no-tags", "function", "sharing", "discuss")
	today := portfolio.DateOf(s.Now())
	// Check what can be checked before asking for the passphrase.
	if f.date != "" {
		if _, err := portfolio.ParsePastDate(f.date, today); err != nil {
			return err
		}
	}
	if f.noTags && len(f.tags) > 0 {
		return usagef("--no-tags and --tag contradict each other; give one")
	}
	if err := s.readPipedFirst(); err != nil {
		return err
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, kind, err := p.ResolveRecord(arg)
	if err != nil {
		return err
	}
	switch kind {
	case portfolio.KindEntry:
	default:
		return usagef("%s is %s; change it with 'folio %s edit %s'", id.Short(), withArticle(kindNoun(kind)), editCommandOf(kind), id.Short())
	}
	old, _ := p.Entry(id)
	e := *old
	if err := s.applyEditFlags(&e, f, changed); err != nil {
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
		s.warnIdentifiers(text)
	}
	if f.asJSON {
		return writeJSON(s.Stdout, saved)
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
		if e.Date, err = s.pastDate(f.date); err != nil {
			return err
		}
	}
	if changed("tag") {
		if e.Tags, err = portfolio.NormalizeTags(splitCommas(f.tags)); err != nil {
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
			return usagef("an entry needs a function: normative, formative or restorative")
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
	if body, err := s.readStdinIfPiped(); err != nil {
		return "", false, err
	} else if strings.TrimSpace(body) != "" {
		text = body
	}
	switch {
	case text != "":
		if err := s.replaceText(p, e, text, changed("title")); err != nil {
			return "", false, err
		}
	case !flags && s.Terminal && s.passphraseFile != "-":
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
		return "", false, usagef("edit needs a change: a flag such as --title or --date, or the new text on standard input")
	}
	return text, false, nil
}

// replaceText replaces an entry's text with doc, a Markdown document as entryDocument
// writes: '# Title', then the body, then a '## ' heading per template section.
func (s *session) replaceText(p *portfolio.Portfolio, e *portfolio.Entry, doc string, keepTitle bool) error {
	if !utf8.ValidString(doc) {
		return usagef("the text on standard input is not valid UTF-8 text")
	}
	if len(e.Fields) > 0 {
		return usagef("entry %s has template fields, which folio cannot yet rewrite from text; change it in the app ('folio'), or its title, date, tags and functions with flags", e.ID.Short())
	}
	title := e.Title
	if len(e.Sections) == 0 {
		t, body := titleFromBody(doc)
		if strings.HasPrefix(strings.TrimSpace(doc), "#") {
			e.Title, e.Body = t, body
		} else {
			e.Body = doc
		}
	} else {
		lib, err := s.library()
		if err != nil {
			return err
		}
		tpl, err := lib.Get(e.Template)
		if err != nil {
			return usagef("entry %s was written from template %s, which is not installed; change it in the app", e.ID.Short(), e.Template)
		}
		filled, err := portfolio.FillFromMarkdown(tpl, doc, p.Today())
		var problems *portfolio.TemplateProblems
		if errors.As(err, &problems) {
			return usagef("the text does not fit template %s, so nothing was saved: %s", tpl.Name, sanitize.Text(problems.Error()))
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

// editCommandOf names the group whose edit command changes a kind of record.
// kindNoun names a kind of record in a sentence.
func kindNoun(kind portfolio.Kind) string {
	if kind == portfolio.KindReceived {
		return "received document"
	}
	return string(kind)
}

// withArticle puts "a" or "an" before a kind's noun.
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
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

// changedFunc reports whether any of the named flags was given.
func changedFunc(fs *pflag.FlagSet) func(...string) bool {
	return func(names ...string) bool {
		for _, n := range names {
			if fs.Changed(n) {
				return true
			}
		}
		return false
	}
}

func goalEditCmd(s *session) *cobra.Command {
	var title, why, target string
	var functions []string
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change a goal's title, why, target date or functions",
		Example: `folio goal edit 7hd2 --target "end of next month"
folio goal edit 7hd2 --title "Confident with DOAC dosing in renal impairment"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := oneArg(c, args, "goal ID")
			if err != nil {
				return err
			}
			changed := changedFunc(c.Flags())
			if !changed("title", "why", "target", "function") {
				return usagef("goal edit needs a change: --title, --why, --target or --function")
			}
			p, err := s.open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindGoal)
			if err != nil {
				return err
			}
			old, _ := p.Goal(id)
			g := *old
			if changed("title") {
				g.Title = title
			}
			if changed("why") {
				g.Why = why
			}
			if changed("target") {
				if g.Target, err = s.futureDate(target); err != nil {
					return err
				}
			}
			if changed("function") {
				if g.Functions, err = portfolio.ParseFunctions(functions); err != nil {
					return err
				}
			}
			saved, err := p.UpdateGoal(g)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved goal %s %q.\n", saved.ID.Short(), sanitize.Line(saved.Title))
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&title, "title", "", "what you want to learn or achieve")
	fs.StringVar(&why, "why", "", "why it matters")
	fs.StringVar(&target, "target", "", "target date, or an empty string for none")
	stringList(fs, &functions, "function", "Proctor functions, replacing the old ones")
	return c
}

func actionEditCmd(s *session) *cobra.Command {
	var what, due string
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change an action's step or due date",
		Example: `folio action edit 9x1c --due "next friday"
folio action edit 9x1c --what "Read the renal dosing guideline, section 4"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := oneArg(c, args, "action ID")
			if err != nil {
				return err
			}
			changed := changedFunc(c.Flags())
			if !changed("what", "due") {
				return usagef("action edit needs a change: --what or --due")
			}
			p, err := s.open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindAction)
			if err != nil {
				return err
			}
			old, _ := p.Action(id)
			a := *old
			if changed("what") {
				a.What = what
			}
			if changed("due") {
				if a.Due, err = s.futureDate(due); err != nil {
					return err
				}
			}
			saved, err := p.UpdateAction(a)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved action %s %q.\n", saved.ID.Short(), sanitize.Line(saved.What))
			return nil
		},
	}
	c.Flags().StringVar(&what, "what", "", "the step to take")
	c.Flags().StringVar(&due, "due", "", "due date, or an empty string for none")
	return c
}

func mentorEditCmd(s *session) *cobra.Command {
	var person, org, start, every string
	var months int
	c := &cobra.Command{
		Use:   "edit RELATIONSHIP",
		Short: "Change a relationship's name, organisation, start, length or meeting interval",
		Example: `folio mentor edit Adebayo --every fortnightly --months 12
folio mentor edit 4m2x --with "Dr T. Adebayo" --org "St Elsewhere"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := oneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			changed := changedFunc(c.Flags())
			if !changed("with", "org", "start", "months", "every") {
				return usagef("mentor edit needs a change: --with, --org, --start, --months or --every")
			}
			p, err := s.open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			old, err := s.resolveRelationship(p, arg)
			if err != nil {
				return err
			}
			r := *old
			if changed("with") {
				r.Person = person
			}
			if changed("org") {
				r.Organisation = org
			}
			if changed("start") {
				if r.Start, err = s.date(start); err != nil {
					return err
				}
			}
			if changed("months") {
				r.LengthMonths = months
			}
			if changed("every") {
				if r.IntervalDays, err = portfolio.ParseInterval(every); err != nil {
					return err
				}
			}
			saved, err := p.UpdateRelationship(r)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved %s.\n", sanitize.Line(saved.Title()))
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&person, "with", "", "the other person's name or pseudonym")
	fs.StringVar(&org, "org", "", "their organisation")
	fs.StringVar(&start, "start", "", "the start date")
	fs.IntVar(&months, "months", 0, "planned length in months")
	fs.StringVar(&every, "every", "", "how often to meet: weekly, fortnightly, monthly, 'every 6 weeks'")
	return c
}

func meetingEditCmd(s *session) *cobra.Command {
	var date, format, next string
	var topics []string
	var shared bool
	c := &cobra.Command{
		Use:   "edit ID",
		Short: "Change a meeting's date, format, topics, next date or sharing",
		Example: `folio meeting edit 8pq1 --date yesterday --format phone/video
folio meeting edit 8pq1 --topic "DOAC dosing" --topic "Rota" --next "in 4 weeks"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := oneArg(c, args, "meeting ID")
			if err != nil {
				return err
			}
			changed := changedFunc(c.Flags())
			if !changed("date", "format", "topic", "next", "shared") {
				return usagef("meeting edit needs a change: --date, --format, --topic, --next or --shared")
			}
			p, err := s.open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(arg, portfolio.KindMeeting)
			if err != nil {
				return err
			}
			old, _ := p.Meeting(id)
			m := *old
			if changed("date") {
				parse := s.futureDate
				if m.Held {
					parse = s.pastDate
				}
				if m.Date, err = parse(date); err != nil {
					return err
				}
			}
			if changed("format") {
				if m.Format, err = portfolio.ParseMeetingFormat(format); err != nil {
					return err
				}
			}
			if changed("topic") {
				m.Topics = topics
			}
			if changed("next") {
				if m.NextDate, err = s.futureDate(next); err != nil {
					return err
				}
			}
			if changed("shared") {
				m.Shared = shared
			}
			saved, err := p.UpdateMeeting(m)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Saved the meeting %s on %s.\n", saved.ID.Short(), saved.Date)
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&date, "date", "", "when it was (or will be) held")
	fs.StringVar(&format, "format", "", "1:1, group or phone/video")
	stringList(fs, &topics, "topic", "the topics, replacing the old ones (repeatable)")
	fs.StringVar(&next, "next", "", "date of the next meeting")
	fs.BoolVar(&shared, "shared", false, "mark the notes fit to share (--shared=false to unmark)")
	return c
}
