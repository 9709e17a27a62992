package cli

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/sanitize"
)

// docFlags are the flags of the document exports (meeting, summary, revalidation):
// where it goes, in what format, what private items it may carry, and the answer to
// the identifier check.
type docFlags struct {
	dest           exportDest
	format         string
	includePrivate bool
	yes            bool
}

func (f *docFlags) register(fs *flag.FlagSet) {
	f.dest.register(fs)
	fs.StringVar(&f.format, "format", "", "md, html or pdf (default: from the --out name, else md)")
	fs.BoolVar(&f.includePrivate, "include-private", false, "include private entries that are otherwise selected or named")
	fs.BoolVar(&f.yes, "yes", false, "write even if the identifier check finds something")
}

// prepare settles the format and the destination before the vault is opened, so a
// bad flag costs no passphrase.
func (f *docFlags) prepare() (render.Format, error) {
	format := render.FormatFor(f.dest.out)
	if f.format != "" {
		var err error
		if format, err = render.ParseFormat(f.format); err != nil {
			return "", err
		}
	}
	encrypted := len(f.dest.to)+len(f.dest.toFiles) > 0
	if f.dest.out == "" || f.dest.out == "-" {
		switch {
		case encrypted && !f.dest.armor:
			return "", usagef("an encrypted export is binary; write it to a file with --out FILE, or add --armor for text")
		case !encrypted && !format.Text():
			return "", usagef("a PDF export needs a file: add --out FILE.pdf")
		}
		// Text goes to standard output when no file is named.
		f.dest.out = "-"
	}
	return format, f.dest.check()
}

// write renders the document, checks it for identifiers, and writes it only once the
// person has confirmed what was found. Nothing is written on refusal.
func (f *docFlags) write(s *session, d document.Doc, format render.Format) error {
	data, err := render.Render(d, format)
	if err != nil {
		return err
	}
	if findings := document.Scan(d); len(findings) > 0 {
		fmt.Fprintf(s.Stderr, "folio: the export may identify someone; %d %s to check:\n", len(findings), pluralWord(len(findings), "thing", "things"))
		for _, fd := range findings {
			fmt.Fprintf(s.Stderr, "  - %s\n", sanitize.Line(fd.String()))
		}
		if err := f.confirm(s); err != nil {
			return err
		}
	}
	encrypted, err := f.dest.write(s, data)
	if err != nil {
		return err
	}
	if f.dest.out != "-" {
		fmt.Fprintf(s.Stderr, "Wrote %s.\n", f.dest.out)
	}
	if !encrypted && f.dest.out != "-" {
		fmt.Fprintln(s.Stderr, "It is not encrypted: keep it somewhere private, or export again with --to to encrypt it.")
	}
	return nil
}

// confirm asks whether to write an export with findings: --yes answers on the
// command line; otherwise the terminal is asked, and without one the answer is no.
func (f *docFlags) confirm(s *session) error {
	refused := usagef("nothing was written: the export may identify a patient (listed above); anonymise the entries, or pass --yes to write it anyway")
	if f.yes {
		fmt.Fprintln(s.Stderr, "Writing it anyway, as --yes asks.")
		return nil
	}
	if !s.Terminal || s.passphraseFile == "-" {
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

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func runExportMeeting(s *session, args []string) error {
	var f docFlags
	var meeting string
	var entries stringList
	fs := s.flags("export meeting", "RELATIONSHIP [--meeting ID] [--entry ID]... [--include-private] [--format md|html|pdf] [--out FILE] [--to age1...] [--yes]")
	f.register(fs)
	fs.StringVar(&meeting, "meeting", "", "the meeting (default: the next one, else the last one held)")
	fs.Var(&entries, "entry", "also include this entry; repeatable")
	arg, err := parseOne(fs, args, "relationship: its ID or the other person's name")
	if err != nil {
		return err
	}
	format, err := f.prepare()
	if err != nil {
		return err
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := s.resolveRelationship(p, arg)
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
	return f.write(s, d, format)
}

func runExportSummary(s *session, args []string) error {
	var f docFlags
	var since, until, tag string
	var functions stringList
	fs := s.flags("export summary", "--since DATE [--until DATE] [--function F]... [--tag T] [--include-private] [--format md|html|pdf] [--out FILE] [--to age1...] [--yes]")
	f.register(fs)
	fs.StringVar(&since, "since", "", "the first day of the period")
	fs.StringVar(&until, "until", "", "the last day of the period (default today)")
	fs.Var(&functions, "function", "only entries under this Proctor function; repeatable")
	fs.StringVar(&tag, "tag", "", "only entries with this tag")
	err := parseNoArgs(fs, args, "give the period with --since and --until")
	if err != nil {
		return err
	}
	if since == "" {
		return usagef("export summary needs --since DATE: the first day of the period")
	}
	today := portfolio.DateOf(s.Now())
	q := document.SummaryQuery{Until: today, Tag: strings.TrimPrefix(tag, "#"), IncludePrivate: f.includePrivate}
	if q.Since, err = portfolio.ParseDate(since, today); err != nil {
		return err
	}
	if until != "" {
		if q.Until, err = s.date(until); err != nil {
			return err
		}
	}
	if q.Functions, err = portfolio.ParseFunctions(functions); err != nil {
		return err
	}
	format, err := f.prepare()
	if err != nil {
		return err
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	d, err := document.PeriodSummary(p, q)
	if err != nil {
		return err
	}
	return f.write(s, d, format)
}

func runExportRevalidation(s *session, args []string) error {
	var f docFlags
	var renewal string
	fs := s.flags("export revalidation", "[--renewal DATE] [--include-private] [--format md|html|pdf] [--out FILE] [--to age1...] [--yes]")
	f.register(fs)
	fs.StringVar(&renewal, "renewal", "", "the renewal date (default: the one set with 'folio settings --renewal')")
	if err := parseNoArgs(fs, args, "give the date with --renewal"); err != nil {
		return err
	}
	date, err := s.date(renewal)
	if err != nil {
		return err
	}
	format, err := f.prepare()
	if err != nil {
		return err
	}
	dir, err := portfolio.ConfigDir(s.Getenv)
	if err != nil {
		return err
	}
	rules, err := revalidation.LoadRules(dir)
	if err != nil {
		return err
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	if date.IsZero() {
		if date = p.Settings().RenewalDate; date.IsZero() {
			return usagef("no renewal date: pass --renewal DATE, or set it with 'folio settings --renewal DATE'")
		}
	}
	d, r := document.RevalidationPack(p, date, rules, f.includePrivate)
	fmt.Fprintf(s.Stderr, "%s: %s.\n", r.Headline(), r.Summary())
	return f.write(s, d, format)
}
