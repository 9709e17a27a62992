package documents

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// docFlags are the flags of the document exports (meeting, summary, revalidation):
// where it goes, in what format, what private items it may carry, and the answer to
// the identifier check.
type docFlags struct {
	dest           clienv.ExportDest
	format         string
	includePrivate bool
	yes            bool
	// askPassword and passwordFile protect a PDF with a password; password is what
	// prepare read.
	askPassword  bool
	passwordFile string
	password     string
	// bundle writes a .zip with the document and its records' files.
	bundle bool
}

func (f *docFlags) register(fs *pflag.FlagSet) {
	f.dest.Register(fs)
	fs.StringVar(&f.format, "format", "", "md, html or pdf (default: from the --out name, else md)")
	fs.BoolVar(&f.includePrivate, "include-private", false, "include private entries that are otherwise selected or named")
	fs.BoolVar(&f.yes, "yes", false, "write even if the identifier check finds something")
	fs.BoolVar(&f.askPassword, "password", false, "protect the PDF with a password, asked twice at the terminal")
	fs.StringVar(&f.passwordFile, "password-file", "", "protect the PDF with the password on the first line of this file")
}

// registerBundle adds --attachments, for the documents that list attached files.
func (f *docFlags) registerBundle(fs *pflag.FlagSet) {
	fs.BoolVar(&f.bundle, "attachments", false, "write a .zip holding the document and the files attached to its records (--out FILE.zip); --to or --password encrypt the whole bundle")
}

// maxPasswordFile bounds a --password-file: a password is one short line.
const maxPasswordFile = 4096

// readPassword settles the PDF's password, if one is asked for, before the vault is
// opened.
func (f *docFlags) readPassword(s *session, format render.Format) error {
	if !f.askPassword && f.passwordFile == "" {
		return nil
	}
	switch {
	case f.askPassword && f.passwordFile != "":
		return clienv.Usagef("give the password once: --password asks for it, --password-file reads it")
	case format != render.PDF && !f.bundle:
		return clienv.Usagef("a password protects a PDF; add --format pdf or name the file .pdf")
	case len(f.dest.To)+len(f.dest.ToFiles) > 0:
		return clienv.Usagef("choose --to (age) or --password (a PDF password), not both")
	}
	if f.passwordFile != "" {
		b, err := s.ReadInput(f.passwordFile, maxPasswordFile)
		if err != nil {
			return err
		}
		line, _, _ := strings.Cut(string(b), "\n")
		f.password = strings.TrimSuffix(line, "\r")
	} else {
		pw, err := s.Prompt("Password for the PDF: ")
		if err != nil {
			if err == clienv.ErrNoTerminal {
				return clienv.Usagef("no terminal to ask for the PDF's password on; use --password-file FILE")
			}
			return err
		}
		again, err := s.Prompt("Repeat it: ")
		if err != nil {
			return err
		}
		if string(pw) != string(again) {
			return clienv.Usagef("the two passwords differ; nothing was written")
		}
		f.password = string(pw)
	}
	// Checked now, so a password the PDF cannot take costs no passphrase. A bundle
	// is encrypted to the password whole (the PDF inside is not), under the same
	// rules for what a password must be.
	return render.CheckPDFPassword(f.password)
}

// prepare settles the format and the destination before the vault is opened, so a
// bad flag costs no passphrase.
func (f *docFlags) prepare(s *session) (render.Format, error) {
	format := render.FormatFor(f.dest.Out)
	if f.bundle {
		format = render.FormatFor(strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(f.dest.Out), ".age"), ".zip"))
		if err := f.checkBundle(); err != nil {
			return "", err
		}
	}
	if f.format != "" {
		var err error
		if format, err = render.ParseFormat(f.format); err != nil {
			return "", err
		}
	} else if err := checkDocName(f.dest.Out, f.bundle); err != nil {
		return "", err
	}
	encrypted := len(f.dest.To)+len(f.dest.ToFiles) > 0
	if f.dest.Out == "" || f.dest.Out == "-" {
		// Text goes to standard output when no file is named; so does binary output
		// into a pipe or a file, never onto a terminal.
		if s.StdoutTerminal {
			switch {
			case encrypted && !f.dest.Armor:
				return "", clienv.Usagef("an encrypted export is binary; write it to a file with --out FILE, pipe it, or add --armor for text")
			case !encrypted && !format.Text():
				return "", clienv.Usagef("a PDF export is binary; write it to a file with --out FILE.pdf, or pipe it")
			}
		}
		f.dest.Out = "-"
	}
	if err := f.dest.Check(); err != nil {
		return "", err
	}
	return format, f.readPassword(s, format)
}

