package storage

import "github.com/foliohq/folio/storage/internal/base"

// The vault's record IDs and sentinel errors are defined in storage/internal/base,
// beneath the packages that make up the vault, so that they and storage name them
// alike. These are the names the rest of folio uses.

// IDSize is the length of a record ID in bytes.
const IDSize = base.IDSize

// ID is a random record ID; its text form is 16 lower-case base32 characters.
type ID = base.ID

// NewID returns a fresh random ID.
func NewID() ID { return base.NewID() }

// ParseID reads the text form of an ID, in either case.
func ParseID(s string) (ID, error) { return base.ParseID(s) }

// Sentinel errors; wrap with %w and test with errors.Is. Each is documented where it
// is defined, in storage/internal/base.
var (
	ErrWrongPassphrase    = base.ErrWrongPassphrase
	ErrDamaged            = base.ErrDamaged
	ErrUnsupportedVersion = base.ErrUnsupportedVersion
	ErrInUse              = base.ErrInUse
	ErrNotFound           = base.ErrNotFound
	ErrExists             = base.ErrExists
	ErrReadOnly           = base.ErrReadOnly
	ErrRollback           = base.ErrRollback
	ErrBadParams          = base.ErrBadParams
)
