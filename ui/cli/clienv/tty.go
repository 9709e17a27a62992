package clienv

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
)

// TTY is the controlling terminal: prompts are written to Out and answers read from
// In. Like age, gpg and ssh, folio asks there even when standard input is a pipe, so
// `folio add < note.md` still asks for the passphrase.
type TTY struct {
	In, Out *os.File
}

// Close closes the terminal's files.
func (t TTY) Close() error {
	err := t.In.Close()
	if t.Out != t.In {
		err = errors.Join(err, t.Out.Close())
	}
	return err
}

// ErrNoTerminal is the sentence for a prompt with nowhere to ask.
var ErrNoTerminal = &UsageError{"no passphrase given and no terminal to ask on; pass --passphrase-file PATH (or - for stdin)"}

// TTY opens the controlling terminal (Env.OpenTTY, else the platform's own).
func (s *Session) TTY() (TTY, error) {
	open := s.OpenTTY
	if open == nil {
		open = openTTY
	}
	return open()
}

// Prompt asks on the controlling terminal without echo.
func (s *Session) Prompt(prompt string) ([]byte, error) {
	t, err := s.TTY()
	if err != nil {
		return nil, ErrNoTerminal
	}
	defer t.Close()
	fmt.Fprint(t.Out, prompt)
	p, err := readSecret(t.In)
	fmt.Fprintln(t.Out)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase from the terminal: %w", err)
	}
	return nonEmpty(p)
}

// ConfirmDelete asks at the terminal before deleting what (--yes skips the question).
// A deliberate no is not bad usage: it says so and nothing changes, as asked. Only
// with no terminal to ask at is it an error, one that says how to do it in a script.
func (s *Session) ConfirmDelete(question, doing, what string, yes bool) (bool, error) {
	if yes {
		return true, nil
	}
	t, err := s.TTY()
	if err != nil {
		return false, Usagef("nothing was deleted: %s %s needs a yes at the terminal, or --yes", doing, what)
	}
	t.Close()
	if s.ConfirmAtTerminal(question) {
		return true, nil
	}
	fmt.Fprintln(s.Stdout, "Nothing deleted.")
	return false, nil
}

// ConfirmAtTerminal asks a yes/no question on the controlling terminal; no terminal
// (a script) or any answer but yes is no.
func (s *Session) ConfirmAtTerminal(question string) bool {
	return s.AskAtTerminal(question, false)
}

// AskAtTerminal asks a yes/no question on the controlling terminal; an empty answer
// takes the default. No terminal, or no answer at all, is no.
func (s *Session) AskAtTerminal(question string, byDefault bool) bool {
	t, err := s.TTY()
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
