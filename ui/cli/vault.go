package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

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
	return portfolio.DefaultPath()
}

// readStdin reads standard input once; with --passphrase-file - the first line was the
// passphrase and the rest is what the command reads.
func (s *session) readStdin() ([]byte, error) {
	if s.stdinUsed {
		return s.stdinRest, nil
	}
	s.stdinUsed = true
	b, err := io.ReadAll(s.Stdin)
	if err != nil {
		return nil, fmt.Errorf("cannot read standard input: %w", err)
	}
	return decodeInput(b, "standard input")
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
		if s.stdinUsed {
			return nil, usagef("standard input was already read; give the passphrase in a file")
		}
		s.stdinUsed = true
		// All of it, decoded, so the first line is found in UTF-16 too.
		all, err := io.ReadAll(s.Stdin)
		if err != nil {
			return nil, fmt.Errorf("cannot read the passphrase from standard input: %w", err)
		}
		if all, err = decodeInput(all, "standard input"); err != nil {
			return nil, err
		}
		line, rest, _ := bytes.Cut(all, []byte("\n"))
		s.stdinRest = rest
		return nonEmpty(trimNewline(line))
	default:
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

func nonEmpty(p []byte) ([]byte, error) {
	if len(p) == 0 {
		return nil, usagef("the passphrase is empty")
	}
	return p, nil
}

// prompt asks on the controlling terminal without echo.
func (s *session) prompt(prompt string) ([]byte, error) {
	if !s.Terminal {
		return nil, usagef("no passphrase given and no terminal to ask on; pass --passphrase-file PATH (or - for stdin)")
	}
	fmt.Fprint(s.Stderr, prompt)
	p, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(s.Stderr)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	return nonEmpty(p)
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
	p, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: readOnly})
	clear(pass)
	if err != nil {
		return nil, err
	}
	for _, d := range p.Damaged() {
		fmt.Fprintf(s.Stderr, "folio: warning: %s record %s is damaged and was skipped; run 'folio check'.\n", d.Collection, d.ID)
	}
	return p, nil
}

// date reads an optional date flag as people type it, relative to today; "" is no date.
func (s *session) date(text string) (portfolio.Date, error) {
	if text == "" {
		return 0, nil
	}
	return portfolio.ParseDate(text, portfolio.DateOf(s.Now()))
}
