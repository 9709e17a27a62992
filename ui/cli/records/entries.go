package records

import (
	"bufio"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/identify"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/cli/documents"
	"github.com/foliohq/folio/ui/cli/goals"

	// pgoals is the domain's goals; goals, the goal commands beside these.
	pgoals "github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/ui/cli/mentoring"
	"github.com/foliohq/folio/ui/sanitize"
)

// checkNotEmpty refuses a filter given with nothing in it, as a script's empty
// variable gives it: read as "not given", it listed everything.
func (f *filterFlags) checkNotEmpty() error {
	if f.fs == nil {
		return nil
	}
	for _, c := range []struct{ name, value string }{
		{"function", strings.Join(f.functions, "")}, {"tag", strings.TrimLeft(strings.TrimSpace(f.tag), "#")},
		{"since", f.since}, {"until", f.until}, {"goal", f.goal},
	} {
		if f.fs.Changed(c.name) && strings.TrimSpace(c.value) == "" {
			return clienv.Usagef("--%s is empty; give it a value, or leave it out", c.name)
		}
	}
	return nil
}

// filterFlags are the narrowing flags shared by list and search.
type filterFlags struct {
	functions []string
	tag       string
	since     string
	until     string
	goal      string
	limit     int
	json      bool
	// fs is where the flags were registered: nil when a command fills them itself.
	fs *pflag.FlagSet
}

func (f *filterFlags) register(fs *pflag.FlagSet) {
	f.fs = fs
	clienv.StringList(fs, &f.functions, "function", "only entries under this function (repeatable; normative, formative, restorative)")
	fs.StringVar(&f.tag, "tag", "", "only entries with this tag")
	fs.StringVar(&f.since, "since", "", "only entries on or after this date ("+calendar.DateForms+")")
	fs.StringVar(&f.until, "until", "", "only entries on or before this date")
	fs.StringVar(&f.goal, "goal", "", "only entries linked to this goal ID")
	fs.IntVar(&f.limit, "limit", 0, "show at most this many (0 for all)")
	fs.BoolVar(&f.json, "json", false, "print JSON")
}

func (f *filterFlags) query(p *portfolio.Portfolio) (portfolio.Query, error) {
	var q portfolio.Query
	var err error
	if err := f.checkNotEmpty(); err != nil {
		return q, err
	}
	if q.Functions, err = portfolio.ParseFunctions(f.functions); err != nil {
		return q, err
	}
	q.Tag = strings.TrimPrefix(strings.TrimSpace(f.tag), "#")
	if f.since != "" {
		if q.Since, err = calendar.ParsePastDate(f.since, p.Today()); err != nil {
			return q, err
		}
	}
	if f.until != "" {
		if q.Until, err = calendar.ParsePastDate(f.until, p.Today()); err != nil {
			return q, err
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Since > q.Until {
		return q, clienv.Usagef("--since %s is after --until %s", q.Since, q.Until)
	}
	if f.goal != "" {
		if q.GoalID, _, err = p.Resolve(f.goal, portfolio.KindGoal); err != nil {
			return q, err
		}
	}
	if f.limit < 0 {
		return q, clienv.Usagef("--limit must not be negative")
	}
	q.Limit = f.limit
	return q, nil
}

func listCmd(s *session) *cobra.Command {
	var f filterFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List entries, newest first",
		Example: `folio list --limit 10
folio list --function restorative --since "1 Jan" --json
folio list --tag CPD --since 2026-04-01 --until 2027-03-31`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "to search for words use 'folio search'"); err != nil {
				return err
			}
			return s.printEntries(f, "")
		},
	}
	f.register(c.Flags())
	return c
}

func searchCmd(s *session) *cobra.Command {
	var f filterFlags
	c := &cobra.Command{
		Use:   "search QUERY",
		Short: "Find entries by words in title, tags or body",
		Example: `folio search inhaler technique
folio search anticoagulation --function formative --json`,
		RunE: func(c *cobra.Command, args []string) error {
			text := strings.TrimSpace(strings.Join(args, " "))
			if text == "" {
				return clienv.Usagef("search needs words to look for, as in: folio search inhaler technique")
			}
			if !utf8.ValidString(text) {
				return clienv.Usagef("the search words are not valid UTF-8 text")
			}
			return s.printEntries(f, text)
		},
	}
	f.register(c.Flags())
	return c
}

