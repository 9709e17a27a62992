package documents

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/inert"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func exportAllCmd(s *session) *cobra.Command {
	var dest clienv.ExportDest
	var currentOnly bool
	c := &cobra.Command{
		Use:   "all --out FILE.json|FILE.zip",
		Short: "Everything in the vault, history and trash included, as a JSON archive; in a .zip with the attached files",
		Long: "Everything in the vault, its history and trash included, as a versioned JSON archive (docs/EXPORT.md). " +
			"With --out FILE.zip the attached files go with it, in a container that folio import reads back; " +
			"a .json archive names them and leaves them out.",
		Example: `folio export all --out folio.json
folio export all --out folio.zip
folio export all --out folio.json.age --to age1... 
folio export all --out current.json --current-only
folio export all --out - --to-file recipients.txt --armor | mail -s backup me@example.org`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "name the file with --out"); err != nil {
				return err
			}
			return runExportAll(s, dest, currentOnly)
		},
	}
	dest.Register(c.Flags())
	c.Flags().BoolVar(&currentOnly, "current-only", false, "leave out the history and the trash: the records as they are now (an archive of version 1)")
	return c
}

func runExportAll(s *session, dest clienv.ExportDest, currentOnly bool) error {
	if err := dest.Check(); err != nil {
		return err
	}
	if err := dest.RefuseBinaryOnTerminal(s.Session); err != nil {
		return err
	}
	asZip := isZipName(dest.Out)
	if asZip {
		if err := checkZipDest(dest); err != nil {
			return err
		}
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	a := archive.Current(p)
	if !currentOnly {
		if a, err = archive.FullArchive(p); err != nil {
			return err
		}
	}
	if err := archive.AddAttachments(p, a); err != nil {
		return err
	}
	data, err := interchange.MarshalArchive(a)
	if err != nil {
		return err
	}
	// The archive may go to a terminal (--out -) or be read in one: C1 and bidi
	// controls in the text become \u escapes, which JSON reads back as the same text.
	data = inert.JSON(data)
	encrypted := false
	if asZip {
		err = writeArchiveZip(s, p, dest, data, a)
	} else {
		encrypted, err = dest.Write(s.Session, p, data)
	}
	if err != nil {
		return err
	}
	if dest.Out != "-" {
		fmt.Fprintf(s.Stderr, "Wrote %s, %s, %s, %s, %s, %s, %s, %s and %s to %s.\n",
			count(len(a.Entries), "entry", "entries"), count(len(a.Goals), "goal", "goals"), count(len(a.Actions), "action", "actions"),
			count(len(a.Relationships), "relationship", "relationships"), count(len(a.Meetings), "meeting", "meetings"),
			count(len(a.Ratings), "rating", "ratings"), count(len(a.Received), "received document", "received documents"),
			count(len(a.Contacts), "contact", "contacts"), count(len(a.Evaluations), "evaluation", "evaluations"), dest.Out)
		if !currentOnly {
			versions, trashed := 0, 0
			for _, h := range a.History {
				versions += len(h.Versions)
				if h.Versions[len(h.Versions)-1].Deleted {
					trashed++
				}
			}
			fmt.Fprintf(s.Stderr, "With the history: %s of %s, %d of them in the trash.\n",
				count(versions, "version", "versions"), count(len(a.History), "record", "records"), trashed)
		}
		if asZip {
			files, _ := archive.ArchiveFiles(a)
			fmt.Fprintf(s.Stderr, "With %d attached file%s (%d distinct).\n", len(a.Attachments), clienv.Plural(len(a.Attachments)), len(files))
		}
	}
	if !asZip {
		leftOutNote(s, a)
	}
	switch {
	case asZip:
		fmt.Fprintln(s.Stderr, "The archive and its files are not encrypted: keep them somewhere private.")
	case !encrypted:
		fmt.Fprintln(s.Stderr, "The archive is not encrypted: keep it somewhere private, or export again with --to to encrypt it.")
	}
	return nil
}

// import sources.
const (
	fromArchive  = "archive"
	fromJrnl     = "jrnl"
	fromMarkdown = "markdown"
)

func importCmd(s *session) *cobra.Command {
	var fn, from string
	var skipBad bool
	c := &cobra.Command{
		Use:   "import FILE|FOLDER|-",
		Short: "Import a folio archive, a jrnl JSON export or Markdown files",
		Example: `folio import folio.json
jrnl --export json | folio import - --from jrnl --function formative
folio import ~/notes --function formative
folio import ~/notes --function formative --skip-bad`,
		// Errors from it may quote file names and text from the import, so they are
		// made inert before they reach the terminal.
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "file or folder: a folio archive, a jrnl JSON export, or Markdown")
			if err != nil {
				return err
			}
			if err := importFile(s, arg, fn, from, skipBad); err != nil {
				return inertError{err}
			}
			return nil
		},
	}
	c.Flags().StringVar(&fn, "function", "", "the Proctor function of entries whose source gives none")
	c.Flags().BoolVar(&skipBad, "skip-bad", false, "import the entries that can be read and list the files or entries left out")
	c.Flags().StringVar(&from, "from", "", "what FILE is: archive (folio's own), jrnl (jrnl --export json) or markdown (a .md file or a folder); by default it is recognised")
	return c
}

