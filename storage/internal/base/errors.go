// Package base is what every layer of the vault names: record IDs and the sentinel
// errors. It lives apart so that the packages beneath storage (its history, its page
// walk) share them with it; storage re-exports every name (storage/base.go), which is
// how the rest of folio uses them.
package base

import (
	"errors"
	"fmt"
)

// Sentinel errors; wrap with %w and test with errors.Is.
var (
	// ErrWrongPassphrase means the header is intact but the passphrase does not unwrap
	// the data key.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrDamaged means the file, its header or a record failed a check: it was changed
	// or corrupted after it was written.
	ErrDamaged = errors.New("vault damaged")
	// ErrUnsupportedVersion means the vault was written by a newer folio.
	ErrUnsupportedVersion = errors.New("vault format not supported")
	// ErrInUse means another process holds the vault open.
	ErrInUse = errors.New("vault in use")
	// ErrNotFound means no vault or no record exists at the given place.
	ErrNotFound = errors.New("not found")
	// ErrExists means a vault already exists where one was to be created.
	ErrExists = errors.New("vault already exists")
	// ErrReadOnly means the vault file or its file system cannot be written. It is not
	// damage: the vault is intact and read-only commands still work.
	ErrReadOnly = errors.New("vault is read-only")
	// ErrRollback means the newest change to the vault could not be read, so the vault
	// opened as it was before it; it comes wrapped with ErrDamaged. Writes are refused
	// until the user restores a backup or accepts the vault as it is.
	ErrRollback = errors.New("last change lost")
	// ErrBadParams means key-derivation parameters are outside the accepted range.
	ErrBadParams = errors.New("key derivation parameters out of range")
)

// Damage names a record that failed to open, and why.
type Damage struct {
	Collection string
	ID         string
	Err        error
}

func (d Damage) Error() string {
	if d.ID == "" {
		return fmt.Sprintf("%s: %v", d.Collection, d.Err)
	}
	return fmt.Sprintf("record %s in %s: %v", d.ID, d.Collection, d.Err)
}