func (s *session) printEntries(f filterFlags, text string) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	q, err := f.query(p)
	if err != nil {
		return err
	}
	q.Text = text
	found := p.Find(q)
	if f.json {
		out := make([]clienv.EntrySummary, 0, len(found))
		for _, e := range found {
			out = append(out, clienv.SummarizeEntry(e))
		}
		return clienv.WriteJSON(s.Stdout, out)
	}
	if len(found) == 0 {
		fmt.Fprintln(s.Stderr, "No entries match.")
		return nil
	}
	// One write for the listing, not one a line: list --tag prints thousands.
	w := bufio.NewWriter(s.Stdout)
	for _, part := range listingLines(found) {
		w.Write(part)
	}
	return w.Flush()
}

// linesPerPart is how many lines of a listing one goroutine lays out: below it,
// starting another costs more than it saves.
const linesPerPart = 1024

// listingLines lays out the lines of a listing (entryLine, each with its newline)
// in parts, in order, over the cores when there are many: at 100k, list --tag's
// 7,675 lines took about a tenth of the command after the key derivation, on one
// core.
func listingLines(found []*portfolio.Entry) [][]byte {
	parts := max(1, min(runtime.GOMAXPROCS(0), len(found)/linesPerPart))
	out := make([][]byte, parts)
	var wg sync.WaitGroup
	for k := range parts {
		lo, hi := k*len(found)/parts, (k+1)*len(found)/parts
		wg.Go(func() {
			var b []byte
			for _, e := range found[lo:hi] {
				b = append(b, entryLine(e)...)
				b = append(b, '\n')
			}
			out[k] = b
		})
	}
	wg.Wait()
	return out
}

// entryLine is one line of a listing: short ID, date, function letters, title, tags.
func entryLine(e *portfolio.Entry) string {
	line := fmt.Sprintf("%s  %s  %s  %s", e.ID.Short(), e.Date, e.Functions.Letters(), sanitize.Text(e.Title))
	if len(e.Tags) > 0 {
		line += "  #" + sanitize.Text(strings.Join(e.Tags, " #"))
	}
	return line
}

// addFlags are what `folio add` reads besides the body.
type addFlags struct {
	functions, tags                     []string
	title, date, template, goal, action string
	sharing                             string
	discuss, asJSON                     bool
	insecureDraft                       bool
	mapping                             entryMapping
	attach                              []string
}

func addCmd(s *session) *cobra.Command {
	var f addFlags
	c := &cobra.Command{
		Use:   "add",
		Short: "Add an entry; the body is read from standard input",
		Long: "Add an entry. The body is read from standard input; with no --title its first line is the title. " +
			"At a terminal, with nothing on standard input, folio opens $VISUAL or $EDITOR on a draft shaped by the template, " +
			"kept only in a private memory-backed folder and destroyed when the editor exits.\n\n" +
			"Dates (--date) may be written as: " + calendar.DateForms + ". A date without a year is the most recent such day.",
		Example: `folio add --function formative --title "Inhaler counselling" --tag CPD < note.md
echo "Debrief after a hard shift" | folio add --function restorative --date yesterday
folio templates show gibbs > gibbs.md && folio add --template gibbs < gibbs.md`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.StrayBoolValue(s.Args, args, "discuss", "json", "insecure-draft-on-disk"); err != nil {
				return err
			}
			if err := clienv.NoArgs(c, args, "put a title in --title"); err != nil {
				return err
			}
			return runAdd(s, f)
		},
	}
	fs := c.Flags()
	clienv.StringList(fs, &f.functions, "function", "Proctor function: normative, formative or restorative (repeatable, or comma-separated; default: the template's)")
	fs.StringVar(&f.title, "title", "", "the title (default: the body's first line)")
	clienv.StringList(fs, &f.tags, "tag", "a tag (repeatable, or comma-separated)")
	fs.StringVar(&f.date, "date", "", "the day the entry is about (default today)")
	fs.StringVar(&f.template, "template", "", "fill this template: stdin is Markdown with a '## ' heading per section ('folio templates show NAME' prints one)")
	fs.StringVar(&f.goal, "goal", "", "link the entry to this goal ID")
	fs.StringVar(&f.action, "action", "", "link the entry to this action ID")
	fs.BoolVar(&f.asJSON, "json", false, "print the saved entry as JSON")
	fs.StringVar(&f.sharing, "sharing", "unshared", "who may see it: unshared (offered only when you pick it), shareable, or private (never offered)")
	fs.BoolVar(&f.discuss, "discuss", false, "flag it to bring to your next mentoring meeting")
	fs.BoolVar(&f.insecureDraft, "insecure-draft-on-disk", false, "where there is no memory-backed folder, let the editor's draft sit on disk while you write (it may be recoverable from the disk afterwards)")
	f.mapping.register(fs, false)
	fs.StringArrayVar(&f.attach, "attach", nil, "keep this file with the entry (repeatable); see folio attach")
	return c
}

