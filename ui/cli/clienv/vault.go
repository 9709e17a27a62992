package clienv

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/interchange"
)

// Path returns the vault path: --vault, else FOLIO_VAULT, else the default.
func (s *Session) Path() (string, error) {
	if s.VaultPath != "" {
		return filepath.Abs(s.VaultPath)
	}
	if p := s.Getenv("FOLIO_VAULT"); p != "" {
		return filepath.Abs(p)
	}
	return s.Dirs().Vault()
}

// maxStdin bounds what is read from standard input: the largest import, and one
// byte more so that too much is told apart from just enough.
const maxStdin = portfolio.MaxImportBytes + 1

// LoadStdin reads standard input once. With --passphrase-file - its first line is the
// passphrase and the rest is what the command reads.
func (s *Session) LoadStdin() error {
	if s.StdinUsed {
		return nil
	}
	s.StdinUsed = true
	r := io.LimitReader(s.Stdin, maxStdin)
	if s.PassphraseFile == "-" {
		// A byte at a time, not through a buffered reader, so no buffer that
		// outlives this holds the passphrase.
		line, err := readSecretLine(r, false)
		if err != nil && err != io.EOF {
			return fmt.Errorf("cannot read the passphrase from standard input: %w", err)
		}
		if isUTF16(line) {
			// UTF-16 input is decoded whole, so its first line is found.
			rest, err := io.ReadAll(r)
			if err != nil {
				return fmt.Errorf("cannot read standard input: %w", err)
			}
			all, err := decodeInput(append(line, rest...), "standard input")
			if err != nil {
				return err
			}
			first, after, _ := bytes.Cut(all, []byte("\n"))
			s.stdinPass, s.stdinRest = trimNewline(first), after
			return nil
		}
		s.stdinPass = trimNewline(line)
	}
	all, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("cannot read standard input: %w", err)
	}
	if s.stdinRest, err = decodeInput(all, "standard input"); err != nil {
		return err
	}
	return nil
}

// isUTF16 reports whether b starts with a UTF-16 byte-order mark.
func isUTF16(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff})
}

// ReadStdin returns standard input, after the passphrase line if it carried one.
func (s *Session) ReadStdin() ([]byte, error) {
	if err := s.LoadStdin(); err != nil {
		return nil, err
	}
	return s.stdinRest, nil
}

// decodeInput drops a byte-order mark and reads UTF-16, as text from Windows comes.
func decodeInput(b []byte, what string) ([]byte, error) {
	d, err := interchange.DecodeText(b)
	if err != nil {
		return nil, Usagef("%s: %s", what, strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": "))
	}
	return d, nil
}

// trimNewline drops one trailing newline, which is not part of a passphrase.
func trimNewline(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// Passphrase reads the passphrase from --passphrase-file, or asks on the terminal.
func (s *Session) Passphrase(prompt string) ([]byte, error) {
	switch s.PassphraseFile {
	case "":
		return s.Prompt(prompt)
	case "-":
		if err := s.LoadStdin(); err != nil {
			return nil, err
		}
		return nonEmpty(s.stdinPass)
	default:
		// ReadFile sizes its buffer from the file, so it holds the only copy, which
		// the caller overwrites.
		b, err := os.ReadFile(s.PassphraseFile)
		if err != nil {
			return nil, Usagef("cannot read the passphrase file %s: %v", s.PassphraseFile, err)
		}
		if b, err = decodeInput(b, "the passphrase file "+s.PassphraseFile); err != nil {
			return nil, err
		}
		return nonEmpty(trimNewline(b))
	}
}

// ReadInput reads a file argument; - is standard input. what names it in errors.
func (s *Session) ReadInput(path string, limit int64) ([]byte, error) {
	if path == "-" {
		b, err := s.ReadStdin()
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > limit {
			return nil, Usagef("standard input is over %d MiB, the most folio reads", limit>>20)
		}
		return b, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, Usagef("cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		return nil, Usagef("%s is a folder, not a file", path)
	}
	if st.Size() > limit {
		return nil, Usagef("%s is %d MiB; the most folio reads is %d MiB", path, st.Size()>>20, limit>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, Usagef("cannot read %s: %v", path, err)
	}
	return b, nil
}

// InputName is how a file argument is named in what folio keeps and says.
func InputName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return filepath.Base(path)
}

func nonEmpty(p []byte) ([]byte, error) {
	if len(p) == 0 {
		return nil, Usagef("the passphrase is empty")
	}
	return p, nil
}

// Open unlocks the vault; readOnly for commands that change nothing.
func (s *Session) Open(readOnly bool) (*portfolio.Portfolio, error) {
	path, err := s.Path()
	if err != nil {
		return nil, err
	}
	if !portfolio.Exists(path) {
		return nil, fmt.Errorf("%w: no vault at %s", portfolio.ErrNoVault, path)
	}
	pass, err := s.Passphrase("Passphrase for " + path + ": ")
	if err != nil {
		return nil, err
	}
	p, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: readOnly, AcceptRollback: s.AcceptRollback, Writing: !readOnly})
	if err == nil && readOnly && p.OutOfStep() {
		p, readOnly, err = s.bringUpToDate(p, path, pass)
	}
	if err == nil {
		p, err = s.syncOnOpen(p, path, pass, readOnly)
	}
	clear(pass)
	if err != nil {
		return nil, err
	}
	if err := p.Rollback(); err != nil {
		s.Unreadable = true
		fmt.Fprintf(s.Stderr, "folio: warning: %v; run 'folio check'.\n", err)
	}
	s.opened = append(s.opened, p)
	s.NoteRetention(p)
	s.WarnDamage()
	s.startSnapshot(p)
	return p, nil
}