// inertError shows an error with control characters made inert, keeping what it wraps
// for the exit status.
type inertError struct{ err error }

func (e inertError) Error() string { return sanitize.Line(e.err.Error()) }
func (e inertError) Unwrap() error { return e.err }

func importFile(s *session, arg, fn, from string, skipBad bool) error {
	var err error
	path := arg
	var fallback portfolio.Functions
	if fn != "" {
		if fallback, err = portfolio.ParseFunctions([]string{fn}); err != nil {
			return err
		}
	}
	if path != "-" && isZipName(path) {
		return importZip(s, path, from)
	}
	if done, err := importArchiveFile(s, path, from); done || err != nil {
		return err
	}
	p, done, err := importJrnlFile(s, path, from, fallback, skipBad)
	if done || err != nil {
		return err
	}
	if p != nil {
		defer p.Close()
	}
	data, from, err := readImport(s, path, from)
	if err != nil {
		return err
	}
	if (from != fromMarkdown || path == "-") && len(bytes.TrimSpace(data)) == 0 {
		// Said plainly rather than as JSON that ends too soon.
		return clienv.Usagef("%s is empty; there is nothing to import", importName(path))
	}
	if interchange.IsZip(data) {
		return clienv.Usagef("%s is a zip file; name it with .zip to import it as an archive with its attached files (standard input cannot be read a file at a time)", importName(path))
	}

	if p == nil {
		if p, err = s.Open(false); err != nil {
			return err
		}
		defer p.Close()
	}
	name := importName(path)
	if from != fromMarkdown && share.IsAgeFile(data) {
		// Only folio's own archive is exported encrypted to a vault's key.
		if data, err = share.DecryptForVault(p, data, name); err != nil {
			return err
		}
		if from == "" {
			from = fromArchive
		}
	}
	if from == "" {
		from = sniffJSON(data)
	}
	rep, err := importAs(p, from, path, name, data, fallback, skipBad, lightImportFrom(s))
	if err != nil {
		return err
	}
	printReport(s, rep)
	return nil
}