func runAdd(s *session, f addFlags) error {
	if _, err := checkAttachFiles(f.attach); err != nil {
		return err
	}
	s = &session{Session: s.Session, attach: f.attach}
	functions, tags, title, date, template, goal, action := f.functions, f.tags, f.title, f.date, f.template, f.goal, f.action
	sharing, discuss, asJSON := f.sharing, f.discuss, f.asJSON
	var err error
	e := portfolio.Entry{Discuss: discuss}
	if e.Sharing, err = portfolio.ParseSharing(sharing); err != nil {
		return err
	}
	if e.Sharing == portfolio.SharingPrivate && discuss {
		return clienv.Usagef("a private entry is never offered for a meeting, so it cannot be flagged to discuss")
	}
	if e.Functions, err = portfolio.ParseFunctions(functions); err != nil {
		return err
	}
	tpl, err := s.addTemplate(template, goal, action)
	if err != nil {
		return err
	}
	if e.Functions.Empty() && tpl == nil {
		return clienv.Usagef("add needs --function: normative, formative or restorative")
	}
	if err := f.mapping.checkFor(tpl); err != nil {
		return err
	}
	if err := clienv.NoEmptyItems("tag", tags, true); err != nil {
		return err
	}
	if e.Tags, err = validate.NormalizeTags(clienv.SplitCommas(tags)); err != nil {
		return err
	}
	// Check what can be checked before asking for the passphrase.
	if date != "" {
		if _, err := clienv.HappenedDate(date, calendar.DateOf(s.Now()), entryHappened); err != nil {
			return err
		}
	}
	if err := s.ReadPipedFirst(); err != nil {
		return err
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	if e.Date, err = clienv.HappenedDate(date, calendar.DateOf(s.Now()), entryHappened); err != nil {
		return err
	}
	if err := linkAdd(p, &e, goal, action); err != nil {
		return err
	}
	if err := s.applyMapping(p, &e, f.mapping); err != nil {
		return err
	}
	if s.Terminal && s.PassphraseFile != "-" {
		return s.addFromEditor(p, tpl, e, title, asJSON, f.insecureDraft)
	}
	body, err := s.ReadStdin()
	if err != nil {
		return err
	}
	return s.saveAdd(p, tpl, e, body, title, asJSON, false)
}

// addTemplate is the template add writes from, nil for none, once it is known to
// fit the --goal and --action given.
func (s *session) addTemplate(template, goal, action string) (*fill.Template, error) {
	if template == "" {
		return nil, nil
	}
	lib, err := s.Library()
	if err != nil {
		return nil, err
	}
	tpl, err := lib.Get(template)
	if err != nil {
		s.WarnLibraryProblems(lib)
		return nil, err
	}
	if tpl.Link == fill.TemplateLinkAction && action == "" {
		return nil, clienv.Usagef("template %s reflects on a done action: pass --action ID", tpl.Name)
	}
	if tpl.Kind == fill.TemplateKindGoal && (goal != "" || action != "") {
		return nil, clienv.Usagef("template %s makes a new goal with its own actions; it takes no --goal or --action", tpl.Name)
	}
	return tpl, nil
}

// linkAdd links the new entry to the goal and action named on the command line.
func linkAdd(p *portfolio.Portfolio, e *portfolio.Entry, goal, action string) error {
	if goal != "" {
		id, _, err := p.Resolve(goal, portfolio.KindGoal)
		if err != nil {
			return err
		}
		e.GoalIDs = append(e.GoalIDs, id)
	}
	if action != "" {
		id, _, err := p.Resolve(action, portfolio.KindAction)
		if err != nil {
			return err
		}
		e.ActionIDs = append(e.ActionIDs, id)
	}
	return nil
}

// addFromEditor writes the entry in the editor. A draft that cannot be saved as it
// stands (a required section left empty, no title) is not thrown away with the
// problem: folio offers to reopen it, with the problem noted at its top.
func (s *session) addFromEditor(p *portfolio.Portfolio, tpl *fill.Template, e portfolio.Entry, title string, asJSON, insecure bool) error {
	draft, err := s.entryDraft(tpl, title)
	if err != nil {
		return err
	}
	for {
		text, err := s.edited(draft, insecure)
		if err != nil {
			return err
		}
		err = s.saveAdd(p, tpl, e, []byte(text), title, asJSON, true)
		if clienv.ExitStatus(err) != clienv.ExitUsage || !s.AskAtTerminal(clienv.Message(err)+"\nOpen the draft again to fix it?", true) {
			return err
		}
		// The note is a comment, which the draft's reader ignores; "--" would end it.
		draft = "<!-- " + strings.ReplaceAll(clienv.Message(err), "--", "- -") + " -->\n" + text
	}
}

// saveAdd saves the entry whose text is body: from the editor (a draft shaped by the
// template) or from standard input.
func (s *session) saveAdd(p *portfolio.Portfolio, tpl *fill.Template, e portfolio.Entry, body []byte, title string, asJSON, fromEditor bool) error {
	var err error
	if !utf8.Valid(body) {
		return clienv.Usagef("the body on standard input is not valid UTF-8 text")
	}
	if tpl != nil && (len(tpl.Sections) > 0 || len(tpl.Fields) > 0) {
		return s.addFromTemplate(p, tpl, e, string(body), title, asJSON)
	}
	e.Body = string(body)
	e.Title = title
	if fromEditor {
		// The draft is the free template's shape: '# Title', then the body, with the
		// template's guidance in comments.
		if e.Title, e.Body, err = s.readFreeDraft(string(body), title, p.Today()); err != nil {
			return err
		}
	}
	if e.Title == "" {
		e.Title, e.Body = clienv.TitleFromBody(e.Body)
		if e.Title == "" {
			return clienv.Usagef("the entry has no title: pass --title or start the body with a line of text")
		}
	}
	var saved *portfolio.Entry
	if tpl != nil {
		var out fill.Saved
		if out, err = fill.SaveFromTemplate(p, tpl, e); err != nil {
			return err
		}
		saved = out.Entry
	} else if saved, err = p.AddEntry(e); err != nil {
		return err
	}
	if err := s.attachAdded(p, saved.ID); err != nil {
		return err
	}
	s.WarnIdentifiers(string(body))
	s.signpostAfterSave(saved)
	if asJSON {
		return clienv.WriteJSON(s.Stdout, saved)
	}
	fmt.Fprintln(s.Stdout, saved.ID)
	return nil
}

// entryDraft is a draft shaped by tpl (else the free template), with title on its
// first line if given.
func (s *session) entryDraft(tpl *fill.Template, title string) (string, error) {
	lib, err := s.Library()
	if err != nil {
		return "", err
	}
	if tpl == nil {
		if tpl, err = lib.Get("free"); err != nil {
			return "", err
		}
	}
	draft := fill.Skeleton(tpl, lib.Signposting())
	if title != "" {
		draft = strings.Replace(draft, "# Title\n", "# "+title+"\n", 1)
	}
	return draft, nil
}

// readFreeDraft reads a draft of the free template back: its title (unless the flag
// gave one) and body, without the guidance comments.
func (s *session) readFreeDraft(doc, title string, today calendar.Date) (string, string, error) {
	lib, err := s.Library()
	if err != nil {
		return "", "", err
	}
	free, err := lib.Get("free")
	if err != nil {
		return "", "", err
	}
	filled, err := fill.FillFromMarkdown(free, doc, today)
	if err != nil {
		return "", "", err
	}
	if title == "" {
		title = filled.Title
	}
	if title == "Title" || strings.TrimSpace(title) == "" {
		return "", "", clienv.Usagef("the draft has no title, so nothing was saved: replace 'Title' on its first line, or pass --title")
	}
	return title, filled.Body, nil
}

// addFromTemplate fills tpl from a Markdown document whose "## " headings are its
// sections and fields, and saves it as the template's kind says. base carries what
// the flags set.
func (s *session) addFromTemplate(p *portfolio.Portfolio, tpl *fill.Template, base portfolio.Entry, doc, title string, asJSON bool) error {
	e, err := fill.FillFromMarkdown(tpl, doc, p.Today())
	var problems *fill.TemplateProblems
	if errors.As(err, &problems) {
		return clienv.Usagef("the entry does not fit template %s, so nothing was saved: %s; 'folio templates show %s' prints its headings", tpl.Name, sanitize.Text(problems.Error()), tpl.Name)
	}
	if err != nil {
		return err
	}
	if title != "" {
		e.Title = title
	}
	if e.Title == "" {
		return clienv.Usagef("the entry has no title: pass --title or start the document with a '# ' line")
	}
	if !base.Functions.Empty() {
		e.Functions = base.Functions
	}
	e.Tags, e.Date, e.GoalIDs, e.ActionIDs = base.Tags, base.Date, base.GoalIDs, base.ActionIDs
	e.Sharing, e.Discuss = base.Sharing, base.Discuss
	e.Outcomes, e.RelationshipID = base.Outcomes, base.RelationshipID
	saved, err := fill.SaveFromTemplate(p, tpl, e)
	if err != nil {
		return err
	}
	s.WarnFindings(colleagueFree(tpl, doc, identify.Find(doc)))
	if saved.Entry != nil {
		err = s.attachAdded(p, saved.Entry.ID)
	} else if saved.Goal != nil { // a template that makes a goal keeps the files with it
		err = s.attachAdded(p, saved.Goal.ID)
	}
	if err != nil {
		return err
	}
	s.signpostAfterSave(saved.Entry)
	switch {
	case saved.Goal != nil:
		if asJSON {
			return clienv.WriteJSON(s.Stdout, goals.WithPlan(p, saved.Goal))
		}
		fmt.Fprintln(s.Stdout, saved.Goal.ID)
		fmt.Fprintf(s.Stderr, "Goal saved with %d action%s; 'folio goal show %s' shows the plan.\n", len(saved.Actions), clienv.Plural(len(saved.Actions)), saved.Goal.ID.Short())
		return nil
	case asJSON:
		return clienv.WriteJSON(s.Stdout, saved.Entry)
	}
	fmt.Fprintln(s.Stdout, saved.Entry.ID)
	if len(saved.Actions) == 1 && saved.Entry.ActionIDs[0] == saved.Actions[0].ID {
		fmt.Fprintf(s.Stderr, "Action %s is marked done, with this reflection linked.\n", saved.Actions[0].ID.Short())
	}
	return nil
}

// colleagueFree drops from found the contact details (an email, a phone number, a
// name) written under the heading of a template field that holds a colleague's, such
// as the peer of a GPhC peer discussion: they are how a colleague is reached, not a
// patient's identifiers, and the template requires them.
func colleagueFree(tpl *fill.Template, doc string, found []identify.Finding) []identify.Finding {
	var colleague []string
	for _, f := range tpl.Fields {
		if f.Colleague {
			colleague = append(colleague, strings.Join(strings.Fields(f.Label), " "))
		}
	}
	if len(colleague) == 0 {
		return found
	}
	inField := map[int]bool{} // line numbers, from 1, under a colleague field's heading
	under := false
	for i, line := range strings.Split(doc, "\n") {
		if h, ok := strings.CutPrefix(strings.TrimSpace(line), "## "); ok {
			h = strings.Join(strings.Fields(strings.TrimRight(h, "# ")), " ")
			under = slices.ContainsFunc(colleague, func(c string) bool { return strings.EqualFold(c, h) })
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "# ") {
			under = false
		}
		inField[i+1] = under
	}
	return slices.DeleteFunc(found, func(f identify.Finding) bool { return f.Kind.Contact() && inField[f.Line] })
}

func showCmd(s *session) *cobra.Command {
	var asJSON, markdown bool
	var version int
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show an entry, goal, action, relationship, meeting or received document",
		Example: `folio show 3kq9
folio show 3kq9 --json
folio show 3kq9 --version 2`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "ID (its first characters are enough), as in: folio show 3kq9")
			if err != nil {
				return err
			}
			if c.Flags().Changed("version") {
				if version < 1 || markdown {
					return clienv.Usagef("--version needs a version number from 1 up (`folio history %s` lists them), without --markdown", arg)
				}
				return runShowVersion(s, arg, version, asJSON)
			}
			return runShow(s, arg, asJSON, markdown)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&markdown, "markdown", false, "print an entry as the Markdown document 'folio edit ID' reads back")
	c.Flags().IntVar(&version, "version", 0, "show version `N` of the record, as 'folio history ID' lists them")
	return c
}