// bringUpToDate opens to write a vault whose catalogue or text index a read-only
// open found behind its records (last written by an older folio, or after an
// import, which leaves the text index to be rebuilt), which brings them up to
// date in place, all at once or not at all; otherwise every command that only
// reads would read every entry again.
// The portfolio returned is the one to use, open to write (readOnly false) if
// that worked. If it did not (another folio is reading it, or the disk cannot be
// written), the command reads the vault as it was, and says so.
func (s *Session) bringUpToDate(p *portfolio.Portfolio, path string, pass []byte) (*portfolio.Portfolio, bool, error) {
	p.Close()
	// Said first: at 10k entries the upgrade takes seconds.
	fmt.Fprintln(s.Stderr, "folio: the vault's catalogue or search index is behind its entries (as after an import, or an older folio); bringing it up to date, once.")
	w, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, AcceptRollback: s.AcceptRollback, Writing: true})
	if err == nil {
		if w.OutOfStep() {
			fmt.Fprintln(s.Stderr, "folio: the catalogue and search index could not be written again; this command reads every entry instead.")
		}
		return w, false, nil
	}
	fmt.Fprintf(s.Stderr, "folio: the catalogue and search index could not be brought up to date (%v); this command reads every entry instead.\n", err)
	p, err = portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: true, AcceptRollback: s.AcceptRollback})
	return p, true, err
}

// WarnDamage tells, once each, the damage the opened vaults have found so far.
func (s *Session) WarnDamage() {
	if s.warned == nil {
		s.warned = map[string]bool{}
	}
	for _, p := range s.opened {
		for _, d := range p.Damaged() {
			key := d.Error()
			if s.warned[key] {
				continue
			}
			s.warned[key] = true
			// A skipped record is as much missing from the answer as lost structure.
			s.Unreadable = true
			if d.ID == "" {
				fmt.Fprintf(s.Stderr, "folio: warning: %v; run 'folio check'.\n", d)
				continue
			}
			fmt.Fprintf(s.Stderr, "folio: warning: %s record %s is damaged and was skipped; run 'folio check'.\n", d.Collection, d.ID)
		}
	}
}

// Date reads an optional date flag as people type it, relative to today; "" is no date.
func (s *Session) Date(text string) (calendar.Date, error) {
	return s.parseDate(text, calendar.ParseDate)
}

// PastDate reads a date that has happened: without a year it is the most recent.
func (s *Session) PastDate(text string) (calendar.Date, error) {
	return s.parseDate(text, calendar.ParsePastDate)
}

// FutureDate reads a date to come: without a year it is the next.
func (s *Session) FutureDate(text string) (calendar.Date, error) {
	return s.parseDate(text, calendar.ParseFutureDate)
}

func (s *Session) parseDate(text string, parse func(string, calendar.Date) (calendar.Date, error)) (calendar.Date, error) {
	if text == "" {
		return 0, nil
	}
	return parse(text, calendar.DateOf(s.Now()))
}

// ReadPipedFirst reads piped standard input before the vault is opened. A pipeline
// from another folio ('folio show ID --markdown | folio edit ID') then works: the
// writer waits for the reader to finish instead of taking the vault from under it,
// which made the reader fail as "in use" and left the writer with no text.
func (s *Session) ReadPipedFirst() error {
	if s.Terminal && s.PassphraseFile != "-" {
		return nil
	}
	return s.LoadStdin()
}

// ReadStdinIfPiped reads stdin when it is not a terminal (a file or a pipe).
func (s *Session) ReadStdinIfPiped() (string, error) {
	if s.Terminal && s.PassphraseFile != "-" {
		return "", nil
	}
	b, err := s.ReadStdin()
	return string(b), err
}
