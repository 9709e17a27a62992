package clienv

import (
	"errors"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// Exit statuses, as in the command-line contract.
const (
	ExitOK         = 0
	ExitFailure    = 1
	ExitUsage      = 2
	ExitPassphrase = 3
	ExitInUse      = 4
	ExitDamaged    = 5
)

// ExitStatus maps an error from Run to the process exit status.
func ExitStatus(err error) int {
	var usage *UsageError
	var damaged *DamagedError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage), portfolio.IsBadInput(err),
		errors.Is(err, portfolio.ErrNoVault), errors.Is(err, portfolio.ErrExists),
		errors.Is(err, portfolio.ErrBadKDF):
		return ExitUsage
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		return ExitPassphrase
	case errors.Is(err, portfolio.ErrInUse):
		return ExitInUse
	case errors.As(err, &damaged), errors.Is(err, portfolio.ErrDamaged):
		return ExitDamaged
	}
	return ExitFailure
}

// Message is the one sentence to print for err: what happened and what to do.
func Message(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		msg = "the passphrase is wrong; nothing was changed. Try again"
	case errors.As(err, new(InUseError)):
		// Its own sentence says what to do.
	case errors.Is(err, portfolio.ErrInUse):
		msg = "the vault is in use by another folio; close it there and try again"
	case errors.Is(err, portfolio.ErrNoVault):
		msg += "; run 'folio init' to create one, or pass --vault PATH"
	case errors.Is(err, portfolio.ErrUnsupportedVersion):
		// The storage message already says to update folio.
	case errors.Is(err, portfolio.ErrDamaged):
		msg += "; restore from a backup, or run 'folio check' for details"
	}
	msg = strings.TrimPrefix(msg, "invalid input: ")
	// The sentence often quotes what was typed (a path, a flag, a name), which
	// reaches the terminal inert like any other text.
	return "folio: " + sanitize.Text(msg) + "."
}