// checkDocName refuses a file named for a format folio does not write (summary.docx):
// the format comes from the name, and such a name would get Markdown under it.
func checkDocName(out string, bundle bool) error {
	name := strings.TrimSuffix(strings.ToLower(out), ".age")
	if bundle {
		name = strings.TrimSuffix(name, ".zip")
	}
	switch ext := filepath.Ext(name); ext {
	case "", ".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf":
		return nil
	default:
		return clienv.Usagef("folio writes documents as Markdown, HTML or PDF, not %s; name the file .md, .html or .pdf, or pass --format", ext)
	}
}

// renderAndScan renders d and checks it for identifiers side by side: both only
// read d, and on a summary of everything they are most of an export's time.
func renderAndScan(d document.Doc, format render.Format) ([]byte, []document.Finding, error) {
	scanned := make(chan []document.Finding, 1)
	go func() { scanned <- document.Scan(d) }()
	data, err := render.Render(d, format)
	findings := <-scanned
	return data, findings, err
}

// write renders the document, checks it for identifiers, and writes it only once the
// person has confirmed what was found. Nothing is written on refusal.
func (f *docFlags) write(s *session, p *portfolio.Portfolio, d document.Doc, format render.Format) error {
	// A contact's name that is not kept is refused before the document is checked.
	if err := f.dest.Resolve(p); err != nil {
		return err
	}
	data, findings, err := renderAndScan(d, format)
	if err != nil {
		return err
	}
	if err := f.checkFindings(s, findings); err != nil {
		return err
	}
	if format == render.PDF {
		// Never a silent substitute: the PDF says it at its top, and so does this.
		if notice := render.MissingNotice(render.MissingGlyphs(d)); notice != "" {
			fmt.Fprintf(s.Stderr, "folio: %s\n", notice)
		}
	}
	if f.bundle {
		return f.finishBundle(s, p, d, format, data)
	}
	if f.password != "" {
		if data, err = render.EncryptPDF(data, f.password); err != nil {
			return err
		}
	}
	encrypted, err := f.dest.Write(s.Session, p, data)
	if err != nil {
		return err
	}
	f.wrote(s, encrypted)
	return nil
}

// checkFindings lists what the identifier check found and asks whether to write
// anyway (confirm); nothing found, nothing asked.
func (f *docFlags) checkFindings(s *session, findings []document.Finding) error {
	if len(findings) == 0 {
		return nil
	}
	fmt.Fprintf(s.Stderr, "folio: the export may identify someone; %d %s to check:\n", len(findings), clienv.PluralWord(len(findings), "thing", "things"))
	for _, fd := range findings {
		fmt.Fprintf(s.Stderr, "  - %s\n", sanitize.Line(fd.String()))
	}
	return f.confirm(s)
}

// wrote says where the export went and how it is protected.
func (f *docFlags) wrote(s *session, encrypted bool) {
	if f.dest.Out != "-" {
		fmt.Fprintf(s.Stderr, "Wrote %s.\n", f.dest.Out)
	}
	if f.password != "" && f.dest.Out != "-" {
		fmt.Fprintln(s.Stderr, "It opens with the password: send the password another way than the file (say it, or text it).")
	} else if !encrypted && f.dest.Out != "-" {
		fmt.Fprintln(s.Stderr, "It is not encrypted: keep it somewhere private, or export again with --to to encrypt it.")
	}
}

// confirm asks whether to write an export with findings: --yes answers on the
// command line; otherwise the terminal is asked, and without one the answer is no.
func (f *docFlags) confirm(s *session) error {
	refused := clienv.Usagef("nothing was written: the export may identify a patient (listed above); anonymise the entries, or pass --yes to write it anyway")
	if f.yes {
		// Present tense: a streamed export with --yes lists its findings once written.
		fmt.Fprintln(s.Stderr, "The export is written anyway, as --yes asks.")
		return nil
	}
	if !s.Terminal || s.PassphraseFile == "-" {
		return refused
	}
	fmt.Fprint(s.Stderr, "Write the export anyway? [y/N] ")
	line, _ := bufio.NewReader(s.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return refused
}

func exportMeetingCmd(s *session) *cobra.Command {
	var f docFlags
	var meeting string
	var entries []string
	c := &cobra.Command{
		Use:   "meeting RELATIONSHIP",
		Short: "A summary to share before or after a mentoring meeting",
		Example: `folio export meeting "Dr Adebayo" --out meeting.md
folio export meeting 4m2x --entry 3kq9 --format pdf --out meeting.pdf
folio export meeting "Dr Adebayo" --attachments --format pdf --out meeting.zip`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			return runExportMeeting(s, f, arg, meeting, entries)
		},
	}
	f.register(c.Flags())
	f.registerBundle(c.Flags())
	c.Flags().StringVar(&meeting, "meeting", "", "the meeting (default: the next one, else the last one held)")
	clienv.StringList(c.Flags(), &entries, "entry", "also include this entry; repeatable")
	return c
}

