// Package history is the vault's versioning: a record's versions and the trash, the
// session's undo log, the device ID and hybrid logical clock that name who wrote a
// version, and the version exchange sync builds on (docs/HISTORY.md, docs/SYNC.md,
// docs/VAULT.md "History"). The vault's transaction embeds Tx and writes through the
// Store it hands over; storage re-exports the types, which is how folio names them.
package history

import "github.com/foliohq/folio/storage/internal/base"

// ID is a record ID.
type ID = base.ID

// IDSize is the length of a record ID.
const IDSize = base.IDSize