func runShow(s *session, arg string, asJSON, markdown bool) (err error) {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	id, kind, err := p.Resolve(arg, "")
	if err != nil {
		return err
	}
	defer func() {
		if err == nil && !asJSON && !markdown {
			err = s.showAttachments(p, id)
		}
	}()
	switch kind {
	case portfolio.KindGoal:
		return goals.ShowGoal(s.Session, p, id, asJSON)
	case portfolio.KindRelationship:
		r, _ := mentorship.Relationship(p, id)
		return mentoring.ShowRelationship(s.Session, p, r, asJSON)
	case portfolio.KindMeeting:
		return mentoring.ShowMeeting(s.Session, p, id, asJSON)
	case portfolio.KindReceived:
		return documents.ShowReceived(s.Session, p, id, asJSON)
	case portfolio.KindAction:
		a, _ := pgoals.Action(p, id)
		if asJSON {
			return clienv.WriteRecordJSON(s.Stdout, p, id, a)
		}
		fmt.Fprintln(s.Stdout, clienv.ActionLine(p, a))
		return nil
	}
	e, _ := p.Entry(id)
	if asJSON {
		return clienv.WriteRecordJSON(s.Stdout, p, id, e)
	}
	if markdown {
		fmt.Fprint(s.Stdout, sanitize.Text(entryDocument(e)))
		return nil
	}
	w := s.Stdout
	fmt.Fprintf(w, "# %s\n\n", sanitize.Text(e.Title))
	fmt.Fprintf(w, "ID:        %s\n", e.ID)
	fmt.Fprintf(w, "Date:      %s\n", e.Date)
	fmt.Fprintf(w, "Functions: %s\n", strings.Join(e.Functions.Names(), ", "))
	if len(e.Tags) > 0 {
		fmt.Fprintf(w, "Tags:      %s\n", sanitize.Text(strings.Join(e.Tags, ", ")))
	}
	if e.Template != "" {
		fmt.Fprintf(w, "Template:  %s\n", sanitize.Text(e.Template))
	}
	if e.RecordKind != "" {
		fmt.Fprintf(w, "Record:    %s\n", sanitize.Text(strings.ReplaceAll(string(e.RecordKind), "_", " ")))
	}
	for _, gid := range e.GoalIDs {
		if g, ok := pgoals.Get(p, gid); ok {
			fmt.Fprintf(w, "Goal:      %s %s\n", g.ID.Short(), sanitize.Text(g.Title))
		} else if note := clienv.TrashNote(p, gid); note != "" {
			fmt.Fprintf(w, "Goal:      %s%s\n", gid.Short(), note)
		}
	}
	for _, aid := range e.ActionIDs {
		if a, ok := pgoals.Action(p, aid); ok {
			fmt.Fprintf(w, "Action:    %s %s\n", a.ID.Short(), sanitize.Text(a.What))
		} else if note := clienv.TrashNote(p, aid); note != "" {
			fmt.Fprintf(w, "Action:    %s%s\n", aid.Short(), note)
		}
	}
	s.writeOutcomes(w, e)
	if r, ok := mentorship.Relationship(p, e.RelationshipID); ok {
		fmt.Fprintf(w, "With:      %s %s\n", r.ID.Short(), sanitize.Line(r.Title()))
	}
	fmt.Fprintf(w, "Written:   %s\n", e.Created.Local().Format("2006-01-02 15:04"))
	if text := e.Text(); text != "" {
		fmt.Fprintf(w, "\n%s\n", sanitize.Text(text))
	}
	s.showSignposting(e)
	return nil
}

// showSignposting lists support services after an entry whose template asks for
// them (the restorative ones).
func (s *session) showSignposting(e *portfolio.Entry) {
	if e.Template == "" {
		return
	}
	l, err := s.Library()
	if err != nil {
		return
	}
	t, err := l.Get(e.Template)
	if err != nil || !t.Signposting {
		return
	}
	fmt.Fprint(s.Stdout, "\n---\n")
	clienv.WriteSignposting(s.Stdout, l.Signposting())
}