func runExportMeeting(s *session, f docFlags, arg, meeting string, entries []string) error {
	format, err := f.prepare(s)
	if err != nil {
		return err
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := s.ResolveRelationship(p, arg)
	if err != nil {
		return err
	}
	opts := document.Options{IncludePrivate: f.includePrivate}
	for _, ref := range entries {
		id, _, err := p.Resolve(ref, portfolio.KindEntry)
		if err != nil {
			return err
		}
		opts.Picked = append(opts.Picked, id)
	}
	var meetingID portfolio.ID
	if meeting != "" {
		if meetingID, _, err = p.Resolve(meeting, portfolio.KindMeeting); err != nil {
			return err
		}
	}
	d, err := document.MeetingSummary(p, r.ID, meetingID, opts)
	if err != nil {
		return err
	}
	return f.write(s, p, d, format)
}

func exportSummaryCmd(s *session) *cobra.Command {
	var f docFlags
	var since, until, tag string
	var functions []string
	c := &cobra.Command{
		Use:   "summary --since DATE",
		Short: "A summary of a period, for appraisal or a supervisor",
		Example: `folio export summary --since "1 April" --until "31 March 2027" --out year.html
folio export summary --since 2026-01-01 --function formative`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "give the period with --since and --until"); err != nil {
				return err
			}
			return runExportSummary(s, f, since, until, tag, functions)
		},
	}
	fs := c.Flags()
	f.register(fs)
	fs.StringVar(&since, "since", "", "the first day of the period")
	fs.StringVar(&until, "until", "", "the last day of the period (default today)")
	clienv.StringList(fs, &functions, "function", "only entries under this Proctor function; repeatable")
	fs.StringVar(&tag, "tag", "", "only entries with this tag")
	return c
}

func runExportSummary(s *session, f docFlags, since, until, tag string, functions []string) error {
	var err error
	if since == "" {
		return clienv.Usagef("export summary needs --since DATE: the first day of the period")
	}
	today := calendar.DateOf(s.Now())
	q := document.SummaryQuery{Until: today, Tag: strings.TrimPrefix(tag, "#"), IncludePrivate: f.includePrivate}
	if q.Since, err = calendar.ParsePastDate(since, today); err != nil {
		return err
	}
	if until != "" {
		if q.Until, err = s.PastDate(until); err != nil {
			return err
		}
	}
	if q.Functions, err = portfolio.ParseFunctions(functions); err != nil {
		return err
	}
	format, err := f.prepare(s)
	if err != nil {
		return err
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	st, err := document.PeriodSummaryStreamed(p, q)
	if err != nil {
		return err
	}
	st.Doc = s.withCoverage(p, st.Doc, portfolio.Query{Since: q.Since, Until: q.Until, Functions: q.Functions, Tag: q.Tag})
	if format == render.Markdown {
		// Markdown is drawn as its records are read; HTML and PDF are laid out
		// whole (a PDF's pages and outline need all of it), so they hold it.
		return f.writeStreamed(s, p, st)
	}
	d, err := st.Whole()
	if err != nil {
		return err
	}
	return f.write(s, p, d, format)
}

func exportRevalidationCmd(s *session) *cobra.Command {
	var f docFlags
	var renewal string
	c := &cobra.Command{
		Use:   "revalidation",
		Short: "The GPhC records for a renewal, ready to paste, with readiness",
		Example: `folio export revalidation --renewal "30 June 2027" --out revalidation.md
folio export revalidation --format pdf --out revalidation.pdf
folio export revalidation --attachments --format pdf --out revalidation.zip.age --to age1...`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "give the date with --renewal"); err != nil {
				return err
			}
			return runExportRevalidation(s, f, renewal)
		},
	}
	f.register(c.Flags())
	f.registerBundle(c.Flags())
	c.Flags().StringVar(&renewal, "renewal", "", "the renewal date (default: the one set with 'folio settings --renewal')")
	return c
}

func runExportRevalidation(s *session, f docFlags, renewal string) error {
	date, err := s.FutureDate(renewal)
	if err != nil {
		return err
	}
	format, err := f.prepare(s)
	if err != nil {
		return err
	}
	dir, err := s.Dirs().Config()
	if err != nil {
		return err
	}
	rules, err := revalidation.LoadRules(dir)
	if err != nil {
		return err
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	if date.IsZero() {
		if date = p.Settings().RenewalDate; date.IsZero() {
			return clienv.Usagef("no renewal date: pass --renewal DATE, or set it with 'folio settings --renewal DATE'")
		}
	}
	d, r := document.RevalidationPack(p, date, rules, f.includePrivate)
	d = s.withCoverage(p, d, portfolio.Query{Since: r.From, Until: r.Until})
	fmt.Fprintf(s.Stderr, "%s: %s.\n", r.Headline(), r.Summary())
	return f.write(s, p, d, format)
}
