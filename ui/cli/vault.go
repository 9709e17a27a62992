package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// path returns the vault path: --vault, else FOLIO_VAULT, else the default.
func (s *session) path() (string, error) {
	if s.vaultPath != "" {
		return filepath.Abs(s.vaultPath)
	}
	if p := s.Getenv("FOLIO_VAULT"); p != "" {
		return filepath.Abs(p)
	}
	return s.dirs().vault()
}

// maxStdin bounds what is read from standard input: the largest import, and one
// byte more so that too much is told apart from just enough.
const maxStdin = portfolio.MaxImportBytes + 1

// loadStdin reads standard input once. With --passphrase-file - its first line is the
// passphrase and the rest is what the command reads.
func (s *session) loadStdin() error {
	if s.stdinUsed {
		return nil
	}
	s.stdinUsed = true
	r := io.LimitReader(s.Stdin, maxStdin)
	if s.passphraseFile == "-" {
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

// readStdin returns standard input, after the passphrase line if it carried one.
func (s *session) readStdin() ([]byte, error) {
	if err := s.loadStdin(); err != nil {
		return nil, err
	}
	return s.stdinRest, nil
}

// decodeInput drops a byte-order mark and reads UTF-16, as text from Windows comes.
func decodeInput(b []byte, what string) ([]byte, error) {
	d, err := portfolio.DecodeText(b)
	if err != nil {
		return nil, usagef("%s: %s", what, strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": "))
	}
	return d, nil
}

// trimNewline drops one trailing newline, which is not part of a passphrase.
func trimNewline(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// passphrase reads the passphrase from --passphrase-file, or asks on the terminal.
func (s *session) passphrase(prompt string) ([]byte, error) {
	switch s.passphraseFile {
	case "":
		return s.prompt(prompt)
	case "-":
		if err := s.loadStdin(); err != nil {
			return nil, err
		}
		return nonEmpty(s.stdinPass)
	default:
		// ReadFile sizes its buffer from the file, so it holds the only copy, which
		// the caller overwrites.
		b, err := os.ReadFile(s.passphraseFile)
		if err != nil {
			return nil, usagef("cannot read the passphrase file %s: %v", s.passphraseFile, err)
		}
		if b, err = decodeInput(b, "the passphrase file "+s.passphraseFile); err != nil {
			return nil, err
		}
		return nonEmpty(trimNewline(b))
	}
}

// readInput reads a file argument; - is standard input. what names it in errors.
func (s *session) readInput(path string, limit int64) ([]byte, error) {
	if path == "-" {
		b, err := s.readStdin()
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > limit {
			return nil, usagef("standard input is over %d MiB, the most folio reads", limit>>20)
		}
		return b, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, usagef("cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		return nil, usagef("%s is a folder, not a file", path)
	}
	if st.Size() > limit {
		return nil, usagef("%s is %d MiB; the most folio reads is %d MiB", path, st.Size()>>20, limit>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("cannot read %s: %v", path, err)
	}
	return b, nil
}

// inputName is how a file argument is named in what folio keeps and says.
func inputName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return filepath.Base(path)
}

func nonEmpty(p []byte) ([]byte, error) {
	if len(p) == 0 {
		return nil, usagef("the passphrase is empty")
	}
	return p, nil
}

// open unlocks the vault; readOnly for commands that change nothing.
func (s *session) open(readOnly bool) (*portfolio.Portfolio, error) {
	path, err := s.path()
	if err != nil {
		return nil, err
	}
	if !portfolio.Exists(path) {
		return nil, fmt.Errorf("%w: no vault at %s", portfolio.ErrNoVault, path)
	}
	pass, err := s.passphrase("Passphrase for " + path + ": ")
	if err != nil {
		return nil, err
	}
	p, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: readOnly, AcceptRollback: s.acceptRollback})
	clear(pass)
	if err != nil {
		return nil, err
	}
	if err := p.Rollback(); err != nil {
		s.unreadable = true
		fmt.Fprintf(s.Stderr, "folio: warning: %v; run 'folio check'.\n", err)
	}
	s.opened = append(s.opened, p)
	s.noteRetention(p)
	s.warnDamage()
	s.startSnapshot(p)
	return p, nil
}

// warnDamage tells, once each, the damage the opened vaults have found so far.
func (s *session) warnDamage() {
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
			s.unreadable = true
			if d.ID == "" {
				fmt.Fprintf(s.Stderr, "folio: warning: %v; run 'folio check'.\n", d)
				continue
			}
			fmt.Fprintf(s.Stderr, "folio: warning: %s record %s is damaged and was skipped; run 'folio check'.\n", d.Collection, d.ID)
		}
	}
}

// date reads an optional date flag as people type it, relative to today; "" is no date.
func (s *session) date(text string) (portfolio.Date, error) {
	return s.parseDate(text, portfolio.ParseDate)
}

// pastDate reads a date that has happened: without a year it is the most recent.
func (s *session) pastDate(text string) (portfolio.Date, error) {
	return s.parseDate(text, portfolio.ParsePastDate)
}

// futureDate reads a date to come: without a year it is the next.
func (s *session) futureDate(text string) (portfolio.Date, error) {
	return s.parseDate(text, portfolio.ParseFutureDate)
}

func (s *session) parseDate(text string, parse func(string, portfolio.Date) (portfolio.Date, error)) (portfolio.Date, error) {
	if text == "" {
		return 0, nil
	}
	return parse(text, portfolio.DateOf(s.Now()))
}
