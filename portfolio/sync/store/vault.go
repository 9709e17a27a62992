package store

import (
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// ValidateVersion checks, before any transaction, that a version is of a
// collection with history and decodes as its record.
func ValidateVersion(v Version) error {
	kind, ok := portfolio.CollectionKind(v.Collection)
	if !ok {
		return fmt.Errorf("%w: a version of record %s is in the unknown collection %q", portfolio.ErrDamaged, v.ID, v.Collection)
	}
	if !v.Tombstone {
		if err := decodes(kind, portfolio.ID(v.ID.String()), v.Plain); err != nil {
			return fmt.Errorf("%w: version of %s %s does not decode: %w", portfolio.ErrDamaged, v.Collection, v.ID, err)
		}
	}
	return nil
}

// decodes decodes a copy of plain, which the decoders of some kinds keep, as a
// record of kind, and overwrites the copy.
func decodes(kind portfolio.Kind, id portfolio.ID, plain []byte) error {
	row, _ := portfolio.KindOf(kind)
	b := slices.Clone(plain)
	defer clear(b)
	_, err := row.Decode(id, b)
	return err
}

// vaultTx is what a sync does inside one vault transaction: the vault's sync
// calls, and no record written but through them. Tx names them for sync and
// checks each version (ValidateVersion) before it applies or imports it.
type vaultTx interface {
	SyncDevice() (portfolio.DeviceID, portfolio.Clock, error)
	SyncState() ([]byte, error)
	SetSyncState(plain []byte) error
	OwnVersionsAfter(after portfolio.Clock) ([]storage.SyncVersion, error)
	AdoptUnversioned() (int, error)
	NewDevice() (fresh, old portfolio.DeviceID, seen portfolio.Clock, err error)
	ApplyVersion(in storage.SyncVersion, seen func(portfolio.DeviceID, portfolio.Clock) bool) (bool, error)
	Conflicts() ([]storage.Conflict, error)
	SyncRecords(fn func(storage.SyncRecord) error) error
	ImportSyncRecord(r storage.SyncRecord) error
}