// importName is how an import's errors name the file: as it was given, so a device
// or pipe (/dev/stdin, /dev/fd/3) is named as the user named it rather than by its
// last element.
func importName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// importArchiveFile imports path if it is a file of at least LightImportFrom
// bytes that starts as folio writes its archive (a JSON object whose first key is
// "format"), reading it a record at a time rather than whole, and each entry's text again when it is checked and when
// it is written (interchange.ReadArchiveLight); done is false for any other
// file, which readImport reads.
func importArchiveFile(s *session, path, from string) (done bool, err error) {
	if path == "-" || (from != "" && from != fromArchive) || isMarkdownName(path) {
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false, nil
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if !interchange.StartsAsArchive(head[:n]) {
		return false, nil
	}
	if st.Size() > portfolio.MaxImportBytes {
		return true, clienv.Usagef("%s is %d MiB; the most folio reads is %d MiB", path, st.Size()>>20, portfolio.MaxImportBytes>>20)
	}
	if st.Size() < lightImportFrom(s) {
		return false, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return true, err
	}
	p, err := s.Open(false)
	if err != nil {
		return true, err
	}
	defer p.Close()
	defer holdHeap(lightImportMemory(st.Size()))()
	checked := precheck.New(p)
	a, err := interchange.ReadArchiveLight(f, st.Size(), importName(path), checked.Check)
	if err != nil {
		return true, err
	}
	if a.Bodies != nil {
		a.Checked = checked
	}
	rep, err := archive.ImportArchiveTaking(p, a, nil)
	if err != nil {
		return true, err
	}
	printReport(s, rep)
	return true, nil
}

// importJrnlFile imports path if it is a file of at least LightImportFrom bytes
// that starts as a JSON object (not folio's archive) and may be a jrnl export,
// reading it a record at a time
// rather than whole, and each entry's text again when it is written
// (interchange.ImportJrnlFile). done is false for any other file, and for one the
// stream does not read (any error in it), with nothing written: readImport reads
// it whole, so every message is as before. p is the vault, if it was opened, for
// the import that follows.
func importJrnlFile(s *session, path, from string, fallback portfolio.Functions, skipBad bool) (p *portfolio.Portfolio, done bool, err error) {
	if path == "-" || (from != "" && from != fromJrnl) || isMarkdownName(path) || fallback.Empty() {
		return nil, false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > portfolio.MaxImportBytes || st.Size() < lightImportFrom(s) {
		return nil, false, nil
	}
	// A JSON object, neither empty, a zip file nor encrypted: what readImport and
	// the checks after it find before the vault is opened, it lets through.
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if t := bytes.TrimLeft(head[:n], " \t\r\n"); len(t) == 0 || t[0] != '{' || interchange.StartsAsArchive(head[:n]) {
		return nil, false, nil
	}
	if p, err = s.Open(false); err != nil {
		return nil, true, err
	}
	rep, ok, err := interchange.ImportJrnlFile(p, f, st.Size(), importName(path), fallback, time.Local, interchange.EntryImportOptions{SkipBad: skipBad})
	if !ok {
		return p, false, nil
	}
	defer p.Close()
	if err != nil {
		return nil, true, err
	}
	printReport(s, rep)
	return nil, true, nil
}

// lightImportFrom is the size from which a file is imported a record at a time.
func lightImportFrom(s *session) int64 {
	if s.LightImportFrom > 0 {
		return s.LightImportFrom
	}
	return clienv.DefaultLightImportFrom
}

// printReport says what an import did, one line a kind.
func printReport(s *session, rep *archive.Report) {
	for _, l := range rep.Lines() {
		// File names and text from the import are shown inert.
		fmt.Fprintln(s.Stdout, sanitize.Line(l))
	}
	if rep.Changed() == 0 && len(rep.Skipped) == 0 && rep.AttachmentsLeftOut == 0 {
		fmt.Fprintln(s.Stdout, "Nothing changed: the vault holds all of it already.")
	}
}

// readImport checks --from against what path is and reads the file, before the
// vault is opened. A Markdown file or folder is left for ReadMarkdown to read, so
// its data is nil; from comes back as Markdown when path's name or kind says so.
func readImport(s *session, path, from string) ([]byte, string, error) {
	var data []byte
	var err error
	if path == "-" {
		// Standard input is one file: an archive, a jrnl export, or one Markdown entry.
		switch from {
		case "", fromArchive, fromJrnl, fromMarkdown:
		default:
			return nil, "", clienv.Usagef("--from %q is not one of archive, jrnl, markdown", from)
		}
		if data, err = s.ReadInput(path, portfolio.MaxImportBytes); err != nil {
			return nil, "", err
		}
		return data, from, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, "", clienv.Usagef("cannot read %s: %v", path, err)
	}
	switch {
	case from == "" && st.IsDir(), from == "" && isMarkdownName(path):
		from = fromMarkdown
	case from == fromMarkdown:
	case from == "", from == fromArchive, from == fromJrnl:
		if st.IsDir() {
			return nil, "", clienv.Usagef("%s is a folder; only Markdown is imported from a folder", path)
		}
		if data, err = s.ReadInput(path, portfolio.MaxImportBytes); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", clienv.Usagef("--from %q is not one of archive, jrnl, markdown", from)
	}
	return data, from, nil
}

// importAs parses data (or, for a Markdown file or folder, reads path) as from says
// and imports it into p. Past light bytes of Markdown files, their entries are held
// without their text (interchange.ImportMarkdown).
func importAs(p *portfolio.Portfolio, from, path, name string, data []byte, fallback portfolio.Functions, skipBad bool, light int64) (*archive.Report, error) {
	opts := interchange.EntryImportOptions{SkipBad: skipBad}
	switch from {
	case fromArchive:
		a, skipped, err := interchange.ParseArchiveSkipping(data, name, skipBad)
		if err != nil {
			return nil, err
		}
		rep, err := archive.ImportArchiveTaking(p, a, nil)
		if err != nil {
			return nil, err
		}
		rep.Skipped = append(skipped, rep.Skipped...)
		return rep, nil
	case fromJrnl:
		src, err := interchange.ParseJrnl(data, name, fallback, time.Local)
		if err != nil {
			return nil, err
		}
		return interchange.ImportEntries(p, src, opts)
	case fromMarkdown:
		if path == "-" {
			src, err := interchange.ParseMarkdown(data, name, fallback, p.Now())
			if err != nil {
				return nil, err
			}
			return interchange.ImportEntries(p, []interchange.SourceEntry{src}, opts)
		}
		return interchange.ImportMarkdown(p, path, fallback, p.Now(), opts, light)
	}
	return nil, fmt.Errorf("import: unknown source %q", from)
}

func isMarkdownName(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".md" || ext == ".markdown"
}

// sniffJSON tells folio's archive (it says "format") from a jrnl export by the
// file's top-level keys, without decoding it. Anything else is read as an archive,
// whose reader gives the clearest error.
func sniffJSON(data []byte) string {
	if interchange.IsJrnlExport(data) {
		return fromJrnl
	}
	return fromArchive
}

// count is n and the noun for it: "1 entry", "2 entries".
func count(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, clienv.PluralWord(n, one, many))
}
